"""forge_catalog_reconcile on requests that can never move by themselves:
running with their job deleted, approved with their launch interrupted. They
become failed with the reason and an audit event (DESIGN.md "Request
lifecycle"). Requests whose finished job went unheard: test_signals.py.
Jobs whose worker is gone are reaped first, and their requests follow."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from forge_catalog import lifecycle
from forge_catalog.devhost import models as dh
from forge_catalog.models import ServiceRequest, ServiceRequestEvent


def reconcile(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("forge_catalog_reconcile", *args, stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


@pytest.fixture
def job_lost(request_factory):
    sr = request_factory()
    assert sr.status == "running"
    dh.Job.objects.get(pk=sr.job_id).delete()  # the controller's cleanup: job_id becomes NULL
    sr.refresh_from_db()
    assert sr.job_id is None
    return sr


@pytest.fixture
def launch_interrupted(request_factory, catalog_item_factory):
    sr = request_factory(catalog_item_factory(requires_approval=True))
    # The state an approval leaves if the process died between committing
    # 'approved' and recording the launch (an older release, a manual edit).
    ServiceRequest.objects.filter(pk=sr.pk).update(status="approved")
    sr.refresh_from_db()
    return sr


def _events(sr):
    return list(
        ServiceRequestEvent.objects.filter(request_id_value=sr.pk)
        .order_by("id")
        .values_list("event", "from_state", "to_state", "reason", "actor_name")
    )


def test_dry_run_reports_and_changes_nothing(job_lost, launch_interrupted):
    before = ServiceRequestEvent.objects.count()
    text = reconcile("--dry-run")
    assert f"request {job_lost.pk}: running, its job was deleted: would fail it" in text
    assert f"request {launch_interrupted.pk}: approved, its launch never completed: would fail it" in text
    assert "would repair 2 request(s)" in text
    assert [ServiceRequest.objects.get(pk=sr.pk).status for sr in (job_lost, launch_interrupted)] == [
        "running",
        "approved",
    ]
    assert ServiceRequestEvent.objects.count() == before


def test_running_request_whose_job_was_deleted_fails_with_the_reason(job_lost):
    text = reconcile()
    assert "repaired 1 request(s)" in text
    job_lost.refresh_from_db()
    assert job_lost.status == "failed"
    assert job_lost.failure_reason == lifecycle.LOST_JOB_REASON
    assert _events(job_lost)[-1] == ("job_status", "running", "failed", lifecycle.LOST_JOB_REASON, "")


def test_approved_request_whose_launch_was_interrupted_fails_without_launching(launch_interrupted):
    jobs = dh.UnifiedJob.objects.count()
    text = reconcile()
    assert "repaired 1 request(s)" in text
    launch_interrupted.refresh_from_db()
    assert (launch_interrupted.status, launch_interrupted.job_id) == ("failed", None)
    assert launch_interrupted.failure_reason == lifecycle.INTERRUPTED_LAUNCH_REASON
    assert _events(launch_interrupted)[-1] == (
        "launch_failed",
        "approved",
        "failed",
        lifecycle.INTERRUPTED_LAUNCH_REASON,
        "",
    )
    assert dh.UnifiedJob.objects.count() == jobs  # never launched a second time


def test_second_run_finds_nothing(job_lost, launch_interrupted):
    reconcile()
    events = ServiceRequestEvent.objects.count()
    assert "repaired 0 request(s)" in reconcile()
    assert ServiceRequestEvent.objects.count() == events


def test_healthy_requests_are_left_alone(request_factory, catalog_item_factory):
    running = request_factory()
    pending = request_factory(catalog_item_factory(requires_approval=True))
    assert "repaired 0 request(s)" in reconcile()
    assert ServiceRequest.objects.get(pk=running.pk).status == "running"
    assert ServiceRequest.objects.get(pk=pending.pk).status == "pending_approval"


def test_fail_stranded_re_reads_under_the_lock(job_lost, request_factory):
    # Moved by someone else since it was listed: nothing to do.
    ServiceRequest.objects.filter(pk=job_lost.pk).update(status="canceled")
    assert lifecycle.fail_stranded(job_lost.pk) is None
    assert ServiceRequest.objects.get(pk=job_lost.pk).status == "canceled"
    # Running with its job: not stranded (the job's status will come).
    assert lifecycle.fail_stranded(request_factory().pk) is None
    assert lifecycle.fail_stranded(10**9) is None  # deleted meanwhile


def test_approved_with_a_job_is_reported_not_touched(request_factory):
    sr = request_factory()
    ServiceRequest.objects.filter(pk=sr.pk).update(status="approved")
    text = reconcile()
    assert "1 request(s) in 'approved' with a job; left as is" in text
    assert ServiceRequest.objects.get(pk=sr.pk).status == "approved"


@pytest.fixture
def job_of_a_dead_worker(request_factory):
    """A running request whose job's worker is gone: claimed, running, its
    lease expired (devhost/reaper.py)."""
    sr = request_factory()
    dh.UnifiedJob.objects.filter(pk=sr.job_id).update(
        status="running",
        controller_node="elsewhere:4242:dead",
        lease_expires=timezone.now() - timedelta(seconds=5),
    )
    return sr


def test_dry_run_reports_a_lost_job_and_reaps_nothing(job_of_a_dead_worker):
    text = reconcile("--dry-run")
    assert f"job {job_of_a_dead_worker.job_id}: would reap, its worker elsewhere:4242:dead is gone" in text
    assert dh.UnifiedJob.objects.get(pk=job_of_a_dead_worker.job_id).status == "running"
    assert ServiceRequest.objects.get(pk=job_of_a_dead_worker.pk).status == "running"


def test_a_job_whose_worker_is_gone_is_reaped_and_its_request_fails(job_of_a_dead_worker, request_factory):
    live = request_factory()
    dh.UnifiedJob.objects.filter(pk=live.job_id).update(
        status="running", controller_node="here:1:alive", lease_expires=timezone.now() + timedelta(minutes=5)
    )
    text = reconcile()
    assert f"job {job_of_a_dead_worker.job_id}: reaped, its worker elsewhere:4242:dead is gone" in text
    job = dh.UnifiedJob.objects.get(pk=job_of_a_dead_worker.job_id)
    assert job.status == "failed"
    assert "its worker elsewhere:4242:dead stopped renewing its lease" in job.job_explanation
    job_of_a_dead_worker.refresh_from_db()
    assert job_of_a_dead_worker.status == "failed"
    assert job_of_a_dead_worker.failure_reason == f"job {job.pk} failed: {job.job_explanation}"
    assert _events(job_of_a_dead_worker)[-1][:3] == ("job_status", "running", "failed")
    # A live worker's job is never touched.
    assert dh.UnifiedJob.objects.get(pk=live.job_id).status == "running"
    assert ServiceRequest.objects.get(pk=live.pk).status == "running"
