"""Browser tests: a live devhost (runserver + two real workers) on its own
PostgreSQL database, driven by Playwright in Debian's Chromium.

The database (fc_e2e_<pid>) is created here, migrated, seeded with
``devhost_seed`` and dropped at the end. PostgreSQL: the server of
DATABASE_URL, else 127.0.0.1:5432, else a throwaway cluster (initdb/pg_ctl).
The test process also opens Django on that database to check what the
browser cannot see (each workflow node's job and its answers).

Run with ``pytest -p no:django tests/e2e`` (mk/e2e.mk does): Django is set up
here, against the live server's database, not pytest-django's test database.
"""

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests import pgcluster
from tests.e2e import axe

# The dialog asks the server's dry-run on every step and as the person types;
# on a machine the suites share, an answer may take seconds.
expect.set_options(timeout=15_000)
# ms: what waits on the server's slow answers (a step's dry run, a playbook run
# polled by the page) allows, so that one answer slowed by the load is no failure.
UNDER_LOAD = 60_000

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = os.environ.get("FC_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "e2e-pass"


def postgres_server_url():
    """A PostgreSQL server to create the test database on."""
    return pgcluster.server_url()


class Live:
    def __init__(self, base_url, env, db_url):
        self.base_url = base_url
        self.env = env
        self.db_url = db_url

    def manage(self, *args):
        subprocess.run([sys.executable, "-m", "django", *args], env=self.env, cwd=ROOT, check=True)


@pytest.fixture(scope="session")
def live():
    server = postgres_server_url()
    name = f"fc_e2e_{os.getpid()}"
    db_url = pgcluster.with_db(server, name)
    pgcluster.admin_sql(server, f'DROP DATABASE IF EXISTS "{name}"')
    pgcluster.admin_sql(server, f'CREATE DATABASE "{name}"')
    env = dict(
        os.environ,
        DATABASE_URL=db_url,
        DJANGO_SETTINGS_MODULE="forge_catalog.devhost.settings",
        PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
        FORGE_DEVHOST_DEBUG="1",
        FORGE_DEVHOST_SECRET_KEY="e2e-secret-key",
        PYTHONUNBUFFERED="1",
    )
    port = pgcluster.free_port()
    live = Live(f"http://127.0.0.1:{port}", env, db_url)
    procs = []
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    logs = open(ARTIFACTS / "devhost.log", "w")
    try:
        live.manage("migrate", "--noinput", "-v0")
        live.manage("devhost_seed", "--quiet", "--password", PASSWORD)
        server_proc = subprocess.Popen(
            [sys.executable, "-m", "django", "runserver", "--noreload", "--insecure", f"127.0.0.1:{port}"],
            env=env,
            cwd=ROOT,
            stdout=logs,
            stderr=subprocess.STDOUT,
        )
        procs.append(server_proc)
        # Two workers: on PostgreSQL they share the queue through SKIP LOCKED.
        for _ in range(2):
            procs.append(
                subprocess.Popen(
                    [sys.executable, "-m", "django", "devhost_worker", "--poll", "0.3"],
                    env=env,
                    cwd=ROOT,
                    stdout=logs,
                    stderr=subprocess.STDOUT,
                )
            )
        pgcluster.wait_http(live.base_url + "/login/", server_proc, what="the devhost server")
        # This process reads the same database through the ORM.
        # Playwright's sync API keeps an event loop on this thread; the ORM
        # calls of the tests are still plain blocking calls, made between
        # browser steps, so Django's async guard does not apply.
        os.environ.update(
            DATABASE_URL=db_url,
            DJANGO_SETTINGS_MODULE="forge_catalog.devhost.settings",
            # The server's key: this process decrypts what it stored.
            FORGE_DEVHOST_SECRET_KEY=env["FORGE_DEVHOST_SECRET_KEY"],
            DJANGO_ALLOW_ASYNC_UNSAFE="true",
        )
        import django

        django.setup()
        yield live
    finally:
        for p in procs:
            p.send_signal(signal.SIGTERM)
        for p in procs:
            try:
                p.wait(timeout=15)
            except subprocess.TimeoutExpired:
                p.kill()
        logs.close()
        try:
            from django.db import connections

            connections.close_all()
        except Exception:
            pass
        pgcluster.admin_sql(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: make test installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def as_user(live, browser, request):
    """as_user("requester") -> a logged-in page in its own browser context."""
    contexts = []
    native_dialogs = []  # every confirmation is the app's own (issue 10 item 6)

    def native(dialog):
        native_dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def login(username, *, width=1280, height=860):
        ctx = browser.new_context(viewport={"width": width, "height": height}, base_url=live.base_url)
        ctx.set_default_timeout(15000)
        ctx.on("dialog", native)
        contexts.append(ctx)
        page = ctx.new_page()
        page.goto("/login/?next=/portal/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url("**/portal/**")
        page.get_by_test_id("username").wait_for()
        return page

    yield login
    # Every page a test leaves open is scanned by axe-core (tests/e2e/axe.py).
    problems = []
    for i, ctx in enumerate(contexts):
        for j, page in enumerate(ctx.pages):
            try:
                page.screenshot(path=str(ARTIFACTS / f"{request.node.name}-{i}-{j}-end.png"), full_page=True)
            except Exception:
                pass
            if "/portal/" in page.url:
                found = axe.blocking(axe.scan(page))
                if found:
                    problems.append(
                        f"axe: {page.url} ({request.node.name}, page {i}-{j}):\n{axe.describe(found)}"
                    )
        ctx.close()
    if native_dialogs:
        problems.append("the browser's own dialogs were used: " + "; ".join(native_dialogs))
    if problems:
        pytest.fail("at the end of the test:\n" + "\n".join(problems))
