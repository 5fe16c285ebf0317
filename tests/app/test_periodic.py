"""The tick through AWX's dispatcher schedule (forge_catalog/periodic.py):
importable from a settings file before Django is set up, run the way
AWXConsumerPG.run_periodic_tasks runs a ``control`` entry, never raising."""

import os
import subprocess
import sys
from datetime import timedelta

import pytest
from django.utils import timezone

from forge_catalog import periodic, tick

pytestmark = pytest.mark.django_db


def test_a_settings_file_may_import_it_before_django_is_set_up():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    code = (
        "import sys; from forge_catalog.periodic import schedule_entry; e = schedule_entry();"
        "assert callable(e['control']) and e['schedule'].total_seconds() == 60;"
        "assert not any(m.startswith('django.db') for m in sys.modules), 'django.db imported'"
    )
    subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=60)


def _run_like_awx(schedule):
    """What run_periodic_tasks does with a due entry (AWX e21dd0a)."""
    for data in schedule.values():
        if "control" in data:
            data["control"]()
        elif "task" in data:
            raise AssertionError("a task entry would need an awx.* @task callable")


def test_the_control_entry_runs_a_tick(catalog_item_factory, team, request_factory):
    item = catalog_item_factory(requires_approval=True, approver_team=team, expire_after=1)
    sr = request_factory(item)
    type(sr).objects.filter(pk=sr.pk).update(step_entered_at=timezone.now() - timedelta(seconds=5))
    _run_like_awx({"forge_catalog_tick": periodic.schedule_entry()})
    sr.refresh_from_db()
    assert sr.status == "expired"


def test_an_error_is_logged_not_raised(monkeypatch, caplog):
    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(tick, "run", broken)
    assert periodic.dispatcher_tick() is None
    assert "tick failed in the dispatcher" in caplog.text
