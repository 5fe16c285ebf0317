"""Who may see and do what: facts from the host adapter, decisions from the
core (``_core.decide``), and list querysets that mirror those decisions
(DESIGN.md "Authority and visibility"; tests/app/test_authz.py checks that
lists and per-object decisions agree for every user and object of a fixture).
"""

from django.db.models import Q

from forge_catalog import _core
from forge_catalog.conf import fc_settings
from forge_catalog.exceptions import NotVisible, PermissionDenied
from forge_catalog.hosts import get_host
from forge_catalog.models import ServiceCatalogItem, ServiceRequest

ITEM_ACTIONS = ("see_item", "submit", "manage_item", "list_item_requests")
REQUEST_ACTIONS = ("see_request", "approve", "reject", "cancel", "delete_request")


class _Facts:
    """Role facts about one user, asked of the host once per object.

    A superuser passes every role check of the controller ("superusers pass
    every check", awx-facts.md "Roles"), so no query is spent asking."""

    def __init__(self, user, host):
        self.user = user
        self.host = host
        self.authenticated = host.is_authenticated(user)
        self.superuser = self.authenticated and host.is_superuser(user)

    def of_item(self, item):
        org = item.organization if item.organization_id is not None else None
        team = item.approver_team if item.approver_team_id is not None else None
        audience = item.audience_team if item.audience_team_id is not None else None
        return self.of(org, team, audience, bool(item.enabled))

    def of(self, org, team, audience, enabled):
        if not self.authenticated:
            admin = reader = org_member = member = audience_member = False
        elif self.superuser:
            admin = reader = org_member = True
            member = team is not None
            audience_member = audience is not None
        else:
            admin = self.host.is_org_admin(self.user, org)
            reader = admin or self.host.is_org_reader(self.user, org)
            org_member = admin or (reader and self.host.is_org_member(self.user, org))
            member = team is not None and self.host.is_team_member(self.user, team)
            audience_member = audience is not None and self.host.is_team_member(self.user, audience)
        return {
            "is_authenticated": self.authenticated,
            "is_superuser": self.superuser,
            "is_org_admin": admin,
            "is_org_reader": reader,
            "is_org_member": org_member,
            "is_approver_team_member": member,
            "is_audience_team_member": audience_member,
            "item_enabled": enabled,
            "item_has_approver_team": team is not None,
            "item_has_audience_team": audience is not None,
            "allow_self_approval": bool(fc_settings.ALLOW_SELF_APPROVAL),
        }


def facts(user, *, item=None, request=None):
    """The fact set ``_core.decide`` takes, for an item or a request."""
    if request is not None:
        item = request.catalog_item
    if request is None and item is None:
        raise ValueError("facts need an item or a request")
    fact_set = _Facts(user, get_host())
    if item is not None:
        out = fact_set.of_item(item)
    else:
        # The request's item was deleted: the organization it was made in
        # (kept on the request) still administers it; no team remains.
        org = request.organization if request.organization_id is not None else None
        out = fact_set.of(org, None, None, False)
    out["is_requester"] = bool(
        request is not None
        and out["is_authenticated"]
        and request.requested_by_id is not None
        and request.requested_by_id == user.pk
    )
    return out


def decide(user, action, *, item=None, request=None):
    """The core's Decision(allowed, visible, reason)."""
    return _core.decide(action, **facts(user, item=item, request=request))


def require(user, action, *, item=None, request=None):
    """Raise NotVisible (404) or PermissionDenied (403) unless allowed."""
    decision = decide(user, action, item=item, request=request)
    if decision.allowed:
        return decision
    if not decision.visible:
        raise NotVisible("Not found.", code=decision.reason)
    raise PermissionDenied(_MESSAGES.get(decision.reason, "You may not do this."), code=decision.reason)


_MESSAGES = {
    "item_disabled": "This catalog item is disabled.",
    "not_member": "Only members of the item's organization or of its audience team may request it.",
    "not_org_admin": "Only an administrator of the item's organization may do this.",
    "not_approver": "Only a member of the item's approver team or an organization administrator may decide.",
    "self_approval": "You may not approve or reject your own request.",
    "not_requester": "Only the requester or an organization administrator may do this.",
}


def get_object_or_404(queryset, **lookup):
    """One object, or NotVisible (the same 404 as for a hidden object)."""
    try:
        return queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise NotVisible("Not found.") from None


# -- list querysets (mirror _core.decide; see the agreement test) -------------


def visible_items(user):
    """Items ``see_item`` allows: admins (superuser, org admin) see all of
    their organizations' items, readers the enabled ones."""
    host = get_host()
    qs = ServiceCatalogItem.objects.all()
    if not host.is_authenticated(user):
        return qs.none()
    if host.is_superuser(user):
        return qs
    return qs.filter(
        Q(organization__in=host.admin_organization_ids(user))
        | Q(organization__in=host.readable_organization_ids(user), enabled=True)
    )


def _approver_q(user, host, prefix="catalog_item__"):
    return Q(**{f"{prefix}organization__in": host.admin_organization_ids(user)}) | Q(
        **{f"{prefix}approver_team__in": host.member_team_ids(user)}
    )


def visible_requests(user):
    """Requests ``see_request`` allows: the requester's own, and those the
    user may decide (org admins, approver-team members); superusers all."""
    host = get_host()
    qs = ServiceRequest.objects.all()
    if not host.is_authenticated(user):
        return qs.none()
    if host.is_superuser(user):
        return qs
    # A request whose item was deleted: its organization's admins (facts()).
    orphaned = Q(catalog_item__isnull=True, organization__in=host.admin_organization_ids(user))
    return qs.filter(Q(requested_by=user) | _approver_q(user, host) | orphaned)


def own_requests(user):
    """The caller's own requests: ``visible_requests`` restricted to them is
    exactly this set (a requester always sees their requests), written
    without the visibility OR so that "my requests" pages and counts stay on
    the (requested_by, created) index at a million rows (bench_api --million)."""
    if not get_host().is_authenticated(user):
        return ServiceRequest.objects.none()
    return ServiceRequest.objects.filter(requested_by=user)


def approvable_requests(user):
    """The inbox: pending requests the user may approve now (never their own
    unless ALLOW_SELF_APPROVAL, nor those the user already approved: a second
    vote would be refused)."""
    host = get_host()
    qs = ServiceRequest.objects.filter(status="pending_approval")
    if not host.is_authenticated(user):
        return qs.none()
    if not host.is_superuser(user):
        qs = qs.filter(_approver_q(user, host))
    if not fc_settings.ALLOW_SELF_APPROVAL:
        qs = qs.exclude(requested_by=user)
    return qs.exclude(approvals__user=user)


def referable(user, queryset):
    """The controller objects (organizations, templates, teams) ``user`` may
    name in a catalog item: what the controller would show them, i.e. objects
    of organizations they can read (superusers: all). Anything else must
    answer exactly like an id that does not exist, so that an item's body
    cannot probe for organizations, templates or teams the caller cannot see."""
    host = get_host()
    if not host.is_authenticated(user):
        return queryset.none()
    if host.is_superuser(user):
        return queryset
    readable = host.readable_organization_ids(user)
    if issubclass(queryset.model, host.organization_model()):
        return queryset.filter(pk__in=readable)
    return queryset.filter(organization__in=readable)
