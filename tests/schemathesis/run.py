"""The API against its own OpenAPI document, with schemathesis.

A live devhost under gunicorn (threads, DEBUG off, as operators run it) on a
PostgreSQL database of its own (fc_schemathesis_<pid>, migrated, seeded with
``devhost_seed``, dropped at the end); schemathesis reads /api/v2/schema/
from it and calls every operation as the seed's requester and as its
organization administrator, logged in as the portal is (session cookie and
CSRF token). Bounded and offline: a fixed seed, a fixed number of cases per
operation (examples and fuzzing phases; the coverage and stateful phases have
no such bound). Any 5xx or any answer that does not
match the schema fails the run (exit status 1).

    .venv/bin/python tests/schemathesis/run.py     (mk/schemathesis.mk)

FC_SCHEMATHESIS_PORT picks the server's port (default: a free one);
FC_SCHEMATHESIS_EXAMPLES the cases per operation and phase.
"""

import http.cookiejar
import os
import secrets
import signal
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests import pgcluster  # noqa: E402

ARTIFACTS = ROOT / "tests" / "artifacts" / "schemathesis"
BIN = Path(sys.executable).parent
PASSWORD = "schemathesis-pass"
# The seed's users: one who only requests, one who administers the organization.
USERS = ("requester", "orgadmin")
EXAMPLES = int(os.environ.get("FC_SCHEMATHESIS_EXAMPLES", "10"))
SEED = 7
CHECKS = ",".join(
    [
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_headers_conformance",
        "response_schema_conformance",
        "negative_data_rejection",
        "unsupported_method",
    ]
)


def session_login(base, user):
    """A session as the portal has one: the login form, then its cookies.
    (Basic auth would hash the password on every call: PBKDF2 dominates.)"""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.open(base + "/login/", timeout=30).read()
    csrf = next(c.value for c in jar if c.name == "csrftoken")
    form = urllib.parse.urlencode({"username": user, "password": PASSWORD, "csrfmiddlewaretoken": csrf})
    opener.open(urllib.request.Request(base + "/login/", data=form.encode()), timeout=30).read()
    cookies = {c.name: c.value for c in jar}
    if "sessionid" not in cookies:
        raise RuntimeError(f"could not log in as {user}")
    return cookies


def schemathesis(base, user, env):
    report = ARTIFACTS / f"{user}.xml"
    cookies = session_login(base, user)
    command = [
        str(BIN / "schemathesis"),
        "run",
        f"{base}/api/v2/schema/",
        "--url",
        base,
        "--header",
        f"Cookie: sessionid={cookies['sessionid']}; csrftoken={cookies['csrftoken']}",
        "--header",
        f"X-CSRFToken: {cookies['csrftoken']}",
        "--checks",
        CHECKS,
        "--phases",
        "examples,fuzzing",
        "--max-examples",
        str(EXAMPLES),
        "--seed",
        str(SEED),
        "--generation-database",
        "none",
        "--workers",
        "2",
        "--request-timeout",
        "30",
        "--suppress-health-check",
        "all",
        "--no-color",
        "--report",
        "junit",
        "--report-junit-path",
        str(report),
    ]
    print(f"== schemathesis as {user}: {EXAMPLES} cases per operation and phase", flush=True)
    return subprocess.run(command, env=env, cwd=ROOT).returncode


def main():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    server = pgcluster.server_url()
    name = f"fc_schemathesis_{os.getpid()}"
    db_url = pgcluster.with_db(server, name)
    env = dict(
        os.environ,
        DATABASE_URL=db_url,
        DJANGO_SETTINGS_MODULE="forge_catalog.devhost.settings",
        FORGE_DEVHOST_DEBUG="0",
        FORGE_DEVHOST_SECRET_KEY=secrets.token_urlsafe(32),
        PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
        PYTHONUNBUFFERED="1",
    )
    port = int(os.environ.get("FC_SCHEMATHESIS_PORT") or pgcluster.free_port())
    base = f"http://127.0.0.1:{port}"
    pgcluster.admin_sql(server, f'DROP DATABASE IF EXISTS "{name}"')
    pgcluster.admin_sql(server, f'CREATE DATABASE "{name}"')
    proc = None
    log = open(ARTIFACTS / "devhost.log", "w")
    try:
        django = [sys.executable, "-m", "django"]
        subprocess.run([*django, "migrate", "--noinput", "-v0"], env=env, cwd=ROOT, check=True)
        subprocess.run(
            [*django, "devhost_seed", "--quiet", "--password", PASSWORD], env=env, cwd=ROOT, check=True
        )
        proc = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "--workers",
                "2",
                "--threads",
                "4",
                "--bind",
                f"127.0.0.1:{port}",
                "forge_catalog.devhost.wsgi",
            ],
            env=env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        pgcluster.wait_http(base + "/login/", proc, what=f"gunicorn (see {ARTIFACTS}/devhost.log)")
        failed = [user for user in USERS if schemathesis(base, user, env) != 0]
    finally:
        if proc is not None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
        log.close()
        pgcluster.admin_sql(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    if failed:
        print(f"schemathesis found problems as {', '.join(failed)}; server log: {ARTIFACTS}/devhost.log")
        return 1
    print("== schemathesis: no 5xx, every answer matches the schema")
    return 0


if __name__ == "__main__":
    sys.exit(main())
