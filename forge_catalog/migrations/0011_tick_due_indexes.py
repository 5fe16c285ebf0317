# The tick's due filter (tick_due.py): partial indexes on the waiting step's
# clock expressions (step_clock.py), so a tick reads only what may be due.

from django.db import migrations, models
from django.db.models.functions import Coalesce, Greatest


class Migration(migrations.Migration):
    dependencies = [
        ("forge_catalog", "0010_item_form_overlay"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="servicerequest",
            index=models.Index(
                Coalesce("step_entered_at", "created"),
                condition=models.Q(("status__in", ("pending_approval", "needs_info"))),
                name="fc_req_waiting_entered",
            ),
        ),
        migrations.AddIndex(
            model_name="servicerequest",
            index=models.Index(
                Greatest(
                    Coalesce("last_reminded_at", Coalesce("step_entered_at", "created")),
                    Coalesce("step_entered_at", "created"),
                ),
                condition=models.Q(("status", "pending_approval")),
                name="fc_req_remind_since",
            ),
        ),
    ]
