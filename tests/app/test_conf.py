"""Settings: defaults in one place, read lazily, refreshed by override_settings."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from forge_catalog.conf import fc_settings, get_host_model, host_model_label
from forge_catalog.devhost import models as dh
from forge_catalog.hosts import get_host
from forge_catalog.hosts.devhost import DevhostHost


def test_defaults_and_overrides():
    assert fc_settings.ALLOW_SELF_APPROVAL is False
    with override_settings(FORGE_CATALOG={"ALLOW_SELF_APPROVAL": True, "MAX_REASON_LENGTH": 10}):
        assert fc_settings.ALLOW_SELF_APPROVAL is True
        assert fc_settings.MAX_REASON_LENGTH == 10
        assert fc_settings.HOST == "forge_catalog.hosts.awx.AWXHost"  # the default
    assert fc_settings.ALLOW_SELF_APPROVAL is False


def test_unknown_key_is_refused():
    with override_settings(FORGE_CATALOG={"ALLOW_SELF_APPROVALS": True}):
        with pytest.raises(ImproperlyConfigured, match="ALLOW_SELF_APPROVALS"):
            getattr(fc_settings, "ALLOW_SELF_APPROVAL")  # noqa: B009 - the read is the test
    with pytest.raises(AttributeError):
        getattr(fc_settings, "NOT_A_SETTING")  # noqa: B009 - the read is the test


def test_host_models_and_adapter():
    assert get_host_model("UNIFIED_JOB") is dh.UnifiedJob
    assert isinstance(get_host(), DevhostHost)
    with override_settings(FORGE_CATALOG_TEAM_MODEL="devhost"):
        with pytest.raises(ImproperlyConfigured, match="FORGE_CATALOG_TEAM_MODEL"):
            host_model_label("TEAM")
    with override_settings(FORGE_CATALOG_TEAM_MODEL="nope.Team"):
        with pytest.raises(ImproperlyConfigured, match="not been installed"):
            get_host_model("TEAM")
