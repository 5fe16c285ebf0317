"""The extension's own suite: no Django, no database (run with -p no:django).

Everything here goes through forge_catalog._core; the rules themselves are
the C core's and are tested exhaustively by tests/c. These tests check that
the binding carries arguments, answers and errors across faithfully."""

import pytest
from core_helpers import question, spec

from forge_catalog import _core


@pytest.fixture
def core():
    return _core


@pytest.fixture
def passthrough():
    """A survey without questions that lets every variable through: its
    validate() is a Python -> json_t -> Python round trip."""
    return _core.Survey(None, ask_variables_on_launch=True)


@pytest.fixture
def deploy_survey():
    return _core.Survey(spec(
        question("hostname", required=True, min=1, max=64),
        question("version", default="1.0"),
        question("replicas", "integer", min=1, max=10, default=2),
        question("env", "multiplechoice", choices="dev\nstaging\nprod", default="dev"),
        question("db_password", "password", default="s3cret"),
    ))
