"""Decisions racing through the API (threads, one database connection each):
exactly one wins, every loser gets a clean 409, one job at most."""

import threading

import pytest
from apihelpers import body, url
from django.db import connections
from rest_framework.test import APIClient

from forge_catalog.devhost import models as dh
from forge_catalog.models import ServiceRequest


def race(calls):
    """calls: [(user, path, data)] fired together; returns [(status, body)]."""
    barrier = threading.Barrier(len(calls))
    out, lock = [], threading.Lock()

    def fire(user, path, data):
        try:
            client = APIClient()
            client.force_authenticate(user)
            barrier.wait(timeout=30)
            response = client.post(path, data, format="json")
            result = (response.status_code, body(response))
        except Exception as exc:  # noqa: BLE001 - shown by the assertions
            result = (None, repr(exc))
        finally:
            connections.close_all()
        with lock:
            out.append(result)

    threads = [threading.Thread(target=fire, args=call) for call in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return out


@pytest.fixture
def approvers(user_factory, organization, team):
    users = []
    for i in range(8):
        user = user_factory(f"racer{i}")
        organization.members.add(user)
        team.members.add(user)
        users.append(user)
    return users


@pytest.mark.django_db(transaction=True)
def test_eight_approvals_at_once_launch_one_job(api, approvers, catalog_item_factory, team, request_factory):
    item = catalog_item_factory(requires_approval=True, approver_team=team)
    sr = request_factory(item)
    path = url("service_request-approve", sr.pk)
    outcomes = race([(user, path, {"comment": user.username}) for user in approvers])
    statuses = sorted(status for status, _ in outcomes)
    assert statuses == [200] + [409] * 7, outcomes
    winner = next(data for status, data in outcomes if status == 200)
    assert winner["status"] == "running"
    assert all(data["code"] == "conflict" for status, data in outcomes if status == 409)
    sr.refresh_from_db()
    assert sr.status == "running" and sr.job_id == winner["job"]
    assert dh.UnifiedJob.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_approvals_and_rejections_at_once_leave_one_decision(
    api, approvers, alice, catalog_item_factory, team, request_factory
):
    item = catalog_item_factory(requires_approval=True, approver_team=team)
    sr = request_factory(item, alice)
    approve, reject = url("service_request-approve", sr.pk), url("service_request-reject", sr.pk)
    outcomes = race([(user, approve if i % 2 else reject, {"reason": "no"} if i % 2 == 0 else {})
                     for i, user in enumerate(approvers[:4])])  # fmt: skip
    assert sorted(status for status, _ in outcomes) == [200, 409, 409, 409], outcomes
    winner = next(data for status, data in outcomes if status == 200)
    final = ServiceRequest.objects.get(pk=sr.pk)
    assert final.status == winner["status"] in ("running", "rejected")
    assert dh.UnifiedJob.objects.count() == (1 if final.status == "running" else 0)
