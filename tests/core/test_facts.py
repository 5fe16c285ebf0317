"""The authority facts cross the binding through one parser (csrc/python/
facts.c): decide() and request_actions() take exactly the fields of
fc_authz_facts by name, with the same defaults and the same refusals."""

import pathlib
import re

import pytest

from forge_catalog import _core

HEADER = pathlib.Path(__file__).resolve().parents[2] / "csrc" / "include" / "forge_catalog" / "fc_authz.h"


def fact_fields():
    text = HEADER.read_text()
    body = re.search(r"typedef struct fc_authz_facts \{(.*?)\} fc_authz_facts;", text, re.S).group(1)
    return re.findall(r"int (\w+);", body)


CALLS = {
    "decide": lambda **kw: _core.decide("approve", **kw),
    "request_actions": lambda **kw: _core.request_actions("pending_approval", **kw),
}


@pytest.mark.parametrize("call", CALLS)
@pytest.mark.parametrize("fact", fact_fields())
def test_every_fact_is_a_keyword_of_both(call, fact):
    CALLS[call](**{fact: True})
    CALLS[call](**{fact: 0})


@pytest.mark.parametrize("call", CALLS)
def test_unknown_keywords_are_refused_by_both(call):
    with pytest.raises(TypeError, match="'is_wizard' is an invalid keyword argument"):
        CALLS[call](is_wizard=True)


def test_each_fact_reaches_the_core_the_same_way():
    """An org admin's facts, one at a time: the vote buttons of
    request_actions are decide()'s approve and reject answers."""
    for fact in fact_fields():
        for value in (False, True):
            facts = {"is_org_admin": True, fact: value}
            actions = _core.request_actions("pending_approval", **facts)
            assert actions["can_approve"] == _core.decide("approve", **facts).allowed, facts
            assert actions["can_reject"] == _core.decide("reject", **facts).allowed, facts


def test_defaults_are_an_authenticated_user_on_an_enabled_item():
    assert _core.decide("see_item", is_org_reader=True).allowed
    assert not _core.decide("see_item", is_org_reader=True, item_enabled=False).allowed
    assert _core.decide("see_item", is_org_reader=True, is_authenticated=False).reason == "anonymous"


def test_truth_values_as_pyarg_p():
    assert _core.decide("see_item", is_org_reader=[1]).allowed
    assert not _core.decide("see_item", is_org_reader="").allowed

    class Broken:
        def __bool__(self):
            raise RuntimeError("no truth")

    with pytest.raises(RuntimeError):
        _core.decide("see_item", is_org_reader=Broken())


def test_the_subject_by_name_or_position_once():
    assert _core.decide(action="see_item", is_superuser=True).allowed
    assert _core.request_actions(state="pending_approval", is_org_admin=True)["can_approve"]
    with pytest.raises(TypeError):
        _core.decide("see_item", action="see_item")
    with pytest.raises(TypeError):
        _core.decide()
    with pytest.raises(TypeError):
        _core.decide("see_item", "submit")
    with pytest.raises(TypeError):
        _core.decide("see_item", already_voted=True)
    assert _core.request_actions("pending_approval", is_org_admin=True, already_voted=True) == {
        **_core.request_actions("pending_approval", is_org_admin=True),
        "can_approve": False,
    }
