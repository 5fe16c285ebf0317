"""_core.Form, the binding of fc_form.h: argument conversion and the
contract of forge_catalog/_core.pyi (the rules themselves are the golden
cases of test_form_fixtures.py)."""

import gc

import pytest

from forge_catalog import _core

SPEC = {"name": "", "description": "", "spec": [
    {"question_name": "Env", "variable": "env", "type": "multiplechoice", "choices": "dev\nprod",
     "required": True, "default": "dev"},
    {"question_name": "Host", "variable": "host", "type": "text", "required": True},
    {"question_name": "When", "variable": "when", "type": "text", "required": False},
]}
OVERLAY = {"host": {"visible_if": "env == 'prod'", "pattern": "w[0-9]+", "pattern_message": "like w01",
                    "choices_from": {"inventory": "Production"}},
           "when": {"format": "date", "min_days": 0, "section": "Timing", "order": -1}}
NOW = 1796083200  # 2026-12-01T00:00:00Z


def form():
    return _core.Form(_core.Survey(SPEC), OVERLAY)


def test_verdict_is_a_named_tuple():
    verdict = form().validate({"env": "prod", "host": "w01"}, choices={"host": ["w01"]}, now=NOW)
    assert isinstance(verdict, _core.FormVerdict)
    assert verdict == (("when", "env", "host"), [], {"env": "prod", "host": "w01"})


def test_errors_come_back_instead_of_raising():
    visible, errors, accepted = form().validate({"host": "w01"}, now=NOW)
    assert visible == ("when", "env") and accepted is None
    assert errors == [{"path": "extra_vars.host", "code": "hidden",
                       "message": "'host' is not asked (its condition hides it), so it must not be answered"}]


def test_path_prefixes_errors_and_problems():
    _, errors, _ = form().validate({"env": "prod", "host": "x"}, choices={"host": ["x"]}, now=NOW,
                                   path="node_survey_data.deploy")
    assert [e["path"] for e in errors] == ["node_survey_data.deploy.host"]
    with pytest.raises(_core.ValidationError) as info:
        _core.Form(_core.Survey(SPEC), {"nope": {}, "host": {"format": "phone"}}, path="form_overlay")
    assert [(e["path"], e["code"]) for e in info.value.errors] == [
        ("form_overlay.nope", "unknown"), ("form_overlay.host.format", "invalid")]


def test_properties():
    f = form()
    assert f.order == ("when", "env", "host")
    assert f.needs_now is True
    assert f.choices_from == {"host": {"inventory": "Production", "kind": "hosts", "filter": None,
                                       "limit": 100}}
    assert [q["variable"] for q in f.display()] == ["when", "env", "host"]
    assert f.display()[0]["section"] == "Timing"
    assert isinstance(f.survey, _core.Survey)


def test_now_is_required_for_date_bounds_and_must_be_an_int():
    with pytest.raises(ValueError, match="now"):
        form().validate({})
    with pytest.raises(TypeError):
        form().validate({}, now=1.5)
    with pytest.raises(TypeError):
        form().validate({}, now=True)
    assert _core.Form(_core.Survey(SPEC), None).validate({}).errors[0]["code"] == "required"


def test_arguments_are_checked():
    with pytest.raises(TypeError, match="Survey"):
        _core.Form(SPEC, OVERLAY)
    with pytest.raises(ValueError):
        form().validate({}, choices=["w01"], now=NOW)
    with pytest.raises(_core.ConversionError):
        form().validate({"host": object()}, now=NOW)
    with pytest.raises(_core.ValidationError):
        _core.Form(_core.Survey(SPEC), ["not", "an", "object"])


def test_the_form_keeps_its_survey_alive():
    f = _core.Form(_core.Survey(SPEC), OVERLAY)
    gc.collect()
    assert f.validate({"env": "dev"}, now=NOW).accepted == {"env": "dev"}
    assert f.survey.question_count == 3


def test_form_is_final():
    with pytest.raises(TypeError):
        type("Sub", (_core.Form,), {})


def test_extra_vars_for_launch():
    spec = {"name": "", "description": "", "spec": [
        {"question_name": "Env", "variable": "env", "type": "multiplechoice", "choices": "dev\nprod",
         "required": True, "default": "dev"},
        {"question_name": "Size", "variable": "size", "type": "integer", "required": True, "default": 2},
        {"question_name": "Db", "variable": "db", "type": "text", "required": True},
    ]}
    f = _core.Form(_core.Survey(spec), {"size": {"visible_if": "env == 'prod'"},
                                        "db": {"visible_if": "env == 'prod'"}})
    # Hidden: size gets the survey default the controller would apply; db (no default) nothing.
    assert f.extra_vars({"env": "tmpl", "x": 1}, {}) == {"env": "dev", "size": 2, "x": 1}
    full = {"env": "prod", "size": 5, "db": "pg"}
    assert f.extra_vars(None, full) == full
    with pytest.raises(_core.ValidationError) as info:
        f.extra_vars(None, {"env": "prod"})
    assert [(e["path"], e["code"]) for e in info.value.errors] == [("extra_vars.db", "required")]
    with pytest.raises(_core.ValidationError) as info:
        f.extra_vars(None, {"db": "pg"})
    assert [(e["path"], e["code"]) for e in info.value.errors] == [("extra_vars.db", "hidden")]
    with pytest.raises(ValueError):
        f.extra_vars([], {})


def test_visible_follows_each_call_on_one_form():
    # The binding hands out its last visible tuple again when the core's
    # visible questions are the same: it must never show another call's.
    spec = {"name": "", "description": "", "spec": [
        {"question_name": "X", "variable": "x", "type": "multiplechoice", "choices": "1\n2",
         "required": True},
        {"question_name": "A", "variable": "a", "type": "text", "required": False},
        {"question_name": "B", "variable": "b", "type": "text", "required": False},
    ]}
    f = _core.Form(_core.Survey(spec), {"a": {"visible_if": "x == '1'"}, "b": {"visible_if": "x == '2'"}})
    for _ in range(3):
        assert f.validate({"x": "1"}).visible == ("x", "a")
        assert f.validate({"x": "1"}, launch=True).visible == ("x", "a")
        assert f.validate({"x": "2"}).visible == ("x", "b")  # as many, other questions
        assert f.validate({}).visible == ("x",)
    shown = f.validate({"x": "2"}).visible
    assert isinstance(shown, tuple) and all(type(name) is str for name in shown)


def test_a_form_without_conditions_or_checks_asks_every_question_in_its_order():
    # Such a form skips the visibility pass: the visible tuple is still the
    # form's order, nothing is skipped, defaults and errors as in any form.
    spec = {"name": "", "description": "", "spec": [
        {"type": "text", "question_name": "A", "variable": "a", "required": False, "default": "x"},
        {"type": "integer", "question_name": "B", "variable": "b", "required": True},
        {"type": "text", "question_name": "C", "variable": "c", "required": False}]}
    f = _core.Form(_core.Survey(spec), {"c": {"order": -1, "section": "First"}})
    assert f.order == ("c", "a", "b")
    verdict = f.validate({"b": 3, "c": "z"}, launch=True, template_extra_vars={"t": 1})
    assert verdict.visible == ("c", "a", "b") and verdict.errors == []
    assert list(verdict.accepted.items()) == [("t", 1), ("a", "x"), ("b", 3), ("c", "z")]
    verdict = f.validate({"c": "z", "d": 1})
    assert verdict.visible == ("c", "a", "b") and verdict.accepted is None
    assert [(e["path"], e["code"]) for e in verdict.errors] == [
        ("extra_vars.b", "required"), ("extra_vars.d", "unknown")]
    assert _core.Form(_core.Survey(spec), None).validate({"b": 1}).visible == ("a", "b", "c")
