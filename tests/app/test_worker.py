"""The devhost worker runs real playbooks (ansible-runner, local connection)
and moves jobs through the controller's statuses with save()."""

import os
import threading
import time

import pytest
from django.db import connection, transaction

from forge_catalog import lifecycle
from forge_catalog.devhost import models as dh
from forge_catalog.devhost.worker import Worker, find_playbook
from forge_catalog.hosts import get_host


def launch(jt, *, node_survey_data=None, **kwargs):
    if node_survey_data is not None:  # as the host adapter writes them on stock AWX
        return get_host().launch(jt, created_by=None, extra_vars={}, node_survey_data=node_survey_data)
    job = jt.create_unified_job(**kwargs)
    assert job.signal_start()
    return job


def run_one(job):
    assert Worker(log=lambda msg: None).run_once()
    job.refresh_from_db()
    return job


@pytest.mark.django_db
def test_playbook_runs_and_job_succeeds(job_template_factory):
    jt = job_template_factory(playbook="ping.yml", survey_spec=[{"variable": "note", "required": False}])
    job = run_one(launch(jt, extra_vars={"note": "from the test"}))
    assert job.status == "successful"
    assert job.started and job.finished and job.finished >= job.started
    assert "Hello from the devhost worker - from the test" in job.result_stdout


@pytest.mark.django_db
def test_failing_playbook_makes_the_job_failed(job_template_factory):
    jt = job_template_factory(playbook="always_fail.yml")
    job = run_one(launch(jt, extra_vars={"dependency": "libzz"}))
    assert job.status == "failed"
    assert "libzz is not installed" in job.result_stdout


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["missing.yml", "../../etc/passwd", "/etc/hosts", "ping.yml/..", ""])
def test_unknown_playbook_is_an_error_not_a_path(job_template_factory, name):
    job = run_one(launch(job_template_factory(playbook=name)))
    assert job.status == "error"
    assert "not found" in job.job_explanation
    assert find_playbook(name) is None


@pytest.mark.django_db
def test_password_answer_reaches_the_playbook_but_not_the_output(job_template_factory):
    jt = job_template_factory(
        playbook="rotate_credentials.yml",
        survey_spec=[{"variable": "credential_name"}, {"variable": "new_secret", "type": "password"}],
    )
    secret = "correct-horse-battery"
    job = launch(jt, extra_vars={"credential_name": "api-token", "new_secret": secret})
    assert secret not in job.extra_vars  # stored encrypted on the job
    job = run_one(job)
    assert job.status == "successful", job.result_stdout
    assert f"rotated the api-token credential ({len(secret)} characters)" in job.result_stdout
    assert secret not in job.result_stdout
    # the playbook really checks the value it got: a short one fails
    short = run_one(launch(jt, extra_vars={"credential_name": "api-token", "new_secret": "short"}))
    assert short.status == "failed"
    assert "short" not in short.result_stdout.replace("too short", "")


def leftover_playbooks(name="long_task.yml"):
    """ansible processes still running this playbook anywhere on the machine."""
    deadline = time.monotonic() + 10
    while True:
        pids = []
        for entry in filter(str.isdigit, os.listdir("/proc")):
            try:
                with open(f"/proc/{entry}/cmdline", "rb") as cmdline:
                    if name.encode() in cmdline.read():
                        pids.append(int(entry))
            except OSError:
                continue
        if not pids or time.monotonic() > deadline:
            return pids
        time.sleep(0.2)


@pytest.mark.django_db(transaction=True)
def test_cancel_stops_a_running_job(job_template_factory):
    job = launch(job_template_factory(playbook="long_task.yml"), extra_vars={"steps": 60})

    def cancel_when_running():
        try:
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                current = dh.Job.objects.get(pk=job.pk)
                if current.status == "running" and "step 1" in current.result_stdout:
                    current.cancel()
                    return
                time.sleep(0.1)
        finally:
            connection.close()

    canceller = threading.Thread(target=cancel_when_running)
    canceller.start()
    job = run_one(job)
    canceller.join()
    assert job.status == "canceled", job.result_stdout[-2000:]
    assert "step 1" in job.result_stdout and "step 60" not in job.result_stdout  # stopped midway
    assert leftover_playbooks() == []  # ansible's own forks are gone too


@pytest.mark.django_db
def test_a_stopping_worker_leaves_no_job_running(job_template_factory):
    job = launch(job_template_factory(playbook="long_task.yml"), extra_vars={"steps": 60})
    worker = Worker(log=lambda msg: None)
    worker.stopping = True  # as after SIGTERM: ansible-runner's cancel fires at once
    assert worker.run_once()
    job.refresh_from_db()
    assert job.status == "error"
    assert "worker stopped" in job.job_explanation
    assert leftover_playbooks() == []


def release_workflow(job_template_factory, workflow_factory):
    """build -(success)-> deploy -(always)-> notify, build -(failure)-> notify."""
    build = job_template_factory(
        playbook="build_app.yml",
        survey_spec=[{"variable": "version"}, {"variable": "fail_build", "required": False}],
    )
    deploy = job_template_factory(
        playbook="deploy_app.yml", survey_spec=[{"variable": "version"}, {"variable": "environment_name"}]
    )
    notify = job_template_factory(playbook="notify.yml", survey_spec=[{"variable": "channel"}])
    wf = workflow_factory(nodes={"build": build, "deploy": deploy})  # build -(success)-> deploy
    nodes = {n.identifier: n for n in wf.workflow_job_template_nodes.all()}
    nodes["notify"] = dh.WorkflowJobTemplateNode.objects.create(
        workflow_job_template=wf, identifier="notify", unified_job_template=notify
    )
    nodes["deploy"].always_nodes.add(nodes["notify"])
    nodes["build"].failure_nodes.add(nodes["notify"])
    return wf


def node_jobs(wj):
    return {n.identifier: n for n in wj.workflow_job_nodes.select_related("job")}


@pytest.mark.django_db
def test_workflow_runs_nodes_along_edges_with_their_own_answers(job_template_factory, workflow_factory):
    wf = release_workflow(job_template_factory, workflow_factory)
    answers = {
        "build": {"version": "1.2.0", "fail_build": "no"},
        "deploy": {"version": "1.2.0-rc1", "environment_name": "production"},
        "notify": {"channel": "#ops"},
    }
    wj = run_one(launch(wf, node_survey_data=answers))
    assert wj.status == "successful"
    nodes = node_jobs(wj)
    for identifier, expected in answers.items():
        job = nodes[identifier].job
        assert job.status == "successful"
        assert job.decrypted_extra_vars() == expected  # that node's answers, nothing else
        assert job.launch_type == "workflow"
    assert "deploy: app=shop version=1.2.0-rc1 environment=production" in nodes["deploy"].job.result_stdout
    assert "notify #ops" in nodes["notify"].job.result_stdout
    # node jobs ran in order: build, then deploy, then notify
    assert nodes["build"].job.finished <= nodes["deploy"].job.started
    assert nodes["deploy"].job.finished <= nodes["notify"].job.started


@pytest.mark.django_db
def test_workflow_failure_edge_and_skipped_nodes(job_template_factory, workflow_factory):
    wf = release_workflow(job_template_factory, workflow_factory)
    wj = run_one(
        launch(
            wf,
            node_survey_data={
                "build": {"version": "9.9", "fail_build": "yes"},
                "deploy": {"version": "9.9", "environment_name": "staging"},
                "notify": {"channel": "#ops"},
            },
        )
    )
    nodes = node_jobs(wj)
    assert nodes["build"].job.status == "failed"
    assert nodes["deploy"].job is None and nodes["deploy"].do_not_run
    assert nodes["notify"].job.status == "successful"  # the failure edge ran
    assert wj.status == "successful"  # the failure was handled, as in the controller


@pytest.mark.django_db
def test_workflow_fails_on_an_unhandled_node_failure(job_template_factory, workflow_factory):
    bad = job_template_factory(playbook="always_fail.yml")
    after = job_template_factory(playbook="hello.yml")
    wj = run_one(launch(workflow_factory(nodes={"first": bad, "second": after})))
    nodes = node_jobs(wj)
    assert wj.status == "failed"
    assert nodes["first"].job.status == "failed"
    assert nodes["second"].do_not_run and nodes["second"].job is None


@pytest.mark.django_db(transaction=True)
def test_claims_skip_rows_locked_by_another_worker(job_template_factory):
    assert connection.vendor == "postgresql"  # the suite's database; row locks are PostgreSQL's
    jt = job_template_factory(playbook="hello.yml")
    first, second = launch(jt), launch(jt)
    locked, release = threading.Event(), threading.Event()

    def other_worker():
        try:
            with transaction.atomic():
                dh.UnifiedJob.objects.select_for_update().get(pk=first.pk)
                locked.set()
                release.wait(10)
        finally:
            connection.close()

    holder = threading.Thread(target=other_worker)
    holder.start()
    assert locked.wait(10)
    try:
        claimed = Worker(log=lambda msg: None).claim()
    finally:
        release.set()
        holder.join()
    assert claimed.pk == second.pk and claimed.status == "waiting"
    assert isinstance(claimed, dh.Job)
    first.refresh_from_db()
    assert first.status == "pending"


@pytest.mark.django_db(transaction=True)
def test_request_follows_the_job_the_worker_runs(catalog_item_factory, job_template_factory, alice):
    jt = job_template_factory(playbook="ping.yml", survey_spec=[{"variable": "note", "required": False}])
    item = catalog_item_factory(jt, requires_approval=False)
    sr = lifecycle.submit(item, alice, justification="check", extra_vars={"note": "hi"})
    sr.refresh_from_db()
    assert sr.status == "running" and sr.job_id
    assert Worker(log=lambda msg: None).run_once()
    sr.refresh_from_db()
    assert sr.status == "successful"  # post_save on the Job, after commit
