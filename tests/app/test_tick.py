"""The periodic tick (forge_catalog/tick.py): expiry with each outcome,
reminders, the organization default from settings, idempotence, the
advisory lock, the management command and the devhost worker's loop."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.management import call_command
from django.db import connections
from django.test import override_settings
from django.utils import timezone

from forge_catalog import approval, expiry, lifecycle, tick
from forge_catalog.devhost import models as dh
from forge_catalog.devhost.worker import Worker
from forge_catalog.exceptions import Conflict
from forge_catalog.models import ServiceRequestEvent, ServiceRequestStep

pytestmark = pytest.mark.django_db

HOUR = 3600


def plan(sr, quorums=(1,)):
    """The request's steps, as submit makes them (the first waiting); made
    here when submit did not (before the step plan is written at submit)."""
    sr.refresh_from_db()
    if sr.current_step_id is None:
        steps = [
            ServiceRequestStep.objects.create(
                request=sr,
                position=i,
                quorum=q,
                state="pending" if i == 0 else "waiting",
                entered_at=sr.created if i == 0 else None,
            )
            for i, q in enumerate(quorums)
        ]
        type(sr).objects.filter(pk=sr.pk).update(current_step=steps[0], step_entered_at=sr.created)
        sr.refresh_from_db()
    return list(sr.steps.order_by("position"))


def events(sr, name):
    return list(ServiceRequestEvent.objects.filter(request_id_value=sr.pk, event=name))


def later(sr, seconds):
    return sr.created + timedelta(seconds=seconds)


def test_a_request_without_a_policy_is_left_alone(gated, request_factory):
    sr = request_factory(gated())
    report = tick.run(now=later(sr, 400 * 86400))
    assert report.ran and report.examined == 0  # never read: nothing can be due
    assert (report.reminded, report.expired, report.escalated, report.approved) == ([], [], [], [])
    sr.refresh_from_db()
    assert sr.status == "pending_approval"


def test_expiry_ends_it_expired_by_default_once(gated, request_factory):
    sr = request_factory(gated(expire_after=HOUR))
    (step,) = plan(sr)
    assert tick.run(now=later(sr, HOUR - 1)).expired == []
    report = tick.run(now=later(sr, HOUR))
    assert report.expired == [sr.pk]
    sr.refresh_from_db()
    step.refresh_from_db()
    assert sr.status == "expired" and step.state == "expired"
    assert sr.reason == "expired: no decision within 1 hour"
    assert sr.decided_by is None
    (event,) = events(sr, "expire")
    assert (event.from_state, event.to_state, event.actor_name) == ("pending_approval", "expired", "")
    # Idempotent: a second tick (or a second node) finds nothing to do.
    again = tick.run(now=later(sr, 2 * HOUR))
    assert again.examined == 0 and again.expired == []
    assert len(events(sr, "expire")) == 1


def test_escalation_restarts_the_clock_then_expires(gated, request_factory):
    sr = request_factory(gated(expire_after=HOUR, expiry_outcome="escalate"))
    (step,) = plan(sr)
    assert tick.run(now=later(sr, HOUR)).escalated == [sr.pk]
    sr.refresh_from_db()
    step.refresh_from_db()
    assert sr.status == "pending_approval" and step.escalated
    assert sr.step_entered_at == later(sr, HOUR)
    assert step.expires_at == later(sr, 2 * HOUR).replace(microsecond=0)  # whole seconds, as decided
    (event,) = events(sr, "expire")
    assert event.to_state == "pending_approval"
    assert "escalated to the organization's admins" in event.reason
    assert tick.run(now=later(sr, 2 * HOUR - 1)).expired == []
    assert tick.run(now=later(sr, 2 * HOUR)).expired == [sr.pk]
    sr.refresh_from_db()
    assert sr.status == "expired"


def test_an_escalated_request_is_still_decided_by_the_org_admins(gated, request_factory, org_admin):
    sr = request_factory(gated(expire_after=HOUR, expiry_outcome="escalate"))
    plan(sr)
    tick.run(now=timezone.now() + timedelta(seconds=HOUR + 5))
    sr.refresh_from_db()
    assert sr.current_step.escalated and not expiry.is_expired(sr)
    lifecycle.approve(sr, org_admin)
    sr.refresh_from_db()
    assert sr.status == "running"


def test_approve_outcome_launches_where_the_item_permits(gated, request_factory):
    item = gated(expire_after=HOUR, expiry_outcome="approve", auto_approve_allowed=True, approvals_required=2)
    sr = request_factory(item)
    (step,) = plan(sr, (2,))
    assert tick.run(now=later(sr, HOUR)).approved == [sr.pk]
    step.refresh_from_db()
    assert step.state == "approved"
    sr.refresh_from_db()
    assert sr.status == "running"
    assert dh.UnifiedJob.objects.count() == 1
    (event,) = events(sr, "expire")
    assert event.to_state == "approved" and "approved automatically" in event.reason
    assert len(events(sr, "launched")) == 1


def test_an_automatic_approval_the_changed_survey_refuses_fails_naming_the_question(
    catalog_item_factory, job_template_factory, team, request_factory
):
    # The timeline and the row show the reason: the question's label, as the
    # dialog asked it, not the variable (issue 10 item 3).
    jt = job_template_factory(survey_spec=[{"variable": "hostname", "question_name": "Host name", "max": 20}])
    item = catalog_item_factory(
        jt,
        requires_approval=True,
        approver_team=team,
        expire_after=HOUR,
        expiry_outcome="approve",
        auto_approve_allowed=True,
    )
    sr = request_factory(item, extra_vars={"hostname": "web-long-1"})
    plan(sr)
    jt.survey_spec["spec"][0]["max"] = 3
    jt.save()
    tick.run(now=later(sr, HOUR))
    sr.refresh_from_db()
    assert sr.status == "failed"
    assert "Host name must be at most 3 characters" in sr.failure_reason
    assert "hostname" not in sr.failure_reason
    (event,) = events(sr, "launch_failed")
    assert event.reason == sr.failure_reason


def test_approve_outcome_moves_to_the_next_step_with_a_fresh_clock(gated, request_factory):
    item = gated(expire_after=HOUR, expiry_outcome="approve", auto_approve_allowed=True)
    # Two steps (docs/approvals.md): submit copies them into the request.
    approval.replace_item_steps(
        item, [{"approver_team": item.approver_team, "quorum": 1}, {"approver_team": None, "quorum": 2}]
    )
    sr = request_factory(item)
    first, second = plan(sr)
    assert tick.run(now=later(sr, HOUR)).approved == [sr.pk]
    sr.refresh_from_db()
    first.refresh_from_db()
    second.refresh_from_db()
    assert sr.status == "pending_approval" and sr.current_step_id == second.pk
    assert (first.state, second.state) == ("approved", "pending")
    assert sr.step_entered_at == later(sr, HOUR)
    assert second.expires_at == later(sr, 2 * HOUR).replace(microsecond=0)
    assert dh.UnifiedJob.objects.count() == 0
    # The second step waits its own full period.
    assert tick.run(now=later(sr, 2 * HOUR - 1)).approved == []
    assert tick.run(now=later(sr, 2 * HOUR)).approved == [sr.pk]
    sr.refresh_from_db()
    assert sr.status == "running"


def test_a_needs_info_request_expires_too(gated, request_factory):
    sr = request_factory(gated(expire_after=HOUR, expiry_outcome="escalate", remind_every=600))
    plan(sr)
    type(sr).objects.filter(pk=sr.pk).update(status="needs_info")
    # No reminders to the approvers while the requester has the next move.
    assert tick.run(now=later(sr, 1200)).reminded == []
    assert tick.run(now=later(sr, HOUR)).expired == [sr.pk]
    sr.refresh_from_db()
    assert sr.status == "expired"


def test_approve_outcome_without_permission_is_refused_at_save(gated):
    with pytest.raises(DjangoValidationError) as info:
        gated(expire_after=HOUR, expiry_outcome="approve")
    assert list(info.value.message_dict) == ["expiry_outcome"]


def test_permission_withdrawn_later_rejects_instead(gated, request_factory):
    item = gated(expire_after=HOUR, expiry_outcome="approve", auto_approve_allowed=True)
    sr = request_factory(item)
    plan(sr)
    type(item).objects.filter(pk=item.pk).update(auto_approve_allowed=False)
    assert tick.run(now=later(sr, HOUR)).expired == [sr.pk]
    assert dh.UnifiedJob.objects.count() == 0


def test_reminders_at_the_interval_one_per_tick(gated, request_factory):
    sr = request_factory(gated(remind_every=HOUR))
    assert tick.run(now=later(sr, HOUR - 1)).reminded == []
    assert tick.run(now=later(sr, HOUR)).reminded == [sr.pk]
    sr.refresh_from_db()
    assert sr.last_reminded_at == later(sr, HOUR)
    assert tick.run(now=later(sr, HOUR + 10)).reminded == []
    # A late tick sends one reminder, not one per missed interval.
    assert tick.run(now=later(sr, 10 * HOUR)).reminded == [sr.pk]
    assert tick.run(now=later(sr, 10 * HOUR + 1)).reminded == []


def test_organization_default_from_settings(gated, request_factory, organization):
    by_org = {organization.name: {"expire_after": HOUR, "outcome": "reject"}}
    with override_settings(FORGE_CATALOG={"APPROVAL_EXPIRY_BY_ORGANIZATION": by_org}):
        sr = request_factory(gated())
        # The item's own field wins over the organization's default.
        own = request_factory(gated(expire_after=3 * HOUR))
        report = tick.run(now=later(sr, 2 * HOUR))
    assert report.expired == [sr.pk]
    own.refresh_from_db()
    assert own.status == "pending_approval"


def test_expired_before_any_tick_refuses_decisions(gated, request_factory, approver):
    sr = request_factory(gated(expire_after=HOUR))
    type(sr).objects.filter(pk=sr.pk).update(step_entered_at=timezone.now() - timedelta(seconds=HOUR))
    sr.refresh_from_db()
    for decide in (lambda: lifecycle.approve(sr, approver), lambda: lifecycle.reject(sr, approver, "no")):
        with pytest.raises(Conflict) as info:
            decide()
        assert info.value.code == "expired"
    sr.refresh_from_db()
    assert sr.status == "pending_approval" and sr.approvals.count() == 0


def test_batches_cover_every_request(gated, request_factory):
    item = gated(expire_after=HOUR)
    made = [request_factory(item) for _ in range(5)]
    report = tick.run(now=timezone.now() + timedelta(seconds=HOUR + 1), batch_size=2)
    assert sorted(report.expired) == sorted(sr.pk for sr in made)


def test_one_broken_request_does_not_stop_the_tick(gated, request_factory, monkeypatch):
    item = gated(expire_after=HOUR)
    first, second = request_factory(item), request_factory(item)
    real = tick._expire

    def fail_first(sr, now):
        if sr.pk == first.pk:
            raise RuntimeError("boom")
        return real(sr, now)

    monkeypatch.setattr(tick, "_expire", fail_first)
    report = tick.run(now=timezone.now() + timedelta(seconds=HOUR + 1))
    assert report.failed == [first.pk] and report.expired == [second.pk]
    first.refresh_from_db()
    assert first.status == "pending_approval"


def test_the_command_runs_a_tick(gated, request_factory, capsys):
    sr = request_factory(gated(expire_after=1))
    type(sr).objects.filter(pk=sr.pk).update(step_entered_at=timezone.now() - timedelta(seconds=5))
    call_command("forge_catalog_tick")
    assert "expired 1" in capsys.readouterr().out
    sr.refresh_from_db()
    assert sr.status == "expired"


def test_the_devhost_worker_ticks_in_its_loop(gated, request_factory):
    sr = request_factory(gated(expire_after=1))
    type(sr).objects.filter(pk=sr.pk).update(step_entered_at=timezone.now() - timedelta(seconds=5))
    worker = Worker(log=lambda msg: None)
    assert worker.tick_if_due().expired == [sr.pk]
    # Not again before TICK_INTERVAL.
    assert worker.tick_if_due() is None


@pytest.mark.django_db(transaction=True)
def test_a_node_holding_the_lock_makes_others_skip(gated, request_factory):
    sr = request_factory(gated(expire_after=1))
    other = connections.create_connection("default")
    try:
        other.set_autocommit(False)
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [tick.TICK_LOCK])
            assert cursor.fetchone()[0] is True
        report = tick.run(now=timezone.now() + timedelta(seconds=10))
        assert not report.ran and report.expired == []
        assert "another node" in report.summary()
        other.rollback()  # the lock goes with the transaction
    finally:
        other.close()
    assert tick.run(now=timezone.now() + timedelta(seconds=10)).expired == [sr.pk]


def test_a_failing_tick_does_not_stop_the_worker(monkeypatch, caplog):
    def broken(**kwargs):
        raise RuntimeError("tick broke")

    monkeypatch.setattr(tick, "run", broken)
    assert Worker(log=lambda msg: None).tick_if_due() is None
    assert "the periodic tick failed" in caplog.text
