"""Finding a PostgreSQL server for the app and browser suites, and the small
helpers the live-server suites share (a database of their own, waiting for
the server).

In order: DATABASE_URL; a server on 127.0.0.1:5432 (user postgres, trust
auth); else a throwaway cluster started with Debian's initdb/pg_ctl in a
temp dir and stopped at exit, so `make test` passes on a fresh machine.
FC_APP_THROWAWAY_PG=1 forces the throwaway path, to try it on a machine that
has a server.
"""

import atexit
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from urllib.parse import urlsplit, urlunsplit

LOCAL = "postgres://postgres@127.0.0.1:5432/postgres"


def server_answers(url):
    try:
        import psycopg

        with psycopg.connect(url, connect_timeout=3):
            return True
    except Exception:
        return False


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def throwaway_cluster():
    """initdb + pg_ctl in a temp dir; returns the server's URL."""
    bins = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not bins:
        raise RuntimeError("no PostgreSQL server found: set DATABASE_URL or install Debian's postgresql")
    bindir = os.path.dirname(bins[-1])
    root = tempfile.mkdtemp(prefix="fc-pg-")
    datadir = os.path.join(root, "data")
    port = free_port()
    prefix = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            subprocess.run(["useradd", "--system", "--no-create-home", "postgres"], check=True)
        shutil.chown(root, "postgres")
        prefix = ["runuser", "-u", "postgres", "--"]
    subprocess.run(
        [*prefix, f"{bindir}/initdb", "-D", datadir, "-U", "postgres", "--auth=trust", "-E", "UTF8"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    opts = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off"
    pg_ctl = [*prefix, f"{bindir}/pg_ctl", "-D", datadir]
    subprocess.run(
        [*pg_ctl, "-o", opts, "-l", os.path.join(root, "log"), "-w", "start"],
        check=True,
        stdout=subprocess.DEVNULL,
    )

    def stop():
        subprocess.run(
            [*pg_ctl, "-m", "immediate", "stop"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        shutil.rmtree(root, ignore_errors=True)

    atexit.register(stop)
    return f"postgres://postgres@127.0.0.1:{port}/postgres"


def server_url():
    """URL of a server to create test databases on (path: its postgres db)."""
    if os.environ.get("FC_APP_THROWAWAY_PG") == "1":
        return throwaway_cluster()
    if os.environ.get("DATABASE_URL"):
        return os.environ["DATABASE_URL"]
    if server_answers(LOCAL):
        return LOCAL
    return throwaway_cluster()


def with_db(url, name):
    """The same server's URL, naming database ``name``."""
    return urlunsplit(urlsplit(url)._replace(path="/" + name))


def admin_sql(url, sql):
    """Run ``sql`` (CREATE / DROP DATABASE) on the server's postgres database."""
    import psycopg

    with psycopg.connect(with_db(url, "postgres"), autocommit=True) as conn:
        conn.execute(sql)


def wait_http(url, proc, *, what, timeout=60):
    """Wait until ``url`` answers, or fail if ``proc`` (the server) exits."""
    import time
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except Exception:
            time.sleep(0.3)
    raise RuntimeError(f"{what} did not answer {url}")

