"""Job status writes are conditional and leases decide what a reaper may
touch (issue 7 item 3): a final status is never overwritten, by the worker
or by the devhost's cancel(); reaping touches only jobs whose lease expired,
never a live worker's."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db.models.signals import post_save
from django.utils import timezone

from forge_catalog.devhost import models as dh
from forge_catalog.devhost.reaper import reap_job, reap_lost_jobs
from forge_catalog.devhost.worker import CLAIMED, Lease, Worker


def launch(jt, **kwargs):
    job = jt.create_unified_job(**kwargs)
    assert job.signal_start()
    return job


def started(job, worker):
    """``job`` claimed by ``worker`` and running, as mid-playbook."""
    claimed = worker.claim()
    assert claimed.pk == job.pk
    assert worker.write(claimed, ("waiting",), status="running", started=timezone.now())
    return claimed


def expire_lease(job):
    dh.UnifiedJob.objects.filter(pk=job.pk).update(lease_expires=timezone.now() - timedelta(seconds=1))


@pytest.fixture
def worker():
    return Worker(log=lambda msg: None)


@pytest.fixture
def saves():
    """Status saves that reached post_save, as (pk, status)."""
    seen = []

    def record(sender, instance, update_fields=None, **kwargs):
        if update_fields is None or "status" in update_fields:
            seen.append((instance.pk, instance.status))

    for model in (dh.Job, dh.WorkflowJob):
        post_save.connect(record, sender=model, dispatch_uid=f"test-saves-{model.__name__}")
    yield seen
    for model in (dh.Job, dh.WorkflowJob):
        post_save.disconnect(sender=model, dispatch_uid=f"test-saves-{model.__name__}")


@pytest.mark.django_db
def test_a_final_status_is_never_overwritten_and_a_lost_write_fires_nothing(job_template_factory, saves):
    job = launch(job_template_factory())
    stale = dh.Job.objects.get(pk=job.pk)
    assert job.save_if_status(("pending",), status="failed", finished=timezone.now())
    for status in ("successful", "running", "canceled"):
        assert not stale.save_if_status(dh.ACTIVE_STATUSES, status=status)
        assert stale.status == "failed"  # re-read from the database
    assert dh.Job.objects.get(pk=job.pk).status == "failed"
    # post_save as the controller sends it, for the writes that won only
    assert saves == [(job.pk, "new"), (job.pk, "pending"), (job.pk, "failed")]


@pytest.mark.django_db
def test_the_worker_never_overwrites_a_job_reaped_behind_it(
    request_factory, worker, django_capture_on_commit_callbacks
):
    sr = request_factory()
    job = started(dh.Job.objects.get(pk=sr.job_id), worker)
    expire_lease(job)  # as if this worker had stalled past its lease
    with django_capture_on_commit_callbacks(execute=True):
        assert [j.pk for j in reap_lost_jobs()] == [job.pk]
        # The playbook ends well after all: the reaper's verdict stands.
        assert not worker.write(job, CLAIMED, status="successful", finished=timezone.now())
    job.refresh_from_db()
    assert job.status == "failed" and "stopped renewing its lease" in job.job_explanation
    sr.refresh_from_db()
    assert sr.status == "failed"


@pytest.mark.django_db
def test_a_worker_writes_only_its_own_jobs(job_template_factory, worker):
    job = started(launch(job_template_factory()), worker)
    other = Worker(log=lambda msg: None)
    assert not other.write(job, CLAIMED, status="successful")
    assert dh.Job.objects.get(pk=job.pk).status == "running"


@pytest.mark.django_db
def test_cancel_from_a_stale_pending_copy_does_not_overwrite_a_started_job(job_template_factory, worker):
    job = launch(job_template_factory())
    stale = dh.Job.objects.get(pk=job.pk)  # read while pending, e.g. by a request's cancel
    started(job, worker)
    assert stale.cancel()
    current = dh.Job.objects.get(pk=job.pk)
    # Still running, with the flag its worker polls: the worker ends it.
    assert (current.status, current.cancel_flag) == ("running", True)
    assert worker.write(current, CLAIMED, status="canceled", finished=timezone.now())


@pytest.mark.django_db
def test_cancel_from_a_stale_copy_leaves_a_finished_job_alone(job_template_factory, worker):
    job = launch(job_template_factory())
    stale = dh.Job.objects.get(pk=job.pk)
    running = started(job, worker)
    assert worker.write(running, CLAIMED, status="successful", finished=timezone.now())
    assert not stale.cancel()
    current = dh.Job.objects.get(pk=job.pk)
    assert (current.status, current.cancel_flag) == ("successful", False)


@pytest.mark.django_db
def test_cancel_of_a_claimed_job_stops_it_before_it_runs(job_template_factory, worker):
    launch(job_template_factory())
    job = worker.claim()
    dh.Job.objects.get(pk=job.pk).cancel()
    assert worker.run_job(job) == "canceled"
    assert dh.Job.objects.get(pk=job.pk).started is None  # never ran


def reap_command():
    out = io.StringIO()
    call_command("devhost_worker", "--reap", "--once", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_reap_touches_only_expired_leases(job_template_factory, worker):
    jt = job_template_factory()
    live, lost = launch(jt), launch(jt)
    live, lost = started(live, worker), started(lost, Worker(log=lambda msg: None))
    expire_lease(lost)
    text = reap_command()
    assert f"reaped Job {lost.pk}" in text and f"Job {live.pk}" not in text
    live.refresh_from_db()
    lost.refresh_from_db()
    assert live.status == "running" and live.job_explanation == ""
    assert lost.status == "failed" and lost.finished is not None
    assert f"its worker {lost.controller_node} stopped renewing its lease" in lost.job_explanation
    assert "reaped" not in reap_command()  # once


@pytest.mark.django_db
def test_a_renewed_lease_is_not_reaped(job_template_factory, worker):
    job = started(launch(job_template_factory()), worker)
    expire_lease(job)
    listed = dh.UnifiedJob.objects.get(pk=job.pk).get_real_instance()  # the reaper's list
    assert Lease(worker.worker_id, [job.pk]).renew_if_due()  # the worker renews before the reaper writes
    assert not reap_job(listed)
    assert dh.Job.objects.get(pk=job.pk).status == "running"


@pytest.mark.django_db
def test_reaping_keeps_an_earlier_explanation(job_template_factory, worker):
    job = started(launch(job_template_factory()), worker)
    dh.UnifiedJob.objects.filter(pk=job.pk).update(job_explanation="Canceled on request.")
    expire_lease(job)
    reap_lost_jobs()
    assert dh.Job.objects.get(pk=job.pk).job_explanation.startswith("Canceled on request. Job reaped:")


@pytest.mark.django_db
def test_pending_and_unclaimed_jobs_are_never_reaped(job_template_factory):
    jt = job_template_factory()
    pending = launch(jt)
    new = jt.create_unified_job()
    dh.UnifiedJob.objects.update(lease_expires=timezone.now() - timedelta(hours=1))
    assert reap_lost_jobs() == []
    assert {j.status for j in dh.UnifiedJob.objects.filter(pk__in=[pending.pk, new.pk])} == {"pending", "new"}
