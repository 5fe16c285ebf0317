"""API-only fixtures. The factories (users, organizations, templates, items,
requests) come from tests/app/conftest.py.

``api`` calls the real URL stack the way AWX's tests do::

    api.get(url("service_catalog_item-detail", item.pk), user=alice, expect=200)

``expect`` is checked with the response body in the failure message.
"""

import pytest
from apihelpers import Api


@pytest.fixture
def api(db):
    return Api()


@pytest.fixture
def password_template(job_template_factory):
    """A job template whose survey asks for a hostname and a password."""
    return job_template_factory(
        survey_spec=[
            {"variable": "hostname", "type": "text", "max": 64},
            {"variable": "db_password", "type": "password"},
        ]
    )


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Every world makes eight users; PBKDF2 would dominate the suite's time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
