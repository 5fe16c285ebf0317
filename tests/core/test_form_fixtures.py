"""The golden form cases (tests/fixtures/form/*.json, format in
tests/fixtures/README.md "Form cases") through the extension, with exactly
the checks of the C sweep tests/c/test_form_fixtures.c: same calls, same
verdicts, same error sets, no echoed value."""

import json
import pathlib
import subprocess
import sys

import pytest

from forge_catalog import _core

FIXTURES = pathlib.Path(__file__).resolve().parents[1] / "fixtures" / "form"
CASES = sorted(p.name for p in FIXTURES.glob("*.json"))


def test_the_golden_set_is_there():
    assert len(CASES) >= 100, f"only {len(CASES)} golden form cases in {FIXTURES}"


def error_set(errors):
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


@pytest.mark.parametrize("name", CASES)
def test_golden_form_case(name):
    fixture = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    survey = _core.Survey(fixture["survey_spec"])
    if "expect_problems" in fixture:
        with pytest.raises(_core.ValidationError) as info:
            _core.Form(survey, fixture["overlay"])
        assert error_set(info.value.errors) == error_set(fixture["expect_problems"])
        assert all(e["message"] for e in info.value.errors)
        return
    form = _core.Form(survey, fixture["overlay"])
    for case in fixture["cases"]:
        verdict = form.validate(case["answers"], choices=case.get("choices"), now=case.get("now"))
        expect = case["expect"]
        assert list(verdict.visible) == expect["visible"], case
        assert error_set(verdict.errors) == error_set(expect["errors"]), case
        assert verdict.accepted == expect["accepted"], case
        # The launch path decides the same: same errors, or the accepted answers over the template's.
        try:
            extra = form.extra_vars({"template_only": 1}, case["answers"], choices=case.get("choices"),
                                    now=case.get("now"))
        except _core.ValidationError as exc:
            assert exc.errors == verdict.errors, case
        else:
            assert verdict.errors == [] and extra.pop("template_only") == 1, case
            assert {k: extra[k] for k in verdict.accepted} == verdict.accepted, case
        for error in verdict.errors:
            assert error["message"]
            for leaf in string_leaves(case["answers"]):
                assert len(leaf.encode()) < 4 or leaf not in error["message"], error


def test_the_files_are_what_the_generator_writes():
    generator = FIXTURES.parent / "generate_forms.py"
    done = subprocess.run([sys.executable, str(generator), "--check"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
