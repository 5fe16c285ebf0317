"""Devhost worker settings: top-level ``FORGE_DEVHOST_*`` names with their
defaults here, read when used (never at import) so ``override_settings``
works. devhost/settings.py fills some from the environment."""

import tempfile

from django.conf import settings

DEFAULTS = {
    # Extra directories searched for a template's playbook, before the shipped ones.
    "FORGE_DEVHOST_PLAYBOOK_DIRS": [],
    # A claim is a lease of this many seconds; the worker renews it at a
    # third of that while the job runs. Past it, any reaper fails the job.
    "FORGE_DEVHOST_JOB_LEASE_SECONDS": 30.0,
    # Where private data dirs are made (AWX's AWX_ISOLATION_BASE_PATH);
    # None: the system's temporary directory.
    "FORGE_DEVHOST_JOB_DIR": None,
    # How long a worker keeps retrying a write through a database outage
    # (AWX's DISPATCHER_DB_DOWNTIME_TOLERANCE).
    "FORGE_DEVHOST_DB_DOWNTIME_TOLERANCE": 40.0,
}


def setting(name):
    return getattr(settings, name, DEFAULTS[name])


def lease_seconds():
    return float(setting("FORGE_DEVHOST_JOB_LEASE_SECONDS"))


def job_dir():
    return setting("FORGE_DEVHOST_JOB_DIR") or tempfile.gettempdir()
