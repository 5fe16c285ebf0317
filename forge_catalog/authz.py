"""Who may see and do what: facts from the host adapter, decisions from the
core (``_core.decide``), and list querysets that mirror those decisions
(DESIGN.md "Authority and visibility"; tests/app/test_authz.py checks that
lists and per-object decisions agree for every user and object of a fixture).
"""

from django.db.models import Exists, OuterRef, Q

from forge_catalog import _core
from forge_catalog.conf import fc_settings
from forge_catalog.exceptions import NotVisible, PermissionDenied
from forge_catalog.hosts import get_host
from forge_catalog.models import (
    ServiceCatalogItem,
    ServiceRequest,
    ServiceRequestApproval,
    ServiceRequestStep,
)

ITEM_ACTIONS = ("see_item", "submit", "manage_item", "list_item_requests")
REQUEST_ACTIONS = (
    "see_request",
    "approve",
    "reject",
    "cancel",
    "delete_request",
    "request_info",
    "answer",
)


class _Facts:
    """Role facts about one user, asked of the host once per object.

    A superuser passes every role check of the controller ("superusers pass
    every check", awx-facts.md "Roles"), so no query is spent asking."""

    def __init__(self, user, host, memo=None):
        self.user = user
        self.host = host
        # Role answers already asked (a list page asks about each team once).
        self.memo = {} if memo is None else memo
        self.authenticated = self._ask("authenticated", host.is_authenticated)
        self.superuser = self.authenticated and self._ask("superuser", host.is_superuser)
        self.system_auditor = (
            self.authenticated and not self.superuser and self._ask("system_auditor", host.is_system_auditor)
        )

    def _ask(self, kind, question, *objects):
        key = (kind, *((type(o).__name__, getattr(o, "pk", None)) for o in objects))
        if key not in self.memo:
            self.memo[key] = bool(question(self.user, *objects))
        return self.memo[key]

    def team_member(self, team):
        if team is None or not self.authenticated:
            return False
        return self.superuser or self._ask("team", self.host.is_team_member, team)

    def of_item(self, item):
        org = item.organization if item.organization_id is not None else None
        team = item.approver_team if item.approver_team_id is not None else None
        audience = item.audience_team if item.audience_team_id is not None else None
        return self.of(org, team, audience, bool(item.enabled))

    def of(self, org, team, audience, enabled):
        if not self.authenticated:
            admin = reader = org_member = auditor = member = audience_member = False
        elif self.superuser:
            admin = reader = org_member = auditor = True
            member = team is not None
            audience_member = audience is not None
        else:
            admin = self._ask("org_admin", self.host.is_org_admin, org)
            reader = admin or self._ask("org_reader", self.host.is_org_reader, org)
            org_member = admin or (reader and self._ask("org_member", self.host.is_org_member, org))
            # auditor_role is part of read_role: a non-reader audits nothing.
            auditor = reader and self._ask("org_auditor", self.host.is_org_auditor, org)
            member = self.team_member(team)
            audience_member = self.team_member(audience)
        return {
            "is_authenticated": self.authenticated,
            "is_superuser": self.superuser,
            "is_org_admin": admin,
            "is_org_reader": reader,
            "is_org_member": org_member,
            "is_org_auditor": auditor,
            "is_system_auditor": self.system_auditor,
            "is_approver_team_member": member,
            "is_audience_team_member": audience_member,
            "item_enabled": enabled,
            "item_has_approver_team": team is not None,
            "item_has_audience_team": audience is not None,
            "allow_self_approval": bool(fc_settings.ALLOW_SELF_APPROVAL),
        }


def facts(user, *, item=None, request=None, memo=None):
    """The fact set ``_core.decide`` takes, for an item or a request
    (``memo``: a dict shared by the calls of one page, so each role
    question is asked once)."""
    if request is not None:
        item = request.catalog_item
    if request is None and item is None:
        raise ValueError("facts need an item or a request")
    fact_set = _Facts(user, get_host(), memo)
    steps = _request_steps(request) if request is not None else []
    if steps:
        out = _step_facts(fact_set, request, item, steps)
    elif item is not None:
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


def _request_steps(request):
    if request.pk is None:
        return []
    return list(request.steps.all())


def _step_facts(fact_set, request, item, steps):
    """docs/approvals.md "Who approves what": the waiting step's team is the
    approver team (for a decided request, the last step reached, so that its
    approvers hear "already decided", 409); the teams of the other steps may
    see the request; an approval this user gave at another step forbids
    approving this one."""
    ordered = sorted(steps, key=lambda s: s.position)
    waiting = next((s for s in ordered if s.pk == request.current_step_id), None)
    if waiting is None:
        waiting = next((s for s in reversed(ordered) if s.state != "waiting"), None)
    team = waiting.approver_team if waiting is not None else None
    if item is not None:
        org, audience, enabled = item.organization, item.audience_team, bool(item.enabled)
    else:
        org = request.organization if request.organization_id is not None else None
        audience, enabled = None, False
    out = fact_set.of(org, team, audience, enabled)
    out["is_other_step_team_member"] = any(
        fact_set.team_member(s.approver_team) for s in ordered if s is not waiting and s.approver_team_id
    )
    user_pk = fact_set.user.pk if fact_set.authenticated else None
    here = waiting.pk if waiting is not None else None
    out["approved_other_step"] = any(
        vote.user_id == user_pk and vote.withdrawn_at is None and vote.step_id != here
        for vote in request.approvals.all()
    )
    return out


def already_voted(user, request):
    """The user's vote on the waiting step counts already."""
    if request.current_step_id is None or not get_host().is_authenticated(user):
        return False
    return any(
        vote.user_id == user.pk and vote.withdrawn_at is None and vote.step_id == request.current_step_id
        for vote in request.approvals.all()
    )


def request_actions(user, request, *, memo=None):
    """The core's can_approve, can_reject, can_request_info, can_answer,
    can_cancel, can_delete for this user and request."""
    fact_set = facts(user, request=request, memo=memo)
    return _core.request_actions(request.status, already_voted=already_voted(user, request), **fact_set)


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
    "not_approver": "Only a member of the waiting step's approver team or an organization administrator may "
    "decide.",
    "self_approval": "You may not approve or reject your own request.",
    "approved_other_step": "You approved another step of this request: each step needs other approvers.",
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


def _has_steps():
    return Exists(ServiceRequestStep.objects.filter(request=OuterRef("pk")))


def _of_organizations(org_ids):
    """Requests of these organizations: their item's, or, for a request whose
    item was deleted, the one kept on the request (facts())."""
    return Q(catalog_item__organization__in=org_ids) | Q(catalog_item__isnull=True, organization__in=org_ids)


def visible_requests(user):
    """Requests ``see_request`` allows: the requester's own, those the user
    may decide (org admins; the teams of the request's steps, or of the
    item's approver team for a request without steps), and those of the
    organizations the user audits; superusers and system auditors all."""
    host = get_host()
    qs = ServiceRequest.objects.all()
    if not host.is_authenticated(user):
        return qs.none()
    if host.is_superuser(user) or host.is_system_auditor(user):
        return qs
    teams = host.member_team_ids(user)
    step_team = Exists(ServiceRequestStep.objects.filter(request=OuterRef("pk"), approver_team__in=teams))
    no_steps_item_team = Q(catalog_item__approver_team__in=teams) & ~_has_steps()
    return qs.filter(
        Q(requested_by=user)
        | _of_organizations(host.admin_organization_ids(user))
        | _of_organizations(host.audited_organization_ids(user))
        | step_team
        | no_steps_item_team
    )


def own_requests(user):
    """The caller's own requests: ``visible_requests`` restricted to them is
    exactly this set (a requester always sees their requests), written
    without the visibility OR so that "my requests" pages and counts stay on
    the (requested_by, created) index at a million rows (bench_api --million)."""
    if not get_host().is_authenticated(user):
        return ServiceRequest.objects.none()
    return ServiceRequest.objects.filter(requested_by=user)


def approvable_requests(user):
    """The inbox: pending requests the user may approve now, shown only to
    the approvers of the waiting step (org admins approve every step); never
    their own unless ALLOW_SELF_APPROVAL, nor one the user approved at this
    or another step (a second approval would be refused)."""
    host = get_host()
    qs = ServiceRequest.objects.filter(status="pending_approval")
    if not host.is_authenticated(user):
        return qs.none()
    if not host.is_superuser(user):
        teams = host.member_team_ids(user)
        qs = qs.filter(
            Q(catalog_item__organization__in=host.admin_organization_ids(user))
            | Q(current_step__approver_team__in=teams)
            | (Q(current_step__isnull=True, catalog_item__approver_team__in=teams) & ~_has_steps())
        )
    if not fc_settings.ALLOW_SELF_APPROVAL:
        qs = qs.exclude(requested_by=user)
    voted = ServiceRequestApproval.objects.filter(
        request=OuterRef("pk"), user=user, withdrawn_at__isnull=True
    )
    return qs.exclude(Exists(voted))


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
