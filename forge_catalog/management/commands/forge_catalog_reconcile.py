"""Repair running requests whose job already finished.

The post_save receiver keeps requests in step with their jobs, but the
controller's maintenance commands may disconnect receivers
(awx-facts.md "post_save"); this command reads each running request's job
status and applies the same sync the receiver would have.
"""

from django.core.management.base import BaseCommand

from forge_catalog import _core, lifecycle
from forge_catalog.hosts import get_host
from forge_catalog.models import ServiceRequest


class Command(BaseCommand):
    help = "Bring running service requests in step with their finished jobs."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="report, change nothing")

    def handle(self, *args, dry_run=False, **options):
        host = get_host()
        repaired = 0
        running = ServiceRequest.objects.filter(status="running").select_related("job").order_by("pk")
        for sr in running.iterator():
            if sr.job_id is None:
                self.stderr.write(f"request {sr.pk}: running without a job (job deleted?); left as is")
                continue
            status = host.job_status(sr.job)
            if not _core.is_terminal_job_status(status):
                continue
            self.stdout.write(
                f"request {sr.pk}: job {sr.job_id} is {status}" + (" (dry run)" if dry_run else "")
            )
            if not dry_run:
                lifecycle.sync_status_for_job_id(sr.job_id, status)
            repaired += 1
        stuck = ServiceRequest.objects.filter(status="approved").count()
        if stuck:
            self.stderr.write(f"{stuck} request(s) in 'approved' (launch interrupted?); left as is")
        verb = "would repair" if dry_run else "repaired"
        self.stdout.write(f"{verb} {repaired} request(s)")
