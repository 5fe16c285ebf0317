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
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

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
    if os.environ.get("DATABASE_URL"):
        return os.environ["DATABASE_URL"]
    local = "postgres://postgres@127.0.0.1:5432/postgres"
    try:
        import psycopg

        with psycopg.connect(local, connect_timeout=3):
            return local
    except Exception:
        return _throwaway_cluster()


def _throwaway_cluster():
    """initdb + pg_ctl (Debian's postgresql) in a temp dir, stopped at exit."""
    import atexit
    import glob
    import pwd
    import tempfile

    bins = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not bins:
        pytest.fail("no PostgreSQL server: set DATABASE_URL or install Debian's postgresql")
    bindir = os.path.dirname(bins[-1])
    root = tempfile.mkdtemp(prefix="fc-e2e-pg-")
    port = _free_port()
    prefix = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            subprocess.run(["useradd", "--system", "--no-create-home", "postgres"], check=True)
        shutil.chown(root, "postgres")
        prefix = ["runuser", "-u", "postgres", "--"]
    data = os.path.join(root, "data")
    subprocess.run(
        [*prefix, f"{bindir}/initdb", "-D", data, "-U", "postgres", "--auth=trust"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    opts = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off"
    subprocess.run(
        [*prefix, f"{bindir}/pg_ctl", "-D", data, "-o", opts, "-l", f"{root}/log", "-w", "start"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    atexit.register(
        lambda: (
            subprocess.run(
                [*prefix, f"{bindir}/pg_ctl", "-D", data, "-m", "immediate", "stop"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            ),
            shutil.rmtree(root, ignore_errors=True),
        )
    )
    return f"postgres://postgres@127.0.0.1:{port}/postgres"


def _free_port():
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _with_db(url, name):
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


def _admin(url, sql):
    import psycopg

    with psycopg.connect(_with_db(url, "postgres"), autocommit=True) as conn:
        conn.execute(sql)


def _wait_http(url, proc, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the devhost server exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except Exception:
            time.sleep(0.3)
    raise RuntimeError(f"the devhost server did not answer {url}")


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
    db_url = _with_db(server, name)
    _admin(server, f'DROP DATABASE IF EXISTS "{name}"')
    _admin(server, f'CREATE DATABASE "{name}"')
    env = dict(
        os.environ,
        DATABASE_URL=db_url,
        DJANGO_SETTINGS_MODULE="forge_catalog.devhost.settings",
        PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
        FORGE_DEVHOST_DEBUG="1",
        PYTHONUNBUFFERED="1",
    )
    port = _free_port()
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
        _wait_http(live.base_url + "/login/", server_proc)
        # This process reads the same database through the ORM.
        # Playwright's sync API keeps an event loop on this thread; the ORM
        # calls of the tests are still plain blocking calls, made between
        # browser steps, so Django's async guard does not apply.
        os.environ.update(
            DATABASE_URL=db_url,
            DJANGO_SETTINGS_MODULE="forge_catalog.devhost.settings",
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
        _admin(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


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

    def login(username, *, width=1280, height=860):
        ctx = browser.new_context(viewport={"width": width, "height": height}, base_url=live.base_url)
        ctx.set_default_timeout(15000)
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
    for i, ctx in enumerate(contexts):
        for j, page in enumerate(ctx.pages):
            try:
                page.screenshot(path=str(ARTIFACTS / f"{request.node.name}-{i}-{j}-end.png"), full_page=True)
            except Exception:
                pass
        ctx.close()
