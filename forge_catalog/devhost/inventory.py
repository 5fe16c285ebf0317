"""Devhost inventories: AWX's Inventory, Group and Host (awx/main/models/
inventory.py) with the role hierarchy of that file and the visibility of
awx/main/access.py, reduced to what forge-catalog's ``choices_from`` reads.

AWX's inventory roles and their parents:
  admin_role  <- organization.inventory_admin_role (<- organization.admin_role)
  update_role <- admin_role;  adhoc_role <- admin_role;  use_role <- adhoc_role
  read_role   <- organization.auditor_role, update_role, use_role, admin_role
A role may be held by a user or a team (its members). HostAccess and
GroupAccess show a host or group to whoever holds read on its inventory.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from .roles import RoleMixin

# role field -> the M2M fields (users, teams) granting it directly
_GRANTS = {
    "admin_role": ("admins", "admin_teams"),
    "update_role": ("updaters", None),
    "adhoc_role": ("adhoc_users", None),
    "use_role": ("users", "use_teams"),
    "read_role": ("readers", "read_teams"),
}
# role field -> the roles it inherits from (AWX's parent_role)
_PARENTS = {
    "admin_role": (),
    "update_role": ("admin_role",),
    "adhoc_role": ("admin_role",),
    "use_role": ("adhoc_role",),
    "read_role": ("update_role", "use_role", "admin_role"),
}


def _user_m2m(related_name):
    return models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name=related_name)


def _team_m2m(related_name):
    return models.ManyToManyField("Team", blank=True, related_name=related_name)


class Inventory(RoleMixin, models.Model):
    ROLE_FIELDS = tuple(_GRANTS)
    KIND_CHOICES = [("", "Hosts have a direct link to this inventory.")]

    name = models.CharField(max_length=512)
    description = models.TextField(blank=True, default="")
    organization = models.ForeignKey(
        "Organization", null=True, on_delete=models.SET_NULL, related_name="inventories"
    )
    kind = models.CharField(max_length=32, blank=True, default="", choices=KIND_CHOICES)
    variables = models.TextField(blank=True, default="")
    admins = _user_m2m("devhost_inventory_admin_of")
    updaters = _user_m2m("devhost_inventory_update_of")
    adhoc_users = _user_m2m("devhost_inventory_adhoc_of")
    users = _user_m2m("devhost_inventory_use_of")
    readers = _user_m2m("devhost_inventory_read_of")
    admin_teams = _team_m2m("inventory_admin_of")
    use_teams = _team_m2m("inventory_use_of")
    read_teams = _team_m2m("inventory_read_of")
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "inventories"
        ordering = ("name",)
        constraints = [
            models.UniqueConstraint(fields=("name", "organization"), name="devhost_inventory_name_per_org")
        ]

    def __str__(self):
        return self.name

    @classmethod
    def role_q(cls, user, role_field):
        from .models import Organization

        users, teams = _GRANTS[role_field]
        q = Q(**{users: user})
        if teams:
            q |= Q(**{f"{teams}__members": user})
        if role_field == "admin_role":
            q |= Q(organization__admins=user)
        if role_field == "read_role":
            q |= Organization.auditor_q(user, prefix="organization__")
        for parent in _PARENTS[role_field]:
            q |= cls.role_q(user, parent)
        return q


class Group(models.Model):
    name = models.CharField(max_length=512)
    description = models.TextField(blank=True, default="")
    inventory = models.ForeignKey(Inventory, on_delete=models.CASCADE, related_name="groups")
    parents = models.ManyToManyField("self", symmetrical=False, related_name="children", blank=True)
    hosts = models.ManyToManyField("Host", related_name="groups", blank=True)
    variables = models.TextField(blank=True, default="")
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("name",)
        # AWX's unique_together (name, inventory), in its column order: the
        # adapter's queries must be fast on AWX's indexes, not ours.
        constraints = [
            models.UniqueConstraint(fields=("name", "inventory"), name="devhost_group_name_per_inventory")
        ]

    def __str__(self):
        return self.name


class Host(models.Model):
    name = models.CharField(max_length=512)
    description = models.TextField(blank=True, default="")
    inventory = models.ForeignKey(Inventory, on_delete=models.CASCADE, related_name="hosts")
    enabled = models.BooleanField(default=True)
    instance_id = models.CharField(max_length=1024, blank=True, default="")
    variables = models.TextField(blank=True, default="")
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("name",)
        # AWX's unique_together (name, inventory), in its column order.
        constraints = [
            models.UniqueConstraint(fields=("name", "inventory"), name="devhost_host_name_per_inventory")
        ]

    def __str__(self):
        return self.name
