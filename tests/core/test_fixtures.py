"""The golden survey cases (tests/fixtures/survey/*.json, format in
tests/fixtures/README.md) through the extension, with exactly the checks of
the C sweep tests/c/test_fixtures.c: same calls, same verdicts, same error
sets, no echoed value. C and Python therefore agree by construction."""

import json
import pathlib

import pytest

from forge_catalog import _core

FIXTURES = pathlib.Path(__file__).resolve().parents[1] / "fixtures" / "survey"
CASES = sorted(p.name for p in FIXTURES.glob("*.json"))


def test_the_golden_set_is_there():
    assert len(CASES) >= 150, f"only {len(CASES)} golden cases in {FIXTURES}"


def with_bigints(value):
    """{"__bigint__": "<decimal>"} (how the files write integers jansson
    cannot read) as the Python int it stands for."""
    if isinstance(value, dict):
        if value.keys() == {"__bigint__"} and isinstance(value["__bigint__"], str):
            return int(value["__bigint__"])
        return {k: with_bigints(v) for k, v in value.items()}
    if isinstance(value, list):
        return [with_bigints(v) for v in value]
    return value


def same_json(got, want):
    """jansson's json_equal: 1, 1.0 and True are three different values."""
    if type(got) is not type(want):
        return False
    if isinstance(want, dict):
        return got.keys() == want.keys() and all(same_json(got[k], want[k]) for k in want)
    if isinstance(want, list):
        return len(got) == len(want) and all(map(same_json, got, want))
    return got == want


def assert_json(what, got, want):
    assert same_json(got, want), f"{what} differs:\n got:  {got!r}\n want: {want!r}"


def error_set(errors):
    """Order-insensitive, as the C sweep: sorted 'path [code]' strings."""
    return sorted(f"{e['path']} [{e['code']}]" for e in errors)


def string_leaves(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from string_leaves(item)
    elif isinstance(value, list):
        for item in value:
            yield from string_leaves(item)


def assert_not_echoed(errors, submitted):
    for leaf in string_leaves(submitted):
        if len(leaf.encode()) >= 4:
            for error in errors:
                assert leaf not in error["message"], f"message echoes a submitted value: {error}"


def compile_survey(holder):
    return _core.Survey(holder.get("survey_spec"), enabled=holder.get("survey_enabled", True) is True,
                        ask_variables_on_launch=holder.get("ask_variables_on_launch", False) is True)


def validation_errors(call):
    """(result, errors): errors is None when the call succeeded."""
    try:
        return call(), None
    except _core.ValidationError as exc:
        assert exc.errors, "a ValidationError always lists its problems"
        return None, exc.errors


@pytest.mark.parametrize("name", CASES)
def test_golden_case(name):
    fixture = with_bigints(json.loads((FIXTURES / name).read_text(encoding="utf-8")))

    if "expect_spec_errors" in fixture:
        with pytest.raises(_core.ValidationError) as info:
            compile_survey(fixture)
        assert error_set(info.value.errors) == error_set(fixture["expect_spec_errors"])
        return
    survey = compile_survey(fixture)
    assert error_set(survey.problems) == error_set(fixture.get("expect_problems", []))
    assert all(p["message"] for p in survey.problems)

    expect = fixture["expect"]
    answers = fixture.get("answers")
    prefix = fixture.get("path", "extra_vars")
    accepted, errors = validation_errors(lambda: survey.validate(answers, path=prefix))
    # extra_vars must reach the same verdict (its errors are not counted twice).
    extra_vars, extra_errors = validation_errors(
        lambda: survey.extra_vars(fixture.get("template_extra_vars"), answers, path=prefix))
    assert (extra_errors is None) == (errors is None)
    errors = list(errors or [])

    nodes, node_accepted, node_failed = [], None, False
    if "nodes" in fixture or "node_survey_data" in fixture:
        for item in fixture.get("nodes", []):
            node_survey = compile_survey(item) if item.get("survey_spec") is not None else None
            nodes.append((item["node_id"], item["identifier"], node_survey))
        node_accepted, node_errors = validation_errors(
            lambda: _core.validate_node_survey_data(nodes, fixture.get("node_survey_data")))
        node_failed = node_errors is not None
        errors += node_errors or []

    assert_not_echoed(errors, answers)
    assert_not_echoed(errors, fixture.get("node_survey_data"))
    assert all(e["message"] for e in errors)

    if not expect["ok"]:
        assert errors, "expected errors, the case was accepted"
        assert error_set(errors) == error_set(expect["errors"])
        return

    assert not errors and not node_failed, f"expected ok, got {errors}"
    assert_json("accepted", accepted, expect["accepted"])
    assert_json("extra_vars", extra_vars, expect.get("extra_vars", accepted))
    if "node_accepted" in expect:
        assert_json("node_accepted", node_accepted, expect["node_accepted"])
    if "launch_data" in expect:
        is_workflow = fixture.get("is_workflow", len(nodes) > 0) is True
        assert_json("launch_data", _core.launch_data(survey, is_workflow=is_workflow, nodes=nodes),
                    expect["launch_data"])
    if "secret_variables" in expect:
        assert_json("secret_variables", list(survey.secret_variables), expect["secret_variables"])
    if "display_spec" in expect:
        assert_json("display_spec", survey.display_spec(), expect["display_spec"])
