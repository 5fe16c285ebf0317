"""The approval policy through the API (docs/approvals.md): items' steps,
a request's plan, thread and the caller's actions, needs-info round trip."""

import pytest
from apihelpers import body, url

from forge_catalog import lifecycle
from forge_catalog.devhost import models as dh
from forge_catalog.models import ServiceCatalogItem


@pytest.fixture
def ops_team(organization, user_factory):
    team = dh.Team.objects.create(organization=organization, name="operations")
    ops = user_factory("ops")
    organization.members.add(ops)
    team.members.add(ops)
    return team


@pytest.fixture
def item(catalog_item_factory, job_template_factory, team):
    jt = job_template_factory(survey_spec=[{"variable": "size", "type": "integer", "min": 1, "max": 9}])
    return catalog_item_factory(jt, requires_approval=True, approver_team=team)


CAN = ("can_approve", "can_reject", "can_request_info", "can_answer", "can_cancel", "can_delete")


def steps_body(*steps):
    return {"approval_steps": [dict(s) for s in steps]}


def test_seed_item_reads_as_one_step(api, item, org_admin, team):
    data = body(api.get(url("service_catalog_item-detail", item.pk), user=org_admin, expect=200))
    assert data["approval_steps"] == [
        {
            "title": "",
            "approver_team": team.pk,
            "approver_team_name": "approvers",
            "quorum": 1,
            "notification_templates": {},
        }
    ]
    assert (data["requires_approval"], data["approver_team"], data["approvals_required"]) == (
        True,
        team.pk,
        1,
    )


def test_org_admin_sets_two_steps_and_back_to_the_shorthand(api, item, org_admin, team, ops_team):
    path = url("service_catalog_item-detail", item.pk)
    data = body(
        api.patch(
            path,
            steps_body(
                {"title": "Security", "approver_team": team.pk, "quorum": 2},
                {"title": "Ops", "approver_team": ops_team.pk},
            ),
            user=org_admin,
            expect=200,
        )
    )
    assert [(s["title"], s["approver_team_name"], s["quorum"]) for s in data["approval_steps"]] == [
        ("Security", "approvers", 2),
        ("Ops", "operations", 1),
    ]
    # The seed's fields mirror the first step.
    assert (data["approver_team"], data["approvals_required"]) == (team.pk, 2)
    assert item.approval_steps.count() == 2
    # Writing a seed field returns the item to the one-step shorthand.
    data = body(api.patch(path, {"approvals_required": 1}, user=org_admin, expect=200))
    assert len(data["approval_steps"]) == 1 and item.approval_steps.count() == 0
    # An org-admins step.
    data = body(api.patch(path, steps_body({"approver_team": None, "quorum": 1}), user=org_admin, expect=200))
    assert data["approval_steps"][0]["approver_team"] is None


def test_step_rules_are_field_errors(api, item, org_admin, other_organization):
    foreign = dh.Team.objects.create(organization=other_organization, name="theirs")
    path = url("service_catalog_item-detail", item.pk)
    response = api.patch(path, steps_body({"quorum": 0}, {"quorum": 1}), user=org_admin, expect=400)
    errors = body(response)
    assert "approval_steps" in str(errors) and "at least 1" in str(errors)
    # A team the org admin cannot see is "does not exist"; not a leak.
    response = api.patch(
        path, steps_body({"approver_team": foreign.pk, "quorum": 1}), user=org_admin, expect=400
    )
    assert body(response)["errors"][0]["path"] == "approval_steps[0].approver_team"
    # A superuser sees it, and the core's same-organization rule refuses it.
    admin = type(org_admin).objects.create(username="root", is_superuser=True)
    response = api.patch(path, steps_body({"approver_team": foreign.pk, "quorum": 1}), user=admin, expect=400)
    assert "organization" in str(body(response))
    response = api.patch(
        path, {"requires_approval": False, **steps_body({"quorum": 1})}, user=org_admin, expect=400
    )
    assert "requires_approval is false" in str(body(response))
    assert item.approval_steps.count() == 0
    assert ServiceCatalogItem.objects.get(pk=item.pk).requires_approval is True


def _two_step(api, item, org_admin, team, ops_team):
    api.patch(
        url("service_catalog_item-detail", item.pk),
        steps_body(
            {"title": "Security", "approver_team": team.pk}, {"title": "Ops", "approver_team": ops_team.pk}
        ),
        user=org_admin,
        expect=200,
    )


def test_request_detail_carries_plan_thread_and_actions(
    api, item, org_admin, team, ops_team, alice, approver
):
    _two_step(api, item, org_admin, team, ops_team)
    created = body(
        api.post(
            url("service_catalog_item-submit", item.pk),
            {"justification": "for the launch", "extra_vars": {"size": 2}},
            user=alice,
            expect=201,
        )
    )
    detail = url("service_request-detail", created["id"])
    api.post(
        url("service_request-approve", created["id"]), {"comment": "security ok"}, user=approver, expect=200
    )
    ops = type(alice).objects.get(username="ops")
    data = body(api.get(detail, user=ops, expect=200))
    plan = data["approval_plan"]
    assert [(s["title"], s["approver_team_name"], s["quorum"], s["state"]) for s in plan] == [
        ("Security", "approvers", 1, "approved"),
        ("Ops", "operations", 1, "pending"),
    ]
    assert [(v["user"]["username"], v["comment"]) for v in plan[0]["votes"]] == [("approver", "security ok")]
    assert data["current_step"] == 1 and data["waiting_step"]["title"] == "Ops"
    assert {k: data[k] for k in CAN} == {
        "can_approve": True,
        "can_reject": True,
        "can_request_info": True,
        "can_answer": False,
        "can_cancel": False,
        "can_delete": False,
    }
    # The first step's approver sees it and may approve nothing more.
    assert body(api.get(detail, user=approver, expect=200))["can_approve"] is False
    # Questions and replies form one thread with the justification and comments.
    api.post(url("service_request-request-info", created["id"]), {"question": "Why 2?"}, user=ops, expect=200)
    mine = body(api.get(detail, user=alice, expect=200))
    assert mine["status"] == "needs_info"
    assert mine["can_answer"] is True and mine["can_approve"] is False
    api.post(url("service_request-resubmit", created["id"]), {"reply": "Two hosts."}, user=alice, expect=200)
    thread = body(api.get(detail, user=alice, expect=200))["thread"]
    assert [(t["kind"], t["author"]["username"], t["step"], t["text"]) for t in thread] == [
        ("justification", "alice", None, "for the launch"),
        ("comment", "approver", 0, "security ok"),
        ("question", "ops", 1, "Why 2?"),
        ("reply", "alice", 1, "Two hosts."),
    ]
    # Lists carry the waiting step and the caller's can_*, not the plan or thread.
    row = body(api.get(url("service_request-list"), user=alice, expect=200))["results"][0]
    assert row["current_step"] == 1 and row["waiting_step"]["quorum"] == 1 and row["can_answer"] is False
    assert row["approval_plan"] is None and row["thread"] is None


def test_needs_info_endpoints_answer_400_409_and_field_errors(api, item, alice, approver):
    sr = lifecycle.submit(item, alice, extra_vars={"size": 2})
    response = api.post(
        url("service_request-request-info", sr.pk), {"question": " "}, user=approver, expect=400
    )
    assert (
        "question" in body(response)["errors"][0]["path"]
        if "errors" in body(response)
        else "question" in body(response)
    )
    api.post(url("service_request-resubmit", sr.pk), {"reply": "x"}, user=alice, expect=409)
    api.post(url("service_request-request-info", sr.pk), {"question": "size?"}, user=approver, expect=200)
    api.post(url("service_request-approve", sr.pk), {}, user=approver, expect=409)
    api.post(url("service_request-reject", sr.pk), {"reason": "no"}, user=approver, expect=409)
    api.post(url("service_request-request-info", sr.pk), {"question": "again?"}, user=approver, expect=409)
    response = api.post(
        url("service_request-resubmit", sr.pk),
        {"reply": "big", "extra_vars": {"size": 99}},
        user=alice,
        expect=400,
    )
    assert "extra_vars" in str(body(response))
    api.post(
        url("service_request-resubmit", sr.pk),
        {"reply": "ok", "extra_vars": {"size": 4}},
        user=alice,
        expect=200,
    )
    sr.refresh_from_db()
    assert sr.status == "pending_approval" and sr.extra_vars == {"size": 4}
    api.post(url("service_request-resubmit", sr.pk), {"bogus": 1}, user=alice, expect=400)
