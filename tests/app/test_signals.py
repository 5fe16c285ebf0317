"""Job status -> request status through real save() calls (awx-facts.md
"post_save"), and the reconcile command for saves nobody heard."""

import io

import pytest
from django.core.management import call_command
from django.db.models.signals import post_save

from forge_catalog import signals
from forge_catalog.devhost import models as dh
from forge_catalog.models import ServiceRequestEvent


def finish(job, status):
    job.status = status
    job.save(update_fields=["status"])


def test_receivers_listen_to_every_unified_job_class():
    for model in (dh.UnifiedJob, dh.Job, dh.WorkflowJob):
        assert post_save.has_listeners(model), model


@pytest.mark.parametrize(
    "job_status, request_status",
    [("successful", "successful"), ("failed", "failed"), ("error", "failed"), ("canceled", "canceled")],
)
def test_job_save_drives_request(
    request_factory, django_capture_on_commit_callbacks, job_status, request_status
):
    sr = request_factory()
    job = dh.Job.objects.get(pk=sr.job_id)
    for status in ("waiting", "running"):
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            finish(job, status)
        assert callbacks == []  # non-terminal: nothing scheduled
    sr.refresh_from_db()
    assert sr.status == "running"
    with django_capture_on_commit_callbacks(execute=True):
        finish(job, job_status)
    sr.refresh_from_db()
    assert sr.status == request_status
    ev = ServiceRequestEvent.objects.filter(request_id_value=sr.pk).last()
    assert (ev.event, ev.from_state, ev.to_state, ev.job_id_value) == (
        "job_status",
        "running",
        request_status,
        job.pk,
    )


def test_workflow_job_save_drives_request(
    request_factory,
    catalog_item_factory,
    job_template_factory,
    workflow_factory,
    django_capture_on_commit_callbacks,
):
    wfjt = workflow_factory(nodes={"one": job_template_factory()})
    sr = request_factory(catalog_item_factory(wfjt))
    wj = dh.WorkflowJob.objects.get(pk=sr.job_id)
    with django_capture_on_commit_callbacks(execute=True):
        finish(wj, "successful")
    sr.refresh_from_db()
    assert sr.status == "successful"


def test_sync_waits_for_commit(request_factory, django_capture_on_commit_callbacks):
    sr = request_factory()
    job = dh.Job.objects.get(pk=sr.job_id)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        finish(job, "successful")
    sr.refresh_from_db()
    assert sr.status == "running"  # not before the controller's transaction commits
    assert len(callbacks) == 1
    callbacks[0]()
    sr.refresh_from_db()
    assert sr.status == "successful"


def test_non_terminal_save_costs_no_query(request_factory, django_assert_num_queries):
    sr = request_factory()
    job = dh.Job.objects.get(pk=sr.job_id)
    job.status = "running"
    with django_assert_num_queries(0):
        signals.job_saved(sender=dh.Job, instance=job, created=False)
    # The whole save costs the same with and without the receiver.
    with django_assert_num_queries(1):
        job.save(update_fields=["status"])


def test_unknown_status_is_ignored_without_a_query(request_factory, django_assert_num_queries):
    """A status the core does not know (a derived controller's own) must not
    break the controller's save, nor cost a query."""
    sr = request_factory()
    job = dh.Job.objects.get(pk=sr.job_id)
    job.status = "paused_by_operator"
    with django_assert_num_queries(0):
        signals.job_saved(dh.Job, job, update_fields={"status"})
    sr.refresh_from_db()
    assert sr.status == "running"


def test_a_failing_sync_does_not_fail_the_controllers_commit(
    request_factory, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    from forge_catalog import lifecycle

    def broken(job_id, job_status):
        raise RuntimeError("database went away")

    monkeypatch.setattr(lifecycle, "sync_status_for_job_id", broken)
    sr = request_factory()
    job = dh.Job.objects.get(pk=sr.job_id)
    with django_capture_on_commit_callbacks(execute=True):
        finish(job, "successful")
    assert "reconcile repairs it" in caplog.text
    sr.refresh_from_db()
    assert sr.status == "running"  # left for forge_catalog_reconcile


def test_saves_not_touching_status_cost_nothing(request_factory, django_capture_on_commit_callbacks):
    sr = request_factory()
    job = dh.Job.objects.get(pk=sr.job_id)
    job.status = "successful"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job.save(update_fields=["result_stdout"])  # status in memory, not saved
    assert callbacks == []


def test_terminal_save_costs_one_query_when_nothing_is_linked(
    job_template_factory, django_capture_on_commit_callbacks, django_assert_num_queries
):
    job = job_template_factory().create_unified_job()
    job.status = "successful"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        signals.job_saved(sender=dh.Job, instance=job, created=False)
    with django_assert_num_queries(1):
        callbacks[0]()


def test_finished_request_ignores_later_saves(request_factory, django_capture_on_commit_callbacks):
    sr = request_factory()
    job = dh.Job.objects.get(pk=sr.job_id)
    with django_capture_on_commit_callbacks(execute=True):
        finish(job, "failed")
        finish(job, "successful")
    sr.refresh_from_db()
    assert sr.status == "failed"


def test_reconcile_repairs_requests_whose_job_finished_unheard(
    request_factory, django_capture_on_commit_callbacks
):
    done, running = request_factory(), request_factory()
    signals.disconnect_job_receivers()
    try:
        with django_capture_on_commit_callbacks(execute=True):
            finish(dh.Job.objects.get(pk=done.job_id), "successful")
            finish(dh.Job.objects.get(pk=running.job_id), "running")
    finally:
        signals.connect_job_receivers()
    done.refresh_from_db()
    assert done.status == "running"  # nobody heard the save
    out = io.StringIO()
    call_command("forge_catalog_reconcile", "--dry-run", stdout=out)
    done.refresh_from_db()
    assert done.status == "running" and "would repair 1" in out.getvalue()
    call_command("forge_catalog_reconcile", stdout=out)
    done.refresh_from_db()
    running.refresh_from_db()
    assert (done.status, running.status) == ("successful", "running")
    assert "repaired 1 request(s)" in out.getvalue()


@pytest.mark.parametrize("launch_type", ["workflow", "scheduled", "relaunch", "dependency", "sync", "scm"])
def test_terminal_save_of_a_job_the_catalog_did_not_launch_costs_no_query(
    job_template_factory, django_capture_on_commit_callbacks, django_assert_num_queries, launch_type
):
    """Only the catalog's own launches (launch_type "manual") can be linked:
    a workflow's node job, a scheduled run or an update schedules nothing."""
    job = job_template_factory().create_unified_job(_eager_fields={"launch_type": launch_type})
    job.status = "successful"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        with django_assert_num_queries(0):
            signals.job_saved(sender=dh.Job, instance=job, created=False)
    assert callbacks == []


def test_workflow_node_jobs_leave_the_request_to_its_workflow_job(
    request_factory,
    catalog_item_factory,
    job_template_factory,
    workflow_factory,
    django_capture_on_commit_callbacks,
):
    wfjt = workflow_factory(nodes={"one": job_template_factory()})
    sr = request_factory(catalog_item_factory(wfjt))
    wj = dh.WorkflowJob.objects.get(pk=sr.job_id)
    node = wj.workflow_job_nodes.get()
    node_job = node.unified_job_template.create_unified_job(**node.get_job_kwargs())
    assert node_job.launch_type == "workflow"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        finish(node_job, "successful")
    assert callbacks == []
    with django_capture_on_commit_callbacks(execute=True):
        finish(wj, "successful")
    sr.refresh_from_db()
    assert sr.status == "successful"


def test_a_job_saved_without_its_launch_type_loaded_still_drives_the_request(
    request_factory, django_capture_on_commit_callbacks
):
    sr = request_factory()
    job = dh.Job.objects.only("status").get(pk=sr.job_id)
    assert "launch_type" not in job.__dict__
    with django_capture_on_commit_callbacks(execute=True):
        finish(job, "successful")
    sr.refresh_from_db()
    assert sr.status == "successful"


def _finish_elsewhere(job_id, status, *, atomic):
    """The controller's dispatcher finishing a job: another process in AWX,
    here another thread, so another database connection. It loads the row
    and saves the final status with update_fields, inside a transaction
    (``atomic``, as AWX's update_model does) or in autocommit."""
    import threading

    from django.db import connection, transaction
    from django.utils import timezone

    errors = []

    def run():
        try:
            job = dh.Job.objects.get(pk=job_id)
            job.status, job.finished = status, timezone.now()
            if atomic:
                with transaction.atomic():
                    job.save(update_fields=["modified", "status", "finished"])
            else:
                job.save(update_fields=["modified", "status", "finished"])
        except Exception as exc:  # noqa: BLE001 - reported to the test below
            errors.append(exc)
        finally:
            connection.close()

    worker = threading.Thread(target=run)
    worker.start()
    worker.join()
    assert errors == []


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("atomic", [True, False], ids=["in-transaction", "autocommit"])
@pytest.mark.parametrize("job_status, request_status", [("successful", "successful"), ("error", "failed")])
def test_a_job_finished_on_another_connection_moves_its_running_request(
    request_factory, atomic, job_status, request_status
):
    """A request must never stick in running: the final save from another
    connection (committed, no test-captured on_commit) still reaches it."""
    sr = request_factory()
    assert sr.status == "running"
    _finish_elsewhere(sr.job_id, job_status, atomic=atomic)
    sr.refresh_from_db()
    assert sr.status == request_status
