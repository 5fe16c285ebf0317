"""Notifications through the controller's own notification templates
(issue 12 item 5; docs/notifications.md).

``emit(request, kind, ...)`` is what the transitions call, inside the
transaction that decides. For each controller ``NotificationTemplate`` the
step names for that kind (else the item, else its organization's default;
the step is the one given, else the one the request waits at), it writes the
controller's ``Notification`` row (``generate_notification(subject, body)``,
status ``pending``) and an outbox row (``ServiceRequestNotification``) in
that same transaction: the message exists if and only if the decision
committed. Nothing is sent here: senders deliver after commit
(notify_delivery.py). ``emit`` never raises: a message that cannot even be
recorded is logged and recorded as failed, and the decision goes on.
"""

import logging

from django.db import transaction
from django.utils import timezone

from forge_catalog import notify_messages
from forge_catalog.hosts import get_host
from forge_catalog.notify_models import (
    NOTIFICATION_KINDS,
    OrganizationNotificationDefaults,
    ServiceRequestNotification,
)

logger = logging.getLogger("forge_catalog.notify")

KINDS = NOTIFICATION_KINDS


def template_ids(request, kind, *, step=None):
    """The template ids for ``kind``: the step's own (the request's copy of
    its policy step, ``notification_templates``), else the item's, else the
    organization's defaults. A step or item naming ``[]`` for a kind turns
    what follows it off."""
    for config in (_step_config(step), _item_config(request)):
        if isinstance(config, dict) and kind in config:
            return _ids(config[kind])
    if request.organization_id is None:
        return []
    defaults = OrganizationNotificationDefaults.objects.filter(
        organization_id=request.organization_id
    ).first()
    return _ids((defaults.notification_templates or {}).get(kind)) if defaults else []


FINISHED_KINDS = {"successful": "succeeded", "failed": "failed", "canceled": "canceled"}


def _waiting_step(request):
    """The step a request waits at (docs/approvals.md), for the message."""
    if getattr(request, "current_step_id", None) is None:
        return None
    return request.current_step


def _step_config(step):
    if isinstance(step, dict):
        return step.get("notification_templates")
    return getattr(step, "notification_templates", None)


def _item_config(request):
    item = request.catalog_item if request.catalog_item_id else None
    return item.notification_templates if item is not None else None


def _ids(value):
    if not isinstance(value, list):
        return []
    return list(dict.fromkeys(v for v in value if isinstance(v, int) and not isinstance(v, bool)))


def emit(request, kind, *, step=None, actor=None, reason=""):
    """Record the ``kind`` messages about ``request`` in the caller's
    transaction; returns the outbox rows (never raises)."""
    if kind == "finished":  # the job's end, said by how it ended
        kind = FINISHED_KINDS.get(request.status, "failed")
    if kind not in KINDS:
        raise ValueError(f"unknown notification kind {kind!r}")
    try:
        if step is None:
            step = _waiting_step(request)
        ids = template_ids(request, kind, step=step)
        if not ids:
            return []
        with transaction.atomic():  # savepoint: a failure here leaves the decision whole
            rows = _record(request, kind, ids, step=step, actor=actor, reason=reason)
    except Exception as exc:  # noqa: BLE001 - sending never fails a decision
        logger.exception("service request %s: %s notification not recorded", request.pk, kind)
        return _record_failure(request, kind, exc)
    due = [row.pk for row in rows if row.state == "pending"]
    if due:
        from forge_catalog import notify_delivery

        transaction.on_commit(lambda: notify_delivery.after_commit(due))
    return rows


def _record(request, kind, ids, *, step, actor, reason):
    host = get_host()
    templates = {t.pk: t for t in host.notification_templates(ids)}
    now = timezone.now()
    rows = []
    for template_id in ids:
        template = templates.get(template_id)
        row = ServiceRequestNotification(
            request=request,
            request_id_value=request.pk,
            kind=kind,
            notification_template_id_value=template_id,
            next_attempt_at=now,
        )
        if template is None or template.organization_id != request.organization_id:
            # Deleted in the controller (or moved away) since it was chosen.
            row.state = "failed"
            row.last_error = f"notification template {template_id} does not exist in this organization"
        else:
            row.notification_template_name = template.name[:512]
            row.notification_type = template.notification_type
            subject, text, payload = notify_messages.compose(
                request, kind, step=step, actor=actor, reason=reason, delivery_id=row.delivery_id
            )
            body = notify_messages.body_for(template.notification_type, text, payload)
            row.notification_id_value = host.generate_notification(template, subject, body).pk
        rows.append(row)
    ServiceRequestNotification.objects.bulk_create(rows)
    return rows


def _record_failure(request, kind, exc):
    try:
        with transaction.atomic():
            row = ServiceRequestNotification.objects.create(
                request=request,
                request_id_value=request.pk,
                kind=kind,
                notification_template_id_value=0,
                state="failed",
                last_error=f"the message could not be recorded: {type(exc).__name__}",
            )
        return [row]
    except Exception:  # noqa: BLE001
        logger.exception("service request %s: %s failure not recorded either", request.pk, kind)
        return []


# A state change -> the message it sends (lifecycle._move calls on_move).
# Events that keep the state (a reminder, a request moving on to its next
# step) call emit() themselves, and so does the tick for every expiry
# (tick.py chooses expired / approval_needed / approved by the outcome).
KIND_FOR_STATE = {
    "pending_approval": "approval_needed",
    "needs_info": "needs_info",
    "rejected": "rejected",
    "running": "launched",
    "successful": "succeeded",
    "failed": "failed",
    "canceled": "canceled",
}
SELF_NOTIFYING_EVENTS = ("expire",)


def kind_for_move(event, from_state, to_state):
    if event in SELF_NOTIFYING_EVENTS or to_state == from_state:
        return None
    if to_state == "approved":
        return "approved" if event == "approve" else None
    return KIND_FOR_STATE.get(to_state)


def on_move(request, event, from_state, to_state, *, actor=None, reason="", step=None):
    kind = kind_for_move(event, from_state, to_state)
    if kind is None:
        return []
    return emit(request, kind, step=step, actor=actor, reason=reason)
