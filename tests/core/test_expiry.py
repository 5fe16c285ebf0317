"""The golden expiry cases (tests/fixtures/expiry/decide.json) through the
extension, with the checks of tests/c/test_expiry.c, plus the binding's
argument handling."""

import json
import pathlib

import pytest

from forge_catalog import _core

FIXTURE = pathlib.Path(__file__).resolve().parents[1] / "fixtures" / "expiry" / "decide.json"
CASES = json.loads(FIXTURE.read_text())["cases"]


def never(value):
    return None if value < 0 else value


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_golden_case(case):
    got = _core.expiry_decide(**case["policy"], **case["clock"])
    want = case["want"]
    assert got == {
        "action": want["action"],
        "expired": want["expired"],
        "expires_at": never(want["expires_at"]),
        "next_remind_at": never(want["next_remind_at"]),
    }


def test_now_and_step_start_are_required():
    with pytest.raises(TypeError):
        _core.expiry_decide(step_entered_at=0)
    with pytest.raises(TypeError):
        _core.expiry_decide(now=0)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"expire_after": -1},
        {"remind_every": -1},
        {"now": -5},
        {"step_entered_at": -1},
    ],
)
def test_bad_arguments_are_value_errors(kwargs):
    args = {"now": 10, "step_entered_at": 0, **kwargs}
    with pytest.raises(ValueError):
        _core.expiry_decide(**args)


def test_outcome_must_be_a_known_name():
    with pytest.raises(TypeError):
        _core.check_expiry_policy(outcome=3)
    with pytest.raises(ValueError):
        _core.check_expiry_policy(outcome="explode")


def test_policy_problems_are_field_errors():
    with pytest.raises(_core.ValidationError) as info:
        _core.check_expiry_policy(expire_after=10**9, outcome="approve", remind_every=5)
    assert sorted((e["path"], e["code"]) for e in info.value.errors) == [
        ("expire_after", "too_large"),
        ("expiry_outcome", "forbidden"),
        ("remind_every", "too_small"),
    ]
    assert _core.check_expiry_policy(expire_after=3600, outcome="approve", auto_approve_allowed=True) is None
    assert _core.check_expiry_policy() is None
