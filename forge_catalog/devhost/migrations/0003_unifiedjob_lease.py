"""Claims are leases (issue 7 items 1-3): the worker that claimed a job is
recorded under AWX's names (execution_node, controller_node), and its lease
(lease_expires) tells a reaper when that worker is gone.

Jobs left waiting or running by workers from before leases can never be
renewed: their lease is set to have expired now, so the first reaper fails
them with the reason instead of leaving them claimed for ever."""

from django.db import migrations, models
from django.utils import timezone


def expire_unleased_claims(apps, schema_editor):
    UnifiedJob = apps.get_model("devhost", "UnifiedJob")
    UnifiedJob.objects.filter(status__in=("waiting", "running")).update(lease_expires=timezone.now())


class Migration(migrations.Migration):
    dependencies = [
        ("devhost", "0002_system_auditor_and_auditor_teams"),
    ]

    operations = [
        migrations.AddField(
            model_name="unifiedjob",
            name="controller_node",
            field=models.TextField(blank=True, default=""),
        ),
        migrations.AddField(
            model_name="unifiedjob",
            name="execution_node",
            field=models.TextField(blank=True, default=""),
        ),
        migrations.AddField(
            model_name="unifiedjob",
            name="lease_expires",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(expire_unleased_claims, migrations.RunPython.noop),
    ]
