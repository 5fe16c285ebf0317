"""A failed task's event keeps its result message, so a failed request can say
why (issue 7 item 4)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('devhost', '0005_node_launch_config'),
    ]

    operations = [
        migrations.AddField(
            model_name='jobevent',
            name='event_data',
            field=models.JSONField(blank=True, default=dict),
        ),
    ]
