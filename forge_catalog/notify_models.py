"""Notification settings and the delivery outbox (docs/notifications.md).

Templates are the controller's (AWX ``NotificationTemplate``), named by id:
forge-catalog holds no foreign key into the controller's notification
tables, so its migrations need none of the controller's; a template deleted
there is noticed when a message is due (the delivery records why it failed).
"""

import uuid

from django.db import models
from django.db.models import Q

from forge_catalog.conf import host_model_label

# What a message is about, in the order a request meets them.
NOTIFICATION_KINDS = (
    "approval_needed",
    "reminder",
    "needs_info",
    "approved",
    "rejected",
    "expired",
    "launched",
    "succeeded",
    "failed",
    "canceled",
)


class OrganizationNotificationDefaults(models.Model):
    """An organization's templates per kind, for its items that name none
    for that kind (``{kind: [template id, ...]}``)."""

    organization = models.OneToOneField(
        host_model_label("ORGANIZATION"), on_delete=models.CASCADE, related_name="+"
    )
    notification_templates = models.JSONField(blank=True, default=dict)
    modified = models.DateTimeField(auto_now=True)


class ServiceRequestNotification(models.Model):
    """One message to one controller notification template: the outbox row,
    written in the transaction of the change it tells about, beside the
    controller's ``Notification`` row (pending) made there too. Senders
    (notify_delivery.py) claim it, have the controller send it, and record
    the outcome; it outlives its request like the audit log does."""

    STATES = [("pending", "Pending"), ("sending", "Sending"), ("sent", "Sent"), ("failed", "Failed")]

    request = models.ForeignKey(
        "forge_catalog.ServiceRequest",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notifications",
    )
    request_id_value = models.BigIntegerField(db_index=True)
    kind = models.CharField(max_length=32)
    # Carried in every message so a receiver can recognise a repeat (a
    # sender killed after the channel took the message but before it was
    # recorded: the next sender sends it again).
    delivery_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    notification_template_id_value = models.BigIntegerField()
    notification_template_name = models.CharField(max_length=512, blank=True, default="")
    notification_type = models.CharField(max_length=32, blank=True, default="")
    # The controller's Notification row (null: none could be made).
    notification_id_value = models.BigIntegerField(null=True, blank=True)
    state = models.CharField(max_length=16, choices=STATES, default="pending")
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    lease_expires = models.DateTimeField(null=True, blank=True)
    sender = models.CharField(max_length=128, blank=True, default="")
    last_error = models.TextField(blank=True, default="")
    sent_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("created", "pk")
        indexes = [
            # What senders look for: due pending ones and lapsed claims.
            models.Index(fields=("next_attempt_at",), name="fc_notif_due", condition=Q(state="pending")),
            models.Index(fields=("lease_expires",), name="fc_notif_sending", condition=Q(state="sending")),
        ]

    def __str__(self):
        return f"{self.kind} of request {self.request_id_value} ({self.state})"
