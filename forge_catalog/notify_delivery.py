"""Delivering the outbox (docs/notifications.md "Delivery").

``deliver_pending()`` is the sender: the devhost worker runs it in a thread,
the tick may call it, ``manage.py forge_catalog_deliver_notifications`` runs
it from cron. Any number may run at once:

1. claim: due ``pending`` rows, and ``sending`` rows whose sender's lease
   lapsed, under ``SELECT ... FOR UPDATE SKIP LOCKED``: each row is taken by
   one sender (state ``sending``, a lease, ``attempts`` + 1), committed;
2. send: the controller's own sending task for the row's Notification
   (the devhost's ``send_notifications`` at once; inside AWX its
   dispatcher task ``awx.main.tasks.system.send_notifications``, queued);
3. settle, only while the row is still this sender's: the Notification
   ``successful`` -> ``sent``; ``failed`` -> ``pending`` again after a
   back-off, or ``failed`` for good after NOTIFICATION_MAX_ATTEMPTS;
   still ``pending`` (queued in the controller) -> left ``sending`` and
   settled by a later call.

A lapsed claim is looked at before it is taken over: if the controller
recorded the Notification ``successful`` meanwhile it is settled, not sent
again. The one window left is a sender killed after the channel took the
message and before the controller recorded it: the message then goes again
with the same ``delivery_id`` in it, so a receiver can tell (at least once,
never silently lost).
"""

import logging
import os
import socket
import uuid
from datetime import timedelta

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from forge_catalog.conf import fc_settings
from forge_catalog.hosts import get_host
from forge_catalog.notify_models import ServiceRequestNotification

logger = logging.getLogger("forge_catalog.notify_delivery")

MAX_ERROR_CHARS = 2000


def new_sender_id():
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"[:128]


def retry_delay(attempts):
    """Seconds before the next try after ``attempts`` failed ones."""
    base = float(fc_settings.NOTIFICATION_RETRY_SECONDS)
    return min(base * 2 ** max(attempts - 1, 0), float(fc_settings.NOTIFICATION_RETRY_MAX_SECONDS))


def after_commit(row_ids):
    """Right after the deciding transaction committed: a host that queues
    sends (AWX's dispatcher) gets them queued now; a host whose sender polls
    (the devhost worker) is left to it, so no decision waits for a channel."""
    host = get_host()
    if not host.queues_notifications:
        return
    try:
        deliver_pending(ids=row_ids)
    except Exception:  # noqa: BLE001 - the rows stay due; the next sender takes them
        logger.exception("notifications %s: not queued after commit", row_ids)


def deliver_pending(*, limit=None, ids=None, sender=None):
    """One round of the sender; returns how many rows it settled as sent."""
    sender = sender or new_sender_id()
    host = get_host()
    sent = _settle_in_flight(host, ids)
    for row in _claim(host, limit or int(fc_settings.NOTIFICATION_BATCH_SIZE), ids, sender):
        try:
            done = host.send_notifications([row.notification_id_value])
        except Exception as exc:  # noqa: BLE001 - the controller's task itself failed
            logger.warning("notification %s: send raised %s", row.pk, type(exc).__name__)
            _settle(row, sender, status="failed", error=f"{type(exc).__name__}: {exc}")
            continue
        if done:
            sent += _settle_from_controller(host, row, sender)
    return sent


def _claim(host, limit, ids, sender):
    now = timezone.now()
    lease = timedelta(seconds=float(fc_settings.NOTIFICATION_LEASE_SECONDS))
    due = Q(state="pending", next_attempt_at__lte=now) | Q(state="sending", lease_expires__lt=now)
    with transaction.atomic():
        queryset = ServiceRequestNotification.objects.filter(due)
        if ids is not None:
            queryset = queryset.filter(pk__in=ids)
        if connection.features.has_select_for_update_skip_locked:
            queryset = queryset.select_for_update(skip_locked=True)
        rows = list(queryset.order_by("next_attempt_at", "pk")[:limit])
        claimed = []
        for row in rows:
            if row.state == "sending":
                # Lapsed: the controller may have recorded the outcome meanwhile.
                status, error = host.notification_status(row.notification_id_value)
                if status != "pending":
                    _apply(row, status, error, now)
                    row.save()
                    if row.state == "pending":
                        host.reset_notification(row.notification_id_value)
                    continue
            if row.notification_id_value is None:
                row.state, row.last_error = "failed", "no controller notification was made"
                row.save()
                continue
            row.state, row.sender, row.lease_expires = "sending", sender, now + lease
            row.attempts += 1
            row.save(update_fields=["state", "sender", "lease_expires", "attempts", "modified"])
            claimed.append(row)
    return claimed


def _settle_in_flight(host, ids):
    """Rows queued in the controller whose outcome it has recorded since."""
    queryset = ServiceRequestNotification.objects.filter(state="sending")
    if ids is not None:
        queryset = queryset.filter(pk__in=ids)
    sent = 0
    for row in queryset.order_by("pk")[: int(fc_settings.NOTIFICATION_BATCH_SIZE)]:
        status, _ = host.notification_status(row.notification_id_value)
        if status != "pending":
            sent += _settle_from_controller(host, row, row.sender)
    return sent


def _settle_from_controller(host, row, sender):
    status, error = host.notification_status(row.notification_id_value)
    if status == "pending":
        return 0  # queued; a later round settles it
    return _settle(row, sender, status=status, error=error)


def _apply(row, status, error, now):
    """The outbox row's next state from the controller's Notification status."""
    if status == "successful":
        row.state, row.sent_at, row.last_error, row.lease_expires = "sent", now, "", None
        return
    row.last_error = (error or "the controller recorded the notification as failed")[:MAX_ERROR_CHARS]
    row.lease_expires = None
    if status == "missing" or row.attempts >= int(fc_settings.NOTIFICATION_MAX_ATTEMPTS):
        row.state = "failed"
    else:
        row.state = "pending"
        row.next_attempt_at = now + timedelta(seconds=retry_delay(row.attempts))


def _settle(row, sender, *, status, error=""):
    """Record the outcome while the row is still this sender's claim (a
    sender that lost its lease records nothing); returns 1 when sent."""
    now = timezone.now()
    _apply(row, status, error, now)
    fields = {
        "state": row.state,
        "sent_at": row.sent_at,
        "last_error": row.last_error,
        "lease_expires": row.lease_expires,
        "next_attempt_at": row.next_attempt_at,
        "modified": now,
    }
    with transaction.atomic():
        won = ServiceRequestNotification.objects.filter(pk=row.pk, state="sending", sender=sender).update(
            **fields
        )
        if won and row.state == "pending":
            get_host().reset_notification(row.notification_id_value)
    return int(bool(won) and row.state == "sent")
