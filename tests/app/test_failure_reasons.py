"""A failed request says why, in the controller's words (issue 7 item 4):
the job's ``job_explanation`` or its failed task, never a secret the job
was given (the request's own answers and the survey's password defaults
show as $encrypted$)."""

import pytest

from forge_catalog import lifecycle
from forge_catalog.devhost import models as dh
from forge_catalog.devhost.worker import Worker

SECRET = "s3cr3t-dependency-name"


@pytest.fixture
def run_worker(django_capture_on_commit_callbacks):
    """Run one pending job, with the post_save sync the commit would run."""

    def run():
        with django_capture_on_commit_callbacks(execute=True):
            assert Worker(log=lambda msg: None).run_once()

    return run


def submit(item, user, **answers):
    sr = lifecycle.submit(item, user, justification="test", extra_vars=answers)
    assert sr.status == "running"
    return sr


def test_a_missing_playbook_is_the_reason(catalog_item_factory, job_template_factory, alice, run_worker):
    item = catalog_item_factory(job_template_factory(playbook="missing.yml"), requires_approval=False)
    sr = submit(item, alice)
    run_worker()
    sr.refresh_from_db()
    assert sr.status == "failed"
    assert sr.failure_reason == (
        f"job {sr.job_id} error: Playbook 'missing.yml' not found in the devhost playbook directories."
    )


def test_the_failed_task_is_the_reason_with_the_secret_answer_redacted(
    catalog_item_factory, job_template_factory, alice, run_worker
):
    jt = job_template_factory(
        playbook="always_fail.yml", survey_spec=[{"variable": "dependency", "type": "password"}]
    )
    sr = submit(catalog_item_factory(jt, requires_approval=False), alice, dependency=SECRET)
    run_worker()
    sr.refresh_from_db()
    assert sr.status == "failed"
    assert sr.failure_reason == (
        f"job {sr.job_id} failed: Task 'Give up' failed on localhost: $encrypted$ is not installed"
    )
    event = sr.events.order_by("id").last()
    assert event.reason == sr.failure_reason and SECRET not in event.reason


def test_a_survey_password_default_is_redacted_too(
    catalog_item_factory, job_template_factory, alice, run_worker
):
    jt = job_template_factory(
        playbook="always_fail.yml",
        survey_spec=[{"variable": "dependency", "type": "password", "default": SECRET, "required": False}],
    )
    sr = submit(catalog_item_factory(jt, requires_approval=False), alice)  # the default is used
    run_worker()
    sr.refresh_from_db()
    assert sr.status == "failed"
    assert "$encrypted$ is not installed" in sr.failure_reason and SECRET not in sr.failure_reason


def test_a_plain_answer_is_kept(catalog_item_factory, job_template_factory, alice, run_worker):
    jt = job_template_factory(playbook="always_fail.yml", survey_spec=[{"variable": "dependency"}])
    sr = submit(catalog_item_factory(jt, requires_approval=False), alice, dependency="libzz")
    run_worker()
    sr.refresh_from_db()
    assert sr.failure_reason.endswith("Task 'Give up' failed on localhost: libzz is not installed")


def test_a_failed_workflow_names_the_node_and_its_task(
    catalog_item_factory, job_template_factory, workflow_factory, alice, run_worker
):
    bad = job_template_factory(playbook="always_fail.yml")
    wf = workflow_factory(nodes={"first": bad, "second": job_template_factory(playbook="hello.yml")})
    sr = submit(catalog_item_factory(wf, requires_approval=False), alice)
    run_worker()
    sr.refresh_from_db()
    node = dh.WorkflowJobNode.objects.get(workflow_job_id=sr.job_id, identifier="first")
    assert sr.status == "failed"
    assert sr.failure_reason == (
        f"job {sr.job_id} failed: No error handling path for workflow job node(s) [({node.pk},failed)]. "
        "Workflow job node(s) missing unified job template and error handling path []. "
        "Node 'first': Task 'Give up' failed on localhost: libmissing is not installed"
    )


def test_an_unreadable_secret_leaves_the_explanation_out(
    catalog_item_factory, job_template_factory, alice, run_worker
):
    jt = job_template_factory(
        playbook="always_fail.yml", survey_spec=[{"variable": "dependency", "type": "password"}]
    )
    sr = submit(catalog_item_factory(jt, requires_approval=False), alice, dependency=SECRET)
    sr.extra_vars = {"dependency": "$encrypted$FERNET$not-a-token"}  # SECRET_KEY changed, say
    sr.save(update_fields=["extra_vars"])
    run_worker()
    sr.refresh_from_db()
    assert (sr.status, sr.failure_reason) == ("failed", f"job {sr.job_id} failed")


def test_a_failed_event_keeps_only_its_message(catalog_item_factory, job_template_factory, alice, run_worker):
    jt = job_template_factory(playbook="always_fail.yml", survey_spec=[{"variable": "dependency"}])
    sr = submit(catalog_item_factory(jt, requires_approval=False), alice, dependency="libzz")
    run_worker()
    events = dh.JobEvent.objects.filter(job_id=sr.job_id)
    assert list(events.filter(failed=True).values_list("event", "task", "host_name", "event_data")) == [
        ("runner_on_failed", "Give up", "localhost", {"res": {"msg": "libzz is not installed"}})
    ]
    assert {str(data) for data in events.filter(failed=False).values_list("event_data", flat=True)} == {"{}"}
