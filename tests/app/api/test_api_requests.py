"""Submit, approve, reject, cancel, delete and the audit trail through the
API: seed payloads, the core's 400 paths, 409 on decided requests, size
limits, and the authentication schemes."""

import base64
import json

import pytest
from apihelpers import body, url
from django.test import override_settings
from rest_framework.test import APIClient

from forge_catalog import _core
from forge_catalog.devhost import models as dh
from forge_catalog.models import ServiceRequest, ServiceRequestEvent

DEVHOST = {"HOST": "forge_catalog.hosts.devhost.DevhostHost"}


@pytest.fixture
def approval_item(catalog_item_factory, job_template_factory, team):
    jt = job_template_factory(survey_spec=[{"variable": "hostname", "type": "text", "max": 16}])
    return catalog_item_factory(jt, requires_approval=True, approver_team=team)


def _submit(api, item, user, expect=201, **payload):
    payload.setdefault("extra_vars", {"hostname": "web03"})
    return body(api.post(url("service_catalog_item-submit", item.pk), payload, user=user, expect=expect))


def test_submit_without_approval_launches_at_once(api, alice, catalog_item_factory, job_template_factory):
    jt = job_template_factory(survey_spec=[{"variable": "hostname", "type": "text"}])
    item = catalog_item_factory(jt)
    data = _submit(api, item, alice, justification="nginx /health failing on web03")
    assert data["status"] == "running"
    assert data["type"] == "service_request"
    assert data["justification"] == "nginx /health failing on web03"
    assert data["extra_vars"] == {"hostname": "web03"}
    job = dh.Job.objects.get(pk=data["job"])
    assert data["summary_fields"]["job"] == {"id": job.pk, "name": job.name, "status": "pending"}
    assert data["summary_fields"]["requested_by"] == {"id": alice.pk, "username": "alice"}
    assert data["related"]["events"] == f"/api/v2/service_requests/{data['id']}/events/"


def test_submit_with_approval_waits_in_the_inbox(api, alice, approver, approval_item):
    data = _submit(api, approval_item, alice)
    assert (data["status"], data["job"]) == ("pending_approval", None)
    inbox = body(api.get(url("service_request-pending-approvals"), user=approver, expect=200))
    assert [r["id"] for r in inbox["results"]] == [data["id"]]


def test_submit_reports_the_cores_answer_errors(api, alice, approval_item):
    response = api.post(
        url("service_catalog_item-submit", approval_item.pk),
        {"extra_vars": {"hostname": "x" * 17, "surprise": 1}},
        user=alice,
        expect=400,
    )
    data = body(response)
    assert {e["path"] for e in data["errors"]} == {"extra_vars.hostname", "extra_vars.surprise"}
    assert data["extra_vars.hostname"] == [
        e["message"] for e in data["errors"] if e["path"] == "extra_vars.hostname"
    ]
    assert not ServiceRequest.objects.exists()


def test_submit_a_workflow_with_node_answers(
    api, alice, catalog_item_factory, job_template_factory, workflow_factory
):
    deploy = job_template_factory(survey_spec=[{"variable": "version", "type": "text"}])
    item = catalog_item_factory(workflow_factory(nodes={"deploy_node": deploy}))
    # The seed's payload, verbatim.
    payload = {
        "extra_vars": {},
        "node_survey_data": {"deploy_node": {"version": "2.0"}},
        "justification": "nginx /health failing on web03",
    }
    data = body(api.post(url("service_catalog_item-submit", item.pk), payload, user=alice, expect=201))
    assert data["status"] == "running"
    assert data["node_survey_data"] == {"deploy_node": {"version": "2.0"}}
    node = dh.WorkflowJobNode.objects.get(workflow_job_id=data["job"], identifier="deploy_node")
    assert node.extra_data == {"version": "2.0"}
    # A missing node answer is reported at its node path.
    response = api.post(
        url("service_catalog_item-submit", item.pk),
        {"node_survey_data": {"deploy_node": {}}},
        user=alice,
        expect=400,
    )
    assert [e["path"] for e in body(response)["errors"]] == ["node_survey_data.deploy_node.version"]


def test_node_answers_for_a_job_template_item_are_refused(api, alice, approval_item):
    response = api.post(
        url("service_catalog_item-submit", approval_item.pk),
        {"extra_vars": {"hostname": "a"}, "node_survey_data": {"x": {"y": 1}}},
        user=alice,
        expect=400,
    )
    assert all(e["path"].startswith("node_survey_data") for e in body(response)["errors"])


@pytest.mark.parametrize(
    "payload, path",
    [
        ({"extra_vars": ["not", "an", "object"]}, "extra_vars"),
        ({"node_survey_data": {"deploy": "not an object"}}, "node_survey_data.deploy"),
        ({"justification": 42.5, "extra_vars": {"hostname": "a"}}, None),  # DRF accepts numbers as text
    ],
)
def test_submit_payload_kinds(api, alice, approval_item, payload, path):
    response = api.post(url("service_catalog_item-submit", approval_item.pk), payload, user=alice)
    if path is None:
        assert response.status_code == 201
        return
    assert response.status_code == 400
    assert [e["path"] for e in body(response)["errors"]] == [path]


@override_settings(FORGE_CATALOG={**DEVHOST, "MAX_EXTRA_VARS_BYTES": 100, "MAX_JUSTIFICATION_LENGTH": 10})
def test_size_limits_are_clear_400s(api, alice, approval_item):
    response = api.post(
        url("service_catalog_item-submit", approval_item.pk),
        {"extra_vars": {"hostname": "y" * 200}, "justification": "z" * 11},
        user=alice,
        expect=400,
    )
    data = body(response)
    assert {(e["path"], e["code"]) for e in data["errors"]} == {
        ("justification", "max_length"),
        ("extra_vars", "max_size"),
    }
    assert data["justification"] == ["Ensure this field has no more than 10 characters (it has 11)."]
    assert data["extra_vars"][0].startswith("At most 100 bytes of JSON are accepted")


def test_approve_launches_and_a_second_decision_is_a_409(api, alice, approver, org_admin, approval_item):
    rid = _submit(api, approval_item, alice)["id"]
    data = body(api.post(url("service_request-approve", rid), {"comment": "go"}, user=approver, expect=200))
    assert data["status"] == "running"
    assert data["decided_by"] == approver.pk
    assert [a["comment"] for a in data["summary_fields"]["approvals"]] == ["go"]
    for action, payload in (("approve", {}), ("reject", {"reason": "too late"})):
        response = api.post(url(f"service_request-{action}", rid), payload, user=org_admin, expect=409)
        conflict = body(response)
        assert conflict["code"] == "conflict"
        assert conflict["detail"] == f"cannot {action} a request that is running"
        assert conflict["errors"][0]["path"] == "status"
    assert ServiceRequest.objects.get(pk=rid).status == "running"
    assert dh.Job.objects.count() == 1


def test_several_distinct_approvers(api, alice, approver, org_admin, approval_item):
    approval_item.approvals_required = 2
    approval_item.save()
    rid = _submit(api, approval_item, alice)["id"]
    first = body(api.post(url("service_request-approve", rid), {}, user=approver, expect=200))
    assert (first["status"], len(first["summary_fields"]["approvals"])) == ("pending_approval", 1)
    api.post(url("service_request-approve", rid), {}, user=approver, expect=409)  # counts once
    second = body(api.post(url("service_request-approve", rid), {}, user=org_admin, expect=200))
    assert second["status"] == "running"


def test_reject_needs_a_reason(api, alice, approver, approval_item):
    rid = _submit(api, approval_item, alice)["id"]
    response = api.post(url("service_request-reject", rid), {"reason": "   "}, user=approver, expect=400)
    assert [e["path"] for e in body(response)["errors"]] == ["reason"]
    api.post(url("service_request-reject", rid), {}, user=approver, expect=400)
    data = body(
        api.post(url("service_request-reject", rid), {"reason": "use staging"}, user=approver, expect=200)
    )
    assert (data["status"], data["reason"], data["decided_by"]) == ("rejected", "use staging", approver.pk)


@override_settings(FORGE_CATALOG={**DEVHOST, "MAX_REASON_LENGTH": 5, "MAX_COMMENT_LENGTH": 3})
def test_reason_and_comment_lengths(api, alice, approver, approval_item):
    rid = _submit(api, approval_item, alice)["id"]
    response = api.post(url("service_request-reject", rid), {"reason": "toolong"}, user=approver, expect=400)
    assert body(response)["errors"][0]["path"] == "reason"
    response = api.post(url("service_request-approve", rid), {"comment": "long"}, user=approver, expect=400)
    assert body(response)["errors"][0]["path"] == "comment"
    assert ServiceRequest.objects.get(pk=rid).status == "pending_approval"


def test_survey_changed_before_approval_is_a_409_with_reasons(api, alice, approver, approval_item):
    rid = _submit(api, approval_item, alice)["id"]
    jt = approval_item.job_template
    jt.survey_spec = {
        "spec": [{"variable": "hostname", "type": "integer", "required": True, "question_name": "h"}]
    }
    jt.save()
    response = api.post(url("service_request-approve", rid), {}, user=approver, expect=409)
    data = body(response)
    assert data["code"] == "survey_changed"
    assert [e["path"] for e in data["errors"]] == ["extra_vars.hostname"]
    assert ServiceRequest.objects.get(pk=rid).status == "pending_approval"


def test_cancel_pending_then_cancel_again_is_a_409(api, alice, approval_item):
    rid = _submit(api, approval_item, alice)["id"]
    data = body(api.post(url("service_request-cancel", rid), user=alice, expect=200))
    assert data["status"] == "canceled"
    api.post(url("service_request-cancel", rid), user=alice, expect=409)


def test_cancel_running_asks_the_job_to_cancel(api, alice, catalog_item_factory):
    rid = _submit(api, catalog_item_factory(), alice, extra_vars={})["id"]
    data = body(api.post(url("service_request-cancel", rid), user=alice, expect=200))
    job = dh.Job.objects.get(pk=data["job"])
    assert job.cancel_flag is True


def test_delete_only_while_deletable(api, alice, approver, approval_item):
    pending = _submit(api, approval_item, alice)["id"]
    api.delete(url("service_request-detail", pending), user=alice, expect=204)
    assert not ServiceRequest.objects.filter(pk=pending).exists()
    running = _submit(api, approval_item, alice)["id"]
    api.post(url("service_request-approve", running), {}, user=approver, expect=200)
    response = api.delete(url("service_request-detail", running), user=alice, expect=409)
    assert body(response)["detail"] == "cannot delete a request that is running"
    rejected = _submit(api, approval_item, alice)["id"]
    api.post(url("service_request-reject", rejected), {"reason": "no"}, user=approver, expect=200)
    api.delete(url("service_request-detail", rejected), user=alice, expect=204)


def test_events_are_the_audit_trail_oldest_first(api, alice, approver, approval_item):
    rid = _submit(api, approval_item, alice, justification="please")["id"]
    api.post(url("service_request-approve", rid), {"comment": "fine"}, user=approver, expect=200)
    data = body(api.get(url("service_request-events", rid), user=alice, expect=200))
    assert data["count"] == 3
    trail = [(e["event"], e["from_state"], e["to_state"], e["actor"]["username"]) for e in data["results"]]
    assert trail == [
        ("submit", "created", "pending_approval", "alice"),
        ("approve", "pending_approval", "approved", "approver"),
        ("launched", "approved", "running", "approver"),
    ]
    assert data["results"][1]["comment"] == "fine"
    assert data["results"][2]["job"] == ServiceRequest.objects.get(pk=rid).job_id
    assert {e["request"] for e in data["results"]} == {rid}
    assert ServiceRequestEvent.objects.filter(request_id_value=rid).count() == 3


def test_item_requests_lists_the_items_requests(
    api, alice, bob, org_admin, approval_item, catalog_item_factory
):
    mine = _submit(api, approval_item, alice)["id"]
    theirs = _submit(api, approval_item, bob)["id"]
    _submit(api, catalog_item_factory(), alice, extra_vars={})
    path = url("service_catalog_item-requests", approval_item.pk)
    data = body(api.get(path, user=org_admin, expect=200))
    assert [r["id"] for r in data["results"]] == [theirs, mine]
    api.post(url("service_request-cancel", theirs), user=bob, expect=200)
    pending = body(api.get(path, user=org_admin, expect=200, status="pending_approval"))
    assert [r["id"] for r in pending["results"]] == [mine]
    oldest_first = body(api.get(path, user=org_admin, expect=200, order_by="created"))
    assert [r["id"] for r in oldest_first["results"]] == [mine, theirs]


def test_basic_and_session_authentication(alice, approval_item, db):
    path = url("service_catalog_item-detail", approval_item.pk)
    client = APIClient()
    assert client.get(path).status_code == 401
    token = base64.b64encode(b"alice:pw").decode()
    assert client.get(path, HTTP_AUTHORIZATION=f"Basic {token}").status_code == 200
    wrong = base64.b64encode(b"alice:nope").decode()
    assert client.get(path, HTTP_AUTHORIZATION=f"Basic {wrong}").status_code == 401
    assert client.login(username="alice", password="pw")
    assert client.get(path).status_code == 200


def test_session_writes_need_the_csrf_token(alice, approval_item, db):
    client = APIClient(enforce_csrf_checks=True)
    assert client.login(username="alice", password="pw")
    response = client.post(url("service_catalog_item-submit", approval_item.pk), {}, format="json")
    assert response.status_code == 403
    assert "CSRF" in body(response)["detail"]


def test_malformed_and_oversized_bodies_are_400s_in_the_same_shape(alice, approval_item, client, settings):
    client.force_login(alice)
    path = url("service_catalog_item-submit", approval_item.pk)
    response = client.post(path, "{bad json", content_type="application/json")
    assert response.status_code == 400
    data = body(response)
    assert data["errors"][0]["code"] == "parse_error" and data["non_field_errors"]
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = client.post(
        path, json.dumps({"extra_vars": {"x": "a" * 2000}}), content_type="application/json"
    )
    assert response.status_code == 400
    assert body(response)["errors"] == [
        {
            "path": "non_field_errors",
            "code": "too_large",
            "message": "The request body is larger than 1000 bytes.",
        }
    ]
    assert not ServiceRequest.objects.exists()


def test_unknown_keys_are_named_not_dropped(api, alice, approver, approval_item):
    # A typo must not turn into "hostname is required" with the answer lost.
    response = api.post(
        url("service_catalog_item-submit", approval_item.pk),
        {"extra_var": {"hostname": "a"}},
        user=alice,
        expect=400,
    )
    errors = body(response)["errors"]
    assert {"path": "extra_var", "code": "unknown_field", "message": "Unknown field."} in errors
    rid = _submit(api, approval_item, alice)["id"]
    response = api.post(url("service_request-reject", rid), {"reasons": "typo"}, user=approver, expect=400)
    assert [e["path"] for e in body(response)["errors"]] == ["reasons"]


@pytest.mark.parametrize(
    "value, expected",
    [
        # Beyond the core's 64-bit integers: the binding cannot convert it and
        # names the place, which becomes the path.
        # Deeper than LIMITS["max_depth"]: the core reports it at its path.
        (json.loads("[" * 40 + "]" * 40), ("extra_vars.other", "limit")),
    ],
)
def test_values_the_core_cannot_take_are_400s(
    api, alice, catalog_item_factory, job_template_factory, value, expected
):
    jt = job_template_factory(survey_spec=[{"variable": "x", "type": "text"}], ask_variables_on_launch=True)
    item = catalog_item_factory(jt)
    payload = {"extra_vars": {"x": "fine", "other": value}}
    response = api.post(url("service_catalog_item-submit", item.pk), payload, user=alice, expect=400)
    errors = body(response)["errors"]
    assert [(e["path"], e["code"]) for e in errors] == [expected]
    assert "other" in errors[0]["message"] or "extra_vars" in errors[0]["message"]
    assert not ServiceRequest.objects.exists()


# PostgreSQL (jsonb and text) cannot store NUL: the core refuses it in answers
# (tests/fixtures/README.md "NUL characters") and DRF's CharField in text
# fields, so the INSERT never sees one and the caller gets a 400, not a 500.
@pytest.mark.parametrize(
    "extra_vars, expected",
    [
        ({"x": "a\u0000b"}, ("extra_vars.x", "invalid")),
        ({"x": "fine", "other": {"k": ["a\u0000b"]}}, ("extra_vars.other", "invalid")),
        # A key with NUL: the binding refuses it before the core and names the place.
        ({"x": "fine", "other": {"k\u0000": 1}}, ("extra_vars.other", "conversion")),
    ],
)
def test_nul_in_answers_is_a_400_at_the_variable(
    api, alice, catalog_item_factory, job_template_factory, extra_vars, expected
):
    jt = job_template_factory(survey_spec=[{"variable": "x", "type": "text"}], ask_variables_on_launch=True)
    item = catalog_item_factory(jt)
    response = api.post(
        url("service_catalog_item-submit", item.pk), {"extra_vars": extra_vars}, user=alice, expect=400
    )
    errors = body(response)["errors"]
    assert [(e["path"], e["code"]) for e in errors] == [expected]
    assert "\u0000" not in errors[0]["message"]
    assert not ServiceRequest.objects.exists()


def test_nul_in_a_node_answer_is_a_400(
    api, alice, catalog_item_factory, job_template_factory, workflow_factory
):
    deploy = job_template_factory(survey_spec=[{"variable": "version", "type": "text"}])
    item = catalog_item_factory(workflow_factory(nodes={"deploy_node": deploy}))
    payload = {"node_survey_data": {"deploy_node": {"version": "2.0\u0000"}}}
    response = api.post(url("service_catalog_item-submit", item.pk), payload, user=alice, expect=400)
    errors = body(response)["errors"]
    assert [(e["path"], e["code"]) for e in errors] == [("node_survey_data.deploy_node.version", "invalid")]
    assert not ServiceRequest.objects.exists()


def test_nul_in_justification_comment_and_reason_is_a_400(api, alice, approver, approval_item):
    response = _submit(api, approval_item, alice, expect=400, justification="web03\u0000down")
    assert [e["path"] for e in response["errors"]] == ["justification"]
    assert not ServiceRequest.objects.exists()
    rid = _submit(api, approval_item, alice)["id"]
    for action, field in (("service_request-approve", "comment"), ("service_request-reject", "reason")):
        response = api.post(url(action, rid), {field: "ok\u0000"}, user=approver, expect=400)
        assert [e["path"] for e in body(response)["errors"]] == [field]
    assert ServiceRequest.objects.get(pk=rid).status == "pending_approval"


# A lone surrogate has no UTF-8 form, so PostgreSQL could not store it: the
# binding refuses it at its place (tests/fixtures/README.md "Lone surrogates").
# Sent as JSON text (json.dumps writes "\\ud800"): DRF's test renderer cannot
# encode one, but a real client's escaped JSON parses into one.
@pytest.mark.parametrize("extra_vars, expected", [
    ({"x": "a\ud83d"}, ("extra_vars.x", "conversion")),
    ({"x": "fine", "other": {"k": [1, "a\udfffb"]}}, ("extra_vars.other.k[1]", "conversion")),
])
def test_a_lone_surrogate_in_an_answer_is_a_400_at_its_place(
    alice, catalog_item_factory, job_template_factory, extra_vars, expected
):
    jt = job_template_factory(survey_spec=[{"variable": "x", "type": "text"}], ask_variables_on_launch=True)
    item = catalog_item_factory(jt)
    client = APIClient()
    client.force_authenticate(alice)
    response = client.post(url("service_catalog_item-submit", item.pk),
                           json.dumps({"extra_vars": extra_vars}), content_type="application/json")
    assert response.status_code == 400
    assert [(e["path"], e["code"]) for e in body(response)["errors"]] == [expected]
    assert not ServiceRequest.objects.exists()


def test_integers_beyond_64_bits_are_answers_compared_exactly(
    api, alice, catalog_item_factory, job_template_factory
):
    jt = job_template_factory(survey_spec=[{"variable": "n", "type": "integer", "min": 2**64}])
    item = catalog_item_factory(jt)
    data = _submit(api, item, alice, extra_vars={"n": 2**64 + 1})
    assert data["extra_vars"] == {"n": 2**64 + 1}
    assert ServiceRequest.objects.get(pk=data["id"]).extra_vars == {"n": 2**64 + 1}
    response = api.post(url("service_catalog_item-submit", item.pk), {"extra_vars": {"n": 2**64 - 1}},
                        user=alice, expect=400)
    assert [(e["path"], e["code"]) for e in body(response)["errors"]] == [("extra_vars.n", "too_small")]


def test_a_survey_awx_saved_with_problems_keeps_the_item_usable(
    api, alice, org_admin, catalog_item_factory, job_template_factory
):
    """AWX saves a default beyond max and choices of null; the item works,
    shows the problems, and an answer left to the broken default is a 400."""
    jt = job_template_factory(survey_spec=[
        {"variable": "size", "type": "integer", "max": 10, "default": 50},
        {"variable": "zone", "type": "multiplechoice", "choices": None, "required": False},
        {"variable": "hostname", "type": "text"},
    ])
    item = catalog_item_factory(jt)
    detail = body(api.get(url("service_catalog_item-detail", item.pk), user=org_admin, expect=200))
    assert [(p["path"], p["code"]) for p in detail["survey_problems"]] == [
        ("spec[0].default", "too_large"), ("spec[1].choices", "required")]
    assert all(p["message"] for p in detail["survey_problems"])
    listed = body(api.get(url("service_catalog_item-list"), user=alice, expect=200))["results"]
    assert [len(i["survey_problems"]) for i in listed] == [2]
    _submit(api, item, alice, extra_vars={"hostname": "web", "size": 3})
    response = api.post(url("service_catalog_item-submit", item.pk), {"extra_vars": {"hostname": "web"}},
                        user=alice, expect=400)
    assert [(e["path"], e["code"]) for e in body(response)["errors"]] == [("extra_vars.size", "invalid")]


def test_is_final_follows_the_core_for_every_status(api, alice, approval_item):
    """The portal polls what is not final and keeps no list of states: the
    field is the core's is_terminal, in detail and list answers alike."""
    request_id = _submit(api, approval_item, alice)["id"]
    finals = set()
    for state in _core.STATES:
        ServiceRequest.objects.filter(pk=request_id).update(status=state)
        detail = body(api.get(url("service_request-detail", request_id), user=alice, expect=200))
        listed = body(api.get(url("service_request-list"), user=alice, expect=200))["results"]
        assert (detail["status"], detail["is_final"]) == (state, _core.is_terminal(state))
        assert [r["is_final"] for r in listed if r["id"] == request_id] == [detail["is_final"]]
        if detail["is_final"]:
            finals.add(state)
    assert finals == set(_core.TERMINAL_STATES)
    assert finals and finals != set(_core.STATES)
