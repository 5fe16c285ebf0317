"""The dry-run (POST service_catalog_items/{id}/validate_answers/) answers exactly as
submit decides (issue 9 item 3): a property test over random forms and
answer sets, plus its shape, authority and body checks."""

import random

import pytest
from apihelpers import url

from forge_catalog.models import ServiceRequest

CASES = 80
TYPES = ("text", "textarea", "integer", "float", "multiplechoice", "multiselect", "password")


def random_question(rng, index):
    qtype = rng.choice(TYPES)
    q = {"variable": f"v{index}", "type": qtype, "required": rng.random() < 0.5}
    if qtype in ("multiplechoice", "multiselect"):
        q["choices"] = rng.choice(["a\nb\nc", ["a", "b", "c"], "x\n\ny"])
        if rng.random() < 0.4:
            q["default"] = (
                rng.choice(["a", "b\nc", ["a"], "zz"]) if qtype == "multiselect" else rng.choice(["a", "x"])
            )
    elif qtype in ("integer", "float"):
        q["min"], q["max"] = rng.choice([(None, None), (1, 10), (0, 0)])
        if rng.random() < 0.4:
            q["default"] = rng.choice([1, 5, 11, 2.5])
    else:
        q["min"], q["max"] = rng.choice([(None, None), (2, 8), (0, 3)])
        if rng.random() < 0.4 and qtype != "password":
            q["default"] = rng.choice(["abc", "", "toolongvalue"])
    return q


def good_answer(q):
    """An answer that fits the question's own rules."""
    if q["type"] in ("integer", "float"):
        number = 0 if q.get("max") == 0 else max(q.get("min") or 0, 1)
        return float(number) if q["type"] == "float" else number
    if q["type"] == "multiplechoice":
        return "a" if "a" in q["choices"] else "x"
    if q["type"] == "multiselect":
        return ["a"] if "a" in q["choices"] else ["y"]
    return "ab"


def random_answer(rng, q):
    if rng.random() < 0.75:
        return good_answer(q)
    pool = {
        "text": ["", "ab", "abcdef", "a" * 12, 5, None],
        "textarea": ["hello", "", ["x"]],
        "password": ["secret12", "s", "$encrypted$", 7],
        "integer": [0, 3, 11, "4", 2.5, True],
        "float": [0.5, 3, 12.0, "x"],
        "multiplechoice": ["a", "b", "x", "zz", 1],
        "multiselect": [["a"], ["a", "b"], [], ["zz"], "a"],
    }[q["type"]]
    return rng.choice(pool)


def random_condition(rng, q):
    """A condition over question ``q`` of the kind its type allows."""
    name = q["variable"]
    if q["type"] in ("integer", "float"):
        return rng.choice([f"{name} > 2", f"{name} == 0", f"not {name} <= 5"])
    if q["type"] == "multiselect":
        return rng.choice([f"'a' in {name}", f"{name} is empty", f"'y' not in {name}"])
    if q["type"] == "multiplechoice":
        return rng.choice([f"{name} == 'a'", f"{name} in ['a', 'b']", f"{name} is not empty"])
    return rng.choice([f"{name} == 'ab'", f"{name} is empty", f"{name} != 'x' and {name} is not empty"])


def random_overlay(rng, questions):
    overlay = {}
    for i, q in enumerate(questions):
        entry = {}
        earlier = [e for e in questions[:i] if e["type"] != "password"]
        if earlier and rng.random() < 0.4:
            entry["visible_if"] = random_condition(rng, rng.choice(earlier))
        if q["type"] in ("text", "textarea") and rng.random() < 0.3:
            entry["pattern"] = rng.choice(["a.*", "[a-z]+", "x"])
        if q["type"] == "text" and rng.random() < 0.2:
            entry["format"] = rng.choice(["date", "email", "ipv4", "hostname"])
        if entry:
            overlay[q["variable"]] = entry
    return overlay


def random_form(rng):
    questions = [random_question(rng, i) for i in range(rng.randint(1, 6))]
    answers = {q["variable"]: random_answer(rng, q) for q in questions if rng.random() < 0.85}
    if rng.random() < 0.1:
        answers["not_in_survey"] = "x"
    overlay = random_overlay(rng, questions) if rng.random() < 0.6 else {}
    return questions, overlay, answers


@pytest.mark.django_db
def test_dry_run_equals_submit_over_random_forms(api, alice, job_template_factory, catalog_item_factory):
    rng = random.Random(9)
    seen = {"valid": 0, "invalid": 0}
    hidden = 0
    for case in range(CASES):
        questions, overlay, answers = random_form(rng)
        template = job_template_factory(survey_spec=questions)
        # validate=False: an overlay the core refuses is part of the sweep
        # too (submit and the dry-run then refuse at the overlay's paths).
        item = catalog_item_factory(template, requires_approval=True, form_overlay=overlay, validate=False)
        body = {"justification": "x", "extra_vars": answers}
        dry_response = api.post(url("service_catalog_item-validate-answers", item.pk), body, user=alice)
        before = ServiceRequest.objects.count()
        submit = api.post(url("service_catalog_item-submit", item.pk), body, user=alice)
        context = f"case {case}: {questions} {overlay} {answers}"
        if dry_response.status_code == 400:  # a body of the wrong JSON kind: submit's very 400
            assert submit.status_code == 400 and submit.json() == dry_response.json(), context
            continue
        assert dry_response.status_code == 200, (context, dry_response.content)
        dry = dry_response.json()
        if dry["valid"]:
            assert submit.status_code == 201, (context, submit.content)
            assert dry["errors"] == []
            seen["valid"] += 1
        else:
            assert submit.status_code == 400, (context, submit.content)
            assert submit.json()["errors"] == dry["errors"], context
            assert ServiceRequest.objects.count() == before
            seen["invalid"] += 1
            hidden += any(e["code"] == "hidden" for e in dry["errors"])
    assert min(seen.values()) >= 10, seen  # both outcomes are exercised
    assert hidden >= 3, hidden  # and answers refused for a hidden question


@pytest.mark.django_db
def test_dry_run_reports_defaults_visibility_and_stores_nothing(
    api, alice, job_template_factory, catalog_item_factory
):
    template = job_template_factory(
        survey_spec=[
            {
                "variable": "features",
                "type": "multiselect",
                "required": False,
                "choices": "a\nb\nc",
                "default": "a\nc",
            },
            {"variable": "size", "type": "multiplechoice", "choices": "s\nm", "default": "m"},
            {"variable": "name", "type": "text"},
            {"variable": "pw", "type": "password", "default": "stored-secret"},
        ]
    )
    item = catalog_item_factory(template)
    dry = api.post(url("service_catalog_item-validate-answers", item.pk), {}, user=alice, expect=200).json()
    questions = dry["extra_vars"]["questions"]
    # The multiselect default as the core reads it: the portal splits nothing.
    assert questions["features"] == {"visible": True, "default": ["a", "c"]}
    assert questions["size"]["default"] == "m"
    assert "default" not in questions["pw"]  # a password default never leaves the server
    assert "stored-secret" not in str(dry)
    assert dry["valid"] is False
    assert [e["path"] for e in dry["errors"]] == ["extra_vars.name"]
    assert dry["node_survey_data"] == {}
    assert ServiceRequest.objects.count() == 0


@pytest.mark.django_db
def test_dry_run_includes_the_justification_rule(api, alice, job_template_factory, catalog_item_factory):
    item = catalog_item_factory(job_template_factory(), justification_required=True)
    dry = api.post(url("service_catalog_item-validate-answers", item.pk), {}, user=alice, expect=200).json()
    assert [e["path"] for e in dry["errors"]] == ["justification"]
    submit = api.post(url("service_catalog_item-submit", item.pk), {}, user=alice, expect=400).json()
    assert submit["errors"] == dry["errors"]


@pytest.mark.django_db
def test_dry_run_of_a_workflow_reports_each_node(
    api, alice, job_template_factory, workflow_factory, catalog_item_factory
):
    deploy = job_template_factory(survey_spec=[{"variable": "version", "type": "text"}])
    item = catalog_item_factory(workflow_factory(nodes={"deploy": deploy, "plain": job_template_factory()}))
    body = {"node_survey_data": {"deploy": {"version": 5}, "ghost": {}}}
    dry = api.post(url("service_catalog_item-validate-answers", item.pk), body, user=alice, expect=200).json()
    assert sorted(e["path"] for e in dry["errors"]) == [
        "node_survey_data.deploy.version",
        "node_survey_data.ghost",
    ]
    assert dry["node_survey_data"] == {
        "deploy": {"questions": {"version": {"visible": True}}},
        "plain": {"questions": {}},
    }
    submit = api.post(url("service_catalog_item-submit", item.pk), body, user=alice, expect=400).json()
    assert submit["errors"] == dry["errors"]


@pytest.mark.django_db
def test_dry_run_authority_and_body_as_submit(
    api, alice, rando, user_factory, organization, job_template_factory, catalog_item_factory
):
    item = catalog_item_factory(job_template_factory())
    path = url("service_catalog_item-validate-answers", item.pk)
    api.post(path, {}, expect=401)
    api.post(path, {}, user=rando, expect=404)  # may not see the item
    auditor = user_factory("auditor")
    organization.auditors.add(auditor)
    api.post(path, {}, user=auditor, expect=403)  # reads, may not submit
    bad = api.post(path, {"extra_vars": [], "limit": 0, "bogus": 1}, user=alice, expect=400).json()
    assert {"extra_vars", "limit", "bogus"} <= {e["path"] for e in bad["errors"]}
    api.post(path, {"search": {"extra_vars.x": "y" * 1000}}, user=alice, expect=400)
