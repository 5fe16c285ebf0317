"""Issue 7 item 6: the demo's embedded SQLite serves approvers at once.

The demo runs on SQLite (mk/demo.mk); two approvers approving at the same
moment used to get 500 "database is locked". sqlite_demo_approvals.py runs on
the demo's own settings in a process of its own (the rest of tests/app is on
PostgreSQL)."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).with_name("sqlite_demo_approvals.py")
ROUNDS = 4


def run_demo_script(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL" and not k.startswith("FORGE_DEVHOST_")}
    env.update(
        DJANGO_SETTINGS_MODULE="forge_catalog.devhost.settings",
        FORGE_DEVHOST_SQLITE=str(tmp_path / "devhost.sqlite3"),
        FORGE_DEVHOST_DEBUG="1",  # as make demo runs it
        FORGE_DEVHOST_SECRET_KEY="demo-test-key",
        PYTHONPATH=str(ROOT),
    )
    result = subprocess.run(
        [sys.executable, str(SCRIPT), str(ROUNDS)],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_two_approvers_at_once_on_the_demo_sqlite(tmp_path):
    outcome = run_demo_script(tmp_path)
    assert len(outcome["statuses"]) == 3 * ROUNDS
    assert all(status < 500 for status in outcome["statuses"]), outcome["statuses"]
    assert set(outcome["statuses"]) == {200}, outcome["statuses"]
    # Both approvals counted: every request reached its two approvals and launched.
    assert set(outcome["final"].values()) <= {"running", "successful", "failed"} - {"failed"}, outcome[
        "final"
    ]

    # A lock that never comes within the busy timeout: 503, Retry-After, JSON.
    locked = outcome["locked"]
    assert locked["status"] == 503, locked
    assert locked["retry_after"] and int(locked["retry_after"]) >= 1
    assert locked["content_type"].startswith("application/json")
    body = json.loads(locked["body"])
    assert body["code"] == "busy" and body["request_id"]
