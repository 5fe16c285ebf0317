"""Differential test: every survey spec AWX's save-time validator accepts
compiles in our core (issue 11, item 4; awx-facts.md "Survey spec").

`awx_accepts` below re-states, rule by rule, the checks of AWX's
`JobTemplateSurveySpec._validate_spec_data` (awx/api/views/__init__.py,
devel e21dd0a): written from reading them, not copied. It also returns the
spec as AWX stores it (choices and choice defaults re-joined without blank
lines, password defaults encrypted), and both forms must compile. A seeded
generator produces specs around every rule; FC_AWX_DIFF_CASES (default
3000, `make bench` runs more) sets how many, FC_AWX_DIFF_SEED the seed.
"""

import copy
import os
import random

import pytest

from forge_catalog import _core

TYPES = {"text": str, "textarea": str, "password": str, "multiplechoice": str,
         "multiselect": str, "integer": int, "float": (float, int)}
ENCRYPTED = "$encrypted$"
CASES = int(os.environ.get("FC_AWX_DIFF_CASES", "3000"))
SEED = int(os.environ.get("FC_AWX_DIFF_SEED", "20261201"))


def _kept_lines(text):
    """AWX's normalisation of a choice string: splitlines, drop blank ones."""
    return "\n".join(line for line in text.splitlines() if line.strip() != "")


def awx_accepts(posted, old_spec=None):
    """(True, stored spec) when AWX would save `posted`, else (False, None)."""
    spec = copy.deepcopy(posted)
    if not isinstance(spec, dict):
        return False, None
    for field, kind in (("name", str), ("description", str), ("spec", list)):
        if field not in spec or not isinstance(spec[field], kind):
            return False, None
    if len(spec["spec"]) < 1:
        return False, None
    old = {q["variable"]: q for q in (old_spec or {}).get("spec", []) if "variable" in q}
    seen = set()
    for item in spec["spec"]:
        if not isinstance(item, dict):
            return False, None
        for field in ("type", "question_name", "variable", "required"):
            if field not in item:
                return False, None
            if not isinstance(item[field], bool if field == "required" else str):
                return False, None
        if item["variable"] in seen:
            return False, None
        seen.add(item["variable"])
        qtype = item["type"]
        if qtype not in TYPES:
            return False, None
        # isinstance: True is an int, so it passes for integer/float questions.
        if "default" in item and item["default"] != "" and not isinstance(item["default"], TYPES[qtype]):
            return False, None
        for key in ("min", "max"):
            if key in item and item[key] is not None and not isinstance(item[key], int):
                return False, None
        if qtype in ("multiselect", "multiplechoice"):
            if "choices" not in item:
                return False, None
            if isinstance(item["choices"], str):
                item["choices"] = _kept_lines(item["choices"])
            if "default" in item:
                if isinstance(item["default"], str):
                    item["default"] = _kept_lines(item["default"])
                    defaults = item["default"].splitlines()
                else:
                    defaults = item["default"]
                if qtype == "multiplechoice" and len(defaults) > 1:
                    return False, None
                try:  # `in` on a str is a substring test; on 5 or None a TypeError (a 500)
                    if any(d not in item["choices"] for d in defaults):
                        return False, None
                except TypeError:
                    return False, None
        default = item.get("default")
        if isinstance(default, str) and default.startswith(ENCRYPTED):
            if qtype != "password":
                return False, None
            previous = old.get(item["variable"], {}).get("default")
            if not (isinstance(previous, str) and (previous.startswith(ENCRYPTED) or previous == "")):
                return False, None
            item["default"] = previous
        elif qtype == "password" and "default" in item:
            item["default"] = f"{ENCRYPTED}UTF8$AESCBC$Z0FBQUFBQm{len(str(default))}" if default else default
    return True, spec


# -- the generator --------------------------------------------------------------------------------

BREAKS = ["\n", "\r", "\r\n", "\v", "\f", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]
SPACES = [" ", "\t", "\u00a0", "\u3000", "\u2009", "\u1680", "\x1f", "\u200b"]
LETTERS = "abcxyzAB019_-.$ é漢😀"


def text(rng, long=False):
    if long and rng.random() < 0.3:
        return rng.choice(LETTERS) * rng.choice([257, 1025, 70000])
    parts = []
    for _ in range(rng.randint(0, 6)):
        roll = rng.random()
        parts.append(rng.choice(BREAKS) if roll < 0.15 else rng.choice(SPACES) if roll < 0.3
                     else rng.choice(LETTERS))
    return "".join(parts)


def integer(rng):
    return rng.choice([0, 1, -1, 5, 10, 100, 2**31, 2**63 - 1, 2**63, -(2**63) - 1, 2**64,
                       2**70, -(2**70), 10**30, 2**53 + 1, rng.randint(-50, 50), True, False])


def choice_lines(rng):
    return "".join(text(rng) + rng.choice(BREAKS) for _ in range(rng.randint(0, 5)))


def choices(rng):
    roll = rng.random()
    if roll < 0.45:
        return choice_lines(rng)
    if roll < 0.8:
        pool = [lambda: text(rng), lambda: integer(rng), lambda: 1.5, lambda: None,
                lambda: [text(rng)], lambda: {"k": 1}, lambda: True]
        return [rng.choice(pool)() for _ in range(rng.randint(0, 5))]
    return rng.choice([{}, {"a": 1, "b": 2}, 5, None, True, 2**70, 1.5])


def default_for(rng, qtype, question):
    roll = rng.random()
    if roll < 0.15:
        return ""
    if qtype in ("integer", "float") and roll < 0.8:
        return integer(rng) if qtype == "integer" or rng.random() < 0.5 else rng.choice([0.5, -1e300, 1e20])
    if qtype in ("multiplechoice", "multiselect") and roll < 0.8 and isinstance(question.get("choices"), str):
        lines = [line for line in question["choices"].splitlines() if line.strip()]
        picked = rng.sample(lines, min(len(lines), rng.randint(0, 2))) if lines else []
        joined = rng.choice(BREAKS).join(picked)
        # A substring of a choice, as AWX's `in` lets through.
        return joined[: rng.randint(0, len(joined))] if rng.random() < 0.3 else joined
    listed = isinstance(question.get("choices"), list)
    if qtype in ("multiplechoice", "multiselect") and roll < 0.8 and listed:
        strings = [c for c in question["choices"] if isinstance(c, str)]
        return rng.choice(strings) if strings else ""
    if roll < 0.95:
        return text(rng, long=True) if qtype not in ("integer", "float") else integer(rng)
    return rng.choice([ENCRYPTED, ENCRYPTED + "UTF8$AESCBC$abc", None, [text(rng)], 3, True])


def bound(rng):
    return integer(rng) if rng.random() < 0.8 else rng.choice([None, "", 1.5, "3"])


def question(rng, index):
    qtype = rng.choice(list(TYPES)) if rng.random() < 0.97 else rng.choice(["Text", "select"])
    item = {"type": qtype, "question_name": text(rng, long=True),
            "variable": f"v{index}" if rng.random() < 0.8 else
                        rng.choice(["", "dup", "ü.x y", f"v{index}" * 300]),
            "required": rng.random() < 0.5 if rng.random() < 0.97 else "yes"}
    if rng.random() < 0.5:
        item["question_description"] = text(rng, long=True)
    if qtype in ("multiplechoice", "multiselect") and rng.random() < 0.95:
        item["choices"] = choices(rng)
    elif rng.random() < 0.1:
        item["choices"] = choices(rng)
    for key in ("min", "max"):
        if rng.random() < 0.35:
            item[key] = bound(rng)
    if rng.random() < 0.7:
        item["default"] = default_for(rng, qtype, item)
    if rng.random() < 0.1:
        item["new_ui_key"] = {"nested": [1, {"x": None}]}
    return item


def survey_spec(rng):
    return {"name": text(rng, long=True), "description": text(rng, long=True),
            "spec": [question(rng, i) for i in range(rng.randint(1, 4))]}


def old_spec_for(rng, spec):
    """The spec AWX had before: sometimes it held the password defaults that
    a posted "$encrypted$" keeps."""
    kept = [{"variable": q.get("variable"), "default": rng.choice([ENCRYPTED + "UTF8$AESCBC$old", ""])}
            for q in spec["spec"] if isinstance(q, dict) and rng.random() < 0.7]
    return {"spec": kept}


def check_compiles(spec, where):
    try:
        survey = _core.Survey(spec)
    except _core.ValidationError as exc:
        pytest.fail(f"{where}: AWX accepts this spec, our core refuses it: {exc.errors}\n{spec!r:.3000}")
    for problem in survey.problems:
        assert problem["path"].startswith("spec[") and problem["code"] and problem["message"]
    # Left entirely unanswered, and answered with its own defaults: a verdict, never a crash.
    for answers in ({}, {q["variable"]: q.get("default") for q in spec["spec"] if "default" in q}):
        try:
            survey.validate(answers)
        except _core.ValidationError as exc:
            assert exc.errors and all(e["path"].startswith("extra_vars") for e in exc.errors)
    return survey


def test_every_spec_awx_accepts_compiles():
    rng = random.Random(SEED)
    accepted = refused = 0
    for number in range(CASES):
        posted = survey_spec(rng)
        ok, stored = awx_accepts(posted, old_spec_for(rng, posted))
        if not ok:
            refused += 1
            continue
        accepted += 1
        check_compiles(posted, f"case {number} (seed {SEED}) as posted")
        check_compiles(stored, f"case {number} (seed {SEED}) as stored")
    # The generator must explore both sides of AWX's rules to mean anything.
    assert accepted >= CASES // 4, (accepted, refused)
    assert refused >= CASES // 10, (accepted, refused)


# -- the re-implementation itself is pinned to AWX's behaviour on known cases --------------------

def q(**fields):
    return {"type": "text", "question_name": "Q", "variable": "v", "required": False, **fields}


@pytest.mark.parametrize("posted, accepted", [
    ({"name": "", "description": "", "spec": [q()]}, True),
    ({"name": "", "description": "", "spec": []}, False),
    ({"description": "", "spec": [q()]}, False),
    ({"name": "", "description": "", "spec": [q(), q()]}, False),
    ({"name": "", "description": "", "spec": [q(min="")]}, False),
    ({"name": "", "description": "", "spec": [q(min=True, max=2**70)]}, True),
    ({"name": "", "description": "", "spec": [q(type="integer", default=True)]}, True),
    ({"name": "", "description": "", "spec": [q(default=None)]}, False),
    ({"name": "", "description": "", "spec": [q(type="multiplechoice")]}, False),
    ({"name": "", "description": "", "spec": [q(type="multiplechoice", choices=None)]}, True),
    ({"name": "", "description": "", "spec": [q(type="multiplechoice", choices=5, default="a")]}, False),
    ({"name": "", "description": "",
      "spec": [q(type="multiplechoice", choices="orange\nmilk", default="ora")]}, True),
    ({"name": "", "description": "",
      "spec": [q(type="multiplechoice", choices="a\nb", default="a\nb")]}, False),
    ({"name": "", "description": "", "spec": [q(type="multiselect", choices=["a"], default=["a"])]}, False),
    ({"name": "", "description": "", "spec": [q(default=ENCRYPTED)]}, False),
    ({"name": "", "description": "", "spec": [q(type="password", default=ENCRYPTED)]}, False),
    ({"name": "", "description": "", "spec": [q(variable="")]}, True),
])
def test_the_reimplementation_follows_awx(posted, accepted):
    assert awx_accepts(posted)[0] is accepted


def test_stored_form_is_normalised_like_awx():
    ok, stored = awx_accepts({"name": "", "description": "", "spec": [
        q(type="multiselect", variable="m", choices="a\n \n\u2028b\x85", default="a\v\vb"),
        q(type="password", variable="p", default="s3cret")]})
    assert ok
    assert stored["spec"][0]["choices"] == "a\nb" and stored["spec"][0]["default"] == "a\nb"
    assert stored["spec"][1]["default"].startswith(ENCRYPTED + "UTF8$")
