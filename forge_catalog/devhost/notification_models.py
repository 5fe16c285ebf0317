"""NotificationTemplate and Notification as AWX has them
(awx/main/models/notifications.py), reduced to the email and webhook
channels of the devhost (notification_backends.py).

- ``notification_configuration`` holds the backend's init parameters; the
  ``password`` ones are stored encrypted the way AWX stores them
  (``encrypt_field(self, 'notification_configuration', subfield=...)``: the
  key is SHA-512 of SECRET_KEY, the row's pk and the field name, so a new row
  is saved once without them and once more with them encrypted);
- ``generate_notification(subject, body)`` writes a ``pending`` Notification
  with the template's type and recipients; ``send(subject, body)`` delivers
  through the backend and returns how many went out;
- ``Notification`` rows carry ``status`` (pending, successful, failed),
  ``error``, ``notifications_sent``, ``subject``, ``body`` (JSON, usually a
  string) and ``recipients``; devhost/tasks.py's ``send_notifications`` sets them.
"""

import copy

from django.db import models
from django.utils.encoding import force_str, smart_str

from .notification_backends import CLASS_FOR_NOTIFICATION_TYPE
from .secrets import decrypt_field_value, encrypt_field_value

CONFIG_FIELD = "notification_configuration"


class NotificationTemplate(models.Model):
    NOTIFICATION_TYPE_CHOICES = [("email", "Email"), ("webhook", "Webhook")]

    name = models.CharField(max_length=512)
    description = models.TextField(blank=True, default="")
    organization = models.ForeignKey(
        "Organization", null=True, on_delete=models.CASCADE, related_name="notification_templates"
    )
    notification_type = models.CharField(max_length=32, choices=NOTIFICATION_TYPE_CHOICES)
    notification_configuration = models.JSONField(default=dict)
    messages = models.JSONField(null=True, blank=True, default=dict)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("name",)
        constraints = [
            models.UniqueConstraint(fields=("organization", "name"), name="devhost_nt_name_per_org")
        ]

    def __str__(self):
        return self.name

    @property
    def notification_class(self):
        return CLASS_FOR_NOTIFICATION_TYPE[self.notification_type]

    def _password_fields(self):
        params = self.notification_class.init_parameters
        return [name for name, spec in params.items() if spec["type"] == "password"]

    def save(self, *args, **kwargs):
        new_instance = self.pk is None
        update_fields = list(kwargs.pop("update_fields", None) or [])
        config = self.notification_configuration
        saved = {}
        for field in self._password_fields():
            value = config.get(field)
            if not isinstance(value, str) or not value or value.startswith("$encrypted$"):
                continue
            if new_instance:
                saved[field] = value  # encrypted once the row has its pk
                config[field] = ""
            else:
                config[field] = encrypt_field_value(value, CONFIG_FIELD, self.pk)
                if update_fields and CONFIG_FIELD not in update_fields:
                    update_fields.append(CONFIG_FIELD)
        if update_fields:
            kwargs["update_fields"] = update_fields
        super().save(*args, **kwargs)
        if new_instance and saved:
            config.update(saved)
            self.save(update_fields=[CONFIG_FIELD])

    @property
    def recipients(self):
        return self.notification_configuration[self.notification_class.recipient_parameter]

    def generate_notification(self, msg, body):
        notification = Notification(
            notification_template=self,
            notification_type=self.notification_type,
            recipients=smart_str(self.recipients),
            subject=msg,
            body=body,
        )
        notification.save()
        return notification

    def send(self, subject, body):
        backend_class = self.notification_class
        config = copy.deepcopy(self.notification_configuration)
        for field in self._password_fields():
            value = config.get(field)
            if isinstance(value, str) and value.startswith("$encrypted$"):
                config[field] = decrypt_field_value(value, CONFIG_FIELD, self.pk)
        recipients = config.pop(backend_class.recipient_parameter)
        if not isinstance(recipients, list):
            recipients = [recipients]
        sender = config.pop(backend_class.sender_parameter, None) if backend_class.sender_parameter else None
        for field, params in backend_class.init_parameters.items():
            if field not in config and "default" in params:
                config[field] = params["default"]
        from django.core.mail.message import EmailMessage

        backend = backend_class(**config)
        message = EmailMessage(subject, backend.format_body(body), sender, recipients)
        return backend.send_messages([message])

    def display_notification_configuration(self):
        shown = dict(self.notification_configuration)
        for field in self.notification_class.init_parameters:
            if field in shown and force_str(shown[field]).startswith("$encrypted$"):
                shown[field] = "$encrypted$"
        return shown


class Notification(models.Model):
    NOTIFICATION_STATE_CHOICES = [("pending", "Pending"), ("successful", "Successful"), ("failed", "Failed")]

    notification_template = models.ForeignKey(
        NotificationTemplate, related_name="notifications", on_delete=models.CASCADE, editable=False
    )
    status = models.CharField(max_length=20, choices=NOTIFICATION_STATE_CHOICES, default="pending")
    error = models.TextField(blank=True, default="")
    notifications_sent = models.IntegerField(default=0)
    notification_type = models.CharField(
        max_length=32, choices=NotificationTemplate.NOTIFICATION_TYPE_CHOICES
    )
    recipients = models.TextField(blank=True, default="")
    subject = models.TextField(blank=True, default="")
    body = models.JSONField(default=dict, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("pk",)
