# The team besides the organization's members whose members may submit
# (issue 11 item 5); controller model swappable as in 0001.

import django.db.models.deletion
from django.db import migrations, models

from forge_catalog.conf import host_model_label


class Migration(migrations.Migration):

    dependencies = [
        migrations.swappable_dependency(host_model_label("TEAM")),
        ("forge_catalog", "0003_servicerequest_encrypted_variables"),
    ]

    operations = [
        migrations.AddField(
            model_name="servicecatalogitem",
            name="audience_team",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=host_model_label("TEAM"),
            ),
        ),
    ]
