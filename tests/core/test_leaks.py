"""Reference counts and memory across the API.

Two detectors, each shown able to fire:
- sys.getrefcount of every input (and its parts) is unchanged after calls,
  successful or failing (a missing Py_DECREF of a borrowed-then-owned value,
  or an extra one, shows up at once);
- 20k calls of each API scenario must not grow the C heap (glibc mallinfo2:
  jansson values, fc_errors, fc_survey) nor Python's allocated blocks. On a
  debug build sys.gettotalrefcount is checked as well."""

import ctypes
import gc
import math
import sys

import pytest
from core_helpers import question, spec

from forge_catalog import _core

CALLS = 20_000
WARMUP = 2_000
HEAP_SLACK = 256 * 1024  # bytes: allocator noise, far below 20k leaked objects
BLOCK_SLACK = 500        # Python blocks: 20k leaked objects would be 20k


class _MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in (
        "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks",
        "fordblks", "keepcost")]


_libc = ctypes.CDLL(None)
_libc.mallinfo2.restype = _MallInfo2


def c_heap_in_use():
    info = _libc.mallinfo2()
    return info.uordblks + info.hblkhd


def usage():
    gc.collect()
    total = sys.gettotalrefcount() if hasattr(sys, "gettotalrefcount") else 0
    return c_heap_in_use(), sys.getallocatedblocks(), total


def growth(call, calls=CALLS):
    for _ in range(WARMUP):
        call()
    before = usage()
    for _ in range(calls):
        call()
    after = usage()
    return tuple(a - b for a, b in zip(after, before, strict=True))


def assert_no_growth(call):
    heap, blocks, refs = growth(call)
    assert heap < HEAP_SLACK, f"C heap grew by {heap} bytes over {CALLS} calls"
    assert blocks < BLOCK_SLACK, f"{blocks} Python blocks kept over {CALLS} calls"
    assert refs < BLOCK_SLACK, f"total refcount grew by {refs}"


def raises(exc, call):
    def run():
        try:
            call()
        except exc:
            return
        raise AssertionError("expected " + exc.__name__)
    return run


SURVEY_SPEC = spec(
    question("hostname", required=True, max=64),
    question("replicas", "integer", min=1, max=10, default=2),
    question("env", "multiselect", choices=["dev", "prod"], default=["dev"]),
    question("token", "password", default="t0k"),
)
SURVEY = _core.Survey(SURVEY_SPEC)
OPEN = _core.Survey(None, ask_variables_on_launch=True)
ANSWERS = {"hostname": "web03", "replicas": 3, "env": ["prod"], "token": "$encrypted$"}
BAD_ANSWERS = {"hostname": "", "replicas": "3", "env": ["qa"], "rogue": [1, {"x": None}]}
TEMPLATE_VARS = {"owner": "ops", "tags": ["a", "b"], "ratio": 0.5}
ITEM = {"name": "Restart", "organization": 1, "job_template": 7, "job_template_organization": 1,
        "tags": ["web"]}
BAD_ITEM = dict(ITEM, name="", tags=["x", "x"])
NODES = [(10, "deploy", SURVEY), (11, "notify", None)]
NODE_DATA = {"deploy": ANSWERS}
DEEP = {"v": [[[[[[[[1]]]]]]]]}
WEIRD = {"a": [1, 2, {"b": 10**5000}]}  # beyond int's decimal digit limit
BIG = {"a": [2**70, {"b": -(2**80)}], "c": 2**63}

SCENARIOS = {
    "compile": lambda: _core.Survey(SURVEY_SPEC),
    "compile_bad": raises(_core.ValidationError, lambda: _core.Survey(spec(question("a"), question("a")))),
    "validate": lambda: SURVEY.validate(ANSWERS),
    "validate_bad": raises(_core.ValidationError, lambda: SURVEY.validate(BAD_ANSWERS)),
    "round_trip": lambda: OPEN.validate(DEEP),
    "big_ints": lambda: OPEN.validate(BIG),
    "conversion_error": raises(_core.ConversionError, lambda: OPEN.validate(WEIRD)),
    "extra_vars": lambda: SURVEY.extra_vars(TEMPLATE_VARS, ANSWERS),
    "redact": lambda: SURVEY.redact(ANSWERS),
    "display_spec": lambda: SURVEY.display_spec(),
    "secret_variables": lambda: SURVEY.secret_variables,
    "launch_data": lambda: _core.launch_data(SURVEY, is_workflow=True, nodes=NODES),
    "node_data": lambda: _core.validate_node_survey_data(NODES, NODE_DATA),
    "node_data_bad": raises(_core.ValidationError,
                            lambda: _core.validate_node_survey_data(NODES, {"ghost": {}})),
    "catalog": lambda: _core.validate_catalog_item(ITEM),
    "catalog_bad": raises(_core.ValidationError, lambda: _core.validate_catalog_item(BAD_ITEM)),
    "notify_refused": raises(
        _core.ValidationError,
        lambda: _core.check_notification_templates(
            {"organization": 1, "templates": [{"path": "p", "id": 4, "organization": 2}]}
        ),
    ),
    "transition": lambda: _core.transition("pending_approval", "approve", approvals=1),
    "transition_bad": raises(_core.TransitionError, lambda: _core.transition("failed", "cancel")),
    "decide": lambda: _core.decide("approve", is_requester=True, is_org_admin=True),
    "is_terminal": lambda: _core.is_terminal("running"),
    "unknown_name": raises(ValueError, lambda: _core.job_status_to_state("nope")),
}


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_no_growth_over_many_calls(name):
    assert_no_growth(SCENARIOS[name])


def test_the_detectors_can_fire():
    """A loop that keeps what it makes must be caught by the same checks."""
    kept = []
    heap, blocks, _ = growth(lambda: kept.append(OPEN.validate({"k": "x" * 600})), calls=5_000)
    assert heap >= HEAP_SLACK or blocks >= BLOCK_SLACK
    kept.clear()


def parts(value):
    """value and every object inside it."""
    yield value
    if isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from parts(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from parts(item)


def failing(exc, call):
    """call(value) that must raise exc."""
    return lambda value: raises(exc, lambda: call(value))()


NAN = {"ok": [1, "two"], "bad": math.nan}
INPUTS = {
    "answers": (SURVEY.validate, ANSWERS),
    "bad_answers": (failing(_core.ValidationError, SURVEY.validate), BAD_ANSWERS),
    "template": (lambda v: SURVEY.extra_vars(v, ANSWERS), TEMPLATE_VARS),
    "merged_answers": (lambda v: SURVEY.extra_vars(TEMPLATE_VARS, v), ANSWERS),
    "redact": (SURVEY.redact, ANSWERS),
    "round_trip": (OPEN.validate, DEEP),
    "big_ints": (OPEN.validate, BIG),
    "weird": (failing(_core.ConversionError, OPEN.validate), WEIRD),
    "nan": (failing(_core.ConversionError, OPEN.validate), NAN),
    "spec": (_core.Survey, SURVEY_SPEC),
    "item": (_core.validate_catalog_item, ITEM),
    "bad_item": (failing(_core.ValidationError, _core.validate_catalog_item), BAD_ITEM),
    "nodes": (lambda v: _core.launch_data(SURVEY, is_workflow=True, nodes=v), NODES),
    "node_data": (lambda v: _core.validate_node_survey_data(NODES, v), NODE_DATA),
}


def own_objects(value):
    """The parts of value only it holds: shared singletons, small ints and
    interned strings are touched by everything else too."""
    return [o for o in parts(value) if sys.getrefcount(o) < 1000]


@pytest.mark.parametrize("name", sorted(INPUTS))
def test_input_refcounts_are_unchanged(name):
    call, value = INPUTS[name]
    objects = own_objects(value)
    assert objects
    call(value)  # first call may intern or cache
    before = [sys.getrefcount(o) for o in objects]
    for _ in range(100):
        call(value)
    after = [sys.getrefcount(o) for o in objects]
    changed = [(repr(o)[:40], b, a) for o, b, a in zip(objects, before, after, strict=True) if a != b]
    assert not changed


def test_survey_refcount_is_unchanged_by_node_calls():
    before = sys.getrefcount(SURVEY)
    for _ in range(100):
        _core.launch_data(SURVEY, is_workflow=True, nodes=NODES)
        _core.validate_node_survey_data(NODES, NODE_DATA)
    assert sys.getrefcount(SURVEY) == before


def test_surveys_are_freed():
    """Creating and dropping surveys returns their C memory (fc_survey_free)."""
    big = spec(*[question(f"q{i}", default="x" * 100) for i in range(200)])
    heap, _, _ = growth(lambda: _core.Survey(big), calls=2_000)
    assert heap < HEAP_SLACK
