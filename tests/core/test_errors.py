"""The exception objects: classes, the structured list, the message."""

import pytest

from forge_catalog import _core

VALID_ITEM = {"name": "Restart nginx", "organization": 1, "job_template": 7,
              "job_template_organization": 1}


def test_exception_hierarchy():
    assert issubclass(_core.Error, Exception)
    assert issubclass(_core.ValidationError, _core.Error)
    assert issubclass(_core.ValidationError, ValueError)
    assert issubclass(_core.TransitionError, _core.Error)
    assert not issubclass(_core.TransitionError, ValueError)
    for cls in (_core.Error, _core.ValidationError, _core.TransitionError, _core.ConversionError):
        assert cls.__module__ == "forge_catalog._core"
        assert cls.__doc__


def test_validation_error_lists_every_problem_in_order():
    item = dict(VALID_ITEM, name="", icon="Not An Icon", tags=["a", "a"])
    with pytest.raises(_core.ValidationError) as info:
        _core.validate_catalog_item(item)
    errors = info.value.errors
    assert [(e["path"], e["code"]) for e in errors] == [
        ("name", "required"), ("icon", "format"), ("tags[1]", "duplicate")]
    assert all(set(e) == {"path", "code", "message"} for e in errors)
    assert all(type(v) is str and v for e in errors for v in e.values())
    assert info.value.truncated is False
    assert str(info.value) == (f"validate_catalog_item: name: {errors[0]['message']} (and 2 more)")


def test_single_problem_message_has_no_count():
    with pytest.raises(_core.ValidationError) as info:
        _core.validate_catalog_item(dict(VALID_ITEM, name=""))
    assert str(info.value) == f"validate_catalog_item: name: {info.value.errors[0]['message']}"


def test_truncated_list_says_so():
    survey = _core.Survey(None)
    limit = _core.LIMITS["max_errors"]
    with pytest.raises(_core.ValidationError) as info:
        survey.validate({f"v{i}": 1 for i in range(limit + 10)})
    assert len(info.value.errors) == limit
    assert info.value.truncated is True
    assert "list truncated" in str(info.value)


def test_valid_item_returns_none():
    assert _core.validate_catalog_item(VALID_ITEM) is None


def test_transition_error_carries_the_list():
    with pytest.raises(_core.TransitionError) as info:
        _core.transition("successful", "cancel")
    assert info.value.errors == [{"path": "status", "code": "state",
                                  "message": "cannot cancel a request that is successful"}]
    assert "cannot cancel" in str(info.value)


def test_errors_list_is_a_fresh_object_per_raise():
    caught = []
    for _ in range(2):
        try:
            _core.validate_catalog_item(dict(VALID_ITEM, name=""))
        except _core.ValidationError as exc:
            caught.append(exc)
    assert caught[0].errors == caught[1].errors
    assert caught[0].errors is not caught[1].errors


@pytest.mark.parametrize("call, exc", [
    (lambda: _core.is_terminal("nope"), ValueError),
    (lambda: _core.is_terminal(3), TypeError),
    (lambda: _core.is_terminal("running\x00"), ValueError),
    (lambda: _core.job_status_to_state("done"), ValueError),
    (lambda: _core.transition("created", "explode"), ValueError),
    (lambda: _core.transition("pending_approval", "approve", approvals=-1), ValueError),
    (lambda: _core.transition("pending_approval", "approve", approvals=2**40), ValueError),
    (lambda: _core.decide("fly"), ValueError),
    (lambda: _core.decide("submit", is_superuser=True, extra=1), TypeError),
    (lambda: _core.validate_catalog_item(None), _core.ValidationError),
    (lambda: _core.Survey({}, enabled=True, bogus=1), TypeError),
    (lambda: _core.launch_data(_core.Survey(None)), TypeError),
    (lambda: _core.launch_data(None, is_workflow=False), TypeError),
    (lambda: _core.launch_data(_core.Survey(None), is_workflow=True, nodes=[(1, "a", {})]), TypeError),
    (lambda: _core.launch_data(_core.Survey(None), is_workflow=True, nodes=[(1, "a")]), TypeError),
    (lambda: _core.launch_data(_core.Survey(None), is_workflow=True, nodes=["abc"]), TypeError),
    (lambda: _core.launch_data(_core.Survey(None), is_workflow=True, nodes=[("1", "a", None)]), TypeError),
    (lambda: _core.launch_data(_core.Survey(None), is_workflow=True, nodes=[(2**64, "a", None)]),
     _core.ConversionError),
    (lambda: _core.launch_data(_core.Survey(None), is_workflow=True, nodes=[(1, 5, None)]), TypeError),
    (lambda: _core.validate_node_survey_data(5, {}), TypeError),
])
def test_bad_arguments_raise_precise_exceptions(call, exc):
    with pytest.raises(exc):
        call()


def test_errors_survive_pickling():
    """Exceptions may cross a process boundary (worker -> web): the list goes along."""
    import pickle

    with pytest.raises(_core.ValidationError) as info:
        _core.validate_catalog_item(dict(VALID_ITEM, name=""))
    back = pickle.loads(pickle.dumps(info.value))
    assert type(back) is _core.ValidationError
    assert back.errors == info.value.errors and back.truncated is False
    assert str(back) == str(info.value)
