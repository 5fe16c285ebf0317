"""Models and migrations agree (STYLE.md: makemigrations --check in CI)."""

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_missing_migrations():
    try:
        call_command("makemigrations", "--check", "--dry-run", verbosity=0)
    except SystemExit as exc:  # raised with status 1 when changes are detected
        pytest.fail(f"models changed without a migration (exit {exc.code})")
