"""No plaintext secret in any API response (awx-facts.md "Passwords"): every
endpoint that can show answers, defaults, errors or failure reasons is read
after secrets went in, and none of their bytes may contain one."""

import pytest
from apihelpers import body, url

from forge_catalog import _core
from forge_catalog.hosts import get_host

SECRETS = ("s3cret-plain", "n0de-secret", "hunter2-default", "t00-long-secret", "n0de-default")


@pytest.fixture
def secret_world(catalog_item_factory, job_template_factory, workflow_factory, team):
    jt = job_template_factory(
        survey_spec=[
            {"variable": "hostname", "type": "text"},
            {"variable": "db_password", "type": "password", "max": 20},
            {"variable": "token", "type": "password", "required": False, "default": "hunter2-default"},
        ]
    )
    node_jt = job_template_factory(
        survey_spec=[
            {"variable": "node_pw", "type": "password"},
            {"variable": "node_token", "type": "password", "required": False, "default": "n0de-default"},
        ]
    )
    wf = workflow_factory(nodes={"deploy": node_jt})
    return {
        "gated": catalog_item_factory(jt, name="gated", requires_approval=True, approver_team=team),
        "direct": catalog_item_factory(jt, name="direct"),
        "workflow": catalog_item_factory(wf, name="workflow", requires_approval=True, approver_team=team),
        "workflow_direct": catalog_item_factory(wf, name="workflow direct"),
    }


def _assert_clean(responses):
    for label, response in responses:
        for secret in SECRETS:
            assert secret.encode() not in response.content, f"{label} shows {secret!r}"


def test_no_endpoint_shows_a_secret(api, secret_world, alice, approver, org_admin):
    w = secret_world
    answers = {"hostname": "web03", "db_password": "s3cret-plain"}
    seen = []

    def keep(label, response):
        seen.append((label, response))
        return body(response) if response["Content-Type"].startswith("application/json") else None

    submit_gated = url("service_catalog_item-submit", w["gated"].pk)
    gated = keep("submit", api.post(submit_gated, {"extra_vars": answers}, user=alice, expect=201))
    assert gated["extra_vars"] == {"hostname": "web03", "db_password": _core.ENCRYPTED}
    direct = keep("submit direct", api.post(url("service_catalog_item-submit", w["direct"].pk),
                                            {"extra_vars": answers}, user=alice, expect=201))  # fmt: skip
    assert direct["status"] == "running"
    wf = keep(
        "submit workflow",
        api.post(
            url("service_catalog_item-submit", w["workflow"].pk),
            {"node_survey_data": {"deploy": {"node_pw": "n0de-secret"}}},
            user=alice,
            expect=201,
        ),
    )
    assert wf["node_survey_data"] == {"deploy": {"node_pw": _core.ENCRYPTED}}
    # A wrong answer for a password question: the error names it, never echoes it.
    keep("400", api.post(url("service_catalog_item-submit", w["gated"].pk),
                         {"extra_vars": {"hostname": "h", "db_password": "t00-long-secret" * 3}}, user=alice,
                         expect=400))  # fmt: skip

    for user in (alice, approver, org_admin):
        keep("list", api.get(url("service_request-list"), user=user, expect=200))
        keep("detail", api.get(url("service_request-detail", gated["id"]), user=user, expect=200))
        keep("events", api.get(url("service_request-events", gated["id"]), user=user, expect=200))
        keep(
            "launch_data",
            api.get(url("service_catalog_item-launch-data", w["gated"].pk), user=user, expect=200),
        )
    keep("inbox", api.get(url("service_request-pending-approvals"), user=approver, expect=200))
    keep(
        "item requests",
        api.get(url("service_catalog_item-requests", w["gated"].pk), user=org_admin, expect=200),
    )
    keep("approve", api.post(url("service_request-approve", gated["id"]), {}, user=approver, expect=200))
    keep("approve wf", api.post(url("service_request-approve", wf["id"]), {}, user=approver, expect=200))
    keep("events after launch", api.get(url("service_request-events", wf["id"]), user=alice, expect=200))
    keep("cancel", api.post(url("service_request-cancel", direct["id"]), user=alice, expect=200))
    keep("schema", api.get(url("schema"), user=alice, expect=200))
    _assert_clean(seen)
    assert len(seen) > 20


def test_a_failed_launch_reason_does_not_echo_the_secret(api, secret_world, alice, monkeypatch):
    host = type(get_host())

    def launch(self, template, *, created_by, extra_vars, node_survey_data=None, node_secret_variables=None):
        raise RuntimeError(f"controller refused extra_vars {extra_vars}")

    monkeypatch.setattr(host, "launch", launch)
    response = api.post(
        url("service_catalog_item-submit", secret_world["direct"].pk),
        {"extra_vars": {"hostname": "web03", "db_password": "s3cret-plain"}},
        user=alice,
        expect=201,
    )
    data = body(response)
    assert data["status"] == "failed" and "controller refused" in data["failure_reason"]
    events = api.get(url("service_request-events", data["id"]), user=alice, expect=200)
    workflow = api.post(
        url("service_catalog_item-submit", secret_world["workflow_direct"].pk),
        {"node_survey_data": {"deploy": {"node_pw": "n0de-secret"}}},
        user=alice,
        expect=201,
    )
    assert body(workflow)["status"] == "failed"
    wf_events = api.get(url("service_request-events", body(workflow)["id"]), user=alice, expect=200)
    _assert_clean(
        [("submit", response), ("events", events), ("workflow", workflow), ("wf events", wf_events)]
    )


def test_a_question_that_became_a_password_is_redacted_too(api, secret_world, alice):
    # Stored in clear while it was a text question; the survey's redact
    # still hides it once the template calls it a password.
    item = secret_world["gated"]
    response = api.post(
        url("service_catalog_item-submit", item.pk),
        {"extra_vars": {"hostname": "s3cret-plain", "db_password": "x"}},
        user=alice,
        expect=201,
    )
    rid = body(response)["id"]
    jt = item.job_template
    jt.survey_spec["spec"][0]["type"] = "password"
    jt.save()
    detail = api.get(url("service_request-detail", rid), user=alice, expect=200)
    assert body(detail)["extra_vars"]["hostname"] == _core.ENCRYPTED
    _assert_clean(
        [("detail", detail), ("list", api.get(url("service_request-list"), user=alice, expect=200))]
    )


def test_node_answers_are_redacted_by_the_node_survey(api, secret_world, alice):
    # The node's survey in the core decides, as for template answers: a node
    # question that became a password after submit is masked too.
    item = secret_world["workflow"]
    response = api.post(
        url("service_catalog_item-submit", item.pk),
        {"node_survey_data": {"deploy": {"node_pw": "n0de-secret", "node_token": "s3cret-plain"}}},
        user=alice,
        expect=201,
    )
    rid = body(response)["id"]
    assert body(response)["node_survey_data"] == {
        "deploy": {"node_pw": _core.ENCRYPTED, "node_token": _core.ENCRYPTED}
    }
    node_jt = item.workflow_job_template.workflow_job_template_nodes.get().unified_job_template
    node_jt.survey_spec["spec"].append(
        {"variable": "extra_note", "question_name": "note", "type": "text", "required": False}
    )
    node_jt.save()
    # A stored text answer whose question is now a password.
    from forge_catalog.models import ServiceRequest

    sr = ServiceRequest.objects.get(pk=rid)
    sr.node_survey_data["deploy"]["extra_note"] = "s3cret-plain"
    sr.save()
    node_jt.survey_spec["spec"][-1]["type"] = "password"
    node_jt.save()
    detail = api.get(url("service_request-detail", rid), user=alice, expect=200)
    assert body(detail)["node_survey_data"]["deploy"]["extra_note"] == _core.ENCRYPTED
    _assert_clean(
        [("detail", detail), ("list", api.get(url("service_request-list"), user=alice, expect=200))]
    )


def test_a_text_answer_that_looks_encrypted_is_shown_as_typed(api, secret_world, alice):
    response = api.post(
        url("service_catalog_item-submit", secret_world["gated"].pk),
        {"extra_vars": {"hostname": "$encrypted$web03", "db_password": "s3cret-plain"}},
        user=alice,
        expect=201,
    )
    assert body(response)["extra_vars"] == {"hostname": "$encrypted$web03", "db_password": _core.ENCRYPTED}
