"""Serial approval steps (docs/approvals.md): an item's policy, a request's
copy of it (its plan), and moving a request from step to step.

Which step comes next, whether a quorum is reached and who may act are the
core's decisions (``_core.transition``, ``_core.decide``); this module reads
and writes the rows. Callers hold the request's row lock (lifecycle.py).
"""

from django.db.models import Prefetch
from django.utils import timezone

from forge_catalog import expiry
from forge_catalog.models import ServiceCatalogItemApprovalStep, ServiceRequestApproval, ServiceRequestStep


def item_steps(item, *, always=False):
    """The item's policy as [{title, approver_team, quorum}] (approver_team a
    Team or None for the organization's admins): its step rows, or the
    seed's one-step shorthand. Empty when it needs no approval (unless
    ``always``: a request already waiting gets the shorthand)."""
    if not item.requires_approval and not always:
        return []
    # .all(): a list page prefetches the rows (ITEM_STEPS_PREFETCH).
    rows = sorted(item.approval_steps.all(), key=lambda r: r.position) if item.pk is not None else []
    if rows:
        return [policy_step(r) for r in rows]
    return [
        {
            "title": "",
            "approver_team": item.approver_team,
            "quorum": item.approvals_required,
            "notification_templates": {},
        }
    ]


def policy_step(row):
    """A stored policy step as item_steps gives it."""
    return {
        "title": row.title,
        "approver_team": row.approver_team,
        "quorum": row.quorum,
        "notification_templates": row.notification_templates or {},
    }


def item_steps_prefetch():
    """What a page of items prefetches for item_steps."""
    return Prefetch(
        "approval_steps", queryset=ServiceCatalogItemApprovalStep.objects.select_related("approver_team")
    )


def request_steps_prefetch():
    """What one request's plan prefetches."""
    return Prefetch("steps", queryset=ServiceRequestStep.objects.select_related("approver_team"))


def steps_core_facts(steps):
    """A policy as the core's validate_catalog_item reads ``approval_steps``
    (fc_catalog.h); ``steps`` as item_steps returns it."""
    out = []
    for step in steps:
        team = step.get("approver_team")
        out.append(
            {
                "title": step.get("title", ""),
                "approver_team": team.pk if team is not None else None,
                "approver_team_organization": team.organization_id if team is not None else None,
                "quorum": step.get("quorum"),
            }
        )
    return out


def replace_item_steps(item, steps):
    """Store ``steps`` as the item's policy; [] returns it to the shorthand.
    The shorthand fields mirror the first step so the seed's API reads the
    same policy."""
    ServiceCatalogItemApprovalStep.objects.filter(catalog_item=item).delete()
    ServiceCatalogItemApprovalStep.objects.bulk_create(
        ServiceCatalogItemApprovalStep(
            catalog_item=item,
            position=i,
            title=step.get("title", ""),
            approver_team=step.get("approver_team"),
            quorum=step["quorum"],
            notification_templates=step.get("notification_templates") or {},
        )
        for i, step in enumerate(steps)
    )


def copy_plan(sr, item, *, always=False):
    """The request's own copy of the item's policy, taken at submit."""
    rows = [
        ServiceRequestStep(
            request=sr,
            position=i,
            title=step["title"],
            approver_team=step["approver_team"],
            approver_team_name=(
                step["approver_team"].name[:512] if step["approver_team"] is not None else ""
            ),
            quorum=step["quorum"],
            # A copy: editing the item never changes a request in flight.
            notification_templates=step.get("notification_templates") or {},
        )
        for i, step in enumerate(item_steps(item, always=always))
    ]
    return ServiceRequestStep.objects.bulk_create(rows)


def ensure_plan(sr):
    """A request waiting for approval with no plan (made by hand, not
    through submit): the item's policy now, its first step waiting. Returns
    the waiting step, or None when the request is not waiting."""
    if sr.status not in ("pending_approval", "needs_info") or sr.catalog_item_id is None:
        return None
    if sr.steps.exists():
        return current(sr)
    first = copy_plan(sr, sr.catalog_item, always=True)[0]
    now = timezone.now()
    first.state, first.entered_at = "pending", now
    first.save(update_fields=["state", "entered_at"])
    ServiceRequestApproval.objects.filter(request=sr, step__isnull=True).update(step=first)
    sr.current_step, sr.step_entered_at = first, now
    sr.save(update_fields=["current_step", "step_entered_at", "modified"])
    return first


def plan(sr):
    """The request's steps in order (prefetched ones if there)."""
    return sorted(sr.steps.all(), key=lambda s: s.position)


def current(sr):
    """The waiting step, or None."""
    if sr.current_step_id is None:
        return None
    return ServiceRequestStep.objects.select_related("approver_team").get(pk=sr.current_step_id)


def next_after(sr, step):
    return (
        ServiceRequestStep.objects.filter(request=sr, position__gt=step.position).order_by("position").first()
    )


def enter(sr, step, *, at=None):
    """``step`` starts waiting, its clock from ``at`` (default now;
    expiry.py): the caller announces it (notify.on_move on a state change,
    else notify.emit)."""
    now = at or timezone.now()
    step.state, step.entered_at = "pending", now
    # The deadline the plan shows (the tick decides by the same clock).
    step.expires_at = expiry.expires_at(sr.catalog_item, now) if sr.catalog_item_id else None
    step.save(update_fields=["state", "entered_at", "expires_at"])
    sr.current_step, sr.step_entered_at, sr.last_reminded_at = step, now, None
    sr.save(update_fields=["current_step", "step_entered_at", "last_reminded_at", "modified"])


def close(sr, step, state):
    """The waiting step ends (approved, rejected, expired, canceled); no step
    waits until the caller enters the next one."""
    if step is None:
        return
    step.state, step.decided_at = state, timezone.now()
    step.save(update_fields=["state", "decided_at"])
    if sr.current_step_id == step.pk:
        sr.current_step, sr.step_entered_at = None, None
        sr.save(update_fields=["current_step", "step_entered_at", "modified"])


def live_votes(sr, step):
    """The step's approvals that count (not withdrawn)."""
    return ServiceRequestApproval.objects.filter(request=sr, step=step, withdrawn_at__isnull=True)


def withdraw_votes(sr, step):
    """docs/approvals.md "Needs information": the requester changed an
    answer, so the waiting step's votes no longer count. Returns the
    withdrawn approvals (kept as history)."""
    votes = list(live_votes(sr, step).select_related("user"))
    now = timezone.now()
    for vote in votes:
        vote.withdrawn_at = now
    ServiceRequestApproval.objects.bulk_update(votes, ["withdrawn_at"])
    return votes
