"""Requests record which answers they encrypted (issue 7 item 12).

Requests made before this migration were read by a guess: any stored value
starting with "$encrypted$" was decrypted if it could be. This migration
writes that guess down once, as the record (only values the host really
decrypts are listed), so old requests behave as before and new ones are
known from the core's secret list at submit."""

from django.db import migrations, models

ENCRYPTED = "$encrypted$"
BATCH = 1000


def _encrypted(values, host):
    names = []
    for var, value in (values if isinstance(values, dict) else {}).items():
        if isinstance(value, str) and value.startswith(ENCRYPTED) and value != ENCRYPTED:
            try:
                host.decrypt(value)
            except Exception:  # noqa: BLE001 - not ours: the requester's text
                continue
            names.append(var)
    return names


def record_encrypted_variables(apps, schema_editor):
    from forge_catalog.hosts import get_host

    host = get_host()
    ServiceRequest = apps.get_model("forge_catalog", "ServiceRequest")
    batch = []
    rows = ServiceRequest.objects.only("pk", "extra_vars", "node_survey_data").order_by("pk")
    for sr in rows.iterator(chunk_size=BATCH):
        nodes = {}
        for identifier, answers in (sr.node_survey_data or {}).items():
            names = _encrypted(answers, host)
            if names:
                nodes[identifier] = names
        sr.encrypted_variables = {"extra_vars": _encrypted(sr.extra_vars, host), "node_survey_data": nodes}
        batch.append(sr)
        if len(batch) >= BATCH:
            ServiceRequest.objects.bulk_update(batch, ["encrypted_variables"])
            batch = []
    if batch:
        ServiceRequest.objects.bulk_update(batch, ["encrypted_variables"])


class Migration(migrations.Migration):
    dependencies = [
        ("forge_catalog", "0002_pending_newest_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="servicerequest",
            name="encrypted_variables",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.RunPython(record_encrypted_variables, migrations.RunPython.noop),
    ]
