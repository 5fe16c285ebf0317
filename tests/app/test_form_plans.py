"""What forms.decide remembers on an item (forms._Plan: the compiled Form
and what is read off it on every call) is dropped whenever it would answer
differently: the overlay edited in place or replaced, the survey changed,
the caches cleared; a copy of the item starts without it."""

import copy

import pytest

from forge_catalog import forms, surveys

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(catalog_item_factory, job_template_factory):
    template = job_template_factory(survey_spec=[{"variable": "name", "type": "text", "required": False}])
    return catalog_item_factory(template, form_overlay={"name": {"pattern": "[a-z]+"}})


def errors(item, answers):
    return [e["code"] for e in forms.decide(item, None, answers, {}).errors]


def test_the_same_item_object_reuses_its_plan(item):
    assert errors(item, {"name": "abc"}) == []
    plan = item.__dict__[forms._PLANS][None]
    assert errors(item, {"name": "ABC"}) != []
    assert item.__dict__[forms._PLANS][None] is plan


def test_an_overlay_edited_in_place_is_noticed(item):
    assert errors(item, {"name": "ABC"}) != []
    item.form_overlay["name"]["pattern"] = "[A-Z]+"
    assert errors(item, {"name": "ABC"}) == []


def test_an_overlay_replaced_is_noticed(item):
    assert errors(item, {"name": "ABC"}) != []
    item.form_overlay = {}
    assert errors(item, {"name": "ABC"}) == []


def test_a_changed_survey_is_noticed(item):
    assert errors(item, {"name": "abc"}) == []
    template = item.job_template
    template.survey_spec = dict(template.survey_spec, spec=template.survey_spec["spec"] + [
        {"variable": "size", "type": "integer", "required": True, "question_name": "size", "default": ""}
    ])
    assert errors(item, {"name": "abc"}) == ["required"]


def test_clearing_the_caches_drops_the_plan(item):
    errors(item, {})
    plan = item.__dict__[forms._PLANS][None]
    forms.clear_cache()
    surveys.clear_cache()
    errors(item, {})
    assert item.__dict__[forms._PLANS][None] is not plan


def test_a_copy_of_the_item_starts_without_plans(item):
    errors(item, {})
    assert not copy.deepcopy(item).__dict__.get(forms._PLANS)


def test_a_template_swapped_on_the_same_item_is_noticed(item, job_template_factory):
    assert errors(item, {"name": "abc"}) == []
    item.job_template = job_template_factory(survey_spec=[
        {"variable": "name", "type": "text", "required": False},
        {"variable": "size", "type": "integer", "required": True},
    ])
    assert errors(item, {"name": "abc"}) == ["required"]


def test_an_overlay_that_no_longer_fits_is_refused_at_its_paths(item):
    template = item.job_template
    other = {"variable": "other", "type": "text", "question_name": "other", "required": False}
    template.survey_spec = dict(template.survey_spec, spec=[other])
    verdict = forms.decide(item, None, {"name": "abc"}, {}, launch=True)
    assert [e["path"] for e in verdict.errors] == ["form_overlay.name"]
    assert (verdict.accepted, verdict.accepted_nodes) == (None, None)


@pytest.mark.parametrize("answers", [{"name": "abc"}, {"name": "ABC"}, {}, None, {"name": 3, "extra": 1}])
@pytest.mark.parametrize("launch", [False, True])
def test_the_usual_path_and_the_general_path_agree(item, answers, launch):
    # with_choices takes the general path (_decide_one); without, a job
    # template item without node answers takes decide's own.
    usual = forms.decide(item, None, answers, {}, launch=launch)
    general = forms.decide(item, None, answers, {}, launch=launch, with_choices=True)
    fields = ("errors", "visible", "accepted", "accepted_nodes", "survey", "nodes", "workflow", "launch")
    assert [getattr(usual, f) for f in fields] == [getattr(general, f) for f in fields]
    assert usual.states == {} and set(general.states) == {None}
