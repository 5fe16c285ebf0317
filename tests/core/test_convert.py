"""Python <-> json_t conversion: every JSON type both ways, and every value
that has no JSON form refused with a ConversionError naming its place."""

import collections
import datetime
import decimal
import enum
import math

import pytest

from forge_catalog import _core

ROUND_TRIP = {
    "ascii": "web03",
    "unicode": "h\u00e9llo \u2603 \U0001F600",
    "empty": "",
    "zero": 0,
    "int_max": 2**63 - 1,
    "int_min": -(2**63),
    "float": 1.5,
    "float_whole": 2.0,
    "float_tiny": 5e-324,
    "float_big": 1.7976931348623157e308,
    "true": True,
    "false": False,
    "none": None,
    "list": [1, "two", 3.0, None, [], {}],
    "nested": {"a": {"b": {"c": [1, [2, [3]]]}}},
    "empty_dict": {},
    "unicode_key_\u00fc": 1,
}


def test_round_trip_keeps_values_and_types(passthrough):
    back = passthrough.validate(ROUND_TRIP)
    assert back == ROUND_TRIP
    # == would let True == 1 and 2.0 == 2 through: compare types too.
    for key, value in ROUND_TRIP.items():
        assert type(back[key]) is type(value), key
    assert list(back) == list(ROUND_TRIP), "key order is kept"


def test_string_with_nul_converts_both_ways(passthrough):
    # Answers with NUL are the core's "invalid" (PostgreSQL cannot store
    # them); the template's own extra_vars pass unchanged, so they carry the
    # converter's round trip of such a string.
    template = {"nul_inside": "a\x00b", "deep": ["\x00"]}
    assert passthrough.extra_vars(template, {}) == template
    with pytest.raises(_core.ValidationError) as info:
        passthrough.validate({"nul_inside": "a\x00b"})
    assert [(e["path"], e["code"]) for e in info.value.errors] == [("extra_vars.nul_inside", "invalid")]


def test_plain_answers_come_back_as_the_callers_objects(passthrough):
    nested = {"a": [1, 2]}
    back = passthrough.validate({"x": nested})
    # Accepted values reuse the caller's objects (issue 8): no copy on the answer path.
    assert back["x"] is nested


@pytest.mark.parametrize("value, expected", [
    ((1, 2), [1, 2]),
    ([(1,), ("a", (None,))], [[1], ["a", [None]]]),
    (collections.OrderedDict(b=1, a=2), {"b": 1, "a": 2}),
    (enum.IntEnum("E", "one")(1), 1),
])
def test_subclasses_and_tuples_convert_to_plain_json(passthrough, value, expected):
    back = passthrough.validate({"v": value})["v"]
    assert back == expected and type(back) is type(expected)


def test_bool_is_not_taken_for_int(passthrough):
    back = passthrough.validate({"t": True, "f": False, "one": 1, "zero": 0})
    assert [type(v) for v in back.values()] == [bool, bool, int, int]


@pytest.mark.parametrize("number", [
    2**63, -(2**63) - 1, 2**200, -(10**300), 10**4299, enum.IntEnum("Big", {"one": 2**70}).one,
])
def test_ints_beyond_64_bits_cross_exactly(passthrough, number):
    """AWX keeps Python ints exact; so do we, in both directions (fc_bigint.h)."""
    back = passthrough.validate({"n": number, "nested": [{"n": number}]})
    assert back == {"n": number, "nested": [{"n": number}]}
    assert type(back["n"]) is int


def test_ints_at_the_64_bit_edges_stay_plain(passthrough):
    edges = [2**63 - 1, -(2**63), 2**63, -(2**63) - 1]
    assert passthrough.validate({"e": edges}) == {"e": edges}


def conversion_error(call, value):
    with pytest.raises(_core.ConversionError) as info:
        call(value)
    return str(info.value)


@pytest.mark.parametrize("value, place, detail", [
    ({"a": [0, 1, 2, 10**5000]}, "extra_vars['a'][3]", "too many digits"),
    ({"f": math.nan}, "extra_vars['f']", "NaN and infinity"),
    ({"f": [math.inf]}, "extra_vars['f'][0]", "NaN and infinity"),
    ({"f": {"g": -math.inf}}, "extra_vars['f']['g']", "NaN and infinity"),
    ({"d": {1: "x"}}, "extra_vars['d']", "dict keys must be str, not int"),
    ({"d": {None: "x"}}, "extra_vars['d']", "dict keys must be str, not NoneType"),
    ({"d": {("t",): 1}}, "extra_vars['d']", "dict keys must be str, not tuple"),
    ({"k\x00": 1}, "extra_vars", "must not contain NUL"),
    ({"s": "\ud800"}, "extra_vars['s']", "not encodable as UTF-8"),
    ({"\udfff": 1}, "extra_vars", "not encodable as UTF-8"),
    ({"s": {1, 2}}, "extra_vars['s']", "set has no JSON form"),
    ({"b": b"bytes"}, "extra_vars['b']", "bytes has no JSON form"),
    ({"o": [object()]}, "extra_vars['o'][0]", "object has no JSON form"),
    ({"d": decimal.Decimal("1.5")}, "extra_vars['d']", "Decimal has no JSON form"),
    ({"t": datetime.date(2026, 1, 1)}, "extra_vars['t']", "date has no JSON form"),
    ({"it": iter([1])}, "extra_vars['it']", "has no JSON form"),
])
def test_values_without_json_form_name_their_place(passthrough, value, place, detail):
    message = conversion_error(passthrough.validate, value)
    assert message.startswith(place + ": "), message
    assert detail in message


def test_conversion_error_is_type_error_and_module_error():
    assert issubclass(_core.ConversionError, TypeError)
    assert issubclass(_core.ConversionError, _core.Error)


def test_root_name_follows_the_parameter(passthrough, deploy_survey):
    assert conversion_error(lambda v: passthrough.validate(v, path="answers"), {"x": math.nan}) \
        .startswith("answers['x']: ")
    assert conversion_error(lambda v: deploy_survey.extra_vars(v, {}), {"x": {1}}) \
        .startswith("template_extra_vars['x']: ")
    assert conversion_error(deploy_survey.redact, {"x": [math.nan]}).startswith("values['x'][0]: ")
    assert conversion_error(_core.validate_catalog_item, {"tags": [math.nan]}) \
        .startswith("item['tags'][0]: ")
    assert conversion_error(_core.Survey, {"spec": [{"default": math.inf}]}) \
        .startswith("survey_spec['spec'][0]['default']: ")
    assert conversion_error(lambda v: _core.validate_node_survey_data([], v), {"n": {"v": {1}}}) \
        .startswith("node_survey_data['n']['v']: ")


def test_cycles_are_refused_not_followed(passthrough):
    looped = []
    looped.append(looped)
    assert "nested too deeply" in conversion_error(passthrough.validate, {"l": looped})
    selfish = {}
    selfish["me"] = selfish
    assert "nested too deeply" in conversion_error(passthrough.validate, selfish)
    # The refusal does not leave anything half-built behind: the objects are fine.
    assert looped[0] is looped and selfish["me"] is selfish


def nest(levels):
    value = "leaf"
    for _ in range(levels):
        value = [value]
    return value


def test_depth_within_the_core_limit_passes(passthrough):
    depth = _core.LIMITS["max_depth"]
    assert passthrough.validate({"v": nest(depth)}) == {"v": nest(depth)}


def test_depth_beyond_the_core_limit_is_the_core_s_error(passthrough):
    """One level too deep still converts, so the core reports it with its path."""
    depth = _core.LIMITS["max_depth"]
    with pytest.raises(_core.ValidationError) as info:
        passthrough.validate({"v": nest(depth + 1)})
    assert [(e["path"], e["code"]) for e in info.value.errors] == [("extra_vars.v", "limit")]


def test_far_too_deep_is_a_conversion_error(passthrough):
    message = conversion_error(passthrough.validate, {"v": nest(10_000)})
    assert message.startswith("extra_vars['v'][0][0]")


def test_json_to_python_gives_plain_types(deploy_survey):
    spec = deploy_survey.display_spec()
    assert type(spec) is dict and type(spec["spec"]) is list
    assert type(deploy_survey.secret_variables) is tuple


def test_str_subclass_keys_are_quoted_without_running_their_repr(passthrough):
    class Sneaky(str):
        def __repr__(self):
            raise AssertionError("the binding must not call a subclass __repr__")

    message = conversion_error(passthrough.validate, {Sneaky("k"): [math.nan]})
    assert message.startswith("extra_vars['k'][0]: ")
    assert passthrough.validate({Sneaky("k"): 1}) == {"k": 1}


def test_results_are_new_dicts_whatever_path_built_them(passthrough):
    # A plain answer set in order is copied whole; with a default or a
    # template in between it is built entry by entry: either way a new dict.
    answers = {"x": 1, "y": [2]}
    for back in (passthrough.validate(answers), passthrough.extra_vars({"t": 0}, answers)):
        assert back is not answers
        back["z"] = 3
    assert answers == {"x": 1, "y": [2]}
    assert list(passthrough.extra_vars({"y": 0, "t": 0}, answers)) == ["y", "t", "x"]
