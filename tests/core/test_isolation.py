"""Multi-phase init: each module object has its own state, and the module
imports in a sub-interpreter (what Python 3.11 supports)."""

import _xxsubinterpreters as interpreters  # 3.11's (private) interface
import importlib.util
import sys

from forge_catalog import _core


def fresh_module():
    """A second, independent module object from the same shared library."""
    spec = importlib.util.spec_from_file_location("forge_catalog._core", _core.__file__)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_two_module_objects_have_separate_state():
    other = fresh_module()
    assert other is not _core
    assert other.ValidationError is not _core.ValidationError
    assert other.Survey is not _core.Survey
    assert other.Transition is not _core.Transition
    # Each raises its own classes, found through its own state.
    try:
        other.validate_catalog_item({})
    except other.ValidationError as exc:
        assert not isinstance(exc, _core.ValidationError)
    else:
        raise AssertionError("expected other.ValidationError")
    assert type(other.transition("created", "submit")) is other.Transition


def test_survey_of_another_module_object_is_refused():
    other = fresh_module()
    try:
        _core.launch_data(other.Survey(None), is_workflow=False)
    except TypeError:
        pass
    else:
        raise AssertionError("a Survey type of another module state must not pass")


def test_module_state_survives_collection():
    import gc

    other = fresh_module()
    survey = other.Survey(None)
    del other
    gc.collect()
    # The instance keeps its type, the type keeps the module and its state.
    assert survey.validate({}) == {}
    assert type(survey).__module__ == "forge_catalog._core"


def test_import_in_a_sub_interpreter():
    interp = interpreters.create()
    try:
        interpreters.run_string(interp, f"""
import sys
sys.path[:0] = {sys.path!r}
from forge_catalog import _core
assert _core.transition("created", "submit").state == "approved"
try:
    _core.Survey({{"name": "", "description": "", "spec": [{{}}]}})
except _core.ValidationError as exc:
    assert exc.errors
else:
    raise AssertionError("bad spec accepted")
""")
    finally:
        interpreters.destroy(interp)


def test_a_failing_sub_interpreter_script_is_reported():
    """The check above can fail: a failing script raises here."""
    interp = interpreters.create()
    try:
        try:
            interpreters.run_string(interp, "raise ValueError('boom')")
        except interpreters.RunFailedError:
            pass
        else:
            raise AssertionError("run_string swallowed the failure")
    finally:
        interpreters.destroy(interp)
