"""The demo seed stores survey password defaults as AWX does (encrypted),
and a launch that takes the default hands the job its plaintext."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from forge_catalog import lifecycle
from forge_catalog.devhost import models as dh
from forge_catalog.devhost import secrets as dh_secrets
from forge_catalog.models import ServiceCatalogItem

PASSPHRASE = "demo-backup-passphrase"


def backup_default():
    jt = dh.JobTemplate.objects.get(name="Database backup")
    return {q["variable"]: q for q in jt.survey_spec["spec"]}["backup_passphrase"]["default"]


@pytest.mark.django_db
def test_seed_stores_password_defaults_encrypted_and_stays_idempotent():
    call_command("devhost_seed", "--quiet")
    stored = backup_default()
    assert stored.startswith("$encrypted$UTF8$AESCBC$") and PASSPHRASE not in stored
    assert dh_secrets.decrypt_value(stored) == PASSPHRASE
    call_command("devhost_seed", "--quiet")
    assert backup_default() == stored  # seeding again changes nothing

    requester = get_user_model().objects.get(username="requester")
    item = ServiceCatalogItem.objects.get(name="Database backup")
    sr = lifecycle.submit(item, requester, extra_vars={"database": "shop"})
    sr.refresh_from_db()
    assert sr.status == "running", sr.failure_reason
    job = dh.Job.objects.get(pk=sr.job_id)
    assert job.survey_passwords == {"backup_passphrase": "$encrypted$"}
    assert stored in job.extra_vars  # the stored default, not encrypted twice
    assert job.decrypted_extra_vars()["backup_passphrase"] == PASSPHRASE
