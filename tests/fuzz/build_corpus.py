#!/usr/bin/env python3
"""Turn the golden fixtures into per-harness libFuzzer seed inputs.

    build_corpus.py FIXTURES_DIR OUT_DIR

Walks every tests/fixtures/**/*.json, picks out survey specs, answer sets,
template extra_vars, workflow nodes, node_survey_data and catalog items
wherever they appear (any nesting, so the fixture layout may grow), and
writes each harness's input framing (tests/fuzz/fuzz_common.h) to
OUT_DIR/<harness>/<sha1>. A few built-in cases covering every question
type are always added, so the corpus is useful even without fixtures.
Standard library only: it runs before the venv exists.
"""

import hashlib
import itertools
import json
import re
import sys
from pathlib import Path

FLAG_DISABLED = 0x01
FLAG_ASK_VARIABLES = 0x02
FLAG_WORKFLOW = 0x04

HARNESSES = ("fuzz_spec", "fuzz_answers", "fuzz_launch", "fuzz_catalog", "fuzz_expiry", "fuzz_form_expr",
             "fuzz_form_pattern", "fuzz_views", "fuzz_notify", "fuzz_form_views")
# fuzz_views: answers as fc_view views; these bits add what only views carry.
FLAG_VIEW_DECIMALS = 0x04  # digit strings cross as FC_VIEW_BIGINT text
FLAG_VIEW_REPEAT = 0x08  # the first answer is given twice

SPEC_KEYS = ("survey_spec", "spec")
ANSWER_KEYS = ("answers", "extra_vars", "values", "accepted")
NODE_DATA_KEYS = ("node_survey_data",)
NODE_LIST_KEYS = ("nodes",)
TEMPLATE_VARS_KEYS = ("template_extra_vars",)
ITEM_KEYS = ("item", "catalog_item")

BUILTIN_SPEC = {
    "name": "every type",
    "description": "",
    "spec": [
        {
            "type": "text",
            "question_name": "Host",
            "variable": "hostname",
            "required": True,
            "min": 1,
            "max": 64,
            "default": "web01",
        },
        {
            "type": "textarea",
            "question_name": "Notes",
            "variable": "notes",
            "required": False,
            "min": "",
            "max": "",
            "default": "",
        },
        {
            "type": "password",
            "question_name": "Token",
            "variable": "token",
            "required": True,
            "min": 8,
            "max": 32,
            "default": "$encrypted$",
        },
        {
            "type": "integer",
            "question_name": "Count",
            "variable": "count",
            "required": True,
            "min": 1,
            "max": 10,
            "default": 3,
        },
        {
            "type": "float",
            "question_name": "Ratio",
            "variable": "ratio",
            "required": False,
            "min": 0,
            "max": 2,
            "default": 0.5,
        },
        {
            "type": "multiplechoice",
            "question_name": "Env",
            "variable": "env",
            "required": True,
            "choices": "dev\nstaging\n prod \n\n",
            "default": "dev",
        },
        {
            "type": "multiselect",
            "question_name": "Regions",
            "variable": "regions",
            "required": False,
            "choices": ["eu", "us", "ap"],
            "default": "eu\nus",
        },
    ],
}
BUILTIN_ANSWERS = [
    {},
    {"hostname": "web03", "token": "$encrypted$", "count": 5, "ratio": 1, "env": " prod ", "regions": ["ap"]},
    {
        "hostname": "",
        "token": "short",
        "count": "5",
        "ratio": True,
        "env": "prod",
        "regions": "eu",
        "unknown": 1,
    },
    {"hostname": None, "count": 5.0, "notes": ["x"], "regions": []},
]
BUILTIN_ITEM = {
    "name": "Restart nginx",
    "description": "",
    "icon": "server-cog",
    "category": "web",
    "tags": ["nginx", "ops"],
    "job_template": 7,
    "workflow_job_template": None,
    "requires_approval": True,
    "approvals_required": 2,
    "enabled": True,
    "organization": 1,
    "job_template_organization": 1,
    "workflow_job_template_organization": None,
    "approver_team": 3,
    "approver_team_organization": 1,
}


def dump(value):
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()


# Stands for the JSON document `null` in frame() (None means "absent").
JSON_NULL = object()


def frame(flags, *docs):
    """flags byte, then the documents separated by NUL (None = absent)."""
    parts = (b"" if d is None else b"null" if d is JSON_NULL else dump(d) for d in docs)
    return bytes([flags]) + b"\0".join(parts)


def is_spec(value):
    return isinstance(value, dict) and isinstance(value.get("spec"), list)


class Harvest:
    def __init__(self):
        self.specs, self.answers, self.node_data = [], [], []
        self.node_lists, self.template_vars, self.items = [], [], []
        # (spec, answers, template_vars, flags) and (spec, nodes, node_data, flags)
        self.answer_cases, self.launch_cases = [], []

    def walk(self, value):
        if isinstance(value, list):
            for element in value:
                self.walk(element)
            return
        if not isinstance(value, dict):
            return
        if is_spec(value):
            self.specs.append(value)
        found = {}
        for key, sink in (
            (SPEC_KEYS, self.specs),
            (ANSWER_KEYS, self.answers),
            (NODE_DATA_KEYS, self.node_data),
            (NODE_LIST_KEYS, self.node_lists),
            (TEMPLATE_VARS_KEYS, self.template_vars),
            (ITEM_KEYS, self.items),
        ):
            for name in key:
                if name in value and not (name == "spec" and isinstance(value[name], list)):
                    sink.append(value[name])
                    found.setdefault(key, value[name])
        self.case(value, found)
        for element in value.values():
            self.walk(element)

    def case(self, value, found):
        """A fixture that holds a spec with answers or nodes is one case."""
        spec = found.get(SPEC_KEYS)
        flags = 0
        if value.get("survey_enabled") is False or value.get("enabled") is False:
            flags |= FLAG_DISABLED
        if value.get("ask_variables_on_launch") is True:
            flags |= FLAG_ASK_VARIABLES
        # tests/fixtures/README.md: is_workflow defaults to "nodes is non-empty".
        if value.get("is_workflow", bool(value.get("nodes"))) is True:
            flags |= FLAG_WORKFLOW
        if spec is not None and ANSWER_KEYS in found:
            self.answer_cases.append((spec, found[ANSWER_KEYS], found.get(TEMPLATE_VARS_KEYS), flags))
        if NODE_LIST_KEYS in found or NODE_DATA_KEYS in found:
            self.launch_cases.append((spec, found.get(NODE_LIST_KEYS), found.get(NODE_DATA_KEYS), flags))


def builtin(h):
    h.specs.append(BUILTIN_SPEC)
    h.specs.append({"name": "", "description": "", "spec": []})
    h.items.append(BUILTIN_ITEM)
    # One broken field at a time, then all at once (report-all).
    broken = {
        "name": "",
        "icon": "Not A Lucide Name",
        "category": "c" * 65,
        "tags": ["a", "a", "", 3],
        "workflow_job_template": 9,
        "approvals_required": 0,
        "approver_team_organization": 2,
    }
    for key, value in broken.items():
        h.items.append({**BUILTIN_ITEM, key: value})
    h.items.append({**BUILTIN_ITEM, **broken})
    h.items.append({})
    for answers, flags in itertools.product(BUILTIN_ANSWERS, (0, FLAG_ASK_VARIABLES, FLAG_DISABLED)):
        h.answer_cases.append((BUILTIN_SPEC, answers, {"hostname": "tmpl", "extra": 1}, flags))
    nodes = [
        {"node_id": 10, "identifier": "deploy", "survey_spec": BUILTIN_SPEC},
        {"node_id": 11, "identifier": "verify", "survey_spec": None},
        {"node_id": 12, "identifier": "notify", "survey_spec": BUILTIN_SPEC, "survey_enabled": False},
    ]
    h.launch_cases.append((BUILTIN_SPEC, nodes, {"deploy": BUILTIN_ANSWERS[1]}, FLAG_WORKFLOW))
    h.launch_cases.append((None, nodes, {"deploy": {}, "nowhere": {}}, FLAG_WORKFLOW))
    h.launch_cases.append((BUILTIN_SPEC, nodes + [nodes[0]], {}, FLAG_WORKFLOW))


def read_limits():
    """FC_LIMIT_* values from fc_limits.h, so the boundary seeds follow the header."""
    header = Path(__file__).resolve().parents[2] / "csrc/include/forge_catalog/fc_limits.h"
    found = re.findall(r"#define FC_LIMIT_(\w+) (\d+)", header.read_text())
    return {name: int(value) for name, value in found}


def nested(levels):
    value = "leaf"
    for _ in range(levels):
        value = [value]
    return value


def limit_seeds():
    """Inputs one past each documented limit (docs/limits.md), so the replay in
    `make test` runs every limit path under ASan/UBSan. libFuzzer's -max_len
    keeps them from slowing the mutation runs."""
    lim = read_limits()
    small = {"type": "text", "question_name": "Q", "variable": "v", "required": False}
    spec_of = lambda questions: {"name": "limits", "description": "", "spec": questions}  # noqa: E731
    # AWX bounds no question count, choice count or text length: large
    # shapes must compile (only the whole spec is bounded, MAX_SPEC_BYTES).
    many = spec_of([{**small, "variable": f"v{i}"} for i in range(2500)])
    bad_many = spec_of([{"type": "bogus", "variable": ""} for _ in range(lim["MAX_ERRORS"] + 10)])
    choices = spec_of(
        [
            {**small, "type": "multiselect", "choices": [f"c{i}" for i in range(1001)]},
            {
                **small,
                "variable": "w",
                "type": "multiplechoice",
                "choices": ["x" * 1025],
            },
            {
                **small,
                "variable": "x",
                "type": "multiplechoice",
                "choices": "a\n" + "x" * 1025,
            },
            {**small, "variable": "y", "type": "multiselect", "choices": "a\nb", "default": "\n \n"},
        ]
    )
    text = "t" * (lim["MAX_TEXT_LEN"] + 1)
    long_fields = [
        spec_of([{**small, "variable": "v" * 2000}]),
        spec_of([{**small, "default": text}]),
        spec_of([{**small, "question_description": text}]),
        {**spec_of([small]), "name": text, "description": text},
    ]
    deep = spec_of([{**small, "extra": nested(lim["MAX_DEPTH"] + 1)}])
    one = spec_of([small])
    pick = spec_of([{**small, "type": "multiselect", "choices": ["a", "b"]}])
    out = {name: [] for name in HARNESSES}
    out["fuzz_spec"] = [dump(x) for x in (many, bad_many, choices, deep, *long_fields)]
    out["fuzz_answers"] = [
        frame(FLAG_ASK_VARIABLES, one, {f"k{i}": i for i in range(lim["MAX_EXTRA_VARS"] + 1)}, None),
        frame(FLAG_ASK_VARIABLES, one, {"v": "ok", "deep": nested(lim["MAX_DEPTH"] + 1)}, None),
        frame(0, one, {"v": "t" * (lim["MAX_TEXT_LEN"] + 1)}, None),
        frame(0, pick, {"v": ["a"] * 1001}, None),
        frame(0, one, {f"k{i}": i for i in range(lim["MAX_ERRORS"] + 10)}, None),
        frame(0, one, JSON_NULL, JSON_NULL),
    ]
    nodes = [{"node_id": i, "identifier": f"n{i}", "survey_spec": one} for i in range(lim["MAX_NODES"] + 1)]
    out["fuzz_launch"] = [
        frame(FLAG_WORKFLOW, one, nodes, {}),
        frame(
            FLAG_WORKFLOW,
            one,
            [{"node_id": 1, "identifier": "i" * (lim["MAX_IDENTIFIER_LEN"] + 1), "survey_spec": one}],
            {},
        ),
        frame(FLAG_WORKFLOW, one, nodes[:2], {f"n{i}": {} for i in range(lim["MAX_NODES"] + 1)}),
        frame(FLAG_WORKFLOW, one, [{"node_id": 1, "identifier": "a\0b", "survey_spec": one}], JSON_NULL),
        frame(FLAG_WORKFLOW, one, [{"node_id": 1, "identifier": "a", "survey_spec": one}], {"a\0b": {}}),
    ]
    out["fuzz_catalog"] = [
        dump({**BUILTIN_ITEM, "tags": [f"t{i}" for i in range(33)], "name": "n" * 513}),
        dump({**BUILTIN_ITEM, "description": "d" * (lim["MAX_TEXT_LEN"] + 1), "tags": nested(40)}),
        dump({**BUILTIN_ITEM, "name": "a\0b", "tags": ["x\0y"]}),
        # Approval steps (docs/approvals.md): one past the step limit, and
        # every kind of bad step.
        dump({**BUILTIN_ITEM, "requires_approval": True,
              "approval_steps": [{"quorum": 1}] * (lim["MAX_STEPS"] + 1)}),
        dump({**BUILTIN_ITEM, "requires_approval": True, "approval_steps": [
            {"title": "t" * 513, "approver_team": 2, "approver_team_organization": 9, "quorum": 0},
            {"approver_team": "x", "quorum": 101}, {}, 3, None]}),
    ]
    # The same-organization rule for notification templates (fc_notify.h):
    # allowed, refused, missing, no item organization, bad shapes.
    path = "notification_templates.approved"
    out["fuzz_notify"] = [
        dump({"organization": 1, "templates": [
            {"path": f"{path}[0]", "id": 4, "organization": 1},
            {"path": f"{path}[1]", "id": 5, "organization": 2},
            {"path": f"{path}[2]", "id": 6, "organization": None}, {"path": f"{path}[3]", "id": 7}]}),
        dump({"organization": None, "templates": [{"path": "p", "id": 4, "organization": 1}]}),
        dump({"organization": 1, "templates": [{"path": "p" * 2000, "id": 2**62, "organization": "1"}]}),
        dump({"organization": 1, "templates": [{"path": "a\0b", "id": 4}, {"path": "q"}, 3]}),
    ]
    return out


def seeds(h):
    """Per harness, the seed inputs: the cases as found, then crossings of
    every spec with the answer sets so each type meets each kind of answer."""
    out = {name: [] for name in HARNESSES}
    out["fuzz_spec"] = [dump(spec) for spec in h.specs]
    out["fuzz_catalog"] = [dump(item) for item in h.items]
    out["fuzz_expiry"] = expiry_seeds(getattr(h, "fixtures_dir", None))
    for spec, answers, template_vars, flags in h.answer_cases:
        out["fuzz_answers"].append(frame(flags, spec, answers, template_vars))
    specs = unique(h.specs)
    answer_sets = unique(a for a in h.answers if isinstance(a, dict))
    for spec, answers in itertools.product(specs[:64], answer_sets[:16]):
        out["fuzz_answers"].append(frame(0, spec, answers, None))
    for spec, nodes, node_data, flags in h.launch_cases:
        if nodes is None:
            # Node data without a node list: give every key a node running a known spec.
            keys = node_data if isinstance(node_data, dict) else {}
            nodes = [
                {"node_id": i + 1, "identifier": k, "survey_spec": s}
                for i, (k, s) in enumerate(zip(keys, itertools.cycle(specs)))
            ]
        out["fuzz_launch"].append(frame(flags, spec, nodes, node_data))
    return out


def expiry_seeds(fixtures):
    """The golden expiry cases packed as fuzz_expiry.c reads them: five
    little-endian int64, an outcome byte and a permission byte."""
    path = Path(fixtures) / "expiry" / "decide.json" if fixtures else None
    if path is None or not path.is_file():
        return []
    out = []
    for i, case in enumerate(json.loads(path.read_text(encoding="utf-8"))["cases"]):
        p, c = case["policy"], case["clock"]
        numbers = (p["expire_after"], p["remind_every"], c["now"], c["step_entered_at"])
        numbers += (c["last_reminded_at"],)
        packed = b"".join(n.to_bytes(8, "little", signed=True) for n in numbers)
        out.append(packed + bytes((i % 3, i % 2)))
    return out


# fuzz_form_pattern's flags byte: the low nibble picks the format (0 none).
FORM_FORMATS = ("", "date", "datetime", "email", "hostname", "ipv4", "ipv6", "cidr", "url")


def form_seeds(fixtures):
    """The form harnesses frame raw text: flags, condition or pattern, NUL,
    then an answer set (fuzz_form_expr) or one answer (fuzz_form_pattern),
    taken from tests/fixtures/form/*.json."""
    out = {"fuzz_form_expr": [], "fuzz_form_pattern": [], "fuzz_form_views": []}
    for path in sorted(Path(fixtures).glob("form/*.json")):
        fixture = json.loads(path.read_text(encoding="utf-8"))
        overlay = fixture.get("overlay") if isinstance(fixture.get("overlay"), dict) else {}
        answer_sets = [c["answers"] for c in fixture.get("cases", [])] or [{}]
        # fuzz_form_views: each case whole (spec, overlay, answers, choices).
        for case in fixture.get("cases", []):
            docs = (fixture.get("survey_spec"), overlay, case.get("answers"), case.get("choices") or {})
            out["fuzz_form_views"].append(b"\0" + b"\0".join(dump(d) for d in docs))
        for entry in overlay.values():
            if not isinstance(entry, dict):
                continue
            condition = entry.get("visible_if")
            if isinstance(condition, str):
                for answers in answer_sets:
                    out["fuzz_form_expr"].append(b"\0" + condition.encode() + b"\0" + dump(answers))
            pattern, fmt = entry.get("pattern"), entry.get("format")
            flags = FORM_FORMATS.index(fmt) if fmt in FORM_FORMATS else 0
            flags |= 0x10 if "min_days" in entry or "max_days" in entry else 0
            if not isinstance(pattern, str):
                flags |= 0x20
                pattern = ""
            for answers in answer_sets:
                for value in answers.values():
                    if isinstance(value, str):
                        framed = bytes([flags]) + pattern.encode() + b"\0" + value.encode()
                        out["fuzz_form_pattern"].append(framed)
    return out


def unique(values):
    seen, result = set(), []
    for value in values:
        key = dump(value)
        if key not in seen:
            seen.add(key)
            result.append(value)
    return result


def main(argv):
    if len(argv) != 3:
        sys.exit(__doc__)
    fixtures, out_dir = Path(argv[1]), Path(argv[2])
    h = Harvest()
    h.fixtures_dir = fixtures
    files = sorted(fixtures.glob("**/*.json")) if fixtures.is_dir() else []
    for path in files:
        try:
            h.walk(json.loads(path.read_text(encoding="utf-8")))
        except (ValueError, UnicodeDecodeError) as exc:
            sys.exit(f"{path}: not JSON: {exc}")
    builtin(h)
    counts = []
    boundary = limit_seeds()
    forms = form_seeds(fixtures)
    all_seeds = seeds(h)
    # The answer-set inputs again for the view harness, plain and with each view-only variant.
    answer_inputs = all_seeds["fuzz_answers"] + boundary["fuzz_answers"]
    all_seeds["fuzz_views"] = [
        bytes([data[0] | extra]) + data[1:]
        for data in answer_inputs
        for extra in (0, FLAG_VIEW_DECIMALS, FLAG_VIEW_REPEAT)
        if data
    ]
    for harness, inputs in all_seeds.items():
        inputs = inputs + boundary[harness] + forms.get(harness, [])
        target = out_dir / harness
        target.mkdir(parents=True, exist_ok=True)
        for old in target.iterdir():
            old.unlink()
        names = {hashlib.sha1(data).hexdigest(): data for data in inputs}
        for name, data in names.items():
            (target / name).write_bytes(data)
        counts.append(f"{harness} {len(names)}")
    print(f"fuzz seeds from {len(files)} fixture files: " + ", ".join(counts))


if __name__ == "__main__":
    main(sys.argv)
