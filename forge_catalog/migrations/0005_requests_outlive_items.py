"""Requests outlive their catalog item, and items their template (issue 7
item 5; docs/deletions.md). Requests keep the item's name and organization
(filled here from today's items); the item's template links and the
request's item link become SET_NULL; an item may rest with no template (a
deleted one, shown in ``problems``) but never with two."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Q

from forge_catalog.conf import host_model_label
from forge_catalog.models import check_constraint

BATCH = 1000


def keep_item_names(apps, schema_editor):
    ServiceRequest = apps.get_model("forge_catalog", "ServiceRequest")
    rows = ServiceRequest.objects.select_related("catalog_item__organization").order_by("pk")
    batch = []
    for sr in rows.iterator(chunk_size=BATCH):
        item = sr.catalog_item
        sr.catalog_item_name = item.name[:512]
        sr.organization_id = item.organization_id
        sr.organization_name = str(item.organization.name)[:512]
        batch.append(sr)
        if len(batch) >= BATCH:
            ServiceRequest.objects.bulk_update(
                batch, ["catalog_item_name", "organization", "organization_name"]
            )
            batch = []
    if batch:
        ServiceRequest.objects.bulk_update(batch, ["catalog_item_name", "organization", "organization_name"])


class Migration(migrations.Migration):
    dependencies = [
        migrations.swappable_dependency(host_model_label("ORGANIZATION")),
        ("forge_catalog", "0004_item_audience_team"),
    ]

    operations = [
        migrations.AddField(
            model_name="servicerequest",
            name="catalog_item_name",
            field=models.CharField(blank=True, default="", max_length=512),
        ),
        migrations.AddField(
            model_name="servicerequest",
            name="organization",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=host_model_label("ORGANIZATION"),
            ),
        ),
        migrations.AddField(
            model_name="servicerequest",
            name="organization_name",
            field=models.CharField(blank=True, default="", max_length=512),
        ),
        migrations.RunPython(keep_item_names, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="servicerequest",
            name="catalog_item",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="requests",
                to="forge_catalog.servicecatalogitem",
            ),
        ),
        migrations.AddField(
            model_name="servicecatalogitem",
            name="problems",
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.AlterField(
            model_name="servicecatalogitem",
            name="job_template",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="service_catalog_items",
                to=host_model_label("JOB_TEMPLATE"),
            ),
        ),
        migrations.AlterField(
            model_name="servicecatalogitem",
            name="workflow_job_template",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="service_catalog_items",
                to=host_model_label("WORKFLOW_JOB_TEMPLATE"),
            ),
        ),
        migrations.RemoveConstraint(model_name="servicecatalogitem", name="fc_item_exactly_one_template"),
        migrations.AddConstraint(
            model_name="servicecatalogitem",
            constraint=check_constraint(
                Q(job_template__isnull=True) | Q(workflow_job_template__isnull=True),
                "fc_item_at_most_one_template",
            ),
        ),
    ]
