"""Deliver due notifications once (``awx-manage forge_catalog_deliver_notifications``).

The same round the devhost worker's sender runs (notify_delivery.py): claim
due outbox rows, have the controller send them (inside AWX: queue its
``send_notifications`` dispatcher task), record what the controller
recorded. Safe to run from cron on every node at once.
"""

from django.core.management.base import BaseCommand

from forge_catalog.notify_delivery import deliver_pending


class Command(BaseCommand):
    help = "Deliver due forge-catalog notifications through the controller's notification templates."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=None, help="at most this many this round")

    def handle(self, *args, **options):
        sent = deliver_pending(limit=options["limit"])
        self.stdout.write(f"notifications sent: {sent}")
