"""Run devhost jobs for real: ``manage.py devhost_worker``.

Several workers may run side by side on PostgreSQL; on SQLite run one.
"""

from django.core.management.base import BaseCommand
from django.db import connection
from django.utils import timezone

from forge_catalog.devhost.models import UnifiedJob
from forge_catalog.devhost.worker import Worker


class Command(BaseCommand):
    help = "Run pending devhost jobs (playbooks through ansible-runner on localhost)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="run at most one pending job, then exit")
        parser.add_argument("--max-jobs", type=int, default=None, help="exit after this many jobs")
        parser.add_argument("--poll", type=float, default=1.0, help="seconds between looks for pending jobs")
        parser.add_argument(
            "--reap",
            action="store_true",
            help="first mark jobs left waiting/running by a worker that died as error "
            "(only safe when no other worker is running)",
        )

    def handle(self, *args, **options):
        def log(msg):
            self.stdout.write(f"[devhost worker] {msg}")
            self.stdout.flush()

        if connection.vendor == "sqlite":
            log("SQLite has no row locks: run one worker only")
        if options["reap"]:
            self.reap(log)
        worker = Worker(poll_interval=options["poll"], log=log)
        if options["once"]:
            worker.run_once()
            return
        worker.install_signal_handlers()
        log("waiting for pending jobs (Ctrl-C stops)")
        worker.run_forever(max_jobs=options["max_jobs"])
        log("stopped")

    def reap(self, log):
        # Through save() on each concrete job, so the requests follow.
        for uj in UnifiedJob.objects.filter(status__in=("waiting", "running")):
            job = uj.get_real_instance()
            job.status = "error"
            job.finished = timezone.now()
            job.job_explanation = "The worker running this job stopped."
            job.save(update_fields=["status", "finished", "job_explanation", "modified"])
            log(f"reaped {type(job).__name__} {job.pk}")
