"""Expiry of a pending approval step and its reminders (issue 12 item 2;
docs/approvals.md).

The core decides (``_core.expiry_decide``: given now, when the step began,
the durations and the outcome, what a tick does and whether the step has
expired); this module only gathers the facts: the item's policy, with the
organization's default from settings for what the item leaves unset, and
the request's step clock. ``tick.py`` carries decisions out; the lifecycle
refuses approve and reject on an expired step (409) and the API shows no
``can_approve`` / ``can_reject`` for it, even before a tick has run.
"""

import datetime

from django.utils import timezone

from forge_catalog import _core
from forge_catalog.conf import fc_settings
from forge_catalog.exceptions import Conflict
from forge_catalog.step_clock import REMINDED_STATE, WAITING_STATES

EXPIRED_MESSAGE = "The approval step of this request has expired: it can no longer be approved or rejected."


SAFE_DEFAULT = {"expire_after": 0, "outcome": "reject", "remind_every": 0}


def settings_problems(policy):
    """What is wrong with one settings policy (a dict with expire_after,
    outcome, remind_every), as the core's messages; [] when it is usable.
    An organization default may say approve: items still need their own
    auto_approve_allowed."""
    if not isinstance(policy, dict):
        return ["must be a dict with expire_after, outcome and remind_every"]
    unknown = sorted(set(policy) - set(SAFE_DEFAULT))
    if unknown:
        return [f"unknown keys: {', '.join(map(str, unknown))}"]
    merged = {**SAFE_DEFAULT, **policy}
    numbers = (merged["expire_after"], merged["remind_every"])
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in numbers):
        return ["expire_after and remind_every must be whole seconds"]
    if merged["outcome"] not in _core.EXPIRY_OUTCOMES:
        return [f"outcome must be one of {', '.join(_core.EXPIRY_OUTCOMES)}"]
    try:
        _core.check_expiry_policy(
            expire_after=merged["expire_after"],
            remind_every=merged["remind_every"],
            outcome=merged["outcome"],
            auto_approve_allowed=True,
        )
    except (_core.ValidationError, ValueError, OverflowError) as exc:
        return [f"{e['path']}: {e['message']}" for e in getattr(exc, "errors", ())] or [str(exc)]
    return []


def organization_default(organization_name):
    """The settings' default policy for one organization (by name). A
    setting the checks report (checks.check_expiry_settings) is ignored
    here rather than failing a request: its part falls back to never."""
    policy = dict(SAFE_DEFAULT)
    by_org = fc_settings.APPROVAL_EXPIRY_BY_ORGANIZATION
    by_org = by_org if isinstance(by_org, dict) else {}
    for layer in (fc_settings.APPROVAL_EXPIRY, by_org.get(organization_name)):
        if layer and not settings_problems(layer):
            policy.update(layer)
    return policy


def policy_of(item, default=None):
    """The item's effective policy: its own fields, else its organization's
    default (``default``, when the caller already read it)."""
    if default is None:
        default = organization_default(item.organization.name if item.organization_id else "")
    return {
        "expire_after": item.expire_after if item.expire_after is not None else default["expire_after"],
        "outcome": item.expiry_outcome or default["outcome"],
        "remind_every": item.remind_every if item.remind_every is not None else default["remind_every"],
        "auto_approve_allowed": bool(item.auto_approve_allowed),
    }


def check_item(item):
    """The item's own expiry fields through the core (400 with paths
    expire_after, remind_every, expiry_outcome). Unset fields are the
    organization's default and not the item admin's to answer for."""
    _core.check_expiry_policy(
        expire_after=item.expire_after or 0,
        remind_every=item.remind_every or 0,
        outcome=item.expiry_outcome or "reject",
        auto_approve_allowed=bool(item.auto_approve_allowed),
    )


def _epoch(moment):
    return int(moment.timestamp())


def step_entered_at(sr):
    return sr.step_entered_at or sr.created


def decide(sr, now=None):
    """The core's decision for ``sr`` at ``now``, or None when it waits at
    no step (not pending or needs_info, or its item is gone). A needs-info
    round does not stop the step's clock; it sends no reminders to the
    approvers (the requester has the next move)."""
    if sr.status not in WAITING_STATES or sr.catalog_item_id is None:
        return None
    now = now or timezone.now()
    policy = policy_of(sr.catalog_item)
    decision = _core.expiry_decide(
        now=max(_epoch(now), 0),
        step_entered_at=max(_epoch(step_entered_at(sr)), 0),
        last_reminded_at=_epoch(sr.last_reminded_at) if sr.last_reminded_at else -1,
        expire_after=policy["expire_after"],
        remind_every=policy["remind_every"] if sr.status == REMINDED_STATE else 0,
    )
    return decision


def expires_at(item, entered_at):
    """When a step of ``item`` entered at ``entered_at`` expires (None:
    never): what ServiceRequestStep.expires_at records for the plan. Code
    that enters a step calls it; the tick does for the steps it enters."""
    start = max(_epoch(entered_at), 0)
    decision = _core.expiry_decide(
        now=start, step_entered_at=start, expire_after=policy_of(item)["expire_after"]
    )
    return as_datetime(decision["expires_at"])


def is_expired(sr, now=None):
    decision = decide(sr, now)
    return bool(decision and decision["expired"])


def refuse_if_expired(sr):
    """409 for a decision on an expired step (the caller holds the row lock,
    so a tick cannot move it meanwhile)."""
    if is_expired(sr):
        raise Conflict(
            EXPIRED_MESSAGE,
            errors=[{"path": "status", "code": "expired", "message": EXPIRED_MESSAGE}],
            code="expired",
        )


def as_datetime(seconds):
    """Epoch seconds as an aware datetime; None for never (or a time past
    what datetime holds, which is never too)."""
    if seconds is None:
        return None
    try:
        return datetime.datetime.fromtimestamp(seconds, tz=datetime.UTC)
    except (OverflowError, ValueError, OSError):
        return None


def summary(sr, now=None):
    """What the API shows of a waiting step's clock, or None when the
    request waits at no step."""
    decision = decide(sr, now)
    if decision is None:
        return None
    return {
        "expires_at": as_datetime(decision["expires_at"]),
        "expired": decision["expired"],
        "outcome": policy_of(sr.catalog_item)["outcome"],
        "escalated": bool(sr.current_step_id and sr.current_step.escalated),
        "next_reminder_at": as_datetime(decision["next_remind_at"]),
    }
