"""The devhost's ``send_notifications`` task, as AWX's dispatcher task
``awx.main.tasks.system.send_notifications(notification_list, job_id=None)``
does it: each listed Notification goes out through its template's
``send(subject, body)``; ``status`` becomes ``successful`` with
``notifications_sent``, or ``failed`` with ``error``; saved with
``update_fields``. Like AWX it does not look at the status first: whoever
calls it decides what is due (forge_catalog/notify_delivery.py claims first).
"""

import logging

from django.utils.encoding import smart_str

from .notification_models import Notification

logger = logging.getLogger("forge_catalog.devhost.tasks")


def send_notifications(notification_list, job_id=None):
    if not isinstance(notification_list, list):
        raise TypeError("notification_list should be of type list")
    for notification in Notification.objects.filter(id__in=notification_list).select_related(
        "notification_template"
    ):
        update_fields = ["status", "notifications_sent", "modified"]
        try:
            sent = notification.notification_template.send(notification.subject, notification.body)
            notification.status = "successful"
            notification.notifications_sent = sent
        except Exception as exc:  # noqa: BLE001 - AWX records any failure on the row
            logger.warning("Send Notification Failed %s", exc)
            notification.status = "failed"
            notification.error = smart_str(exc)
            update_fields.append("error")
        finally:
            try:
                notification.save(update_fields=update_fields)
            except Exception:  # noqa: BLE001
                logger.exception("Error saving notification %s result.", notification.id)
