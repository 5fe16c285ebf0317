"""One Survey shared by many threads: the compiled survey is immutable, and
big answer sets are validated with the GIL released (survey_type.c)."""

import sys
import threading

from core_helpers import question, spec

from forge_catalog import _core

# 40 questions: above the binding's threshold for dropping the GIL.
SPEC = spec(*[question(f"q{i}", "integer", min=0, max=100, default=i) for i in range(40)],
            question("pw", "password", default="d3fault"))
GOOD = {f"q{i}": i + 1 for i in range(40)}
BAD = {"q0": -1, "q1": "one", "rogue": 1}
THREADS = 8
ROUNDS = 300


def test_many_threads_one_survey():
    survey = _core.Survey(SPEC)
    want_good = survey.validate(GOOD)
    try:
        survey.validate(BAD)
    except _core.ValidationError as exc:
        want_bad = exc.errors
    start = threading.Barrier(THREADS)
    failures = []

    def worker(seed):
        start.wait()
        for round_ in range(ROUNDS):
            if (seed + round_) % 2:
                got = survey.validate(GOOD)
                if got != want_good:
                    failures.append(("good", got))
            else:
                try:
                    survey.validate(BAD)
                    failures.append(("bad accepted", None))
                except _core.ValidationError as exc:
                    if exc.errors != want_bad:
                        failures.append(("bad", exc.errors))
            if round_ % 50 == 0:
                survey.extra_vars({"x": seed}, GOOD)
                _core.launch_data(survey, is_workflow=True, nodes=[(seed, f"n{seed}", survey)])

    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch as often as possible
    try:
        threads = [threading.Thread(target=worker, args=(i,)) for i in range(THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(old)
    assert failures == []
    assert want_good["pw"] == "d3fault" and want_good["q0"] == 1


def test_surveys_compiled_in_threads_are_independent():
    results = {}

    def worker(i):
        survey = _core.Survey(spec(*[question(f"v{i}_{j}", default=str(j)) for j in range(40)]))
        results[i] = survey.validate({})

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == {i: {f"v{i}_{j}": str(j) for j in range(40)} for i in range(THREADS)}
