"""Run by test_nomemory.py in a child process (a crash must not take pytest
down): makes each Python allocation of each API call fail in turn, with
_testcapi.set_nomemory, and checks the call either succeeds with the right
answer or raises a proper exception; never a crash, and never the
SystemError CPython raises when a C function returns NULL without an
exception or a result with one set (_Py_CheckFunctionResult). Attributes are
read through operator.attrgetter so getters get that check too. (CPython 3.11
itself can fail a Python frame push without an exception, "error return
without exception set": that one is the interpreter's, not ours.)"""

import _testcapi
import operator
import sys

from core_helpers import question, spec

from forge_catalog import _core

SURVEY = _core.Survey(spec(question("host", required=True), question("n", "integer", default=1),
                           question("pw", "password", default="x")))
NODES = [(1, "a", SURVEY), (2, "b", None)]

BINDING_BUGS = ("without setting an exception", "with an exception set")

CALLS = {
    "compile": lambda: operator.attrgetter("question_count")(
        _core.Survey(spec(question("a"), question("b", "integer", default=2)))),
    "compile_bad": lambda: _core.Survey(spec(question("a"), question("a"))),
    "validate": lambda: SURVEY.validate({"host": "h", "pw": "$encrypted$"}),
    "validate_bad": lambda: SURVEY.validate({"host": "", "rogue": [1, {"x": None}]}),
    "extra_vars": lambda: SURVEY.extra_vars({"t": [1.5, None]}, {"host": "h"}),
    "conversion": lambda: SURVEY.validate({"host": {"deep": [2**70]}}),
    "redact": lambda: SURVEY.redact({"pw": "p", "host": "h"}),
    "display_spec": lambda: SURVEY.display_spec(),
    "secret_variables": lambda: operator.attrgetter("secret_variables")(SURVEY),
    "launch_data": lambda: _core.launch_data(SURVEY, is_workflow=True, nodes=NODES),
    "node_data": lambda: _core.validate_node_survey_data(NODES, {"a": {"host": "h"}}),
    "node_data_bad": lambda: _core.validate_node_survey_data(NODES, {"z": {}}),
    "transition": lambda: _core.transition("pending_approval", "approve", approvals=1),
    "transition_bad": lambda: _core.transition("failed", "cancel"),
    "decide": lambda: _core.decide("approve", is_org_admin=True),
    "catalog_bad": lambda: _core.validate_catalog_item({"name": ""}),
    "notify_refused": lambda: _core.check_notification_templates(
        {"organization": 1, "templates": [{"path": "p", "id": 4, "organization": 2}]}
    ),
    "job_status": lambda: _core.job_status_to_state("error"),
}


def outcome(call):
    try:
        return "ok", call()
    except Exception as exc:  # noqa: BLE001 - the kind of exception is the point
        return "raised", exc


def main():
    injected = 0
    for name, call in CALLS.items():
        expected_kind, expected = outcome(call)
        successes = 0
        start = 0
        while successes < 3:
            _testcapi.set_nomemory(start, start + 1)
            try:
                kind, result = outcome(call)
            finally:
                _testcapi.remove_mem_hooks()
            start += 1
            if isinstance(result, SystemError) and any(m in str(result) for m in BINDING_BUGS):
                print(f"{name}: allocation {start - 1}: SystemError {result}", file=sys.stderr)
                return 1
            if kind == "raised" and isinstance(result, MemoryError):
                injected += 1
                successes = 0
                continue
            if (kind, type(result)) != (expected_kind, type(expected)) or (
                    kind == "ok" and result != expected):
                # Memory failing inside a Python-level helper may surface as
                # another exception; it must still be an exception, not garbage.
                if kind == "ok":
                    print(f"{name}: allocation {start - 1}: wrong result {result!r}", file=sys.stderr)
                    return 1
            successes += 1
            if start > 5000:
                print(f"{name}: no end of allocations", file=sys.stderr)
                return 1
    print(f"injected {injected} allocation failures")
    return 0


if __name__ == "__main__":
    sys.exit(main())
