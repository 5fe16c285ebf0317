"""Role objects in the controller's style: ``user in org.read_role``.

AWX answers these through its RBAC tables; the devhost answers them from
plain M2M fields, following AWX's role parents: superusers pass every check,
an organization's admin_role implies member_role and read_role, and a team's
member_role includes the team's organization admins (Team.admin_role has
parent organization.admin_role in AWX).
"""


class Role:
    __slots__ = ("obj", "name")

    def __init__(self, obj, name):
        self.obj = obj
        self.name = name

    def __contains__(self, user):
        if user is None or not getattr(user, "is_authenticated", False):
            return False
        if user.is_superuser:
            return True
        model = type(self.obj)
        return model.objects.filter(model.role_q(user, self.name), pk=self.obj.pk).exists()

    def __repr__(self):
        return f"<Role {self.name} of {self.obj!r}>"


class RoleMixin:
    """Gives a ``<name>`` Role attribute per ROLE_FIELDS entry and ``accessible_pk_qs(user, role_field)``.

    Subclasses implement ``role_q(user, role_field)``: a Q selecting the
    objects on which ``user`` (not a superuser) holds that role."""

    ROLE_FIELDS = ()

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        for name in cls.ROLE_FIELDS:
            setattr(cls, name, property(lambda self, name=name: Role(self, name)))

    @classmethod
    def accessible_pk_qs(cls, user, role_field):
        """Primary keys of the objects on which ``user`` holds ``role_field``,
        as a queryset usable in ``pk__in`` (AWX's ResourceMixin API)."""
        if role_field not in cls.ROLE_FIELDS:
            raise ValueError(f"{cls.__name__} has no {role_field}")
        if user is None or not getattr(user, "is_authenticated", False):
            return cls.objects.none().values_list("pk", flat=True)
        if user.is_superuser:
            return cls.objects.values_list("pk", flat=True)
        return cls.objects.filter(cls.role_q(user, role_field)).values_list("pk", flat=True).distinct()
