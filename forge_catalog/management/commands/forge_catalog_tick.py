"""Run the periodic tick once (forge_catalog/tick.py): expire pending
approval steps with their item's outcome and send due reminders.

Meant for cron, a systemd timer or a Kubernetes CronJob beside the
controller (``awx-manage forge_catalog_tick``; docs/install-controller.md).
Idempotent and advisory-locked: any number of nodes may run it at once.
"""

from django.core.management.base import BaseCommand

from forge_catalog import tick


class Command(BaseCommand):
    help = "Expire pending approval steps and send due reminders (safe to run on every node)."

    def handle(self, *args, **options):
        report = tick.run()
        self.stdout.write(report.summary())
        if report.failed:
            self.stderr.write(f"requests left for the next tick: {', '.join(map(str, report.failed))}")
