"""The organization defaults of approval expiry in settings: the system
check reports a bad one (forge_catalog.E002), and at run time it is ignored
instead of failing a request."""

import pytest
from django.test import override_settings

from forge_catalog import checks, expiry

pytestmark = pytest.mark.django_db


def _errors(**fc):
    with override_settings(FORGE_CATALOG=fc):
        return [e.msg for e in checks.check_expiry_settings()]


def test_good_settings_pass():
    assert _errors() == []
    assert (
        _errors(
            APPROVAL_EXPIRY={"expire_after": 86400, "outcome": "escalate", "remind_every": 3600},
            APPROVAL_EXPIRY_BY_ORGANIZATION={"Acme": {"outcome": "approve", "expire_after": 600}},
        )
        == []
    )


@pytest.mark.parametrize(
    "policy, words",
    [
        ({"expire_after": "1d"}, "whole seconds"),
        ({"expire_after": True}, "whole seconds"),
        ({"remind_every": 5}, "remind_every"),
        ({"expire_after": 10**9}, "expire_after"),
        ({"outcome": "explode"}, "outcome must be one of"),
        ({"colour": "red"}, "unknown keys: colour"),
        ("weekly", "must be a dict"),
    ],
)
def test_bad_settings_are_reported(policy, words):
    (message,) = _errors(APPROVAL_EXPIRY=policy)
    assert message.startswith("FORGE_CATALOG[APPROVAL_EXPIRY]: ") and words in message
    (message,) = _errors(APPROVAL_EXPIRY_BY_ORGANIZATION={"Acme": policy})
    assert message.startswith("FORGE_CATALOG[APPROVAL_EXPIRY_BY_ORGANIZATION['Acme']]: ")
    assert "ignored" in message


def test_by_organization_must_be_a_dict():
    (message,) = _errors(APPROVAL_EXPIRY_BY_ORGANIZATION=["Acme"])
    assert "must be a dict of organization name to policy" in message


def test_a_bad_setting_is_ignored_at_run_time(organization):
    good = {"expire_after": 600, "outcome": "escalate", "remind_every": 0}
    with override_settings(
        FORGE_CATALOG={
            "APPROVAL_EXPIRY": good,
            "APPROVAL_EXPIRY_BY_ORGANIZATION": {organization.name: {"expire_after": "x"}},
        }
    ):
        assert expiry.organization_default(organization.name) == good
    with override_settings(FORGE_CATALOG={"APPROVAL_EXPIRY_BY_ORGANIZATION": "nonsense"}):
        assert expiry.organization_default(organization.name) == expiry.SAFE_DEFAULT
