"""Concurrency of serial steps on PostgreSQL (issue 12 "Done when"): quorum
races across steps and a resubmit racing an approval. Each thread has its
own database connection; the request row lock decides."""

import threading

import pytest
from django.db import connection, connections

from forge_catalog import _core, approval, lifecycle
from forge_catalog.devhost import models as dh
from forge_catalog.exceptions import Conflict, PermissionDenied
from forge_catalog.models import ServiceRequest, ServiceRequestApproval, ServiceRequestEvent

THREADS = 8


def run_together(calls):
    """Run the callables at once; their outcomes (a name or the exception's
    class name), in any order."""
    barrier = threading.Barrier(len(calls))
    outcomes = []
    lock = threading.Lock()

    def run(call):
        try:
            barrier.wait(timeout=30)
            result = call()
        except (_core.TransitionError, Conflict, PermissionDenied) as exc:
            result = type(exc).__name__
        except Exception as exc:  # noqa: BLE001 - reported by the assertions
            result = repr(exc)
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return outcomes


@pytest.fixture
def two_teams(organization, team, user_factory):
    """THREADS approvers, each in both teams: any of them may decide either
    step, but not both."""
    second = dh.Team.objects.create(organization=organization, name="second")
    users = []
    for i in range(THREADS):
        user = user_factory(f"both{i}")
        organization.members.add(user)
        team.members.add(user)
        second.members.add(user)
        users.append(user)
    return second, users


def approve_as(sr_pk, user):
    def call():
        lifecycle.approve(ServiceRequest(pk=sr_pk), user)
        return "approved"

    return call


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("quorum", [1, 2])
def test_quorum_race_across_steps_launches_once(
    quorum, catalog_item_factory, team, two_teams, request_factory
):
    second, users = two_teams
    item = catalog_item_factory(requires_approval=True, approver_team=team)
    approval.replace_item_steps(
        item, [{"approver_team": team, "quorum": quorum}, {"approver_team": second, "quorum": quorum}]
    )
    sr = request_factory(item)
    assert connection.vendor == "postgresql"

    outcomes = run_together([approve_as(sr.pk, u) for u in users])

    # Exactly the two quorums were counted; every other approver was told the
    # request had moved on (409) or that they had decided a step (403).
    assert outcomes.count("approved") == 2 * quorum, outcomes
    assert set(outcomes) <= {"approved", "TransitionError", "PermissionDenied"}, outcomes
    sr.refresh_from_db()
    assert sr.status == "running"
    assert dh.UnifiedJob.objects.count() == 1
    assert ServiceRequestEvent.objects.filter(request_id_value=sr.pk, event="launched").count() == 1
    votes = list(ServiceRequestApproval.objects.filter(request=sr))
    by_step = {}
    for vote in votes:
        by_step.setdefault(vote.step.position, set()).add(vote.user_id)
    assert {pos: len(users_) for pos, users_ in by_step.items()} == {0: quorum, 1: quorum}
    # Separation of duties held under the race: nobody approved both steps.
    assert not (by_step[0] & by_step[1])
    assert [s.state for s in approval.plan(sr)] == ["approved", "approved"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("round_", range(3))
def test_resubmit_racing_an_approval(
    round_, catalog_item_factory, job_template_factory, team, approver, alice
):
    jt = job_template_factory(survey_spec=[{"variable": "size", "type": "integer", "min": 1, "max": 9}])
    item = catalog_item_factory(jt, requires_approval=True, approver_team=team)
    sr = lifecycle.submit(item, alice, extra_vars={"size": 2})
    lifecycle.request_info(sr, approver, "size?")

    def resubmit():
        lifecycle.resubmit(ServiceRequest(pk=sr.pk), alice, reply="3", extra_vars={"size": 3})
        return "resubmitted"

    outcomes = run_together([resubmit, approve_as(sr.pk, approver)])

    assert "resubmitted" in outcomes, outcomes
    sr.refresh_from_db()
    events = list(ServiceRequestEvent.objects.filter(request_id_value=sr.pk).values_list("event", flat=True))
    if "approved" in outcomes:
        # The approval waited for the answer and judged the new values.
        assert events.index("resubmit") < events.index("approve")
        assert sr.status == "running" and sr.extra_vars == {"size": 3}
        assert dh.UnifiedJob.objects.count() == 1
    else:
        # The approval came first and was refused: nobody decides needs_info.
        assert outcomes.count("TransitionError") == 1, outcomes
        assert "approve" not in events
        assert sr.status == "pending_approval" and sr.extra_vars == {"size": 3}
        assert dh.UnifiedJob.objects.count() == 0
