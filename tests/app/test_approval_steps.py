"""Serial approval steps, separation of duties and the needs-info round
(issue 12 items 1 and 3; docs/approvals.md), through the real lifecycle."""

from datetime import timedelta

import pytest

from forge_catalog import _core, approval, authz, lifecycle, notify
from forge_catalog.devhost import models as dh
from forge_catalog.exceptions import NotVisible, PermissionDenied
from forge_catalog.models import ServiceRequestApproval, ServiceRequestEvent


@pytest.fixture
def emitted(monkeypatch):
    """Every notify.emit call (also those of notify.on_move) as (request id,
    kind, step position)."""
    calls = []
    real = notify.emit

    def record(request, kind, *, step=None, **kwargs):
        rows = real(request, kind, step=step, **kwargs)
        if step is None and request.current_step_id is not None:
            step = request.current_step  # what notify tells: the waiting step
        calls.append((request.pk, kind, None if step is None else step.position))
        return rows

    monkeypatch.setattr(notify, "emit", record)
    return calls


@pytest.fixture
def people(user_factory, organization, team):
    """security (team, quorum 2): sec1, sec2, both; operations (second
    team, quorum 1): ops, both."""
    ops_team = dh.Team.objects.create(organization=organization, name="operations")
    made = {}
    for name, teams in {
        "sec1": [team],
        "sec2": [team],
        "ops": [ops_team],
        "both": [team, ops_team],
    }.items():
        user = user_factory(name)
        organization.members.add(user)
        for t in teams:
            t.members.add(user)
        made[name] = user
    made["ops_team"] = ops_team
    return made


@pytest.fixture
def two_step(catalog_item_factory, job_template_factory, team, people):
    jt = job_template_factory(survey_spec=[{"variable": "size", "type": "integer", "min": 1, "max": 9}])
    item = catalog_item_factory(jt, requires_approval=True, approver_team=team)
    approval.replace_item_steps(
        item,
        [
            {"title": "Security", "approver_team": team, "quorum": 2},
            {"title": "Operations", "approver_team": people["ops_team"], "quorum": 1},
        ],
    )
    return item


def submit(item, user, size=3):
    return lifecycle.submit(item, user, justification="need it", extra_vars={"size": size})


def plan_states(sr):
    return [s.state for s in approval.plan(sr)]


def test_two_steps_with_quorum_then_launch(two_step, alice, people, emitted):
    sr = submit(two_step, alice)
    assert sr.status == "pending_approval" and plan_states(sr) == ["pending", "waiting"]
    lifecycle.approve(sr, people["sec1"], "ok 1")
    sr.refresh_from_db()
    assert sr.status == "pending_approval" and sr.current_step.position == 0
    lifecycle.approve(sr, people["sec2"], "ok 2")
    sr.refresh_from_db()
    assert sr.status == "pending_approval" and sr.current_step.position == 1
    assert plan_states(sr) == ["approved", "pending"]
    lifecycle.approve(sr, people["ops"], "go")
    sr.refresh_from_db()
    assert sr.status == "running" and sr.job_id is not None and sr.current_step is None
    assert plan_states(sr) == ["approved", "approved"]
    kinds = [(kind, step) for pk, kind, step in emitted if pk == sr.pk]
    assert kinds == [("approval_needed", 0), ("approval_needed", 1), ("approved", 1), ("launched", None)]
    events = list(ServiceRequestEvent.objects.filter(request_id_value=sr.pk, event="approve"))
    assert [e.step_position for e in events] == [0, 0, 1]


def test_a_later_step_s_approver_cannot_decide_early(two_step, alice, people):
    sr = submit(two_step, alice)
    with pytest.raises(PermissionDenied) as refused:
        lifecycle.approve(sr, people["ops"])
    assert refused.value.code == "not_approver"
    assert ServiceRequestApproval.objects.filter(request=sr).count() == 0


def test_nobody_approves_two_steps(two_step, alice, people):
    sr = submit(two_step, alice)
    lifecycle.approve(sr, people["both"])
    lifecycle.approve(sr, people["sec1"])
    sr.refresh_from_db()
    assert sr.current_step.position == 1
    with pytest.raises(PermissionDenied) as refused:
        lifecycle.approve(sr, people["both"])
    assert refused.value.code == "approved_other_step"
    # Refusing is no second approval: the same person may still reject.
    lifecycle.reject(sr, people["both"], "changed my mind")
    sr.refresh_from_db()
    assert sr.status == "rejected" and plan_states(sr) == ["approved", "rejected"]


def test_requester_approves_no_step(two_step, people, settings):
    settings.FORGE_CATALOG = {**settings.FORGE_CATALOG, "ALLOW_SELF_APPROVAL": False}
    sr = submit(two_step, people["sec1"])
    with pytest.raises(PermissionDenied) as refused:
        lifecycle.approve(sr, people["sec1"])
    assert refused.value.code == "self_approval"


def test_second_vote_at_the_same_step_is_409(two_step, alice, people):
    sr = submit(two_step, alice)
    lifecycle.approve(sr, people["sec1"])
    with pytest.raises(_core.TransitionError):
        lifecycle.approve(sr, people["sec1"])


def test_rejection_at_any_step_ends_it(two_step, alice, people, emitted):
    sr = submit(two_step, alice)
    lifecycle.approve(sr, people["sec1"])
    lifecycle.approve(sr, people["sec2"])
    lifecycle.reject(sr, people["ops"], "not now")
    sr.refresh_from_db()
    assert sr.status == "rejected" and sr.current_step is None
    assert "rejected" in [kind for pk, kind, _ in emitted if pk == sr.pk]
    with pytest.raises(_core.TransitionError):
        lifecycle.approve(sr, people["ops"])


def test_policy_copied_at_submit_is_not_changed_by_later_edits(two_step, alice, people, team):
    sr = submit(two_step, alice)
    approval.replace_item_steps(two_step, [{"approver_team": None, "quorum": 5}])
    assert [(s.title, s.quorum) for s in approval.plan(sr)] == [("Security", 2), ("Operations", 1)]


def test_seed_shorthand_is_one_step(catalog_item_factory, team, alice, approver, bob, organization):
    team.members.add(bob)
    item = catalog_item_factory(requires_approval=True, approver_team=team, approvals_required=2)
    sr = lifecycle.submit(item, alice)
    assert [(s.approver_team_id, s.quorum, s.state) for s in approval.plan(sr)] == [(team.pk, 2, "pending")]
    lifecycle.approve(sr, approver)
    lifecycle.approve(sr, bob)
    sr.refresh_from_db()
    assert sr.status == "running"


def test_org_admin_step(catalog_item_factory, alice, org_admin, approver, team):
    item = catalog_item_factory(requires_approval=True, approver_team=team)
    approval.replace_item_steps(item, [{"approver_team": None, "quorum": 1}])
    sr = lifecycle.submit(item, alice)
    # The item's old shorthand team is no party: the request's plan rules.
    with pytest.raises(NotVisible):
        lifecycle.approve(sr, approver)
    lifecycle.approve(sr, org_admin)
    sr.refresh_from_db()
    assert sr.status == "running"


# -- needs information ----------------------------------------------------------


def test_question_is_required(two_step, alice, people):
    sr = submit(two_step, alice)
    with pytest.raises(_core.ValidationError) as invalid:
        lifecycle.request_info(sr, people["sec1"], "   ")
    assert [e["path"] for e in invalid.value.errors] == ["question"]
    sr.refresh_from_db()
    assert sr.status == "pending_approval"


def test_needs_info_round_trip_keeps_votes_when_nothing_changed(two_step, alice, people, emitted):
    sr = submit(two_step, alice)
    lifecycle.approve(sr, people["sec1"])
    lifecycle.request_info(sr, people["sec2"], "Why 3?")
    sr.refresh_from_db()
    assert sr.status == "needs_info" and sr.current_step.position == 0
    # Nobody decides what waits for the requester.
    with pytest.raises(_core.TransitionError):
        lifecycle.approve(sr, people["sec2"])
    with pytest.raises(_core.TransitionError):
        lifecycle.reject(sr, people["sec2"], "no")
    assert authz.request_actions(people["sec2"], sr)["can_approve"] is False
    assert authz.request_actions(alice, sr)["can_answer"] is True
    lifecycle.resubmit(sr, alice, reply="Because the load doubled.", justification="need it, load x2")
    sr.refresh_from_db()
    assert sr.status == "pending_approval" and sr.justification == "need it, load x2"
    assert approval.live_votes(sr, sr.current_step).count() == 1  # sec1's vote stands
    lifecycle.approve(sr, people["sec2"])
    sr.refresh_from_db()
    assert sr.current_step.position == 1
    kinds = [kind for pk, kind, _ in emitted if pk == sr.pk]
    assert kinds == ["approval_needed", "needs_info", "approval_needed", "approval_needed"]
    timeline = list(
        ServiceRequestEvent.objects.filter(request_id_value=sr.pk).values_list("event", "comment")
    )
    assert ("request_info", "Why 3?") in timeline
    assert ("resubmit", "Because the load doubled.") in timeline


def test_changed_answers_withdraw_the_step_s_votes(two_step, alice, people):
    sr = submit(two_step, alice, size=3)
    lifecycle.approve(sr, people["sec1"], "fine for 3")
    lifecycle.request_info(sr, people["sec2"], "Is 3 enough?")
    lifecycle.resubmit(sr, alice, reply="No, 5.", extra_vars={"size": 5})
    sr.refresh_from_db()
    assert sr.extra_vars == {"size": 5}
    vote = ServiceRequestApproval.objects.get(request=sr, user=people["sec1"])
    assert vote.withdrawn_at is not None
    assert approval.live_votes(sr, sr.current_step).count() == 0
    assert ServiceRequestEvent.objects.filter(request_id_value=sr.pk, event="vote_withdrawn").count() == 1
    # The withdrawn approver may vote again, on the values they now see.
    lifecycle.approve(sr, people["sec1"], "fine for 5")
    lifecycle.approve(sr, people["sec2"])
    sr.refresh_from_db()
    assert sr.current_step.position == 1


def test_resubmitted_answers_are_validated_again(two_step, alice, people):
    sr = submit(two_step, alice)
    lifecycle.request_info(sr, people["sec1"], "size?")
    with pytest.raises(_core.ValidationError) as invalid:
        lifecycle.resubmit(sr, alice, reply="50", extra_vars={"size": 50})
    assert [e["path"] for e in invalid.value.errors] == ["extra_vars.size"]
    sr.refresh_from_db()
    assert sr.status == "needs_info" and sr.extra_vars == {"size": 3}


def test_only_the_requester_answers(two_step, alice, people):
    sr = submit(two_step, alice)
    lifecycle.request_info(sr, people["sec1"], "size?")
    with pytest.raises(PermissionDenied) as refused:
        lifecycle.resubmit(sr, people["sec1"], reply="I answer for alice")
    assert refused.value.code == "not_requester"


def test_resubmit_of_a_pending_request_is_409(two_step, alice):
    sr = submit(two_step, alice)
    with pytest.raises(_core.TransitionError):
        lifecycle.resubmit(sr, alice, reply="nobody asked")


def test_needs_info_can_be_canceled_and_deleted(two_step, alice, people):
    sr = submit(two_step, alice)
    lifecycle.request_info(sr, people["sec1"], "size?")
    lifecycle.cancel(sr, alice)
    sr.refresh_from_db()
    assert sr.status == "canceled" and plan_states(sr) == ["canceled", "waiting"]


def test_entered_steps_record_their_deadline(two_step, alice, people):
    two_step.expire_after = 3600
    two_step.save(update_fields=["expire_after"])
    sr = submit(two_step, alice)
    first = approval.plan(sr)[0]
    # Whole seconds: the core's clock counts in epoch seconds.
    assert first.expires_at == first.entered_at.replace(microsecond=0) + timedelta(seconds=3600)
    lifecycle.approve(sr, people["sec1"])
    lifecycle.approve(sr, people["sec2"])
    second = approval.plan(sr)[1]
    assert second.state == "pending"
    assert second.expires_at == second.entered_at.replace(microsecond=0) + timedelta(seconds=3600)
