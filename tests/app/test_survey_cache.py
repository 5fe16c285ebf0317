"""The compiled-survey cache (surveys.template_survey, issue 8): an O(1) hit
for the template object last seen, no compile for a template read again
unchanged, and a fresh compile whenever the survey really changed, even
when ``modified`` did not move."""

import pytest

from forge_catalog import _core, surveys
from forge_catalog.devhost import models as dh


@pytest.fixture
def compiles(monkeypatch):
    count = {"n": 0}
    real = _core.Survey

    def counting(*args, **kwargs):
        count["n"] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(surveys._core, "Survey", counting)
    return count


def variables(survey):
    return [q["variable"] for q in survey.display_spec()["spec"]]


@pytest.fixture
def jt(job_template_factory):
    return job_template_factory(survey_spec=[{"variable": "a"}, {"variable": "b"}])


def _guarded(name):
    def method(self, *args, **kwargs):
        if Untouchable.armed:
            pytest.fail(f"the spec was read on a cache hit ({name})")
        return getattr(dict, name)(self, *args, **kwargs)

    return method


class Untouchable(dict):
    """A spec that fails any Python-level look at its content once armed
    (serialising, comparing, copying, iterating); the core reads it through
    the C API when it compiles, before arming."""

    armed = False
    __eq__ = _guarded("__eq__")
    __iter__ = _guarded("__iter__")
    items = _guarded("items")
    keys = _guarded("keys")
    values = _guarded("values")


def test_the_same_object_hits_in_constant_time(jt, compiles):
    jt.survey_spec = Untouchable(jt.survey_spec)
    first = surveys.template_survey(jt)
    Untouchable.armed = True
    try:
        for _ in range(3):
            assert surveys.template_survey(jt) is first
    finally:
        Untouchable.armed = False
    assert compiles["n"] == 1


def test_reading_the_template_again_unchanged_compiles_nothing(jt, compiles):
    first = surveys.template_survey(jt)
    again = dh.JobTemplate.objects.get(pk=jt.pk)
    assert again.survey_spec is not jt.survey_spec
    assert surveys.template_survey(again) is first
    assert compiles["n"] == 1


def test_a_survey_changed_without_modified_moving_is_noticed(jt, compiles):
    assert variables(surveys.template_survey(jt)) == ["a", "b"]
    spec = dict(jt.survey_spec, spec=jt.survey_spec["spec"] + [dict(jt.survey_spec["spec"][0], variable="c")])
    dh.JobTemplate.objects.filter(pk=jt.pk).update(survey_spec=spec)  # modified stays
    reread = dh.JobTemplate.objects.get(pk=jt.pk)
    assert reread.modified == jt.modified
    assert variables(surveys.template_survey(reread)) == ["a", "b", "c"]
    assert compiles["n"] == 2


def test_a_survey_edited_in_place_and_saved_is_compiled_again(jt, compiles):
    surveys.template_survey(jt)
    jt.survey_spec["spec"].pop()
    jt.save()  # modified moves; the cached copy, not the live dict, is compared
    assert variables(surveys.template_survey(jt)) == ["a"]
    assert compiles["n"] == 2


def test_flags_are_part_of_the_version(jt, compiles):
    on = surveys.template_survey(jt)
    dh.JobTemplate.objects.filter(pk=jt.pk).update(survey_enabled=False)
    off = surveys.template_survey(dh.JobTemplate.objects.get(pk=jt.pk))
    assert off is not on and compiles["n"] == 2


def test_the_same_object_hits_without_the_shared_cache(jt, compiles, monkeypatch):
    first = surveys.template_survey(jt)

    def shared(*args):
        pytest.fail("a hit on the same template object went to the shared cache")

    monkeypatch.setattr(surveys, "_shared_survey", shared)
    for _ in range(3):
        assert surveys.template_survey(jt) is first
    assert compiles["n"] == 1


def test_the_memo_follows_the_object_the_flags_and_clear_cache(jt, compiles):
    first = surveys.template_survey(jt)
    # A new spec object on the same template, not saved: compared, compiled.
    jt.survey_spec = dict(jt.survey_spec, spec=jt.survey_spec["spec"][:1])
    assert variables(surveys.template_survey(jt)) == ["a"]
    jt.survey_enabled = False
    assert surveys.template_survey(jt).question_count == 0
    jt.survey_enabled = True
    again = surveys.template_survey(jt)
    surveys.clear_cache()
    assert surveys.template_survey(jt) is not again
    assert first is not again and compiles["n"] == 5  # each change above compiled once


def test_a_copied_template_starts_without_the_memo(jt, compiles):
    import copy
    import pickle

    first = surveys.template_survey(jt)
    for clone in (copy.deepcopy(jt), pickle.loads(pickle.dumps(jt))):
        assert surveys.template_survey(clone) is first  # the shared cache, by content
    assert compiles["n"] == 1
