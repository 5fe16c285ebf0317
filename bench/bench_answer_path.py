"""The survey answer path against the controller's figures (issue 8), in CPU
time and in callgrind instruction counts, at 10 / 100 / 1000 questions.

    python bench/bench_answer_path.py [--sizes 10 100 1000] [--no-callgrind]

Measured, on the surveys of bench/bench_core.py (the seven question types in
turn, bounds or choices and a default each, a full valid answer set):

- ``Survey.validate``: the extension call, against the controller's validate
  (``_accept_or_ignore_variables``).
- ``Survey.extra_vars``: validate and merge in one extension call, against
  the controller's validate + merge (+ ``_update_unified_job_kwargs``).
- app path: what ``lifecycle`` runs on the answers of a request that
  launches (a submit that launches at once, the last approval, an expiry's
  auto-approval): one verdict that also carries the launch's final
  extra_vars (``forms.decide(item, user, answers, {}, launch=True)`` and
  ``Verdict.launch_values()``), on a devhost job template item whose survey
  is cached, against the controller's validate + merge.
- app path, approved later: the same request when it waits for approval,
  across its two calls: submit's verdict (``forms.decide(item, user,
  answers, {})``), then the approval's verdict for launch as above.

CPU time: the median of REPEATS batches of at least MIN_BATCH_NS each
(time.process_time_ns, garbage collector off). Instructions: the same call
run CALLS times inside ``map()`` by this script under
``valgrind --tool=callgrind --toggle-collect=map_next`` (only what runs inside
the map counts: the calls and the map's own step, no start-up), total / CALLS.

The controller's figures are constants (issue 8, measured side by side in one
process with AWX's own functions; AWX's code is not part of this project),
taken on another machine. ``--calibrate TREE`` (a build of the issue's own
"ours today", 731c01e; ``make bench-answer-path`` makes one) times that
build's Survey.validate here and scales the controller's figures by here /
there, so "x faster" compares like with like on any machine. Instruction
counts need no scaling.
"""

import argparse
import gc
import os
import re
import statistics
import subprocess
import sys
import time
from collections import deque
from itertools import repeat
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

MIN_BATCH_NS = 20_000_000
REPEATS = 11
SIZES = (10, 100, 1000)
CALLS = {10: 2000, 100: 400, 1000: 60}

# Issue 8: the controller's pure Python path, CPU time per call (us) ...
CONTROLLER_VALIDATE_US = {10: 9.0, 100: 88.9, 1000: 892.0}
CONTROLLER_MERGE_US = {10: 19.5, 100: 151.3, 1000: 1512.0}
# ... and in callgrind instructions at 100 questions (the reference line).
CONTROLLER_IR_100 = {"validate": 1_160_000, "validate+merge": 1_900_000}
# ... and the issue's "ours today" Survey.validate (commit 731c01e) on that machine,
# which --calibrate times here to scale the controller's figures to this machine.
ISSUE_BASE_COMMIT = "731c01e"
ISSUE_BASE_VALIDATE_US = {10: 3.9, 100: 56.5, 1000: 705.0}
# Goals: the app path 10x at 10 questions, 30x at 100 and 1000; the extension calls 30x.
GOAL_RATIO = {"app": {10: 10, 100: 30, 1000: 30}, "ext": {10: 30, 100: 30, 1000: 30}}

OPS = ("validate", "extra_vars", "app", "app_approved")
CONTROLLER_OF = {"validate": "validate", "extra_vars": "validate+merge", "app": "validate+merge",
                 "app_approved": "validate+merge"}


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forge_catalog.devhost.settings")
    os.environ.setdefault("FORGE_DEVHOST_SQLITE", ":memory:")
    os.environ.setdefault("FORGE_DEVHOST_SECRET_KEY", "bench-answer-path")
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()


def workload(op, n):
    """A no-argument callable doing one call of op on an n-question survey."""
    import bench_core

    questions = [bench_core.question(i) for i in range(n)]
    spec = {"name": "bench", "description": "", "spec": questions}
    answers = {q["variable"]: bench_core.answer(q) for q in questions}
    if op in ("validate", "extra_vars"):
        from forge_catalog import _core

        survey = _core.Survey(spec)
        if op == "validate":
            return lambda: survey.validate(answers, path="extra_vars")
        return lambda: survey.extra_vars({}, answers, path="extra_vars")
    setup_django()
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from forge_catalog import forms
    from forge_catalog.devhost.models import JobTemplate
    from forge_catalog.models import ServiceCatalogItem

    # Unsaved, with a pk: what a view has in hand after reading them.
    template = JobTemplate(pk=1, name="bench", survey_spec=spec, survey_enabled=True, modified=timezone.now())
    item = ServiceCatalogItem(pk=1, name="bench", job_template=template)
    user = get_user_model()(pk=1, username="bench")

    def app():
        forms.decide(item, user, answers, {}, launch=True).launch_values()

    def app_approved():
        forms.decide(item, user, answers, {}).raise_for_errors()
        forms.decide(item, user, answers, {}, launch=True).launch_values()

    return app if op == "app" else app_approved


def cpu_us(fn):
    fn()
    calls = 1
    while True:
        start = time.process_time_ns()
        for _ in range(calls):
            fn()
        if time.process_time_ns() - start >= MIN_BATCH_NS:
            break
        calls *= 2
    batches = []
    gc.disable()
    try:
        for _ in range(REPEATS):
            start = time.process_time_ns()
            for _ in range(calls):
                fn()
            batches.append((time.process_time_ns() - start) / calls)
    finally:
        gc.enable()
    return statistics.median(batches) / 1000


def ir_worker(op, n, calls):
    fn = workload(op, n)
    fn()  # warm: the survey cached, the defaults converted
    deque(map(lambda _: fn(), repeat(None, calls)), maxlen=0)


def ir_per_call(op, n):
    calls = CALLS[n]
    cmd = [
        "valgrind", "--tool=callgrind", "--toggle-collect=map_next", "--callgrind-out-file=/dev/null",
        sys.executable, __file__, "--ir-worker", op, str(n), str(calls),
    ]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True)
    found = re.search(r"Collected : (\d+)", out.stderr)
    if not found:
        raise SystemExit(f"callgrind printed no count for {op} {n}:\n{out.stderr[-2000:]}")
    return int(found.group(1)) / calls


def machine_scale(tree, sizes):
    """{n: this machine's time / the issue's machine's} for the issue's own
    "ours today" call, timed here in the same run: the controller's figures
    were measured there, so they are compared here at that scale."""
    import bench_core_answers

    tree = tree.resolve()
    return {n: bench_core_answers.cpu_us(tree, "validate", n) / ISSUE_BASE_VALIDATE_US[n] for n in sizes}


def controller_us(op, n):
    return (CONTROLLER_VALIDATE_US if op == "validate" else CONTROLLER_MERGE_US)[n]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=list(SIZES))
    parser.add_argument("--no-callgrind", action="store_true")
    parser.add_argument("--ir-worker", nargs=3, metavar=("OP", "N", "CALLS"))
    parser.add_argument(
        "--calibrate", metavar="TREE", type=Path,
        help=f"a tree of {ISSUE_BASE_COMMIT} with its extension built in place: its Survey.validate,"
        " timed here beside ours, scales the controller's figures to this machine",
    )
    args = parser.parse_args()
    if args.ir_worker:
        op, n, calls = args.ir_worker
        return ir_worker(op, int(n), int(calls))
    have_valgrind = subprocess.run(["which", "valgrind"], capture_output=True).returncode == 0
    callgrind = not args.no_callgrind and have_valgrind
    version = sys.version.split()[0]
    print(f"Python {version}, CPU time (median of {REPEATS} batches) and callgrind Ir per call")
    print()
    scale = machine_scale(args.calibrate, args.sizes) if args.calibrate else None
    if scale:
        print(f"This machine against the issue's: {ISSUE_BASE_COMMIT}'s Survey.validate here / there = "
              + ", ".join(f"{scale[n]:.2f} at {n} q" for n in args.sizes)
              + "; controller us below are the issue's figures times that.")
        print()
    print("| call | N | CPU us | controller us | x faster | goal | Ir/call | controller Ir | x fewer |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for op in OPS:
        for n in args.sizes:
            us = cpu_us(workload(op, n))
            ctl = controller_us(op, n) * (scale[n] if scale else 1)
            goal = GOAL_RATIO["app" if op.startswith("app") else "ext"][n]
            ir = ir_per_call(op, n) if callgrind else None
            ctl_ir = CONTROLLER_IR_100[CONTROLLER_OF[op]] if n == 100 else None
            name = {"validate": "Survey.validate", "extra_vars": "Survey.extra_vars", "app": "app path",
                    "app_approved": "app path, approved later (2 calls)"}[op]
            print(
                f"| {name} | {n} | {us:,.2f} | {ctl:,.1f} ({CONTROLLER_OF[op]}) | {ctl / us:.1f} | {goal}x"
                f" | {f'{ir:,.0f}' if ir else '-'} | {f'{ctl_ir:,}' if ctl_ir else '-'}"
                f" | {f'{ctl_ir / ir:.1f}' if ir and ctl_ir else '-'} |",
                flush=True,
            )
    print()
    reference = CONTROLLER_IR_100["validate+merge"]
    print(f"Reference line: the controller's validate+merge at 100 questions, {reference:,}"
          f" instructions; the target is <= {reference // 30:,} per call (30x).")


if __name__ == "__main__":
    main()
