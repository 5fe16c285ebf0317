"""Password answers: encrypted at rest, "$encrypted$" wherever shown,
plaintext only in memory at launch (awx-facts.md "Passwords")."""

import logging

import pytest
from django.db import connection

from forge_catalog import lifecycle, surveys
from forge_catalog.devhost import models as dh
from forge_catalog.devhost import secrets as dh_secrets
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
    names = surveys.encrypted_names(sr.encrypted_variables)
    assert surveys.display(sr.extra_vars, names) == {"user": "deploy", "password": "$encrypted$"}
    assert surveys.display_nodes(sr.node_survey_data, sr.encrypted_variables) == {
        "deploy": {"token": "$encrypted$"}
    }

    lifecycle.approve(sr, approver, comment="ok")
    sr.refresh_from_db()
    assert sr.status == "running"

    # The plaintext reached the controller's job (in memory at launch) ...
    wj = dh.WorkflowJob.objects.get(pk=sr.job_id)
    assert wj.decrypted_extra_vars()["password"] == SECRET
    node = wj.workflow_job_nodes.get()
    assert node.survey_passwords == {"token": "$encrypted$"}
    assert dh_secrets.decrypt_value(node.extra_data["token"]) == NODE_SECRET
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


# -- what is secret is recorded at submit, never guessed (issue 7 item 12) -----


@pytest.fixture
def note_and_password_item(catalog_item_factory, job_template_factory):
    jt = job_template_factory(survey_spec=[{"variable": "note"}, {"variable": "pw", "type": "password"}])
    return catalog_item_factory(jt)


@pytest.mark.parametrize("kind", ["lookalike", "real ciphertext"])
def test_a_text_answer_that_looks_encrypted_reaches_the_job_verbatim(
    note_and_password_item, request_factory, kind
):
    from forge_catalog import secrets

    # A real ciphertext of this host would be decrypted into the job by a
    # prefix guess; the request knows it encrypted only "pw".
    note = "$encrypted$not-a-token" if kind == "lookalike" else secrets.encrypt("decrypted-by-a-guess")
    sr = request_factory(note_and_password_item, extra_vars={"note": note, "pw": SECRET})
    assert sr.extra_vars["note"] == note
    assert sr.encrypted_variables == {"extra_vars": ["pw"], "node_survey_data": {}}
    job = dh.Job.objects.get(pk=sr.job_id)
    assert job.decrypted_extra_vars() == {"note": note, "pw": SECRET}
    assert "decrypted-by-a-guess" not in raw_database_text()


def test_only_recorded_variables_are_decrypted_or_masked():
    from forge_catalog import secrets

    token = secrets.encrypt(SECRET)
    stored = {"note": token, "pw": secrets.encrypt("pw-plain")}
    record = {"extra_vars": ["pw"], "node_survey_data": {"deploy": ["token"]}}
    nodes = {"deploy": {"token": token, "text": token}}
    plain_vars, plain_nodes = surveys.reveal(stored, nodes, record)
    assert plain_vars == {"note": token, "pw": "pw-plain"}
    assert plain_nodes == {"deploy": {"token": SECRET, "text": token}}
    names = surveys.encrypted_names(record)
    assert surveys.display(stored, names) == {"note": token, "pw": "$encrypted$"}
    assert surveys.display_nodes(nodes, record) == {"deploy": {"token": "$encrypted$", "text": token}}


def test_a_recorded_secret_that_does_not_decrypt_fails_the_launch(
    note_and_password_item, request_factory, approver, team, settings
):
    from forge_catalog.exceptions import Conflict

    item = note_and_password_item
    item.requires_approval, item.approver_team = True, team
    item.save()
    sr = request_factory(item, extra_vars={"note": "n", "pw": SECRET})
    settings.SECRET_KEY = "another key entirely"
    with pytest.raises(Conflict) as info:
        lifecycle.approve(sr, approver)
    assert info.value.code == "secret_unreadable"
    sr.refresh_from_db()
    assert sr.status == "pending_approval" and sr.job_id is None


def test_node_answers_record_their_secrets(secret_workflow_item, request_factory):
    sr = request_factory(
        secret_workflow_item,
        extra_vars={"user": "deploy", "password": SECRET},
        node_survey_data={"deploy": {"token": NODE_SECRET}},
    )
    assert sr.encrypted_variables == {"extra_vars": ["password"], "node_survey_data": {"deploy": ["token"]}}


def test_the_migration_records_what_old_requests_encrypted(note_and_password_item, request_factory):
    import importlib

    from django.apps import apps

    from forge_catalog import secrets
    from forge_catalog.models import ServiceRequest

    migration = importlib.import_module("forge_catalog.migrations.0003_servicerequest_encrypted_variables")
    sr = request_factory(note_and_password_item, extra_vars={"note": "$encrypted$typed", "pw": SECRET})
    ServiceRequest.objects.filter(pk=sr.pk).update(
        encrypted_variables={},
        node_survey_data={"n": {"tok": secrets.encrypt("x"), "t": "$encrypted$"}},
    )
    migration.record_encrypted_variables(apps, None)
    sr.refresh_from_db()
    assert sr.encrypted_variables == {"extra_vars": ["pw"], "node_survey_data": {"n": ["tok"]}}
