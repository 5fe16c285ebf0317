"""Repair requests that nothing else will move.

The post_save receiver keeps requests in step with their jobs, but the
controller's maintenance commands may disconnect receivers
(awx-facts.md "post_save"); this command reads each running request's job
status and applies the same sync the receiver would have.

First the host reaps the jobs whose worker is gone (the devhost's expired
leases; a no-op inside AWX, whose dispatcher reaps its own): they end
``failed`` with the reason in ``job_explanation``, and their requests follow.

Two kinds of request can never move on their own (DESIGN.md "Request
lifecycle": never stuck in ``approved``; a launch failure leaves it
``failed`` with the reason), and become ``failed`` with the reason and an
audit event (``lifecycle.fail_stranded``): ``running`` requests whose job
was deleted, and ``approved`` requests whose launch was interrupted.
"""

from django.core.management.base import BaseCommand

from forge_catalog import _core, lifecycle
from forge_catalog.hosts import get_host
from forge_catalog.models import ServiceRequest


class Command(BaseCommand):
    help = "Bring service requests in step with their jobs; fail those that can never move."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="report, change nothing")

    def handle(self, *args, dry_run=False, **options):
        host = get_host()
        note = " (dry run)" if dry_run else ""
        repaired = 0
        for job in host.reap_lost_jobs(dry_run=dry_run):
            verb = "would reap" if dry_run else "reaped"
            self.stdout.write(f"job {job.pk}: {verb}, its worker {job.controller_node} is gone{note}")
        running = ServiceRequest.objects.filter(status="running").select_related("job").order_by("pk")
        for sr in running.iterator():
            if sr.job_id is None:
                continue  # stranded: below
            status = host.job_status(sr.job)
            if not _core.is_terminal_job_status(status):
                continue
            self.stdout.write(f"request {sr.pk}: job {sr.job_id} is {status}{note}")
            if not dry_run:
                lifecycle.sync_status_for_job_id(sr.job_id, status)
            repaired += 1

        stranded = ServiceRequest.objects.filter(status__in=("running", "approved"), job__isnull=True)
        for pk, status in stranded.order_by("pk").values_list("pk", "status"):
            why = "its job was deleted" if status == "running" else "its launch never completed"
            if dry_run:
                self.stdout.write(f"request {pk}: {status}, {why}: would fail it{note}")
                repaired += 1
            elif lifecycle.fail_stranded(pk) is not None:
                self.stdout.write(f"request {pk}: {status}, {why}: failed")
                repaired += 1

        left = ServiceRequest.objects.filter(status="approved", job__isnull=False).count()
        if left:
            # Not a state the lifecycle writes (a launch records the job and
            # 'running' together): reported for a person to look at.
            self.stderr.write(f"{left} request(s) in 'approved' with a job; left as is")
        verb = "would repair" if dry_run else "repaired"
        self.stdout.write(f"{verb} {repaired} request(s)")
