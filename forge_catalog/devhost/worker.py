"""The devhost worker: runs pending jobs for real, the way the controller's
dispatcher does, reduced to one process per worker.

- Claim: the oldest ``pending`` UnifiedJob, under ``SELECT ... FOR UPDATE SKIP
  LOCKED`` where the database has it (PostgreSQL), so several workers never
  take the same job; the claim itself is a conditional write (still
  ``pending``), so even without row locks (SQLite) no job is taken twice.
- Lease: the claim records this worker (``controller_node`` and
  ``execution_node``, AWX's names) and a lease (``lease_expires``) that the
  worker renews while the job runs. A job whose lease expired belongs to a
  worker that is gone: any worker, ``devhost_worker --reap`` or
  ``forge_catalog_reconcile`` fails it with the reason (devhost/reaper.py).
- Job: the template's playbook runs with ansible-runner against localhost
  (local connection) in a private data dir (mode 0700, removed on every
  exit; by the reaper when the worker was killed), with the job's extra_vars
  (password answers decrypted only here). ansible-playbook dies with the
  worker (parent-death signal, die_with_parent.py); every process of the
  job carries a mark the reaper finds (processes.py). Output is kept in
  ``result_stdout`` as it arrives.
- Workflow: nodes run in order along their success / failure / always edges;
  each node's job is created from the node's own template with what
  ``WorkflowJobNode.get_job_kwargs()`` gives (the node's own extra_data and
  survey_passwords, the workflow's vars), as AWX's task manager does.
- Every status change is conditional (``UnifiedJob.save_if_status``: only
  while the job is still active and this worker's), then a
  ``save(update_fields=...)`` on the concrete instance, so ``post_save``
  fires with Job / WorkflowJob as sender as in the controller, and a final
  status another process wrote (cancel, reaper) is never overwritten.
- Database loss: the worker drops the connection, backs off and reconnects;
  a write is retried through an outage of up to
  FORGE_DEVHOST_DB_DOWNTIME_TOLERANCE seconds (AWX's dispatcher does the
  same), and a job whose final write never got through is reaped once its
  lease lapses.
- Cancel: ansible-runner's cancel_callback polls the job's cancel_flag.
"""

import logging
import os
import re
import shutil
import signal
import socket
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path

from django.db import InterfaceError, OperationalError, close_old_connections, connection, transaction
from django.utils import timezone

from forge_catalog import tick
from forge_catalog.conf import fc_settings

from . import reaper
from .conf import job_dir, lease_seconds, setting
from .models import Job, JobEvent, UnifiedJob, WorkflowJob
from .processes import MARK, dying_with_this_process, job_mark, kill_marked

logger = logging.getLogger("forge_catalog.devhost.worker")

PLAYBOOK_DIR = Path(__file__).resolve().parent / "playbooks"
PLAYBOOK_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*\.ya?ml$")
CANCEL_POLL_SECONDS = 0.5
STDOUT_FLUSH_SECONDS = 1.0
MAX_STDOUT_CHARS = 1_000_000  # a runaway playbook must not fill the database
MAX_BACKOFF_SECONDS = 5.0
CLAIMED = reaper.CLAIMED

# What a lost or closed connection raises (psycopg and Django both).
CONNECTION_ERRORS = (OperationalError, InterfaceError)

# ansible-runner's final status -> the controller's job status
RUNNER_STATUS = {
    "successful": "successful",
    "failed": "failed",
    "canceled": "canceled",
    "timeout": "failed",
    "error": "error",
}


class WorkerStopped(Exception):
    pass


def new_worker_id():
    """Unique per worker process; the host name lets a reaper on the same
    machine find the processes it left (processes.py)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def drop_connection():
    """Forget a connection the server may have closed; the next query opens
    a new one. Nothing is asked of the old one."""
    try:
        connection.close()
    except CONNECTION_ERRORS:
        pass


def backoff(attempt):
    return min(0.5 * 2 ** max(attempt - 1, 0), MAX_BACKOFF_SECONDS)


def short(exc):
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}"[:300]


def playbook_dirs():
    extra = setting("FORGE_DEVHOST_PLAYBOOK_DIRS") or []
    return [Path(p) for p in extra] + [PLAYBOOK_DIR]


def find_playbook(name):
    """The playbook file for a template's ``playbook`` name, or None. Only a
    plain file name inside a playbook directory: never a path."""
    if not name or not PLAYBOOK_NAME.match(name):
        return None
    for base in playbook_dirs():
        path = base / name
        if path.is_file():
            return path
    return None


def make_private_data_dir(job):
    """Like AWX's build_private_data_dir: mkdtemp, then 0700 whatever the umask."""
    base = Path(job_dir())
    base.mkdir(parents=True, exist_ok=True)
    path = Path(tempfile.mkdtemp(prefix=reaper.JOB_DIR_PREFIX.format(pk=job.pk), dir=base))
    path.chmod(0o700)
    return path


def _save(job, **fields):
    """A save of fields other than status (those go through Worker.write)."""
    for key, value in fields.items():
        setattr(job, key, value)
    job.save(update_fields=[*fields, "modified"])


def _cancel_requested(job_ids):
    return UnifiedJob.objects.filter(pk__in=job_ids, cancel_flag=True).exists()


class Lease:
    """This worker's hold on some claimed jobs (a node job and its
    workflow), renewed at a third of the lease while they run. ``held``
    turns False once one of them is no longer this worker's active job
    (reaped, ended elsewhere): the worker then stops working on it."""

    def __init__(self, worker_id, job_ids):
        self.worker_id = worker_id
        self.job_ids = list(job_ids)
        self.held = True
        self.due = 0.0

    def renew_if_due(self):
        now = time.monotonic()
        if now < self.due or not self.held:
            return self.held
        try:
            renewed = UnifiedJob.objects.filter(
                pk__in=self.job_ids, controller_node=self.worker_id, status__in=CLAIMED
            ).update(lease_expires=timezone.now() + timedelta(seconds=lease_seconds()))
        except CONNECTION_ERRORS:
            drop_connection()  # the lease may yet hold: try again soon
            self.due = now + CANCEL_POLL_SECONDS
            return True
        self.held = renewed == len(self.job_ids)
        self.due = now + lease_seconds() / 3
        return self.held


# awx/main/models/events.py: these events fail their job's host unless the
# task ignores errors.
FAILED_EVENTS = frozenset(
    ("runner_on_failed", "runner_on_unreachable", "runner_item_on_failed", "runner_on_async_failed", "error")
)
MAX_EVENTS = 100_000  # as MAX_STDOUT_CHARS: a runaway playbook must not fill the database


def failure_data(name, data):
    """What a failed task's event keeps of its ``event_data`` (AWX keeps it
    all): the result's ``msg``, which a failed request quotes; never the
    task's arguments, which may hold secrets."""
    res = data.get("res")
    if name not in FAILED_EVENTS or not isinstance(res, dict) or res.get("msg") is None:
        return {}
    return {"res": {"msg": str(res["msg"])[:2000]}}


class JobEventBuffer:
    """ansible-runner events saved as the job's JobEvent rows, in batches
    (AWX's callback receiver saves them the same way, apart from the job)."""

    def __init__(self, job):
        self.job = job
        self.pending = []
        self.saved = 0

    def add(self, event):
        if self.saved + len(self.pending) >= MAX_EVENTS:
            return
        data = event.get("event_data") or {}
        name = str(event.get("event") or "")
        self.pending.append(
            JobEvent(
                job_id=self.job.pk,
                counter=int(event.get("counter") or 0),
                event=name[:100],
                failed=name in FAILED_EVENTS and not data.get("ignore_errors", False),
                changed=isinstance(data.get("res"), dict) and bool(data["res"].get("changed")),
                task=str(data.get("task") or "")[:1024],
                host_name=str(data.get("host") or "")[:1024],
                stdout=str(event.get("stdout") or ""),
                event_data=failure_data(name, data),
                start_line=int(event.get("start_line") or 0),
                end_line=int(event.get("end_line") or 0),
            )
        )

    def flush(self):
        if not self.pending:
            return
        try:
            JobEvent.objects.bulk_create(self.pending)
        except CONNECTION_ERRORS:
            drop_connection()  # kept: the next flush tries them again
            return
        self.saved += len(self.pending)
        self.pending = []


class Worker:
    def __init__(self, *, poll_interval=1.0, log=None, worker_id=None, notifications=False):
        self.poll_interval = poll_interval
        # With notifications, a sender thread delivers forge-catalog's
        # outbox while jobs run (notification_sender.py).
        self.notifications = notifications
        self.log = log or (lambda msg: logger.info("%s", msg))
        self.stopping = False
        self.worker_id = worker_id or new_worker_id()
        self._reaped_at = None
        self._ticked_at = None

    # -- the loop ---------------------------------------------------------

    def install_signal_handlers(self):
        def stop(signum, frame):
            self.log(f"signal {signum}: finishing (a running job is stopped and marked error)")
            self.stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)

    def run_forever(self, *, max_jobs=None):
        """Run jobs until stopped. A lost database connection is dropped and
        reopened after a back-off; the worker goes on."""
        sender = None
        if self.notifications:
            from .notification_sender import NotificationSender

            sender = NotificationSender(poll_interval=self.poll_interval, log=self.log)
            sender.start()
        try:
            return self._loop(max_jobs)
        finally:
            if sender is not None:
                sender.stop()

    def _loop(self, max_jobs):
        done = failures = 0
        while not self.stopping:
            try:
                # A long-lived process: drop a connection the server closed meanwhile.
                close_old_connections()
                self.reap_if_due()
                self.tick_if_due()
                ran = self.run_once()
            except CONNECTION_ERRORS as exc:
                failures += 1
                delay = backoff(failures)
                self.log(f"database unavailable ({short(exc)}); reconnecting in {delay:.1f}s")
                drop_connection()
                self._sleep(delay)
                continue
            failures = 0
            if ran:
                done += 1
                if max_jobs is not None and done >= max_jobs:
                    break
            else:
                self._sleep(self.poll_interval)
        return done

    def _sleep(self, seconds):
        deadline = time.monotonic() + seconds
        while not self.stopping and time.monotonic() < deadline:
            time.sleep(min(0.2, max(deadline - time.monotonic(), 0)))

    def reap_if_due(self):
        """Fail the jobs of workers that are gone, every half lease."""
        now = time.monotonic()
        if self._reaped_at is not None and now - self._reaped_at < lease_seconds() / 2:
            return []
        self._reaped_at = now
        reaped = reaper.reap_lost_jobs()
        for job in reaped:
            self.log(f"reaped {type(job).__name__} {job.pk}: {job.job_explanation}")
        return reaped

    def tick_if_due(self):
        """forge-catalog's periodic tick (expiry, reminders) every
        TICK_INTERVAL seconds; advisory-locked, so every worker may try."""
        now = time.monotonic()
        if self._ticked_at is not None and now - self._ticked_at < fc_settings.TICK_INTERVAL:
            return None
        self._ticked_at = now
        try:
            report = tick.run()
        except CONNECTION_ERRORS:
            raise  # the loop reconnects
        except Exception:  # noqa: BLE001 - the worker runs jobs whatever the tick does
            logger.exception("the periodic tick failed; the next one retries")
            return None
        if report.reminded or report.expired or report.escalated or report.approved or report.failed:
            self.log(report.summary())
        return report

    def run_once(self):
        """Claim and run one pending job; False when there was none."""
        job = self.claim()
        if job is None:
            return False
        try:
            self.run(job)
        except Exception as exc:  # the worker survives any one job
            logger.exception("job %s crashed the worker's run", job.pk)
            if isinstance(exc, CONNECTION_ERRORS):
                drop_connection()
            try:
                self.write(
                    job,
                    CLAIMED,
                    status="error",
                    finished=timezone.now(),
                    job_explanation=f"The worker failed to run the job: {short(exc)}",
                )
            except CONNECTION_ERRORS:
                # The database stayed away: the lease lapses and a reaper
                # fails the job with the reason.
                self.log(f"job {job.pk}: could not record the failure; its lease will lapse")
                raise
        return True

    def retrying(self, write, what):
        """``write()``, through a database outage of up to the tolerance:
        drop the connection, back off, reconnect, again."""
        deadline = time.monotonic() + float(setting("FORGE_DEVHOST_DB_DOWNTIME_TOLERANCE"))
        attempt = 0
        while True:
            try:
                return write()
            except CONNECTION_ERRORS as exc:
                attempt += 1
                drop_connection()
                if time.monotonic() >= deadline:
                    raise
                delay = backoff(attempt)
                self.log(f"{what}: database unavailable ({short(exc)}); retrying in {delay:.1f}s")
                time.sleep(delay)

    def write(self, job, allowed, **fields):
        """A status write of this worker's job: conditional (still in
        ``allowed`` and still this worker's), retried through an outage."""
        return self.retrying(
            lambda: job.save_if_status(allowed, where={"controller_node": self.worker_id}, **fields),
            f"{type(job).__name__} {job.pk}",
        )

    def claim(self):
        """The oldest pending job, moved to ``waiting`` under this worker's
        lease (concrete instance)."""
        with transaction.atomic():
            qs = UnifiedJob.objects.filter(status="pending").order_by("created", "pk")
            if connection.features.has_select_for_update_skip_locked:
                qs = qs.select_for_update(skip_locked=True, of=("self",))
            picked = qs.first()
            if picked is None:
                return None
            job = picked.get_real_instance()
            if not self._hold(job, ("pending",)):
                return None
        self.log(f"claimed {type(job).__name__} {job.pk} ({job.name})")
        return job

    def _hold(self, job, allowed):
        return job.save_if_status(
            allowed,
            status="waiting",
            controller_node=self.worker_id,
            execution_node=self.worker_id,
            lease_expires=timezone.now() + timedelta(seconds=lease_seconds()),
        )

    def run(self, job):
        if isinstance(job, WorkflowJob):
            self.run_workflow(job)
        elif isinstance(job, Job):
            self.run_job(job)
        else:
            self.write(
                job,
                CLAIMED,
                status="error",
                finished=timezone.now(),
                job_explanation=f"The devhost cannot run a {type(job).__name__}.",
            )

    # -- one job ------------------------------------------------------------

    def run_job(self, job, *, parent=None):
        """Run a Job in status ``waiting`` to its end; returns the final status."""
        job.refresh_from_db(fields=["cancel_flag"])
        if job.cancel_flag or (parent is not None and _cancel_requested([parent.pk])):
            self.write(job, CLAIMED, status="canceled", finished=timezone.now())
            return job.status
        if not self.write(job, ("waiting",), status="running", started=timezone.now()):
            return job.status  # canceled or reaped meanwhile
        playbook = find_playbook(job.playbook)
        if playbook is None:
            self.write(
                job,
                CLAIMED,
                status="error",
                finished=timezone.now(),
                job_explanation=f"Playbook {job.playbook!r} not found in the devhost playbook directories.",
            )
            return job.status
        try:
            extravars = job.decrypted_extra_vars()
        except Exception as exc:
            self.write(
                job,
                CLAIMED,
                status="error",
                finished=timezone.now(),
                job_explanation=f"Cannot read the job's extra_vars: {type(exc).__name__}",
            )
            return job.status

        lease = Lease(self.worker_id, [job.pk] if parent is None else [job.pk, parent.pk])
        status, stdout, explanation = self._ansible(job, playbook, extravars, lease)
        if self.stopping and status == "canceled":
            status, explanation = "error", "The worker stopped while the job ran."
        self.write(
            job,
            CLAIMED,
            status=status,
            finished=timezone.now(),
            result_stdout=stdout[-MAX_STDOUT_CHARS:],
            job_explanation=explanation,
        )
        self.log(f"job {job.pk} {job.status}")
        return job.status

    def _ansible(self, job, playbook, extravars, lease):
        from ansible_runner.interface import init_runner

        chunks = []
        state = {"flushed": time.monotonic(), "polled": 0.0, "canceled": False, "lost": False}
        mark = job_mark(self.worker_id, job.pk)

        def flush_stdout():
            try:
                UnifiedJob.objects.filter(pk=job.pk, controller_node=self.worker_id, status="running").update(
                    result_stdout="".join(chunks)[-MAX_STDOUT_CHARS:]
                )
            except CONNECTION_ERRORS:
                drop_connection()  # the final write carries the whole output

        events = JobEventBuffer(job)

        def on_event(event):
            events.add(event)
            text = event.get("stdout")
            if text:
                chunks.append(text + "\n")
                now = time.monotonic()
                if now - state["flushed"] >= STDOUT_FLUSH_SECONDS:
                    state["flushed"] = now
                    events.flush()
                    flush_stdout()
            return False  # ansible-runner need not keep the event on disk

        def cancel_callback():
            # Never raises (ansible-runner would abandon a live playbook).
            # Sticky: ansible-runner overwrites its `canceled` with every
            # answer, and keeps asking until the killed process is gone.
            if not state["canceled"]:
                if self.stopping:
                    state["canceled"] = True
                elif not lease.renew_if_due():
                    state["canceled"] = state["lost"] = True
                else:
                    now = time.monotonic()
                    if now - state["polled"] >= CANCEL_POLL_SECONDS:
                        state["polled"] = now
                        try:
                            state["canceled"] = _cancel_requested(lease.job_ids)
                        except CONNECTION_ERRORS:
                            drop_connection()
            if state["canceled"]:
                kill_marked(mark)
            return state["canceled"]

        private = make_private_data_dir(job)
        try:
            (private / "project").mkdir()
            (private / "inventory").mkdir()
            shutil.copy2(playbook, private / "project" / playbook.name)
            # A private inventory: localhost only, with the local connection and
            # this interpreter (so modules run with the venv's Python).
            (private / "inventory" / "hosts").write_text(
                f"localhost ansible_connection=local ansible_python_interpreter={sys.executable}\n"
            )
            bindir = str(Path(sys.executable).parent)
            envvars = {
                "PATH": bindir + os.pathsep + os.environ.get("PATH", "/usr/bin:/bin"),
                "ANSIBLE_HOME": str(private / ".ansible"),
                "ANSIBLE_LOCAL_TEMP": str(private / "tmp"),
                "ANSIBLE_REMOTE_TEMP": str(private / "tmp"),
                "ANSIBLE_NOCOLOR": "1",
                "ANSIBLE_FORCE_COLOR": "0",
                "ANSIBLE_RETRY_FILES_ENABLED": "0",
                "ANSIBLE_DEPRECATION_WARNINGS": "0",
                "ANSIBLE_LOCALHOST_WARNING": "0",
                "ANSIBLE_INVENTORY_UNPARSED_WARNING": "0",
                "ANSIBLE_PYTHON_INTERPRETER": sys.executable,
                "LC_ALL": "C.UTF-8",
                "LANG": "C.UTF-8",
                MARK: mark,
            }
            try:
                runner = init_runner(
                    private_data_dir=str(private),
                    playbook=playbook.name,
                    inventory=str(private / "inventory" / "hosts"),
                    extravars=extravars,
                    envvars=envvars,
                    ident=f"job-{job.pk}",
                    quiet=True,
                    event_handler=on_event,
                    cancel_callback=cancel_callback,
                    # pexpect_timeout: how long ansible-runner waits for output
                    # before it asks cancel_callback again (lease, cancel).
                    settings={"suppress_ansible_output": True, "pexpect_timeout": CANCEL_POLL_SECONDS},
                )
                runner.config.command = dying_with_this_process(runner.config.command)
                runner.run()
            except Exception as exc:
                events.flush()
                return "error", "".join(chunks), f"ansible-runner could not run the playbook: {exc}"
            finally:
                kill_marked(mark)  # whatever ansible left, on every way out
            events.flush()
            status = RUNNER_STATUS.get(runner.status, "error")
            try:
                with runner.stdout as out:
                    stdout = out.read()
            except Exception:
                stdout = "".join(chunks)
        finally:
            shutil.rmtree(private, ignore_errors=True)
        explanation = ""
        if state["lost"]:
            explanation = "The worker lost its claim on the job (its lease expired)."
        elif status == "canceled":
            explanation = "Canceled on request."
        elif status == "error":
            explanation = f"ansible-runner ended with {runner.status!r} (rc {runner.rc})."
        elif runner.status == "timeout":
            explanation = "The playbook timed out."
        return status, stdout, explanation

    # -- workflows ----------------------------------------------------------

    def run_workflow(self, wj):
        """Run the nodes of a WorkflowJob along their edges.

        A node runs once all its parents are decided and at least one parent's
        edge fires for it (success_nodes on success, failure_nodes on failure
        or error, always_nodes on either); a root node always runs. Nodes that
        can no longer run are marked ``do_not_run``. The workflow fails when a
        node failed with no failure/always path to handle it, and is canceled
        when a node was canceled or the workflow was asked to cancel.
        """
        wj.refresh_from_db(fields=["cancel_flag"])
        if wj.cancel_flag:
            self.write(wj, CLAIMED, status="canceled", finished=timezone.now())
            return wj.status
        if not self.write(wj, ("waiting",), status="running", started=timezone.now()):
            return wj.status  # canceled or reaped meanwhile
        lease = Lease(self.worker_id, [wj.pk])
        nodes = list(
            wj.workflow_job_nodes.select_related("unified_job_template").prefetch_related(
                "success_nodes", "failure_nodes", "always_nodes"
            )
        )
        incoming = {n.pk: [] for n in nodes}
        for n in nodes:
            for edge in ("success_nodes", "failure_nodes", "always_nodes"):
                for child in getattr(n, edge).all():
                    incoming[child.pk].append((n.pk, edge))
        outcome = {}  # node pk -> final job status, or None when not run
        unhandled_failure = canceled = False
        unhandled = []  # nodes that failed with no failure/always path
        lines = []
        while len(outcome) < len(nodes) and not canceled:
            progressed = False
            for node in nodes:
                if node.pk in outcome or any(p not in outcome for p, _ in incoming[node.pk]):
                    continue
                progressed = True
                if incoming[node.pk] and not any(
                    _edge_fires(outcome[p], edge) for p, edge in incoming[node.pk]
                ):
                    outcome[node.pk] = None
                    node.do_not_run = True
                    node.save(update_fields=["do_not_run", "modified"])
                    continue
                if self.stopping or not lease.renew_if_due() or _cancel_requested([wj.pk]):
                    canceled = True
                    break
                status = self._run_node(wj, node)
                outcome[node.pk] = status
                lines.append(f"node {node.identifier}: job {node.job_id} {status}")
                if status == "canceled":
                    canceled = True
                    break
                if status != "successful" and not (node.failure_nodes.all() or node.always_nodes.all()):
                    unhandled_failure = True
                    unhandled.append((node, status))
            if not progressed:  # a cycle: the template is broken
                lines.append("workflow graph has a cycle; remaining nodes not run")
                unhandled_failure = True
                break
        for node in nodes:
            if node.pk not in outcome:
                node.do_not_run = True
                node.save(update_fields=["do_not_run", "modified"])
        if canceled:
            status = "error" if self.stopping else "canceled"
        else:
            status = "failed" if unhandled_failure else "successful"
        explanation = "The worker stopped while the workflow ran." if self.stopping else ""
        if status == "failed":
            explanation = _no_error_handling_path(unhandled) if unhandled else lines[-1]
        self.write(
            wj,
            CLAIMED,
            status=status,
            finished=timezone.now(),
            result_stdout="\n".join(lines) + "\n",
            job_explanation=explanation,
        )
        self.log(f"workflow job {wj.pk} {wj.status}")
        return wj.status

    def _run_node(self, wj, node):
        """Create the node's job from its own template with exactly what
        ``node.get_job_kwargs()`` gives (the node's extra_data and the
        workflow's vars, password values still encrypted), and run it here
        (it never becomes ``pending``, so no other worker takes it)."""
        jt = node.unified_job_template
        if jt is None:
            return "error"
        job = jt.create_unified_job(**node.get_job_kwargs())
        node.job = job
        node.save(update_fields=["job", "modified"])
        self._hold(job, ("new",))
        return self.run_job(job, parent=wj)


def _no_error_handling_path(unhandled):
    """AWX's explanation of a failed workflow (awx/main/scheduler/dag_workflow.py)."""
    failed = ",".join(f"({node.pk},{status})" for node, status in unhandled if node.unified_job_template)
    missing = ",".join(str(node.pk) for node, _ in unhandled if node.unified_job_template is None)
    return (
        f"No error handling path for workflow job node(s) [{failed}]. Workflow job node(s) missing "
        f"unified job template and error handling path [{missing}]."
    )


def _edge_fires(parent_status, edge):
    if parent_status is None:
        return False
    if edge == "always_nodes":
        return True
    ok = parent_status == "successful"
    return ok if edge == "success_nodes" else not ok
