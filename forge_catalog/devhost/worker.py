"""The devhost worker: runs pending jobs for real, the way the controller's
dispatcher does, reduced to one process per worker.

- Claim: the oldest ``pending`` UnifiedJob, under ``SELECT ... FOR UPDATE SKIP
  LOCKED`` where the database has it (PostgreSQL), so several workers never
  take the same job. SQLite has no row locks: run a single worker there.
- Job: the template's playbook runs with ansible-runner against localhost
  (local connection) in a private temporary directory, with the job's
  extra_vars (password answers decrypted only here). Output is kept in
  ``result_stdout`` as it arrives.
- Workflow: nodes run in order along their success / failure / always edges;
  each node's job is created from the node's own template with the node's
  own answers (``WorkflowJobNode.extra_data``) only.
- Every status change is a ``save(update_fields=...)`` on the concrete
  instance, so ``post_save`` fires with Job / WorkflowJob as sender as in the
  controller, and a concurrent ``cancel()`` (cancel_flag) is never overwritten.
- Cancel: ansible-runner's cancel_callback polls the job's cancel_flag.
"""

import logging
import os
import re
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.utils import timezone

from .models import Job, UnifiedJob, WorkflowJob, parse_extra_vars
from .secrets import decrypt_value

logger = logging.getLogger("forge_catalog.devhost.worker")

PLAYBOOK_DIR = Path(__file__).resolve().parent / "playbooks"
PLAYBOOK_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*\.ya?ml$")
CANCEL_POLL_SECONDS = 0.5
STDOUT_FLUSH_SECONDS = 1.0
MAX_STDOUT_CHARS = 1_000_000  # a runaway playbook must not fill the database

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


def _descendants(pid):
    """Pids below ``pid``, read from Linux's /proc (empty elsewhere)."""
    children = {}
    try:
        entries = [e for e in os.listdir("/proc") if e.isdigit()]
    except OSError:
        return []
    for entry in entries:
        try:
            with open(f"/proc/{entry}/stat", "rb") as stat:
                ppid = int(stat.read().rsplit(b")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), ()):
            found.append(child)
            todo.append(child)
    return found


def kill_playbook_processes():
    """SIGKILL every ansible process below this worker. ansible-runner's
    cancel kills only the playbook's process group, but ansible's own forks
    start sessions of their own and would outlive it, blocked on a pipe."""
    for pid in _descendants(os.getpid()):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
                if b"ansible" not in cmdline.read():
                    continue
            os.kill(pid, signal.SIGKILL)
        except OSError:
            continue


def playbook_dirs():
    extra = getattr(settings, "FORGE_DEVHOST_PLAYBOOK_DIRS", None) or []
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


def _save(job, **fields):
    for key, value in fields.items():
        setattr(job, key, value)
    job.save(update_fields=[*fields, "modified"])


def _cancel_requested(job_ids):
    return UnifiedJob.objects.filter(pk__in=job_ids, cancel_flag=True).exists()


class Worker:
    def __init__(self, *, poll_interval=1.0, log=None):
        self.poll_interval = poll_interval
        self.log = log or (lambda msg: logger.info("%s", msg))
        self.stopping = False

    # -- the loop ---------------------------------------------------------

    def install_signal_handlers(self):
        def stop(signum, frame):
            self.log(f"signal {signum}: finishing (a running job is stopped and marked error)")
            self.stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)

    def run_forever(self, *, max_jobs=None):
        done = 0
        while not self.stopping:
            # A long-lived process: drop a connection the server closed meanwhile.
            close_old_connections()
            if self.run_once():
                done += 1
                if max_jobs is not None and done >= max_jobs:
                    break
            else:
                time.sleep(self.poll_interval)
        return done

    def run_once(self):
        """Claim and run one pending job; False when there was none."""
        job = self.claim()
        if job is None:
            return False
        try:
            self.run(job)
        except Exception as exc:  # the worker survives any one job
            logger.exception("job %s crashed the worker's run", job.pk)
            job.refresh_from_db(fields=["status"])
            if job.status not in ("successful", "failed", "error", "canceled"):
                _save(
                    job,
                    status="error",
                    finished=timezone.now(),
                    job_explanation=f"The worker failed to run the job: {type(exc).__name__}: {exc}",
                )
        return True

    def claim(self):
        """The oldest pending job, moved to ``waiting`` (concrete instance)."""
        with transaction.atomic():
            qs = UnifiedJob.objects.filter(status="pending").order_by("created", "pk")
            if connection.features.has_select_for_update_skip_locked:
                qs = qs.select_for_update(skip_locked=True, of=("self",))
            picked = qs.first()
            if picked is None:
                return None
            job = picked.get_real_instance()
            _save(job, status="waiting")
        self.log(f"claimed {type(job).__name__} {job.pk} ({job.name})")
        return job

    def run(self, job):
        if isinstance(job, WorkflowJob):
            self.run_workflow(job)
        elif isinstance(job, Job):
            self.run_job(job)
        else:
            _save(
                job,
                status="error",
                finished=timezone.now(),
                job_explanation=f"The devhost cannot run a {type(job).__name__}.",
            )

    # -- one job ------------------------------------------------------------

    def run_job(self, job, *, parent=None):
        """Run a Job in status ``waiting`` to its end; returns the final status."""
        job.refresh_from_db(fields=["cancel_flag"])
        if job.cancel_flag or (parent is not None and _cancel_requested([parent.pk])):
            _save(job, status="canceled", finished=timezone.now())
            return job.status
        _save(job, status="running", started=timezone.now())
        playbook = find_playbook(job.playbook)
        if playbook is None:
            _save(
                job,
                status="error",
                finished=timezone.now(),
                job_explanation=f"Playbook {job.playbook!r} not found in the devhost playbook directories.",
            )
            return job.status
        try:
            extravars = job.decrypted_extra_vars()
        except Exception as exc:
            _save(
                job,
                status="error",
                finished=timezone.now(),
                job_explanation=f"Cannot read the job's extra_vars: {type(exc).__name__}",
            )
            return job.status

        watched = [job.pk] if parent is None else [job.pk, parent.pk]
        status, stdout, explanation = self._ansible(job, playbook, extravars, watched)
        if self.stopping and status == "canceled":
            status, explanation = "error", "The worker stopped while the job ran."
        _save(
            job,
            status=status,
            finished=timezone.now(),
            result_stdout=stdout[-MAX_STDOUT_CHARS:],
            job_explanation=explanation,
        )
        self.log(f"job {job.pk} {status}")
        return status

    def _ansible(self, job, playbook, extravars, watched):
        import ansible_runner

        chunks = []
        state = {"flushed": time.monotonic(), "polled": 0.0, "size": 0}

        def on_event(event):
            text = event.get("stdout")
            if text:
                chunks.append(text + "\n")
                now = time.monotonic()
                if now - state["flushed"] >= STDOUT_FLUSH_SECONDS:
                    state["flushed"] = now
                    _save(job, result_stdout="".join(chunks)[-MAX_STDOUT_CHARS:])
            return False  # ansible-runner need not keep the event on disk

        def cancel_callback():
            # Sticky: ansible-runner overwrites its `canceled` with every answer,
            # and keeps asking until the killed process is gone.
            if state.get("canceled") or self.stopping:
                state["canceled"] = True
            else:
                now = time.monotonic()
                if now - state["polled"] >= CANCEL_POLL_SECONDS:
                    state["polled"] = now
                    state["canceled"] = _cancel_requested(watched)
            if state.get("canceled"):
                kill_playbook_processes()
            return bool(state.get("canceled"))

        with tempfile.TemporaryDirectory(prefix=f"devhost-job-{job.pk}-") as tmp:
            private = Path(tmp)
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
            }
            try:
                runner = ansible_runner.run(
                    private_data_dir=str(private),
                    playbook=playbook.name,
                    inventory=str(private / "inventory" / "hosts"),
                    extravars=extravars,
                    envvars=envvars,
                    ident=f"job-{job.pk}",
                    quiet=True,
                    event_handler=on_event,
                    cancel_callback=cancel_callback,
                    settings={"suppress_ansible_output": True},
                )
            except Exception as exc:
                return "error", "".join(chunks), f"ansible-runner could not run the playbook: {exc}"
            status = RUNNER_STATUS.get(runner.status, "error")
            try:
                stdout = runner.stdout.read()
            except Exception:
                stdout = "".join(chunks)
        explanation = ""
        if status == "canceled":
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
            _save(wj, status="canceled", finished=timezone.now())
            return wj.status
        _save(wj, status="running", started=timezone.now())
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
                if self.stopping or _cancel_requested([wj.pk]):
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
        _save(
            wj,
            status=status,
            finished=timezone.now(),
            result_stdout="\n".join(lines) + "\n",
            job_explanation=explanation,
        )
        self.log(f"workflow job {wj.pk} {status}")
        return status

    def _run_node(self, wj, node):
        """Create the node's job from its own template with the workflow's
        extra_vars under the node's own answers, and run it here (it never
        becomes ``pending``, so no other worker takes it)."""
        jt = node.unified_job_template
        if jt is None:
            return "error"
        node_vars = node.decrypted_extra_data()
        # The workflow's own password answers stay encrypted on their way to
        # the node's job (listed in its survey_passwords); only the node
        # template's password variables are handed over in clear, because
        # create_unified_job encrypts exactly those.
        wf_vars = parse_extra_vars(wj.extra_vars)
        wf_secrets = set(wj.survey_passwords or {})
        jt_secrets = set(jt.survey_password_variables()) if jt.survey_enabled else set()
        for var in wf_secrets & jt_secrets:
            if isinstance(wf_vars.get(var), str):
                wf_vars[var] = decrypt_value(wf_vars[var])
        job = jt.create_unified_job(
            extra_vars={**wf_vars, **node_vars},
            created_by=wj.created_by,
            _eager_fields={"launch_type": "workflow"},
        )
        carried = {var: "$encrypted$" for var in wf_secrets - jt_secrets - set(node_vars) if var in wf_vars}
        if carried:
            _save(job, survey_passwords={**(job.survey_passwords or {}), **carried})
        node.job = job
        node.save(update_fields=["job", "modified"])
        _save(job, status="waiting")
        return self.run_job(job, parent=wj)


def _edge_fires(parent_status, edge):
    if parent_status is None:
        return False
    if edge == "always_nodes":
        return True
    ok = parent_status == "successful"
    return ok if edge == "success_nodes" else not ok
