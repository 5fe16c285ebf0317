"""AWX / Forge: the controller's own encryption helpers for stored password
answers and for node answers written into the controller's rows
(awx/main/utils/encryption.py, as AWX does for survey passwords), and AWX's
access rules for "may this user see that job", imported lazily so this
module loads without AWX. Everything else is the shared contract of the base
adapter."""

from forge_catalog.hosts.base import BaseHost
from forge_catalog.secrets import SecretError


class AWXHost(BaseHost):
    # AWX's dispatcher sends: forge-catalog queues its task right after the
    # deciding commit and reads the outcome from the Notification later.
    queues_notifications = True

    def send_notifications(self, notification_ids):
        """AWX's own dispatcher task (the path AWX's job notifications take,
        JobNotificationMixin.send_notification_templates): it sends each
        Notification through its template and records status, error and
        notifications_sent."""
        from awx.main.tasks.system import send_notifications

        send_notifications.delay(list(notification_ids))
        return False

    def encrypt(self, value):
        from awx.main.utils.encryption import encrypt_value

        return encrypt_value(value)

    def controller_encrypt(self, value):
        # What AWX does to a survey password in a node's extra_data; it
        # returns a value already starting with "$encrypted$" unchanged.
        return self.encrypt(value)

    def can_see_job(self, user, job):
        # AWX's own access rules (JobAccess / WorkflowJobAccess querysets).
        from awx.main.access import get_user_queryset

        job = job.get_real_instance()
        return get_user_queryset(user, type(job)).filter(pk=job.pk).exists()

    def decrypt(self, value):
        from awx.main.utils.encryption import decrypt_value, get_encryption_key

        # encrypt_value() encrypts as field "value" with no pk.
        try:
            return decrypt_value(get_encryption_key("value", pk=None), value)
        except Exception as exc:  # InvalidToken, malformed token
            raise SecretError("stored secret cannot be decrypted") from exc
