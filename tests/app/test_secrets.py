"""Password answers: encrypted at rest, "$encrypted$" wherever shown,
plaintext only in memory at launch (awx-facts.md "Passwords")."""

import logging

import pytest
from django.db import connection

from forge_catalog import lifecycle, surveys
from forge_catalog.devhost import models as dh
from forge_catalog.models import ServiceRequestEvent

SECRET = "hunter2-Sup3r-s3cret"
NODE_SECRET = "node-s3cret-Xyzzy"


def raw_database_text():
    """Every row of every table, as PostgreSQL prints it."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT t::text FROM "{table}" AS t')
            chunks.extend(row[0] for row in cursor.fetchall())
    return "\n".join(chunks)


@pytest.fixture
def secret_workflow_item(catalog_item_factory, job_template_factory, workflow_factory, team):
    login = [{"variable": "user"}, {"variable": "password", "type": "password"}]
    wf_jt = job_template_factory(survey_spec=[{"variable": "token", "type": "password"}])
    wfjt = workflow_factory(nodes={"deploy": wf_jt}, survey_spec=login)
    return catalog_item_factory(wfjt, requires_approval=True, approver_team=team)


def test_no_plaintext_secret_anywhere(secret_workflow_item, request_factory, approver, caplog):
    caplog.set_level(logging.DEBUG, logger="forge_catalog")
    sr = request_factory(
        secret_workflow_item,
        extra_vars={"user": "deploy", "password": SECRET},
        node_survey_data={"deploy": {"token": NODE_SECRET}},
    )
    assert sr.extra_vars["user"] == "deploy"
    assert sr.extra_vars["password"].startswith("$encrypted$") and SECRET not in sr.extra_vars["password"]
    assert surveys.display(sr.extra_vars) == {"user": "deploy", "password": "$encrypted$"}
    assert surveys.display_nodes(sr.node_survey_data) == {"deploy": {"token": "$encrypted$"}}

    lifecycle.approve(sr, approver, comment="ok")
    sr.refresh_from_db()
    assert sr.status == "running"

    # The plaintext reached the controller's job (in memory at launch) ...
    wj = dh.WorkflowJob.objects.get(pk=sr.job_id)
    assert wj.decrypted_extra_vars()["password"] == SECRET
    assert wj.workflow_job_nodes.get().decrypted_extra_data() == {"token": NODE_SECRET}
    # ... and is stored nowhere, logged nowhere.
    text = raw_database_text()
    assert "deploy" in text  # the scan does see answers
    assert SECRET not in text and NODE_SECRET not in text
    assert SECRET not in caplog.text and NODE_SECRET not in caplog.text


def test_launch_failure_message_never_echoes_a_secret(
    secret_workflow_item, request_factory, approver, monkeypatch
):
    def leaky(self, **kwargs):
        raise RuntimeError(f"cannot launch with {kwargs['extra_vars']}")

    monkeypatch.setattr(dh.WorkflowJobTemplate, "create_unified_job", leaky)
    sr = request_factory(
        secret_workflow_item,
        extra_vars={"user": "deploy", "password": SECRET},
        node_survey_data={"deploy": {"token": NODE_SECRET}},
    )
    lifecycle.approve(sr, approver)
    sr.refresh_from_db()
    assert sr.status == "failed"
    assert "$encrypted$" in sr.failure_reason and SECRET not in sr.failure_reason
    assert SECRET not in raw_database_text()
    assert not ServiceRequestEvent.objects.filter(reason__contains=SECRET).exists()


def test_encrypted_placeholder_means_the_default(catalog_item_factory, job_template_factory, request_factory):
    jt = job_template_factory(survey_spec=[{"variable": "pw", "type": "password", "default": "dflt-pw"}])
    sr = request_factory(catalog_item_factory(jt), extra_vars={"pw": "$encrypted$"})
    assert sr.extra_vars == {"pw": "$encrypted$"}
    assert dh.Job.objects.get(pk=sr.job_id).decrypted_extra_vars() == {"pw": "dflt-pw"}


def test_fernet_round_trip_and_refusals(settings):
    from forge_catalog import secrets

    token = secrets.encrypt(SECRET)
    assert token.startswith("$encrypted$") and SECRET not in token
    assert secrets.encrypt(SECRET) != token  # random IV: equal secrets do not show
    assert secrets.decrypt(token) == SECRET
    with pytest.raises(secrets.SecretError):
        secrets.decrypt(token[:-4] + "AAAA")  # tampered
    with pytest.raises(secrets.SecretError):
        secrets.decrypt("$encrypted$")
    settings.SECRET_KEY = "another key entirely"
    with pytest.raises(secrets.SecretError):
        secrets.decrypt(token)
