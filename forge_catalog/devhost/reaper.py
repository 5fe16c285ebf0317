"""Fail the jobs whose worker is gone, as AWX's reaper does for the jobs of
a lost node (awx/main/dispatch/reaper.py): status ``failed``, the reason
appended to ``job_explanation``, saved with ``save()`` so the request
follows.

A worker is gone when the lease of its claim expired (it renews it while
the job runs, devhost/worker.py). Only such jobs are touched, never a live
worker's, and the write is conditional on the lease still being expired and
the job still active, so a worker that renews or finishes at the same
moment wins. Then what the dead worker left is cleaned up: its playbook
processes (processes.py) and the job's private data dir, which holds the
plaintext extra vars.
"""

import logging
import shutil
from pathlib import Path

from django.utils import timezone

from .conf import job_dir
from .models import UnifiedJob
from .processes import job_mark, kill_marked

logger = logging.getLogger("forge_catalog.devhost.reaper")

CLAIMED = ("waiting", "running")
JOB_DIR_PREFIX = "devhost-job-{pk}-"


def private_data_dirs(job_pk):
    return sorted(Path(job_dir()).glob(JOB_DIR_PREFIX.format(pk=job_pk) + "*"))


def lost_jobs(now=None):
    """Claimed jobs whose lease has expired (concrete instances)."""
    now = now or timezone.now()
    expired = UnifiedJob.objects.filter(status__in=CLAIMED, lease_expires__lt=now).order_by("pk")
    return [uj.get_real_instance() for uj in expired]


def explanation_for(job):
    return (
        f"Job reaped: its worker {job.controller_node or '(unknown)'} stopped renewing its lease "
        f"(expired {job.lease_expires:%Y-%m-%d %H:%M:%S} UTC), so it has been marked as failed."
    )


def reap_job(job, now=None):
    """Fail one lost job; False when it is no longer lost (renewed, ended)."""
    now = now or timezone.now()
    if job.lease_expires is None:
        return False
    explanation = explanation_for(job)
    if job.job_explanation:
        explanation = f"{job.job_explanation} {explanation}"  # AWX appends, keeping what was there
    won = job.save_if_status(
        CLAIMED,
        where={"lease_expires__lt": now},
        status="failed",
        finished=now,
        job_explanation=explanation,
    )
    if not won:
        return False
    killed = kill_marked(job_mark(job.controller_node, job.pk))
    for path in private_data_dirs(job.pk):
        shutil.rmtree(path, ignore_errors=True)
    logger.error(
        "%s %s reaped (worker %s gone, %d process(es) killed)",
        type(job).__name__,
        job.pk,
        job.controller_node,
        killed,
    )
    return True


def reap_lost_jobs(*, dry_run=False):
    """Fail every lost job; returns the jobs reaped (or that would be)."""
    now = timezone.now()
    jobs = lost_jobs(now)
    if dry_run:
        return jobs
    return [job for job in jobs if reap_job(job, now)]
