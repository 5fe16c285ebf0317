"""The golden approval cases (tests/fixtures/approval/steps.json) through
the extension, with the checks of tests/c/test_approval_fixtures.c."""

import json
import pathlib

import pytest

from forge_catalog import _core

FIXTURE = pathlib.Path(__file__).resolve().parents[1] / "fixtures" / "approval" / "steps.json"
DATA = json.loads(FIXTURE.read_text())


@pytest.mark.parametrize("case", DATA["transitions"], ids=[c["name"] for c in DATA["transitions"]])
def test_transition(case):
    want = case["want"]
    if "error" in want:
        error = _core.TransitionError if want["error"] == "illegal" else _core.ValidationError
        with pytest.raises(error) as raised:
            _core.transition(case["state"], case["event"], **case["facts"])
        assert [(e["path"], e["message"]) for e in raised.value.errors] == [(want["path"], want["message"])]
    else:
        got = _core.transition(case["state"], case["event"], **case["facts"])
        assert (got.state, got.effect) == (want["state"], want["effect"])


@pytest.mark.parametrize("case", DATA["actions"], ids=[c["name"] for c in DATA["actions"]])
def test_actions(case):
    got = _core.request_actions(case["state"], already_voted=case["already_voted"], **case["facts"])
    assert got == case["want"]


def test_every_new_event_and_state_has_a_case():
    events = {c["event"] for c in DATA["transitions"]}
    assert {"request_info", "resubmit", "approve", "expire"} <= events
    states = {c["state"] for c in DATA["transitions"] + DATA["actions"]}
    assert {"needs_info", "expired", "pending_approval"} <= states
