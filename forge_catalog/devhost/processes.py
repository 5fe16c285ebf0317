"""The processes of a devhost job, found by a mark in their environment.

Every process of a job's playbook inherits ``FORGE_DEVHOST_JOB=<worker
id>/<job id>``. ansible's own forks start sessions of their own and, when
ansible-playbook dies, are reparented and block for ever on a pipe; neither
the process group nor the process tree finds them then, the mark does. Read
from Linux's /proc; elsewhere nothing is found.
"""

import os
import signal
import sys
from pathlib import Path

MARK = "FORGE_DEVHOST_JOB"
LAUNCHER = Path(__file__).resolve().parent / "die_with_parent.py"


def job_mark(worker_id, job_pk):
    return f"{worker_id}/{job_pk}"


def marked_pids(mark):
    """Pids of this user's processes whose environment carries ``mark``."""
    needle = f"{MARK}={mark}".encode()
    found = []
    try:
        entries = [e for e in os.listdir("/proc") if e.isdigit()]
    except OSError:
        return found
    for entry in entries:
        pid = int(entry)
        if pid == os.getpid():
            continue
        try:
            with open(f"/proc/{entry}/environ", "rb") as environ:
                if needle in environ.read().split(b"\0"):
                    found.append(pid)
        except OSError:  # gone, or another user's
            continue
    return found


def kill_marked(mark):
    """SIGKILL every process of the job; returns how many were signalled."""
    killed = 0
    for pid in marked_pids(mark):
        try:
            os.kill(pid, signal.SIGKILL)
            killed += 1
        except OSError:
            continue
    return killed


def dying_with_this_process(command):
    """``command`` wrapped so that it dies with this process (SIGKILL to
    the worker kills its playbook): see die_with_parent.py."""
    return [sys.executable, str(LAUNCHER), str(os.getpid()), *command]
