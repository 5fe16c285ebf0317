"""Issue 7 item 9: the devhost is DEBUG off unless asked, and without DEBUG it
refuses to start on a secret key nobody chose."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = "import django; from django.conf import settings; django.setup(); print(settings.DEBUG)"


def start(**env):
    base = {k: v for k, v in os.environ.items() if not k.startswith("FORGE_DEVHOST_")}
    base.update(DJANGO_SETTINGS_MODULE="forge_catalog.devhost.settings", PYTHONPATH=str(ROOT), **env)
    return subprocess.run(
        [sys.executable, "-c", PROBE], env=base, cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def test_without_a_secret_key_and_debug_off_it_refuses_to_start():
    result = start()
    assert result.returncode != 0
    assert "FORGE_DEVHOST_SECRET_KEY" in result.stderr


def test_debug_is_off_by_default():
    result = start(FORGE_DEVHOST_SECRET_KEY="a key of our own")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_a_debug_run_may_go_without_a_key():
    result = start(FORGE_DEVHOST_DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


def test_the_wsgi_module_loads():
    code = "from forge_catalog.devhost.wsgi import application; print(callable(application))"
    base = {k: v for k, v in os.environ.items() if not k.startswith("FORGE_DEVHOST_")}
    base.update(PYTHONPATH=str(ROOT), FORGE_DEVHOST_SECRET_KEY="k")
    base.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        [sys.executable, "-c", code], env=base, cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


def test_static_files_are_served_without_debug(settings):
    # gunicorn has no runserver static handler: the devhost's urls serve them.
    from django.test import Client

    assert settings.DEBUG is False
    response = Client().get("/static/admin/css/base.css")
    assert response.status_code == 200
    assert b"".join(response.streaming_content)
