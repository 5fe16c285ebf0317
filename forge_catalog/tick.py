"""The periodic tick: time-driven work on pending requests (issue 12 item 2;
docs/approvals.md "Expiry and reminders").

``run()`` is idempotent and safe on any number of nodes at once:

- one transaction per batch takes ``pg_try_advisory_xact_lock(TICK_LOCK)``;
  a node that does not get it stops at once (another node is ticking), so
  ticks never queue up behind each other;
- each request is re-read under its row lock (``select_for_update``), as
  approve and reject do, and the core decides on what is read then
  (``expiry.decide``): a tick racing an approver yields one outcome, since
  whoever locks second sees the first one's result (no longer pending, or
  no longer expired);
- what a tick does is recorded with it (the step's reminder time, the
  escalation, the new state), so running it again finds nothing to do.

It runs in the devhost's worker loop, and as ``forge_catalog_tick`` for
cron, systemd timers or a Kubernetes CronJob beside a controller.
"""

import dataclasses
import logging

from django.db import connection, transaction
from django.utils import timezone

from forge_catalog import _core, expiry, lifecycle, notify, tick_due
from forge_catalog.conf import fc_settings
from forge_catalog.models import ServiceRequest

logger = logging.getLogger("forge_catalog.tick")

# The advisory lock's key: "fc-tick" as a number, one per database.
TICK_LOCK = int.from_bytes(b"fc-tick", "big")


@dataclasses.dataclass
class TickReport:
    ran: bool = False  # False: another node held the tick's lock
    examined: int = 0
    reminded: list = dataclasses.field(default_factory=list)
    expired: list = dataclasses.field(default_factory=list)
    escalated: list = dataclasses.field(default_factory=list)
    approved: list = dataclasses.field(default_factory=list)
    failed: list = dataclasses.field(default_factory=list)  # errors, logged; retried next tick

    def add(self, action, pk):
        bucket = {
            "remind": self.reminded,
            "expire": self.expired,
            "escalate": self.escalated,
            "approve": self.approved,
        }
        bucket.get(action, self.failed).append(pk)

    def summary(self):
        if not self.ran:
            return "tick: another node holds the tick lock; nothing done"
        return (
            f"tick: examined {self.examined}, reminded {len(self.reminded)}, expired "
            f"{len(self.expired)}, escalated {len(self.escalated)}, approved {len(self.approved)}, "
            f"errors {len(self.failed)}"
        )


def _try_lock():
    """The tick's transaction-scoped advisory lock. SQLite (the demo) has
    none and serializes writers anyway: there the tick always runs."""
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [TICK_LOCK])
        return bool(cursor.fetchone()[0])


def _due_pks(now):
    """The pks of the waiting requests that may be due at ``now``
    (tick_due.py), in order: one read of the step-clock indexes, so a tick
    with nothing due reads no request and one with many reads each once."""
    waiting = ServiceRequest.objects.filter(status__in=expiry.WAITING_STATES, catalog_item__isnull=False)
    due = tick_due.annotate(waiting).filter(tick_due.due_filter(now))
    return list(due.order_by("pk").values_list("pk", flat=True))


def _candidates(pks):
    """Those requests with what deciding needs, read without locks; only
    those the core finds due are locked."""
    waiting = ServiceRequest.objects.filter(pk__in=pks, status__in=expiry.WAITING_STATES)
    related = waiting.select_related("catalog_item", "catalog_item__organization", "current_step")
    return list(related.order_by("pk"))


def run(now=None, *, batch_size=None):
    """One tick over every waiting request that may be due. ``now`` is for tests."""
    report = TickReport()
    batch_size = batch_size or fc_settings.TICK_BATCH_SIZE
    pks, start = None, 0
    while True:
        with transaction.atomic():
            if not _try_lock():
                return report
            report.ran = True
            moment = now or timezone.now()
            if pks is None:  # what is due as the tick starts; later ticks see the rest
                pks = _due_pks(moment)
            batch = _candidates(pks[start : start + batch_size])
            for sr in batch:
                decision = expiry.decide(sr, moment)
                if decision is None or decision["action"] == "none":
                    continue
                action = _tick_one(sr.pk, moment)
                if action != "none":
                    report.add(action, sr.pk)
            report.examined += len(batch)
        start += batch_size
        if start >= len(pks):
            return report


def _tick_one(pk, now):
    """Re-read the request under its row lock, decide again on what is read
    then, and carry it out in a savepoint: an error rolls back this request
    only (logged; the next tick tries again)."""
    try:
        with transaction.atomic():
            try:
                sr = lifecycle._locked(pk)
            except ServiceRequest.DoesNotExist:
                return "none"
            decision = expiry.decide(sr, now)
            if decision is None or decision["action"] == "none":
                return "none"
            if decision["action"] == "remind":
                _remind(sr, now)
                return "remind"
            return _expire(sr, now)
    except Exception:  # noqa: BLE001 - one bad request must not stop the tick
        logger.exception("tick: request %s failed; it is retried on the next tick", pk)
        return "error"


def _waited(sr, now):
    seconds = max(int((now - expiry.step_entered_at(sr)).total_seconds()), 0)
    return _duration(seconds)


def _duration(seconds):
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            count = seconds // size
            return f"{count} {unit}{'s' if count != 1 else ''}"
    return f"{seconds} second{'s' if seconds != 1 else ''}"


def _remind(sr, now):
    sr.last_reminded_at = now
    sr.save(update_fields=["last_reminded_at", "modified"])
    notify.emit(sr, "reminder", step=sr.current_step)
    logger.info("service request %s: reminder to the approvers of its step", sr.pk)


def _current_step(sr):
    step = sr.current_step if sr.current_step_id is not None else None
    has_next = step is not None and sr.steps.filter(position__gt=step.position).exists()
    return step, has_next


def _expire(sr, now):
    """The core's "expire" event with the item's outcome: expired,
    escalated to the organization's admins, or approved (next step, or
    launch)."""
    policy = expiry.policy_of(sr.catalog_item)
    step, has_next = _current_step(sr)
    move = _core.transition(
        sr.status,
        "expire",
        expiry_outcome=policy["outcome"],
        auto_approve_allowed=policy["auto_approve_allowed"],
        escalated=bool(step is not None and step.escalated),
        has_next_step=has_next,
    )
    waited = _waited(sr, now)
    if move.effect == "escalate":
        reason = f"no decision within {waited}: escalated to the organization's admins"
        if step is not None:
            step.escalated, step.expires_at = True, expiry.expires_at(sr.catalog_item, now)
            step.save(update_fields=["escalated", "expires_at"])
        # The escalated step's clock starts again (fc_expiry.h).
        sr.step_entered_at, sr.last_reminded_at = now, None
        sr.save(update_fields=["step_entered_at", "last_reminded_at", "modified"])
        lifecycle._record(sr, "expire", sr.status, sr.status, reason=reason)
        notify.emit(sr, "approval_needed", step=step)
        return "escalate"
    if move.state == "expired":
        reason = f"expired: no decision within {waited}"
        _close_step(step, "expired", now)
        sr.reason, sr.decided_by, sr.decided_at = reason, None, now
        lifecycle._move(
            sr, move.state, "expire", reason=reason, fields=("reason", "decided_by", "decided_at")
        )
        notify.emit(sr, "expired", step=step)
        return "expire"
    # Outcome approve, permitted by the item: the expiry counts as the quorum.
    reason = f"no decision within {waited}: approved automatically, as the item permits"
    _close_step(step, "approved", now)
    if move.effect == "next_step":
        nxt = sr.steps.filter(position__gt=step.position).order_by("position").first()
        nxt.state, nxt.entered_at = "pending", now
        nxt.expires_at = expiry.expires_at(sr.catalog_item, now)
        nxt.save(update_fields=["state", "entered_at", "expires_at"])
        sr.current_step, sr.step_entered_at, sr.last_reminded_at = nxt, now, None
        lifecycle._move(
            sr,
            move.state,
            "expire",
            reason=reason,
            fields=("current_step", "step_entered_at", "last_reminded_at"),
        )
        notify.emit(sr, "approval_needed", step=nxt)
        return "approve"
    sr.decided_by, sr.decided_at, sr.current_step = None, now, None
    lifecycle._move(
        sr, move.state, "expire", reason=reason, fields=("decided_by", "decided_at", "current_step")
    )
    notify.emit(sr, "approved", step=step)
    if move.effect == "launch":
        lifecycle._launch(sr)
    return "approve"


def _close_step(step, state, now):
    if step is not None:
        step.state, step.decided_at = state, now
        step.save(update_fields=["state", "decided_at"])
