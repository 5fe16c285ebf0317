"""Per-node survey answers reach each node's job, on stock AWX (no
``node_survey_data`` keyword: the answers go into the spawned workflow job
nodes before signal_start) and on a controller whose create_unified_job
declares the keyword (awx-facts.md "What a trial inside a real AWX found")."""

import inspect
import logging

import pytest
from django.db import transaction
from test_secrets import raw_database_text

from forge_catalog import lifecycle
from forge_catalog.devhost import models as dh
from forge_catalog.devhost import secrets as dh_secrets
from forge_catalog.devhost.worker import Worker
from forge_catalog.exceptions import LaunchError
from forge_catalog.hosts import get_host
from forge_catalog.hosts.base import takes_node_survey_data

BUILD_TOKEN = "bu1ld-T0ken-secret"
DEPLOY_KEY = "dep1oy-Key-secret"
DEFAULT_KEY = "the-default-deploy-key"
AWX_PREFIX = "$encrypted$UTF8$AESCBC$"


@pytest.fixture
def release(catalog_item_factory, job_template_factory, workflow_factory):
    """build (branch, token) -> deploy (version, key with an encrypted default)."""
    build = job_template_factory(
        playbook="rotate_credentials.yml",
        survey_spec=[
            {"variable": "credential_name"},
            {"variable": "new_secret", "type": "password"},
        ],
    )
    deploy = job_template_factory(
        playbook="rotate_credentials.yml",
        survey_spec=[
            {"variable": "credential_name"},
            {"variable": "new_secret", "type": "password", "required": False, "default": DEFAULT_KEY},
        ],
    )
    wfjt = workflow_factory(nodes={"build": build, "deploy": deploy})
    return catalog_item_factory(wfjt)


BUILD = {"credential_name": "build-cred", "new_secret": BUILD_TOKEN}


def spawned(sr):
    wj = dh.WorkflowJob.objects.get(pk=sr.job_id)
    return wj, {n.identifier: n for n in wj.workflow_job_nodes.all()}


# -- the devhost refuses what stock AWX refuses ---------------------------------


def test_stock_controller_drops_then_refuses_unknown_launch_keywords(
    job_template_factory, workflow_factory, caplog
):
    caplog.set_level(logging.WARNING, logger="forge_catalog.devhost")
    wfjt = workflow_factory(nodes={"only": job_template_factory()})
    with pytest.raises(Exception, match=r"^Unrecognized launch config field node_survey_data\.$"):
        with transaction.atomic():
            wfjt.create_unified_job(extra_vars={}, node_survey_data={"only": {"x": "y"}})
    assert "Fields node_survey_data are not allowed as overrides to spawn from" in caplog.text
    with pytest.raises(Exception, match=r"^Unrecognized launch config field created_by\.$"):
        with transaction.atomic():
            job_template_factory().create_unified_job(created_by=None)
    assert not dh.UnifiedJob.objects.exists()


def test_keyword_is_detected_from_the_signature(job_template_factory, workflow_factory):
    wfjt = workflow_factory(nodes={"only": job_template_factory()})
    assert not takes_node_survey_data(wfjt)  # stock AWX: **kwargs only
    assert not takes_node_survey_data(job_template_factory())
    assert takes_node_survey_data(dh.NodeSurveyWorkflowJobTemplate.objects.get(pk=wfjt.pk))

    class Positional:
        def create_unified_job(self, node_survey_data=None, **kwargs): ...

    class VarPositional:
        def create_unified_job(self, *node_survey_data, **kwargs): ...

    assert takes_node_survey_data(Positional())
    assert not takes_node_survey_data(VarPositional())
    assert not takes_node_survey_data(object())


# -- stock AWX: answers written into the spawned nodes ------------------------------


def test_node_answers_reach_spawned_nodes_without_the_keyword(release, request_factory, monkeypatch):
    seen = []
    stock = dh.WorkflowJobTemplate.create_unified_job

    def spy(self, **kwargs):
        seen.append(sorted(kwargs))
        return stock(self, **kwargs)

    monkeypatch.setattr(dh.WorkflowJobTemplate, "create_unified_job", spy)
    sr = request_factory(
        release, node_survey_data={"build": BUILD, "deploy": {"credential_name": "deploy-cred"}}
    )
    sr.refresh_from_db()
    assert sr.status == "running", sr.failure_reason
    assert seen == [["_eager_fields", "extra_vars"]]  # no node_survey_data keyword
    wj, nodes = spawned(sr)
    assert wj.status == "pending"

    build, deploy = nodes["build"], nodes["deploy"]
    assert build.extra_data["credential_name"] == "build-cred"
    assert build.extra_data["new_secret"].startswith(AWX_PREFIX)
    assert dh_secrets.decrypt_value(build.extra_data["new_secret"]) == BUILD_TOKEN
    assert build.survey_passwords == {"new_secret": "$encrypted$"}
    # The omitted answer took the template's encrypted default, as stored.
    default = deploy.unified_job_template.survey_spec["spec"][1]["default"]
    assert default.startswith(AWX_PREFIX)
    assert deploy.extra_data == {"credential_name": "deploy-cred", "new_secret": default}
    assert deploy.survey_passwords == {"new_secret": "$encrypted$"}
    text = raw_database_text()
    assert BUILD_TOKEN not in text and DEFAULT_KEY not in text


@pytest.mark.django_db(transaction=True)
def test_each_node_job_runs_with_its_own_answers_decrypted(release, alice):
    deploy_answers = {"credential_name": "deploy-cred", "new_secret": DEPLOY_KEY}
    sr = lifecycle.submit(release, alice, node_survey_data={"build": BUILD, "deploy": deploy_answers})
    assert Worker(log=lambda msg: None).run_once()
    sr.refresh_from_db()
    assert sr.status == "successful", sr.failure_reason
    _, nodes = spawned(sr)
    for identifier, answers in (("build", BUILD), ("deploy", deploy_answers)):
        job = nodes[identifier].job
        assert job.launch_type == "workflow" and job.created_by == alice
        assert job.survey_passwords == {"new_secret": "$encrypted$"}
        # the node row's ciphertext went to the job as it was, decrypted only for the run
        assert job.extra_vars.count(nodes[identifier].extra_data["new_secret"]) == 1
        assert job.decrypted_extra_vars() == answers
        secret = answers["new_secret"]
        assert (
            f"rotated the {answers['credential_name']} credential ({len(secret)} characters)"
            in job.result_stdout
        )
        assert secret not in job.result_stdout
    assert BUILD_TOKEN not in raw_database_text() and DEPLOY_KEY not in raw_database_text()


@pytest.mark.django_db(transaction=True)
def test_an_encrypted_default_reaches_the_node_job_decrypted(release, alice):
    sr = lifecycle.submit(
        release, alice, node_survey_data={"build": BUILD, "deploy": {"credential_name": "d"}}
    )
    assert Worker(log=lambda msg: None).run_once()
    _, nodes = spawned(sr)
    job = nodes["deploy"].job
    assert job.status == "successful"
    assert job.decrypted_extra_vars() == {"credential_name": "d", "new_secret": DEFAULT_KEY}
    assert f"rotated the d credential ({len(DEFAULT_KEY)} characters)" in job.result_stdout


def test_answers_for_a_node_the_controller_did_not_spawn_fail(job_template_factory, workflow_factory):
    wfjt = workflow_factory(nodes={"only": job_template_factory(survey_spec=["x"])})
    with pytest.raises(LaunchError, match="spawned no workflow node ghost"):
        with transaction.atomic():
            get_host().launch(wfjt, created_by=None, extra_vars={}, node_survey_data={"ghost": {"x": "1"}})
    assert not dh.WorkflowJob.objects.exists()


def test_a_refused_keyword_fails_the_request_and_leaves_no_job(release, request_factory, monkeypatch):
    monkeypatch.setattr("forge_catalog.hosts.base.takes_node_survey_data", lambda template: True)
    sr = request_factory(release, node_survey_data={"build": BUILD, "deploy": {"credential_name": "d"}})
    sr.refresh_from_db()
    assert sr.status == "failed"
    assert "Unrecognized launch config field node_survey_data." in sr.failure_reason
    assert BUILD_TOKEN not in sr.failure_reason
    assert not dh.UnifiedJob.objects.exists()  # the launch's savepoint removed the saved job


# -- a controller that declares node_survey_data -------------------------------------


def test_the_keyword_is_passed_where_detected(release, request_factory, monkeypatch):
    seen = []
    keyword = dh.NodeSurveyWorkflowJobTemplate.create_unified_job

    def spy(self, **kwargs):
        seen.append(kwargs.get("node_survey_data"))
        return keyword(self, **kwargs)

    spy.__signature__ = inspect.signature(keyword)
    monkeypatch.setattr(dh.WorkflowJobTemplate, "create_unified_job", spy)
    sr = request_factory(release, node_survey_data={"build": BUILD, "deploy": {"credential_name": "k"}})
    sr.refresh_from_db()
    assert sr.status == "running", sr.failure_reason
    assert seen and seen[0]["build"] == BUILD  # plaintext, in memory: the controller encrypts
    _, nodes = spawned(sr)
    assert dh_secrets.decrypt_value(nodes["build"].extra_data["new_secret"]) == BUILD_TOKEN
    assert nodes["build"].survey_passwords == {"new_secret": "$encrypted$"}
    assert nodes["deploy"].extra_data["credential_name"] == "k"
    assert BUILD_TOKEN not in raw_database_text()


def test_adapter_uses_the_keyword_of_a_controller_model_that_has_it(release):
    wfjt = dh.NodeSurveyWorkflowJobTemplate.objects.get(pk=release.workflow_job_template_id)
    wj = get_host().launch(wfjt, created_by=None, extra_vars={}, node_survey_data={"build": BUILD})
    node = wj.workflow_job_nodes.get(identifier="build")
    assert dh_secrets.decrypt_value(node.extra_data["new_secret"]) == BUILD_TOKEN
    assert node.survey_passwords == {"new_secret": "$encrypted$"}
    assert wj.workflow_job_nodes.get(identifier="deploy").extra_data == {}


# -- get_job_kwargs: what AWX hands a node's job --------------------------------------


def test_node_job_kwargs_follow_awx(job_template_factory, workflow_factory, alice):
    jt = job_template_factory(survey_spec=["version", {"variable": "pw", "type": "password"}])
    wfjt = workflow_factory(
        nodes={"deploy": jt}, survey_spec=["env", {"variable": "wf_pw", "type": "password"}]
    )
    wj = wfjt.create_unified_job(
        extra_vars={"env": "prod", "version": "from-workflow", "wf_pw": "w-secret"},
        _eager_fields={"created_by": alice},
    )
    node = wj.workflow_job_nodes.get()
    node.extra_data = {"version": "1.0", "pw": dh_secrets.encrypt_value("n-secret"), "stray": "x"}
    node.survey_passwords = {"pw": "$encrypted$"}
    node.save()
    kwargs = node.get_job_kwargs()
    # The node's answers its template takes, under the workflow's vars (AWX lets
    # them win for a job template node); "stray" is not the template's.
    assert set(kwargs["extra_vars"]) == {"version", "pw", "env", "wf_pw"}
    assert kwargs["extra_vars"]["version"] == "from-workflow"
    assert kwargs["survey_passwords"] == {"wf_pw": "$encrypted$"}
    assert kwargs["_eager_fields"] == {"launch_type": "workflow", "created_by": alice}
    job = jt.create_unified_job(**kwargs)
    assert job.survey_passwords == {"wf_pw": "$encrypted$", "pw": "$encrypted$"}
    assert job.decrypted_extra_vars() == {
        "version": "from-workflow",
        "pw": "n-secret",
        "env": "prod",
        "wf_pw": "w-secret",
    }
