"""Forms (docs/forms.md): _core.Form.validate against Survey.validate on the
same answers at 10 / 100 / 1000 questions, CPU time per call, to show the
overlay's cost is linear in the form's size and what it adds; then the
worst pattern answer (PCRE2 stopped by its match limit) as a bound.

Each question i > 0 is shown when question i-1 is not empty; every third
has a pattern, every third a format (hostname), so all visible questions
run a condition, and two thirds a pattern or a format.

"Ir/call" is Form.validate in callgrind instructions (collected only inside
``map()``, so no start-up), repeatable on a busy machine; --no-callgrind
skips it. "launch us" is Form.validate(launch=True) with template
extra_vars: the launch's final extra_vars in the same call."""

import argparse
import re
import subprocess
import sys
import time
from collections import deque
from itertools import repeat

from forge_catalog import _core


def spec_of(n):
    questions = [{"type": "text", "variable": f"v{i}", "question_name": f"q{i}", "required": True,
                  "min": 0, "max": 40} for i in range(n)]
    return {"name": "bench", "description": "", "spec": questions}


def overlay_of(n):
    overlay = {}
    for i in range(1, n):
        entry = {"visible_if": f"v{i - 1} is not empty"}
        if i % 3 == 1:
            entry["pattern"] = "[a-z]+[0-9]*"
        elif i % 3 == 2:
            entry["format"] = "hostname"
        overlay[f"v{i}"] = entry
    return overlay


def per_call_us(fn, calls):
    start = time.process_time()
    for _ in range(calls):
        fn()
    return (time.process_time() - start) / calls * 1e6


CALLS = {10: 2000, 100: 400, 1000: 40}


def ir_worker(n, calls):
    form = _core.Form(_core.Survey(spec_of(n)), overlay_of(n))
    answers = {f"v{i}": f"host{i}" for i in range(n)}
    form.validate(answers)  # warm: the survey's variables converted once
    deque(map(lambda _: form.validate(answers), repeat(None, calls)), maxlen=0)


def ir_per_call(n):
    cmd = ["valgrind", "--tool=callgrind", "--toggle-collect=map_next", "--callgrind-out-file=/dev/null",
           sys.executable, __file__, "--ir-worker", str(n), str(CALLS[n])]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True)
    found = re.search(r"Collected : (\d+)", out.stderr)
    if not found:
        raise SystemExit(f"callgrind printed no count for {n}:\n{out.stderr[-2000:]}")
    return int(found.group(1)) / CALLS[n]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--no-callgrind", action="store_true")
    parser.add_argument("--ir-worker", nargs=2, type=int)
    args = parser.parse_args()
    if args.ir_worker:
        return ir_worker(*args.ir_worker)
    has_valgrind = subprocess.run(["which", "valgrind"], capture_output=True).returncode == 0
    callgrind = not args.no_callgrind and has_valgrind
    print(f"{'questions':>9} {'survey us':>10} {'form us':>10} {'launch us':>10} {'form/question ns':>17}"
          f" {'compile us':>11} {'Ir/call':>10}")
    template_vars = {"template_only": 1, "v0": "tmpl"}
    for n in (10, 100, 1000):
        survey = _core.Survey(spec_of(n))
        answers = {f"v{i}": f"host{i}" for i in range(n)}
        calls = max(20, 20000 // n)
        overlay = overlay_of(n)
        compile_us = per_call_us(lambda s=survey, o=overlay: _core.Form(s, o), max(5, calls // 10))
        form = _core.Form(survey, overlay)
        verdict = form.validate(answers)
        assert verdict.errors == [] and len(verdict.visible) == n, verdict.errors[:3]
        survey_us = per_call_us(lambda s=survey, a=answers: s.validate(a), calls)
        form_us = per_call_us(lambda f=form, a=answers: f.validate(a), calls)
        launch_us = per_call_us(
            lambda f=form, a=answers: f.validate(a, launch=True, template_extra_vars=template_vars), calls
        )
        ir = f"{ir_per_call(n):>10,.0f}" if callgrind else f"{'-':>10}"
        print(f"{n:>9} {survey_us:>10.1f} {form_us:>10.1f} {launch_us:>10.1f} {form_us / n * 1000:>17.0f}"
              f" {compile_us:>11.1f} {ir}")
    worst = _core.Form(_core.Survey(spec_of(1)), {"v0": {"pattern": "(a+)+$"}})
    answer = {"v0": "a" * 39 + "!"}
    assert worst.validate(answer).errors[0]["code"] == "limit"
    print(f"worst pattern answer ((a+)+$ on 39 a's and '!', refused at the match limit): "
          f"{per_call_us(lambda: worst.validate(answer), 20):.0f} us")


if __name__ == "__main__":
    main()
