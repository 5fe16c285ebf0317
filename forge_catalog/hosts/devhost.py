"""The devhost implements the controller contract itself, so it needs
little beyond the base adapter (models come from the FORGE_CATALOG_*_MODEL
settings, request secrets from forge-catalog's Fernet helper; the
controller's own rows are encrypted with the devhost's AWX-style helper,
devhost/secrets.py). Its worker's jobs are reaped on request, as AWX's
dispatcher reaps its own."""

from forge_catalog.hosts.base import BaseHost


class DevhostHost(BaseHost):
    def controller_encrypt(self, value):
        from forge_catalog.devhost.secrets import encrypt_value

        return encrypt_value(value)

    def decrypt_job_value(self, value):
        from forge_catalog.devhost.secrets import decrypt_value  # the controller's own format

        return decrypt_value(value)

    def send_notifications(self, notification_ids):
        """The devhost's copy of AWX's task, run here and now (its worker's
        sender thread is the dispatcher)."""
        from forge_catalog.devhost.tasks import send_notifications

        send_notifications(list(notification_ids))
        return True

    def reap_lost_jobs(self, *, dry_run=False):
        from forge_catalog.devhost.reaper import reap_lost_jobs

        return reap_lost_jobs(dry_run=dry_run)

    def job_url(self, job):
        from django.urls import reverse

        return reverse("devhost-job-stdout", args=[job.pk])

    def can_see_job(self, user, job):
        """AWX's JobAccess, reduced to what the devhost models: superusers,
        system auditors, and admins or auditors of the organization of the
        job's template. A requester, who launched it only through the
        catalog, is none of these (issue 11 item 7)."""
        if not self.is_authenticated(user):
            return False
        if self.is_superuser(user) or getattr(user, "is_system_auditor", False):
            return True
        job = job.get_real_instance()
        template = getattr(job, "job_template", None) or getattr(job, "workflow_job_template", None)
        org = getattr(template, "organization", None)
        return org is not None and (user in org.admin_role or user in org.auditor_role)
