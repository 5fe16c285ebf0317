"""The Survey type: construction, properties, methods, and type hygiene."""

import pytest
from core_helpers import question, spec

from forge_catalog import _core


def test_properties(deploy_survey):
    assert deploy_survey.enabled is True
    assert deploy_survey.ask_variables_on_launch is False
    assert deploy_survey.question_count == 5
    assert deploy_survey.secret_variables == ("db_password",)
    assert repr(deploy_survey) == "<Survey enabled=True questions=5 ask_variables_on_launch=False>"


def test_properties_are_read_only(deploy_survey):
    with pytest.raises(AttributeError):
        deploy_survey.enabled = False


def test_disabled_survey_has_no_questions():
    survey = _core.Survey(spec(question("a")), enabled=False)
    assert (survey.enabled, survey.question_count, survey.display_spec()) == (False, 0, {})


def test_no_spec_is_an_empty_survey():
    survey = _core.Survey(None)
    assert survey.question_count == 0 and survey.secret_variables == ()
    assert survey.validate(None) == {} and survey.validate({}) == {}


def test_validate_applies_defaults_and_resolves_encrypted(deploy_survey):
    accepted = deploy_survey.validate({"hostname": "web03", "db_password": "$encrypted$"})
    assert accepted == {"hostname": "web03", "version": "1.0", "replicas": 2, "env": "dev",
                        "db_password": "s3cret"}


def test_validate_reports_all_problems_with_the_path_prefix(deploy_survey):
    with pytest.raises(_core.ValidationError) as info:
        deploy_survey.validate({"hostname": "", "replicas": "5", "env": "qa"}, path="answers")
    assert {(e["path"], e["code"]) for e in info.value.errors} == {
        ("answers.hostname", "required"), ("answers.replicas", "type"), ("answers.env", "not_a_choice")}


def test_errors_never_echo_a_password(deploy_survey):
    with pytest.raises(_core.ValidationError) as info:
        deploy_survey.validate({"hostname": "h", "db_password": ["hunter2-secret"]})
    assert "hunter2" not in str(info.value) and "hunter2" not in repr(info.value.errors)


def test_redact_and_display_spec(deploy_survey):
    assert deploy_survey.redact({"db_password": "x", "hostname": "h"}) == {
        "db_password": "$encrypted$", "hostname": "h"}
    shown = deploy_survey.display_spec()
    assert [q["default"] for q in shown["spec"] if q["type"] == "password"] == ["$encrypted$"]


def test_bad_spec_raises_validation_error_with_indexes():
    bad = spec(question("a"), question("a"), question("n", "integer", min="x"))
    with pytest.raises(_core.ValidationError) as info:
        _core.Survey(bad)
    assert all(e["path"].startswith("spec[") for e in info.value.errors)
    assert {e["code"] for e in info.value.errors} >= {"duplicate"}


def test_survey_type_is_final_and_module_bound():
    assert _core.Survey.__module__ == "forge_catalog._core"
    with pytest.raises(TypeError):
        type("Sub", (_core.Survey,), {})
    with pytest.raises(TypeError):
        _core.Survey.extra = 1


def test_methods_check_their_arguments(deploy_survey):
    with pytest.raises(TypeError):
        deploy_survey.validate()
    with pytest.raises(TypeError):
        deploy_survey.validate({}, "positional-path")
    with pytest.raises(ValueError):
        deploy_survey.validate({}, path="nul\x00inside")
    with pytest.raises(TypeError):
        deploy_survey.extra_vars({})
