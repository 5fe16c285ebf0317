"""Run devhost jobs for real: ``manage.py devhost_worker``.

Several workers may run side by side on PostgreSQL; on SQLite run one.
Every worker also delivers notifications in a thread (forge-catalog's
outbox, notify_delivery.py) unless ``--no-notifications``; and it fails,
every half lease, the jobs of workers that are gone (their lease expired:
devhost/reaper.py); ``--reap`` does it once at start.
"""

from django.core.management.base import BaseCommand
from django.db import connection

from forge_catalog.devhost.reaper import reap_lost_jobs
from forge_catalog.devhost.worker import Worker


class Command(BaseCommand):
    help = "Run pending devhost jobs (playbooks through ansible-runner on localhost)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="run at most one pending job, then exit")
        parser.add_argument("--max-jobs", type=int, default=None, help="exit after this many jobs")
        parser.add_argument("--poll", type=float, default=1.0, help="seconds between looks for pending jobs")
        parser.add_argument(
            "--no-notifications",
            action="store_true",
            help="do not deliver notifications (another worker or the tick does)",
        )
        parser.add_argument(
            "--reap",
            action="store_true",
            help="first fail the jobs of workers that are gone (lease expired; "
            "a live worker's jobs are never touched)",
        )

    def handle(self, *args, **options):
        def log(msg):
            self.stdout.write(f"[devhost worker] {msg}")
            self.stdout.flush()

        if connection.vendor == "sqlite":
            log("SQLite has no row locks: run one worker only")
        if options["reap"]:
            self.reap(log)
        worker = Worker(poll_interval=options["poll"], log=log, notifications=not options["no_notifications"])
        if options["once"]:
            worker.run_once()
            return
        worker.install_signal_handlers()
        log("waiting for pending jobs (Ctrl-C stops)")
        worker.run_forever(max_jobs=options["max_jobs"])
        log("stopped")

    def reap(self, log):
        # Through save() on each concrete job, so the requests follow.
        for job in reap_lost_jobs():
            log(f"reaped {type(job).__name__} {job.pk}: {job.job_explanation}")
