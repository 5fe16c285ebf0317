"""The extension's answer calls, before and after: CPU time and callgrind Ir
per call of Survey.validate, Survey.extra_vars and Form.validate(launch=True)
(the app's call) at 10 / 100 / 1000 questions, for one or more builds of
forge_catalog._core, in one run on one machine (issue 8).

    python bench/bench_core_answers.py [--no-callgrind] [--sizes 10 100 1000] \\
        [LABEL=TREE ...]

TREE is a source tree with the extension built in place (`make ext`, or
setup.py build_ext --inplace in a `git worktree` of another commit); without
one, this tree. Surveys and answers are bench_core.py's (the seven question
types in turn, a full valid answer set); Form is the survey without an
overlay, as a catalog item without one has it. CPU time: bench_answer_path's
(median of its batches, garbage collector off), the builds measured in turn
per size so a load change hits all of them; Ir: the calls inside ``map()`` only
(``--toggle-collect=map_next``), total / CALLS.
"""

import argparse
import os
import re
import subprocess
import sys
from collections import deque
from itertools import repeat
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
SIZES = (10, 100, 1000)
CALLS = {10: 2000, 100: 400, 1000: 60}
OPS = ("validate", "extra_vars", "form_launch")
NAMES = {
    "validate": "Survey.validate",
    "extra_vars": "Survey.extra_vars",
    "form_launch": "Form.validate(launch=True)",
}


def workload(op, n):
    """A no-argument callable doing one call of op on an n-question survey."""
    import bench_core

    from forge_catalog import _core

    spec, answers = bench_core.make_inputs(n)
    survey = _core.Survey(spec)
    if op == "validate":
        return lambda: survey.validate(answers, path="extra_vars")
    if op == "extra_vars":
        return lambda: survey.extra_vars({}, answers, path="extra_vars")
    form = _core.Form(survey, None)
    return lambda: form.validate(answers, path="extra_vars", launch=True, template_extra_vars={})


def cpu_worker(op, n):
    fn = workload(op, n)  # before bench_answer_path, which puts this tree first on sys.path
    from bench_answer_path import cpu_us as median_us  # the same timing as the answer-path bench

    print(loaded_from(), median_us(fn))


def loaded_from():
    from forge_catalog import _core

    return Path(_core.__file__).resolve()


def ir_worker(op, n, calls):
    fn = workload(op, n)
    fn()  # warm: the survey's variables and defaults converted once
    deque(map(lambda _: fn(), repeat(None, calls)), maxlen=0)


def run(tree, *args, valgrind=()):
    env = dict(os.environ, PYTHONPATH=str(tree))
    cmd = [*valgrind, sys.executable, __file__, *args]
    return subprocess.run(cmd, capture_output=True, text=True, check=True, env=env, cwd=tree)


def cpu_us(tree, op, n):
    out = run(tree, "--cpu-worker", op, str(n)).stdout.split()
    # A tree's figures must be its own build's: until 2026-12-02 the CPU worker
    # imported bench_answer_path first and so timed this tree's for every label.
    if not Path(out[0]).is_relative_to(tree):
        raise SystemExit(f"{tree}: the worker timed {out[0]}, not this tree's extension")
    return float(out[1])


def ir_per_call(tree, op, n):
    grind = ("valgrind", "--tool=callgrind", "--toggle-collect=map_next",
             "--callgrind-out-file=/dev/null")
    out = run(tree, "--ir-worker", op, str(n), str(CALLS[n]), valgrind=grind)
    found = re.search(r"Collected : (\d+)", out.stderr)
    if not found:
        raise SystemExit(f"callgrind printed no count for {op} {n}:\n{out.stderr[-2000:]}")
    return int(found.group(1)) / CALLS[n]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("builds", nargs="*", metavar="LABEL=TREE")
    parser.add_argument("--sizes", type=int, nargs="*", default=list(SIZES))
    parser.add_argument("--no-callgrind", action="store_true")
    parser.add_argument("--cpu-worker", nargs=2, metavar=("OP", "N"))
    parser.add_argument("--ir-worker", nargs=3, metavar=("OP", "N", "CALLS"))
    args = parser.parse_args()
    if args.cpu_worker:
        return cpu_worker(args.cpu_worker[0], int(args.cpu_worker[1]))
    if args.ir_worker:
        op, n, calls = args.ir_worker
        return ir_worker(op, int(n), int(calls))
    builds = [b.split("=", 1) for b in args.builds] or [["this", str(HERE.parent)]]
    labels = [label for label, _ in builds]
    print(f"Python {sys.version.split()[0]}; CPU us (bench_answer_path.cpu_us) and Ir per call")
    print()
    print("| call | N | " + " | ".join(f"{x} us" for x in labels) + " | "
          + " | ".join(f"{x} Ir" for x in labels) + " |")
    print("|---|---:|" + "---:|" * (2 * len(builds)))
    for op in OPS:
        for n in args.sizes:
            us = [cpu_us(Path(tree).resolve(), op, n) for _, tree in builds]
            ir = ([ir_per_call(Path(tree).resolve(), op, n) for _, tree in builds]
                  if not args.no_callgrind else [None] * len(builds))
            print(f"| {NAMES[op]} | {n} | " + " | ".join(f"{x:,.2f}" for x in us) + " | "
                  + " | ".join(f"{x:,.0f}" if x else "-" for x in ir) + " |", flush=True)


if __name__ == "__main__":
    main()
