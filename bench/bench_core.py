"""Benchmark of the survey core: C-direct, through the extension, and the floor.

    python bench/bench_core.py --c-bench .build/bench/bench_core [--sizes 10 100 1000]

Generates surveys of N questions (the seven question types in turn) and a
full valid answer set for each, writes them as JSON to a temporary directory,
runs the C program bench/bench_core.c on those files, times the same
operations through forge_catalog._core on the same documents (json.load of
the same files), and prints one Markdown table:

- compile: fc_survey_compile + free / _core.Survey(spec) (+ dealloc)
- validate: fc_survey_validate / Survey.validate(answers)
- launch_data: fc_launch_data for a workflow whose template and two nodes
  carry the N-question survey / _core.launch_data(...)

The floor is the same extension call with the core's work taken out, so what
is left is converting the inputs (and the binding's fixed cost):
- compile: _core.Survey(spec, enabled=False): the binding converts the whole
  spec to json_t, the core does not read a disabled spec.
- validate: Survey(None, ask_variables_on_launch=True).validate(answers):
  the same method converts the answers in and the accepted dict out, the core
  has no question to check and passes the variables through.
- launch_data: _core.launch_data(Survey(None), ...) with the same node tuples
  but no node surveys: converting the inputs (the node list) is all there is;
  the large result of the real call is output conversion, which the floor
  does not include: the "ext - C" column shows it (docs/performance.md).

Every figure is the median of REPEATS batches of at least MIN_BATCH_NS each
(ns per operation), garbage collection off while timing, as timeit does.
The clock is wall time (time.perf_counter_ns / CLOCK_MONOTONIC); with
--clock cpu both sides count process CPU time instead (time.process_time_ns /
CLOCK_PROCESS_CPUTIME_ID), which is what to use on a loaded, shared machine:
there wall time mostly measures the other processes.
"""

import argparse
import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from forge_catalog import _core

MIN_BATCH_NS = 20_000_000
REPEATS = 11
OPS = ("compile", "validate", "launch_data")
TYPES = ("text", "textarea", "password", "integer", "float", "multiplechoice", "multiselect")


def question(i):
    """Question i: the type cycles; every one has bounds or choices and a default."""
    kind = TYPES[i % len(TYPES)]
    q = {
        "type": kind,
        "question_name": f"Question {i}",
        "question_description": f"About {i}",
        "variable": f"var_{i}",
        "required": i % 2 == 0,
    }
    if kind in ("text", "textarea", "password"):
        q.update(min=1, max=64, default=f"value {i}")
    elif kind == "integer":
        q.update(min=0, max=1000, default=i % 1000)
    elif kind == "float":
        q.update(min=0, max=1000, default=0.5)
    elif kind == "multiplechoice":
        q.update(choices="\n".join(f"option {c}" for c in range(8)), default="option 0")
    else:
        q.update(choices=[f"region {c}" for c in range(8)], default=["region 0"])
    return q


def answer(q):
    kind = q["type"]
    if kind in ("text", "textarea", "password"):
        return f"answer to {q['variable']}"
    if kind == "integer":
        return 7
    if kind == "float":
        return 2.5
    if kind == "multiplechoice":
        return "option 3"
    return ["region 1", "region 5"]


def make_inputs(n):
    spec = {"name": f"bench {n}", "description": "generated", "spec": [question(i) for i in range(n)]}
    answers = {q["variable"]: answer(q) for q in spec["spec"]}
    return spec, answers


CLOCKS = {"wall": time.perf_counter_ns, "cpu": time.process_time_ns}


def measure(fn, clock):
    """Median ns per call over REPEATS batches of >= MIN_BATCH_NS each."""
    fn()  # warm up, and fail loudly before timing an error path
    loops = 1
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        while True:
            start = clock()
            for _ in range(loops):
                fn()
            if clock() - start >= MIN_BATCH_NS:
                break
            loops *= 2
        batches = []
        for _ in range(REPEATS):
            start = clock()
            for _ in range(loops):
                fn()
            batches.append((clock() - start) / loops)
    finally:
        if gc_was_enabled:
            gc.enable()
    return statistics.median(batches)


def extension_figures(spec, answers, clock):
    """{op: (extension ns/op, floor ns/op)} for one size."""
    survey = _core.Survey(spec)
    assert survey.validate(answers), "generated answers must be valid"
    nodes = [(10, "node_a", survey), (11, "node_b", survey)]
    bare_nodes = [(10, "node_a", None), (11, "node_b", None)]
    empty = _core.Survey(None)
    passthrough = _core.Survey(None, ask_variables_on_launch=True)
    calls = {
        "compile": (lambda: _core.Survey(spec), lambda: _core.Survey(spec, enabled=False)),
        "validate": (lambda: survey.validate(answers), lambda: passthrough.validate(answers)),
        "launch_data": (
            lambda: _core.launch_data(survey, is_workflow=True, nodes=nodes),
            lambda: _core.launch_data(empty, is_workflow=True, nodes=bare_nodes),
        ),
    }
    return {op: (measure(real, clock), measure(floor, clock)) for op, (real, floor) in calls.items()}


def c_figures(binary, directory, sizes, clock_name):
    """{(op, n): ns/op} from bench_core.c's output lines."""
    env = {**os.environ, "BENCH_CLOCK": clock_name}
    out = subprocess.run(
        [binary, str(directory), *map(str, sizes)], check=True, capture_output=True, text=True, env=env
    ).stdout
    figures = {}
    for line in out.splitlines():
        op, n, ns = line.split()
        figures[op, int(n)] = float(ns)
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--c-bench", required=True, help="the built bench/bench_core.c program")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--clock", choices=sorted(CLOCKS), default="wall", help="wall (default) or cpu time")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="fc-bench-") as tmp:
        directory = Path(tmp)
        for n in args.sizes:
            spec, answers = make_inputs(n)
            (directory / f"spec_{n}.json").write_text(json.dumps(spec))
            (directory / f"answers_{n}.json").write_text(json.dumps(answers))
        c = c_figures(args.c_bench, directory, args.sizes, args.clock)
        ext = {}
        for n in args.sizes:
            # Python times what C read: the very same files.
            spec = json.loads((directory / f"spec_{n}.json").read_text())
            answers = json.loads((directory / f"answers_{n}.json").read_text())
            for op, figures in extension_figures(spec, answers, CLOCKS[args.clock]).items():
                ext[op, n] = figures

    print(
        f"Python {platform.python_version()}, {platform.machine()}, {args.clock} clock, "
        f"median of {REPEATS} batches >= {MIN_BATCH_NS // 1_000_000} ms, ns/op; "
        f"1-min load average at the end {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs"
    )
    print()
    print("| operation | N | C ns/op | extension ns/op | floor ns/op | ext - C ns | ext / C | ext / floor |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for op in OPS:
        for n in args.sizes:
            c_ns = c[op, n]
            ext_ns, floor_ns = ext[op, n]
            print(
                f"| {op} | {n} | {c_ns:,.0f} | {ext_ns:,.0f} | {floor_ns:,.0f} | {ext_ns - c_ns:,.0f} | "
                f"{ext_ns / c_ns:.2f} | {ext_ns / floor_ns:.2f} |"
            )


if __name__ == "__main__":
    sys.exit(main())
