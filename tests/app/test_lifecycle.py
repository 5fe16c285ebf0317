"""The request lifecycle through the real functions (DESIGN.md table)."""

import pytest

from forge_catalog import _core, lifecycle
from forge_catalog.devhost import models as dh
from forge_catalog.exceptions import Conflict, NotVisible, PermissionDenied
from forge_catalog.models import ServiceRequest, ServiceRequestApproval, ServiceRequestEvent


def events(sr):
    return list(
        ServiceRequestEvent.objects.filter(request_id_value=sr.pk).values_list(
            "event", "from_state", "to_state"
        )
    )


@pytest.fixture
def approval_item(catalog_item_factory, team):
    return catalog_item_factory(requires_approval=True, approver_team=team)


def test_submit_without_approval_launches_at_once(request_factory, alice):
    sr = request_factory()
    sr.refresh_from_db()
    assert sr.status == "running"
    job = dh.Job.objects.get(pk=sr.job_id)
    assert job.status == "pending"
    assert job.created_by == alice
    assert events(sr) == [("submit", "created", "approved"), ("launched", "approved", "running")]


def test_submit_with_approval_waits(request_factory, approval_item):
    sr = request_factory(approval_item)
    assert sr.status == "pending_approval"
    assert sr.job_id is None
    assert dh.UnifiedJob.objects.count() == 0
    assert events(sr) == [("submit", "created", "pending_approval")]


def test_approve_launches_and_records_decision(request_factory, approval_item, approver):
    sr = request_factory(approval_item)
    lifecycle.approve(sr, approver, comment="looks fine")
    sr.refresh_from_db()
    assert sr.status == "running"
    assert sr.decided_by == approver and sr.decided_at is not None
    assert events(sr)[-2:] == [
        ("approve", "pending_approval", "approved"),
        ("launched", "approved", "running"),
    ]
    ev = ServiceRequestEvent.objects.get(request_id_value=sr.pk, event="approve")
    assert ev.actor == approver and ev.actor_name == "approver" and ev.comment == "looks fine"


def test_org_admin_approves_when_no_team(request_factory, catalog_item_factory, org_admin, approver):
    item = catalog_item_factory(requires_approval=True)
    sr = request_factory(item)
    with pytest.raises(NotVisible):  # a team member of another item's team is no party here
        lifecycle.approve(sr, approver)
    lifecycle.approve(sr, org_admin)
    sr.refresh_from_db()
    assert sr.status == "running"


def test_reject_needs_a_reason(request_factory, approval_item, approver):
    sr = request_factory(approval_item)
    with pytest.raises(_core.ValidationError) as exc:
        lifecycle.reject(sr, approver, "   ")
    assert [e["path"] for e in exc.value.errors] == ["reason"]
    sr.refresh_from_db()
    assert sr.status == "pending_approval"
    lifecycle.reject(sr, approver, "not this week")
    sr.refresh_from_db()
    assert (sr.status, sr.reason, sr.decided_by) == ("rejected", "not this week", approver)
    assert events(sr)[-1] == ("reject", "pending_approval", "rejected")


def test_decided_request_answers_409(request_factory, approval_item, approver, org_admin):
    sr = request_factory(approval_item)
    lifecycle.reject(sr, approver, "no")
    with pytest.raises(_core.TransitionError):
        lifecycle.approve(sr, org_admin)
    with pytest.raises(_core.TransitionError):
        lifecycle.reject(sr, org_admin, "again")
    sr.refresh_from_db()
    assert sr.status == "rejected"
    assert len(events(sr)) == 2


def test_self_approval_refused(request_factory, catalog_item_factory, org_admin):
    item = catalog_item_factory(requires_approval=True)
    sr = request_factory(item, user=org_admin)
    with pytest.raises(PermissionDenied) as exc:
        lifecycle.approve(sr, org_admin)
    assert exc.value.code == "self_approval"
    with pytest.raises(PermissionDenied):
        lifecycle.reject(sr, org_admin, "mine")
    sr.refresh_from_db()
    assert sr.status == "pending_approval"
    assert not ServiceRequestApproval.objects.exists()


def test_self_approval_allowed_by_setting(request_factory, catalog_item_factory, org_admin, settings):
    settings.FORGE_CATALOG = {**settings.FORGE_CATALOG, "ALLOW_SELF_APPROVAL": True}
    item = catalog_item_factory(requires_approval=True)
    sr = request_factory(item, user=org_admin)
    lifecycle.approve(sr, org_admin)
    sr.refresh_from_db()
    assert sr.status == "running"


def test_requester_without_authority_cannot_approve(request_factory, approval_item, alice):
    sr = request_factory(approval_item, user=alice)
    with pytest.raises(PermissionDenied) as exc:
        lifecycle.approve(sr, alice)
    assert exc.value.code == "not_approver"


def test_unrelated_user_gets_not_visible(request_factory, approval_item, rando, other_org_admin):
    sr = request_factory(approval_item)
    for user in (rando, other_org_admin):
        for call in (lambda u: lifecycle.approve(sr, u), lambda u: lifecycle.cancel(sr, u)):
            with pytest.raises(NotVisible):
                call(user)


def test_n_distinct_approvers(request_factory, catalog_item_factory, team, approver, org_admin, user_factory):
    item = catalog_item_factory(requires_approval=True, approver_team=team, approvals_required=2)
    sr = request_factory(item)
    lifecycle.approve(sr, approver)
    sr.refresh_from_db()
    assert sr.status == "pending_approval" and sr.job_id is None
    # The same approver twice counts once: refused, nothing recorded.
    with pytest.raises(_core.TransitionError):
        lifecycle.approve(sr, approver)
    assert sr.approvals.count() == 1
    lifecycle.approve(sr, org_admin)
    sr.refresh_from_db()
    assert sr.status == "running"
    assert sr.approvals.count() == 2
    assert [e for e in events(sr) if e[0] == "approve"] == [
        ("approve", "pending_approval", "pending_approval"),
        ("approve", "pending_approval", "approved"),
    ]


def test_cancel_pending(request_factory, approval_item, alice):
    sr = request_factory(approval_item)
    lifecycle.cancel(sr, alice)
    sr.refresh_from_db()
    assert sr.status == "canceled"
    with pytest.raises(_core.TransitionError):
        lifecycle.cancel(sr, alice)


def test_cancel_running_cancels_the_job_and_follows_it(
    request_factory, alice, django_capture_on_commit_callbacks
):
    sr = request_factory()
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.cancel(sr, alice)
    sr.refresh_from_db()
    job = dh.Job.objects.get(pk=sr.job_id)
    assert job.cancel_flag and job.status == "canceled"
    assert sr.status == "canceled"
    assert events(sr)[-2:] == [("cancel", "running", "running"), ("job_status", "running", "canceled")]


def test_bystander_approver_cannot_cancel(request_factory, approval_item, approver):
    sr = request_factory(approval_item)
    with pytest.raises(PermissionDenied) as exc:
        lifecycle.cancel(sr, approver)
    assert exc.value.code == "not_requester"


def test_launch_exception_fails_the_request(request_factory, approval_item, approver, monkeypatch):
    sr = request_factory(approval_item)

    def boom(self, **kwargs):
        dh.Job.objects.create(name="half made", status="new")  # must be rolled back
        raise RuntimeError("controller is down")

    monkeypatch.setattr(dh.JobTemplate, "create_unified_job", boom)
    lifecycle.approve(sr, approver)
    sr.refresh_from_db()
    assert sr.status == "failed"
    assert "controller is down" in sr.failure_reason
    assert sr.job_id is None
    assert not dh.UnifiedJob.objects.exists()
    assert events(sr)[-1] == ("launch_failed", "approved", "failed")


def test_job_that_cannot_start_fails_the_request(request_factory, monkeypatch):
    monkeypatch.setattr(dh.UnifiedJob, "signal_start", lambda self, **kw: False)
    sr = request_factory()
    sr.refresh_from_db()
    assert sr.status == "failed"
    assert "could not start" in sr.failure_reason
    assert not dh.UnifiedJob.objects.exists()


def test_survey_changed_before_approval_conflicts(
    request_factory, catalog_item_factory, job_template_factory, team, approver
):
    jt = job_template_factory(survey_spec=[{"variable": "size", "type": "integer", "min": 1, "max": 10}])
    item = catalog_item_factory(jt, requires_approval=True, approver_team=team)
    sr = request_factory(item, extra_vars={"size": 8})
    jt.survey_spec["spec"][0]["max"] = 4
    jt.save()
    with pytest.raises(Conflict) as exc:
        lifecycle.approve(sr, approver)
    assert exc.value.errors and exc.value.errors[0]["path"] == "extra_vars.size"
    sr.refresh_from_db()
    assert sr.status == "pending_approval"
    assert not sr.approvals.exists()
    assert not dh.UnifiedJob.objects.exists()


def test_bad_answers_refused_at_submit(request_factory, catalog_item_factory, job_template_factory):
    jt = job_template_factory(survey_spec=["hostname", {"variable": "count", "type": "integer"}])
    item = catalog_item_factory(jt)
    with pytest.raises(_core.ValidationError) as exc:
        request_factory(item, extra_vars={"count": "5", "stray": 1})
    paths = {e["path"] for e in exc.value.errors}
    assert {"extra_vars.hostname", "extra_vars.count", "extra_vars.stray"} <= paths
    assert not ServiceRequest.objects.exists()


def test_final_extra_vars_follow_precedence(request_factory, catalog_item_factory, job_template_factory):
    jt = job_template_factory(
        extra_vars="a: template\nb: template\nc: template",
        survey_spec=[{"variable": "b", "default": "default", "required": False}, {"variable": "c"}],
    )
    sr = request_factory(catalog_item_factory(jt), extra_vars={"c": "answer"})
    job = dh.Job.objects.get(pk=sr.job_id)
    assert job.decrypted_extra_vars() == {"a": "template", "b": "default", "c": "answer"}


def test_workflow_node_answers_reach_their_node_only(
    request_factory, catalog_item_factory, job_template_factory, workflow_factory
):
    build = job_template_factory(survey_spec=["branch"])
    deploy = job_template_factory(survey_spec=["version"])
    wfjt = workflow_factory(nodes={"build": build, "deploy": deploy})
    item = catalog_item_factory(wfjt)
    sr = request_factory(item, node_survey_data={"build": {"branch": "main"}, "deploy": {"version": "2.0"}})
    sr.refresh_from_db()
    assert sr.status == "running"
    wj = dh.WorkflowJob.objects.get(pk=sr.job_id)
    data = {n.identifier: n.extra_data for n in wj.workflow_job_nodes.all()}
    assert data == {"build": {"branch": "main"}, "deploy": {"version": "2.0"}}


def test_workflow_node_errors_name_the_node(
    request_factory, catalog_item_factory, job_template_factory, workflow_factory
):
    wfjt = workflow_factory(nodes={"deploy": job_template_factory(survey_spec=["version"])})
    with pytest.raises(_core.ValidationError) as exc:
        request_factory(catalog_item_factory(wfjt), node_survey_data={"deploy": {}, "nope": {"x": 1}})
    paths = {e["path"] for e in exc.value.errors}
    assert "node_survey_data.deploy.version" in paths
    assert any(p.startswith("node_survey_data.nope") for p in paths)


def test_delete_only_when_deletable_and_audit_survives(request_factory, approval_item, alice, approver):
    sr = request_factory(approval_item)
    pk = sr.pk
    lifecycle.delete_request(sr, alice)
    assert not ServiceRequest.objects.filter(pk=pk).exists()
    kept = list(ServiceRequestEvent.objects.filter(request_id_value=pk).order_by("pk"))
    assert [e.event for e in kept] == ["submit", "delete"]
    assert all(e.request_id is None and e.catalog_item_name == approval_item.name for e in kept)

    running = request_factory(approval_item)
    lifecycle.approve(running, approver)
    with pytest.raises(Conflict):
        lifecycle.delete_request(running, alice)
    assert ServiceRequest.objects.filter(pk=running.pk).exists()


def test_disabled_item_cannot_be_submitted(request_factory, catalog_item_factory, org_admin):
    item = catalog_item_factory(enabled=False)
    with pytest.raises(PermissionDenied):
        request_factory(item, user=org_admin)


def test_template_and_node_errors_are_reported_together(
    request_factory, catalog_item_factory, job_template_factory, workflow_factory
):
    wfjt = workflow_factory(
        survey_spec=["environment"], nodes={"deploy": job_template_factory(survey_spec=["version"])}
    )
    with pytest.raises(_core.ValidationError) as exc:
        request_factory(catalog_item_factory(wfjt), extra_vars={}, node_survey_data={"deploy": {}})
    assert [e["path"] for e in exc.value.errors] == [
        "extra_vars.environment",
        "node_survey_data.deploy.version",
    ]
