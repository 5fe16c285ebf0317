# A step's own notification templates (docs/notifications.md): on the item's
# policy step, and the request's copy of it taken at submit.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("forge_catalog", "0011_tick_due_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="servicecatalogitemapprovalstep",
            name="notification_templates",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name="servicerequeststep",
            name="notification_templates",
            field=models.JSONField(blank=True, default=dict),
        ),
    ]
