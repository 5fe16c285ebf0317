"""The module's constants are the C core's lists: read the headers and compare,
so a name added in C without reaching Python (or the reverse) fails here."""

import pathlib
import re

from forge_catalog import _core

INCLUDE = pathlib.Path(__file__).resolve().parents[2] / "csrc" / "include" / "forge_catalog"


def x_macro_names(header, list_name):
    """The quoted names of an X-macro list: its lines up to the first one
    that does not continue with a backslash."""
    lines = (INCLUDE / header).read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"#define {list_name}(X)"))
    block = []
    for line in lines[start:]:
        block.append(line)
        if not line.rstrip().endswith("\\"):
            break
    names = tuple(re.findall(r'X\(\w+,\s*"([^"]+)"\)', "\n".join(block)))
    assert names, list_name
    return names


def test_states_events_statuses_actions_match_the_headers():
    assert _core.STATES == x_macro_names("fc_status.h", "FC_STATE_LIST")
    assert _core.EVENTS == x_macro_names("fc_status.h", "FC_EVENT_LIST")
    assert _core.JOB_STATUSES == x_macro_names("fc_status.h", "FC_JOB_STATUS_LIST")
    assert _core.ACTIONS == x_macro_names("fc_authz.h", "FC_ACTION_LIST")
    assert _core.EXPIRY_OUTCOMES == x_macro_names("fc_status.h", "FC_EXPIRY_OUTCOME_LIST")
    assert len(_core.STATES) == 10 and len(_core.ACTIONS) == 11


def test_terminal_states_are_the_core_s_answer():
    assert set(_core.TERMINAL_STATES) == {"rejected", "successful", "failed", "canceled", "expired"}
    assert _core.TERMINAL_STATES == tuple(s for s in _core.STATES if _core.is_terminal(s))


def test_limits_match_fc_limits_h():
    text = (INCLUDE / "fc_limits.h").read_text()
    declared = {name.lower(): int(value)
                for name, value in re.findall(r"#define FC_LIMIT_(\w+)\s+(\d+)", text)}
    assert _core.LIMITS == declared


def test_encrypted_placeholder():
    assert _core.ENCRYPTED == "$encrypted$"


def test_constants_are_immutable_tuples_of_str():
    for name in ("STATES", "TERMINAL_STATES", "EVENTS", "JOB_STATUSES", "ACTIONS", "EXPIRY_OUTCOMES"):
        value = getattr(_core, name)
        assert type(value) is tuple and all(type(v) is str for v in value), name


def test_namedtuples_are_module_types():
    assert _core.Transition._fields == ("state", "effect")
    assert _core.Decision._fields == ("allowed", "visible", "reason")
    assert _core.Transition.__module__ == "forge_catalog._core"
    assert isinstance(_core.transition("created", "submit"), _core.Transition)
    assert isinstance(_core.decide("see_item"), _core.Decision)
