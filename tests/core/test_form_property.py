"""Properties of Form.validate over random forms and answer sets (a fixed
seed per case, so a failure names its seed): the dry run and the launch
path (extra_vars) reach the same verdict, accepted answers validate again
to themselves (the app re-checks stored answers at approval), hidden
questions never reach the accepted set, and the verdict is deterministic."""

import random

import pytest

from forge_catalog import _core

TEXTS = ["", "a", "web1", "prod", "dev", "x" * 5, "Web-01", "db"]
NOW = 1796083200


def question(rng, i):
    kind = rng.choice(["text", "integer", "multiplechoice", "multiselect", "float"])
    q = {"question_name": f"Q{i}", "variable": f"v{i}", "type": kind, "required": rng.random() < 0.4}
    if kind in ("multiplechoice", "multiselect"):
        q["choices"] = ["prod", "dev", "db"]
        if rng.random() < 0.5:
            q["default"] = "dev" if kind == "multiplechoice" else ["dev"]
    elif kind == "text":
        q["max"] = 20
        if rng.random() < 0.4:
            q["default"] = rng.choice(["web1", "prod"])
    else:
        q["min"], q["max"] = 0, 10
        if rng.random() < 0.4:
            q["default"] = 3
    return q


def condition(rng, earlier):
    q = rng.choice(earlier)
    v, kind = q["variable"], q["type"]
    if kind in ("integer", "float"):
        return f"{v} {rng.choice(['<', '<=', '>', '>=', '==', '!='])} {rng.randint(0, 10)}"
    if kind == "multiselect":
        return rng.choice([f"'prod' in {v}", f"'db' not in {v}", f"{v} is empty"])
    return rng.choice([f"{v} == 'prod'", f"{v} != 'dev'", f"{v} in ['prod', 'db']",
                       f"{v} is not empty", f"not {v} is empty"])


def random_form(rng):
    questions = [question(rng, i) for i in range(rng.randint(1, 8))]
    overlay = {}
    for i, q in enumerate(questions):
        entry = {}
        if i > 0 and rng.random() < 0.6:
            parts = [condition(rng, questions[:i]) for _ in range(rng.randint(1, 3))]
            entry["visible_if"] = f" {rng.choice(['and', 'or'])} ".join(parts)
        if q["type"] == "text" and rng.random() < 0.3:
            entry["pattern"] = "[a-z]+[0-9]*"
        if q["type"] == "text" and rng.random() < 0.2:
            entry["choices_from"] = {"inventory": "Production"}
        if entry:
            overlay[q["variable"]] = entry
    return {"name": "", "description": "", "spec": questions}, overlay


def random_answers(rng, questions):
    answers = {}
    for q in questions:
        if rng.random() < 0.35:
            continue
        if q["type"] in ("integer", "float"):
            answers[q["variable"]] = rng.randint(-1, 11)
        elif q["type"] == "multiselect":
            answers[q["variable"]] = rng.sample(["prod", "dev", "db"], rng.randint(0, 2))
        elif q["type"] == "multiplechoice":
            answers[q["variable"]] = rng.choice(["prod", "dev", "db", "qa"])
        else:
            answers[q["variable"]] = rng.choice(TEXTS)
    return answers


@pytest.mark.parametrize("seed", range(400))
def test_form_properties(seed):
    rng = random.Random(seed)
    spec, overlay = random_form(rng)
    form = _core.Form(_core.Survey(spec), overlay)
    choices = {v: ["web1", "prod"] for v in form.choices_from}
    for _ in range(5):
        answers = random_answers(rng, spec["spec"])
        verdict = form.validate(answers, choices=choices, now=NOW)
        assert form.validate(answers, choices=choices, now=NOW) == verdict
        hidden = {q["variable"] for q in spec["spec"]} - set(verdict.visible)
        try:
            extra = form.extra_vars({"tmpl": 1}, answers, choices=choices, now=NOW)
        except _core.ValidationError as exc:
            assert verdict.errors == exc.errors, seed
            assert verdict.accepted is None
            continue
        assert verdict.errors == [] and verdict.accepted is not None, seed
        assert not hidden & set(verdict.accepted), seed
        assert {k: extra[k] for k in verdict.accepted} == verdict.accepted
        assert extra["tmpl"] == 1
        again = form.validate(verdict.accepted, choices=choices, now=NOW)
        assert again == (verdict.visible, [], verdict.accepted), seed
