"""A request that launches is decided once for both: the validation and the
launch's final extra_vars come from one forms.decide(..., launch=True) in
the transaction that launches (issue 8), whether it launches at submit, at
its last approval or on expiry's auto-approval; the values launched are the
core's precedence (template extra_vars < survey defaults < answers)."""

import json

import pytest

from forge_catalog import _core, forms, lifecycle
from forge_catalog.devhost import models as dh

pytestmark = pytest.mark.django_db

SPEC = [
    {"variable": "size", "type": "integer", "required": True, "min": 1, "max": 9},
    {"variable": "zone", "type": "text", "required": False, "default": "eu"},
]


@pytest.fixture
def decisions(monkeypatch):
    """Every forms.decide call, as its ``launch`` flag."""
    seen = []
    real = forms.decide

    def counting(*args, **kwargs):
        seen.append(bool(kwargs.get("launch")))
        return real(*args, **kwargs)

    monkeypatch.setattr(forms, "decide", counting)
    return seen


@pytest.fixture
def template(job_template_factory):
    return job_template_factory(survey_spec=SPEC, extra_vars=json.dumps({"zone": "us", "owner": "ops"}))


def launched_vars(sr):
    sr.refresh_from_db()
    return json.loads(dh.Job.objects.get(pk=sr.job_id).extra_vars)


def test_a_submit_that_launches_decides_once(request_factory, catalog_item_factory, template, decisions):
    sr = request_factory(catalog_item_factory(template), extra_vars={"size": 3})
    assert decisions == [True]
    assert launched_vars(sr) == {"owner": "ops", "zone": "eu", "size": 3}


def test_a_submit_that_waits_decides_without_launch_values(
    request_factory, catalog_item_factory, template, team, approver, decisions
):
    item = catalog_item_factory(template, requires_approval=True, approver_team=team)
    sr = request_factory(item, extra_vars={"size": 3, "zone": "ap"})
    assert decisions == [False]
    lifecycle.approve(sr, approver)
    assert decisions == [False, True]  # the last approval: one decision, launched from it
    assert launched_vars(sr) == {"owner": "ops", "zone": "ap", "size": 3}


def test_an_approval_that_moves_to_the_next_step_does_not_build_launch_values(
    request_factory, catalog_item_factory, template, team, approver, decisions
):
    item = catalog_item_factory(template, requires_approval=True, approver_team=team, approvals_required=2)
    sr = request_factory(item, extra_vars={"size": 3})
    lifecycle.approve(sr, approver)
    sr.refresh_from_db()
    assert sr.status == "pending_approval" and decisions == [False, False]


def test_a_launch_without_a_verdict_decides_for_launch(request_factory, catalog_item_factory, template,
                                                      team, approver):
    item = catalog_item_factory(template, requires_approval=True, approver_team=team)
    sr = request_factory(item, extra_vars={"size": 4})
    sr.status = "approved"
    sr.save(update_fields=["status"])
    lifecycle._launch(sr)  # what expiry's auto-approval calls
    assert launched_vars(sr) == {"owner": "ops", "zone": "eu", "size": 4}


def test_launch_values_need_a_verdict_decided_for_launch(catalog_item_factory, template, alice):
    item = catalog_item_factory(template)
    with pytest.raises(ValueError):
        forms.decide(item, alice, {"size": 3}, {}).launch_values()
    refused = forms.decide(item, alice, {"size": 30}, {}, launch=True)
    with pytest.raises(_core.ValidationError) as exc:
        refused.launch_values()
    assert [e["path"] for e in exc.value.errors] == ["extra_vars.size"]
    assert forms.decide(item, alice, {"size": 3}, {}, launch=True).launch_values() == (
        {"owner": "ops", "zone": "eu", "size": 3},
        None,
    )


def test_launch_and_validate_decide_the_same_errors(catalog_item_factory, template, alice):
    item = catalog_item_factory(template)
    for answers in ({}, {"size": 0}, {"size": "x", "zone": 5}, {"size": 2, "extra": 1}):
        plain = forms.decide(item, alice, answers, {})
        launch = forms.decide(item, alice, answers, {}, launch=True)
        assert launch.errors == plain.errors and launch.visible == plain.visible, answers
