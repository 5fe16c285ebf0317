"""What the portal's lists read (issue 10 items 3, 4, 6): answers with their
question labels, labelled field errors, search, per-status counts, the inbox
badge, and bulk decisions each taken as its own call would."""

import pytest
from apihelpers import body, url
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from forge_catalog import lifecycle
from forge_catalog.models import ServiceRequestEvent


@pytest.fixture
def labelled(job_template_factory, catalog_item_factory, team):
    jt = job_template_factory(
        survey_spec=[
            {"variable": "hostname", "question_name": "Host name", "max": 5},
            {"variable": "root_pw", "question_name": "Root password", "type": "password"},
        ]
    )
    return catalog_item_factory(jt, name="vm", requires_approval=True, approver_team=team)


def test_a_request_lists_its_answers_with_labels_and_secrets_masked(api, alice, labelled, request_factory):
    sr = request_factory(labelled, alice, extra_vars={"hostname": "web1", "root_pw": "hunter2"})
    data = body(api.get(url("service_request-detail", sr.pk), user=alice, expect=200))
    assert data["answers"] == [
        {"node": None, "variable": "hostname", "label": "Host name", "value": "web1", "secret": False},
        {
            "node": None,
            "variable": "root_pw",
            "label": "Root password",
            "value": "$encrypted$",
            "secret": True,
        },
    ]
    assert "hunter2" not in str(data)


def test_node_answers_carry_their_nodes_labels(
    api, alice, job_template_factory, workflow_factory, catalog_item_factory, request_factory
):
    deploy = job_template_factory(survey_spec=[{"variable": "version", "question_name": "Version to ship"}])
    item = catalog_item_factory(workflow_factory(nodes={"deploy": deploy}), name="release")
    sr = request_factory(item, alice, node_survey_data={"deploy": {"version": "1.2"}})
    answers = body(api.get(url("service_request-detail", sr.pk), user=alice, expect=200))["answers"]
    assert answers == [
        {"node": "deploy", "variable": "version", "label": "Version to ship", "value": "1.2", "secret": False}
    ]


def test_submit_errors_name_the_question_by_its_label(api, alice, labelled):
    data = body(
        api.post(
            url("service_catalog_item-submit", labelled.pk),
            {"extra_vars": {"hostname": "much-too-long", "root_pw": "x"}},
            user=alice,
            expect=400,
        )
    )
    (error,) = data["errors"]
    assert error["path"] == "extra_vars.hostname" and error["label"] == "Host name"
    assert error["message"].startswith("Host name ") and "'hostname'" not in error["message"]
    assert data["extra_vars.hostname"] == [error["message"]]


@pytest.fixture
def world(catalog_item_factory, job_template_factory, team, alice, bob, approver, request_factory):
    jt = job_template_factory()
    gated = catalog_item_factory(jt, name="Gated box", requires_approval=True, approver_team=team)
    direct = catalog_item_factory(jt, name="Direct box")
    made = {
        "alice_pending": request_factory(gated, alice, justification="load test"),
        "bob_pending": request_factory(gated, bob, justification="demo day"),
        "alice_running": request_factory(direct, alice, justification="nightly"),
    }
    made["bob_rejected"] = lifecycle.reject(request_factory(gated, bob), approver, "no")
    return {"gated": gated, "direct": direct, **made}


def _ids(response):
    return [r["id"] for r in body(response)["results"]]


def test_search_matches_item_justification_requester_and_id(api, org_admin, world):
    path = url("service_request-list")
    assert _ids(api.get(path, user=org_admin, expect=200, search="direct")) == [world["alice_running"].pk]
    assert _ids(api.get(path, user=org_admin, expect=200, search="DEMO")) == [world["bob_pending"].pk]
    assert _ids(api.get(path, user=org_admin, expect=200, search="gated bob")) == [
        world["bob_rejected"].pk,
        world["bob_pending"].pk,
    ]
    pk = world["alice_pending"].pk
    assert _ids(api.get(path, user=org_admin, expect=200, search=f"#{pk}")) == [pk]
    assert _ids(api.get(path, user=org_admin, expect=200, search="nothing-like-it")) == []


def test_counts_per_status_follow_the_lists_filters_but_not_the_tab(api, alice, org_admin, world):
    path = url("service_request-counts")
    mine = body(api.get(path, user=alice, expect=200, mine="true", status="rejected"))
    assert mine["count"] == 2
    assert mine["status"]["pending_approval"] == 1 and mine["status"]["running"] == 1
    assert mine["status"]["rejected"] == 0 and set(mine["status"]) >= {"successful", "canceled"}
    everyone = body(api.get(path, user=org_admin, expect=200))
    assert everyone["count"] == 4 and everyone["status"]["pending_approval"] == 2
    gated = body(api.get(path, user=org_admin, expect=200, catalog_item=world["gated"].pk, search="bob"))
    assert gated["count"] == 2 and gated["status"]["rejected"] == 1
    assert (
        body(api.get(path, user=org_admin, expect=400, catalog_item="x"))["errors"][0]["path"]
        == "catalog_item"
    )


def test_inbox_counts_what_waits_and_says_who_approves(api, alice, approver, org_admin, rando, world):
    path = url("service_request-inbox")
    waiting = {"count": 2, "more": False, "can_approve": True}
    nothing = {"count": 0, "more": False, "can_approve": False}
    assert body(api.get(path, user=approver, expect=200)) == waiting
    assert body(api.get(path, user=org_admin, expect=200)) == waiting
    assert body(api.get(path, user=alice, expect=200)) == nothing
    assert body(api.get(path, user=rando, expect=200)) == nothing
    api.get(path, expect=401)


@override_settings(FORGE_CATALOG={"INBOX_BADGE_CAP": 3})
def test_inbox_badge_counts_up_to_the_cap_and_says_more_beyond(api, approver, bob, world, request_factory):
    path = url("service_request-inbox")
    request_factory(world["gated"], bob)
    assert body(api.get(path, user=approver, expect=200)) == {"count": 3, "more": False, "can_approve": True}
    request_factory(world["gated"], bob)
    request_factory(world["gated"], bob)
    assert body(api.get(path, user=approver, expect=200)) == {"count": 3, "more": True, "can_approve": True}


def _queries(api, path, user, **query):
    with CaptureQueriesContext(connection) as ctx:
        api.get(path, user=user, expect=200, **query)
    return len([q for q in ctx.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))])


def test_counts_and_inbox_take_a_fixed_number_of_queries(api, approver, bob, world, request_factory):
    before = (
        _queries(api, url("service_request-counts"), approver),
        _queries(api, url("service_request-inbox"), approver),
    )
    for _ in range(10):
        request_factory(world["gated"], bob)
    after = (
        _queries(api, url("service_request-counts"), approver),
        _queries(api, url("service_request-inbox"), approver),
    )
    assert before == after and max(after) <= 6


def test_bulk_decisions_each_answer_as_its_own_call(api, approver, alice, world, labelled, request_factory):
    own = request_factory(labelled, approver, extra_vars={"hostname": "a", "root_pw": "p"})
    ids = [world["alice_pending"].pk, world["bob_pending"].pk, world["bob_rejected"].pk, own.pk, 2**40]
    data = body(
        api.post(
            url("service_request-bulk-decide"),
            {"action": "approve", "ids": ids, "comment": "ok"},
            user=approver,
            expect=200,
        )  # fmt: skip
    )
    by_id = {r["id"]: r for r in data["results"]}
    assert [r["id"] for r in data["results"]] == ids
    assert by_id[world["alice_pending"].pk] == {
        "id": world["alice_pending"].pk,
        "status_code": 200,
        "status": "running",
    }
    assert by_id[world["bob_pending"].pk]["status"] == "running"
    assert by_id[world["bob_rejected"].pk]["status_code"] == 409
    assert by_id[own.pk]["status_code"] == 403 and by_id[own.pk]["code"] == "self_approval"
    assert by_id[2**40] == {"id": 2**40, "status_code": 404, "detail": "Not found.", "code": "not_found"}
    # Each decision was recorded as a single approve is.
    approvals = ServiceRequestEvent.objects.filter(event="approve", actor_name="approver")
    assert {e.request_id_value for e in approvals} == {world["alice_pending"].pk, world["bob_pending"].pk}


def test_bulk_reject_needs_the_reason_per_request_and_checks_its_body(api, approver, world):
    path = url("service_request-bulk-decide")
    data = body(
        api.post(path, {"action": "reject", "ids": [world["bob_pending"].pk]}, user=approver, expect=200)
    )
    (result,) = data["results"]
    assert result["status_code"] == 400 and result["errors"][0]["path"] == "reason"
    done = body(api.post(path, {"action": "reject", "ids": [world["bob_pending"].pk], "reason": "not now"},
                         user=approver, expect=200))  # fmt: skip
    assert done["results"][0]["status"] == "rejected"
    bad = body(api.post(path, {"action": "launch", "ids": [], "extra": 1}, user=approver, expect=400))
    assert {e["path"] for e in bad["errors"]} == {"action", "ids", "extra"}
    api.post(path, {"action": "approve", "ids": list(range(1, 102))}, user=approver, expect=400)
    api.post(path, {"action": "approve", "ids": [1]}, expect=401)


def test_the_id_filter_fetches_the_rows_a_page_watches(api, org_admin, alice, world):
    path = url("service_request-list")
    ids = f"{world['alice_pending'].pk},{world['bob_rejected'].pk}"
    assert _ids(api.get(path, user=org_admin, expect=200, id=ids)) == [
        world["bob_rejected"].pk,
        world["alice_pending"].pk,
    ]
    # Not a way to see more: alice still sees only her own.
    assert _ids(api.get(path, user=alice, expect=200, id=ids)) == [world["alice_pending"].pk]
    assert body(api.get(path, user=alice, expect=400, id="1,x"))["errors"][0]["path"] == "id"
