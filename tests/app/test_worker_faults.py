"""The devhost worker under faults, as real worker processes on PostgreSQL
(issue 7 items 1-2): its database backend is terminated under it, it is
killed with SIGKILL mid-job. Every wait is bounded; every process a test
starts is stopped at its end, ansible's included."""

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection

from forge_catalog import lifecycle
from forge_catalog.devhost import models as dh
from forge_catalog.devhost.processes import MARK, dying_with_this_process
from forge_catalog.models import ServiceRequest

REPO = Path(__file__).resolve().parents[2]
LEASE_SECONDS = 2
WAIT_SECONDS = 120  # the machine is shared and slow: generous, but bounded


def wait_for(predicate, what, timeout=WAIT_SECONDS, worker=None):
    """Poll ``predicate`` until true; fail at the deadline, or at once when
    ``worker`` (a WorkerProcess that should live) has exited."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if worker is not None and not worker.alive():
            pytest.fail(f"the worker exited while waiting for {what}:\n{worker.output()[-3000:]}")
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout}s waiting for {what}")
        time.sleep(0.2)


def job(pk):
    return dh.UnifiedJob.objects.get(pk=pk)


def processes_of_worker(pid):
    """Pids of every process a worker process left (they carry its id in
    the job mark, processes.py), whoever their parent is now."""
    prefix = f"{MARK}={socket.gethostname()}:{pid}:".encode()
    found = []
    for entry in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{entry}/environ", "rb") as environ:
                if any(var.startswith(prefix) for var in environ.read().split(b"\0")):
                    found.append(int(entry))
        except OSError:
            continue
    return found


class WorkerProcess:
    """``manage.py devhost_worker`` in a subprocess on the test database."""

    def __init__(self, job_dir, log_path):
        self.appname = f"fc-test-worker-{uuid.uuid4().hex[:8]}"
        db = connection.settings_dict
        url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "forge_catalog.devhost.settings",
            "DATABASE_URL": url,
            "PGAPPNAME": self.appname,  # libpq names the backend: the test finds it by this
            "FORGE_DEVHOST_JOB_LEASE_SECONDS": str(LEASE_SECONDS),
            "FORGE_DEVHOST_JOB_DIR": str(job_dir),
        }
        self.log_path = log_path
        self.log = open(log_path, "wb")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "django", "devhost_worker", "--poll", "0.2"],
            cwd=REPO,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    @property
    def pid(self):
        return self.proc.pid

    def output(self):
        return Path(self.log_path).read_text(errors="replace")

    def alive(self):
        return self.proc.poll() is None

    def stop(self):
        if self.alive():
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        for pid in processes_of_worker(self.pid):  # what a killed worker left
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        self.log.close()


@pytest.fixture
def job_dir(tmp_path):
    path = tmp_path / "jobs"
    path.mkdir()
    return path


@pytest.fixture
def worker_process(job_dir, tmp_path):
    started = []

    def start():
        started.append(WorkerProcess(job_dir, tmp_path / f"worker{len(started)}.log"))
        return started[-1]

    yield start
    for worker in started:
        worker.stop()


def terminate_backends(appname):
    """Terminate the worker's backends only: the function sits in the select
    list, evaluated for the filtered rows alone (a WHERE clause gives no
    order of evaluation, and the server is shared)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE application_name = %s AND datname = current_database()"
            " AND pid <> pg_backend_pid()",
            [appname],
        )
        pids = [pid for (pid,) in cursor.fetchall()]
        killed = 0
        for pid in pids:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
            killed += bool(cursor.fetchone()[0])
        return killed


def launch(jt, **kwargs):
    job = jt.create_unified_job(**kwargs)
    assert job.signal_start()
    return job


@pytest.mark.django_db(transaction=True)
def test_worker_carries_on_after_its_database_backend_is_terminated(job_template_factory, worker_process):
    assert connection.vendor == "postgresql"
    worker = worker_process()
    first = launch(job_template_factory(playbook="long_task.yml"), extra_vars={"steps": 8})
    wait_for(lambda: "step 1" in job(first.pk).result_stdout, "the first job to run", worker=worker)
    # The worker holds its connection while the job runs (lease, cancel polls).
    wait_for(lambda: terminate_backends(worker.appname), "the worker's backend to terminate", worker=worker)
    later = launch(job_template_factory(playbook="hello.yml"))
    wait_for(lambda: job(later.pk).status in dh.COMPLETED_STATUSES, "the later job to finish", worker=worker)
    first, later = job(first.pk), job(later.pk)
    assert (first.status, later.status) == ("successful", "successful"), worker.output()[-3000:]
    assert "step 8" in first.result_stdout  # the playbook ran on to its end
    assert worker.alive(), worker.output()[-3000:]


@pytest.mark.django_db(transaction=True)
def test_killed_worker_job_and_request_end_failed_with_the_reason_and_nothing_left(
    job_template_factory, catalog_item_factory, alice, worker_process, job_dir
):
    jt = job_template_factory(
        playbook="long_task.yml", survey_spec=[{"variable": "steps", "type": "integer"}]
    )
    item = catalog_item_factory(jt, requires_approval=False)
    sr = lifecycle.submit(item, alice, justification="long", extra_vars={"steps": 300})
    doomed = worker_process()
    wait_for(lambda: "step 2" in job(sr.job_id).result_stdout, "the job to run")
    private = list(job_dir.iterdir())
    assert len(private) == 1 and (private[0].stat().st_mode & 0o777) == 0o700  # never readable by others
    assert processes_of_worker(doomed.pid)

    doomed.proc.send_signal(signal.SIGKILL)
    doomed.proc.wait(10)
    assert job(sr.job_id).status == "running"  # nothing can know yet
    # A live worker finds the lease expired, fails the job and cleans up.
    reaper = worker_process()
    wait_for(
        lambda: job(sr.job_id).status in dh.COMPLETED_STATUSES, "a live worker to reap the job", worker=reaper
    )
    lost = job(sr.job_id)
    assert lost.status == "failed"
    assert lost.controller_node.startswith(f"{socket.gethostname()}:{doomed.pid}:")
    assert f"its worker {lost.controller_node} stopped renewing its lease" in lost.job_explanation
    # The request follows after the reaper's commit (post_save, on_commit).
    wait_for(lambda: ServiceRequest.objects.get(pk=sr.pk).status != "running", "the request to follow")
    sr.refresh_from_db()
    assert sr.status == "failed"
    assert sr.failure_reason == f"job {lost.pk} failed: {lost.job_explanation}"
    # The reaper wins the status write first and only then kills and cleans up
    # (only the winner may), so the status can be seen a moment before that.
    wait_for(lambda: processes_of_worker(doomed.pid) == [], "no ansible process left", 30)
    wait_for(lambda: list(job_dir.iterdir()) == [], "no private data dir (plaintext extra vars) left", 30)
    assert reaper.alive(), reaper.output()[-3000:]


CHILD_OF_A_PARENT = """
import subprocess, sys, time
from forge_catalog.devhost.processes import dying_with_this_process
child = subprocess.Popen(dying_with_this_process(["sleep", "120"]))
print(child.pid, flush=True)
time.sleep(120)
"""


def test_a_command_started_through_the_launcher_dies_with_its_parent():
    assert dying_with_this_process(["x"])[-1] == "x"
    parent = subprocess.Popen([sys.executable, "-c", CHILD_OF_A_PARENT], cwd=REPO, stdout=subprocess.PIPE)
    child = None
    try:
        child = int(parent.stdout.readline())
        wait_for(lambda: Path(f"/proc/{child}/cmdline").read_bytes().startswith(b"sleep"), "the exec", 30)
        parent.kill()
        parent.wait(10)
        wait_for(lambda: not Path(f"/proc/{child}").exists() or _is_zombie(child), "the child to die", 30)
    finally:
        parent.kill()
        parent.wait(10)
        parent.stdout.close()
        if child is not None and not _is_zombie(child):
            os.kill(child, signal.SIGKILL)


def _is_zombie(pid):
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True
