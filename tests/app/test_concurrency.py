"""At most one launch whatever the concurrency (DESIGN.md "Request
lifecycle"): approvers in threads, each with its own database connection,
race on one request."""

import threading

import pytest
from django.db import connection, connections

from forge_catalog import _core, lifecycle
from forge_catalog.devhost import models as dh
from forge_catalog.exceptions import Conflict
from forge_catalog.models import ServiceRequest, ServiceRequestEvent

THREADS = 8


def race(sr, approvers):
    barrier = threading.Barrier(len(approvers))
    outcomes = []
    lock = threading.Lock()

    def vote(user):
        try:
            barrier.wait(timeout=30)
            lifecycle.approve(ServiceRequest(pk=sr.pk), user)
            result = "approved"
        except (_core.TransitionError, Conflict) as exc:
            result = type(exc).__name__
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            result = repr(exc)
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=vote, args=(u,)) for u in approvers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return outcomes


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("required", [1, 3])
def test_concurrent_approvals_launch_exactly_one_job(
    required, catalog_item_factory, team, request_factory, user_factory, organization
):
    approvers = []
    for i in range(THREADS):
        user = user_factory(f"approver{i}")
        organization.members.add(user)
        team.members.add(user)
        approvers.append(user)
    item = catalog_item_factory(requires_approval=True, approver_team=team, approvals_required=required)
    sr = request_factory(item)
    assert connection.vendor == "postgresql"

    outcomes = race(sr, approvers)

    assert len(outcomes) == THREADS
    assert outcomes.count("approved") == required, outcomes
    assert outcomes.count("TransitionError") == THREADS - required, outcomes
    sr.refresh_from_db()
    assert sr.status == "running"
    assert dh.UnifiedJob.objects.count() == 1
    assert sr.job_id == dh.Job.objects.get().pk
    assert sr.approvals.count() == required
    assert ServiceRequestEvent.objects.filter(request_id_value=sr.pk, event="launched").count() == 1
