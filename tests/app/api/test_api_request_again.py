"""Request again (issue 10 item 5): a request's answers as the prefill of the
item's form as it is now, secrets left out, and what changed marked."""

from apihelpers import body, url


def _spec(*questions):
    return {
        "name": "survey",
        "description": "",
        "spec": [{"type": "text", "required": True, **q} for q in questions],
    }


def test_prefill_leaves_secrets_out_and_marks_what_changed(
    api, alice, bob, job_template_factory, catalog_item_factory, request_factory
):
    jt = job_template_factory(
        survey_spec=[
            {"variable": "hostname", "question_name": "Host name", "max": 20},
            {
                "variable": "size",
                "question_name": "Size",
                "type": "multiplechoice",
                "choices": "small\nlarge",
            },
            {"variable": "root_pw", "question_name": "Root password", "type": "password"},
            {"variable": "team", "question_name": "Team"},
        ]
    )
    item = catalog_item_factory(jt, name="vm")
    sr = request_factory(
        item, alice, justification="again please",
        extra_vars={"hostname": "web-1", "size": "large", "root_pw": "hunter2", "team": "ops"},
    )  # fmt: skip
    # The survey moves on: size loses "large", team goes, a required question arrives.
    jt.survey_spec = _spec(
        {"variable": "hostname", "question_name": "Host name", "max": 20},
        {"variable": "size", "question_name": "Size", "type": "multiplechoice", "choices": "small\nmedium"},
        {"variable": "root_pw", "question_name": "Root password", "type": "password"},
        {"variable": "owner", "question_name": "Owner"},
        {"variable": "zone", "question_name": "Zone", "required": False, "default": "eu"},
    )
    jt.save()
    data = body(api.get(url("service_request-request-again", sr.pk), user=alice, expect=200))
    assert data["request"] == sr.pk and data["catalog_item"] == item.pk
    assert data["justification"] == "again please"
    assert data["extra_vars"] == {"hostname": "web-1", "size": "large"}
    assert data["free_form_extra_vars"] == {} and data["node_survey_data"] == {}
    diffs = {d["variable"]: d for d in data["differences"]}
    assert set(diffs) == {"size", "root_pw", "team", "owner", "zone"}
    assert diffs["size"]["change"] == "changed" and diffs["size"]["label"] == "Size"
    assert diffs["size"]["message"].startswith("Size ")
    assert diffs["root_pw"]["change"] == "secret"
    assert diffs["team"]["change"] == "removed" and diffs["team"]["label"] == "team"
    assert (
        diffs["owner"]["change"] == "changed" and diffs["owner"]["label"] == "Owner"
    )  # required, unanswered
    assert diffs["zone"]["change"] == "new"
    assert "hunter2" not in str(data)
    # Someone who cannot see the request gets the 404 of an unknown one.
    api.get(url("service_request-request-again", sr.pk), user=bob, expect=404)
    api.get(url("service_request-request-again", 2**40), user=alice, expect=404)


def test_prefill_of_a_workflow_and_free_form_variables(
    api, alice, job_template_factory, workflow_factory, catalog_item_factory, request_factory
):
    deploy = job_template_factory(survey_spec=[{"variable": "version", "question_name": "Version"}])
    item = catalog_item_factory(workflow_factory(nodes={"deploy": deploy}), name="release")
    sr = request_factory(item, alice, node_survey_data={"deploy": {"version": "1.2"}})
    data = body(api.get(url("service_request-request-again", sr.pk), user=alice, expect=200))
    assert data["node_survey_data"] == {"deploy": {"version": "1.2"}} and data["differences"] == []

    free = job_template_factory(
        survey_spec=[{"variable": "fmt", "question_name": "Format"}], ask_variables_on_launch=True
    )
    report = catalog_item_factory(free, name="report")
    sr = request_factory(report, alice, extra_vars={"fmt": "csv", "audience": "finance"})
    data = body(api.get(url("service_request-request-again", sr.pk), user=alice, expect=200))
    assert data["extra_vars"] == {"fmt": "csv"} and data["free_form_extra_vars"] == {"audience": "finance"}


def test_request_again_of_a_deleted_item_is_a_conflict(api, alice, catalog_item_factory, request_factory):
    item = catalog_item_factory(name="gone")
    sr = request_factory(item, alice)
    item.delete()  # the request outlives its item (DESIGN.md "Requests are never lost")
    data = body(api.get(url("service_request-request-again", sr.pk), user=alice, expect=409))
    assert data["code"] == "item_missing"
