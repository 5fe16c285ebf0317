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


def test_big_validations_let_other_threads_run():
    """With a switch interval of minutes, another thread only gets the GIL
    when it is released: it must make progress while one thread validates
    big answer sets over and over."""
    import time

    size = _core.LIMITS["max_extra_vars"]
    survey = _core.Survey(spec(*[question(f"v{i}", "integer", default=i) for i in range(size)]))
    answers = {f"v{i}": i for i in range(size)}
    survey.validate(answers)  # valid: the loop below must not die early
    ticks, validations = 0, []
    stop = threading.Event()

    def validator():
        deadline = time.monotonic() + 10
        while not stop.is_set() and time.monotonic() < deadline:
            survey.validate(answers)
            validations.append(1)

    old = sys.getswitchinterval()
    sys.setswitchinterval(300)
    try:
        worker = threading.Thread(target=validator)
        started = time.monotonic()
        worker.start()
        time.sleep(0.05)  # let the validator get going (and hold the GIL if it never drops it)
        while ticks < 50 and time.monotonic() - started < 10:
            time.sleep(0)  # hand the GIL over; get it back only if validate drops it
            ticks += 1
        stop.set()
        worker.join()
    finally:
        sys.setswitchinterval(old)
    # Had validate kept the GIL, the main thread would only have resumed once
    # the validator's 10 s were up, too late to tick 50 times.
    assert ticks == 50
    assert len(validations) >= 2, "the validator ran while the main thread ticked"
