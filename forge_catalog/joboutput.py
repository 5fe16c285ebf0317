"""A request's job output, served by the request itself (issue 11 item 7).

In AWX the job runs with ``created_by`` = the requester, who usually has no
access to the template or the job there, so a link to AWX's output page shows
them nothing. Whoever may see the request reads its output here instead:
the events of its job (for a workflow, of each node's job) through the
controller's model API (``get_event_queryset()``), paged by event counter,
with the request's secret answers masked.
"""

from forge_catalog import surveys
from forge_catalog.conf import fc_settings
from forge_catalog.exceptions import Conflict, NotVisible
from forge_catalog.hosts import get_host
from forge_catalog.secrets import SecretError

FINISHED = frozenset(("successful", "failed", "error", "canceled"))


def _secrets_of(sr):
    try:
        plain_vars, plain_nodes = surveys.reveal(sr.extra_vars, sr.node_survey_data, sr.encrypted_variables)
    except SecretError as exc:
        # Output that cannot be masked is not shown.
        raise Conflict(
            "A stored secret answer of this request cannot be decrypted.", code="secret_unreadable"
        ) from exc
    return surveys.secret_values(sr.encrypted_variables, plain_vars, plain_nodes)


def _describe(host, user, identifier, job):
    return {
        "id": job.pk,
        "name": job.name,
        "status": host.job_status(job),
        "node": identifier,
        "finished": host.job_status(job) in FINISHED,
        "controller_url": host.job_url(job) if host.can_see_job(user, job) else None,
    }


def output(sr, user, *, job_id=None, after=0, limit=None):
    """{"jobs", "job", "events", "next", "complete"} for one page of output.

    ``jobs`` lists the request's job and, for a workflow, its nodes' jobs;
    ``job_id`` picks one of them (default: the first that has output). Events
    come after counter ``after``; ``next`` is the counter to ask after next
    (None while nothing follows yet); ``complete`` says the picked job has
    finished and every event was served. A job that is not the request's
    answers like a missing one (NotVisible)."""
    host = get_host()
    limit = min(limit or fc_settings.OUTPUT_PAGE_SIZE, fc_settings.MAX_OUTPUT_PAGE_SIZE)
    if sr.job_id is None:
        return {"jobs": [], "job": None, "events": [], "next": None, "complete": sr.status in FINISHED}
    parts = host.job_parts(sr.job)
    by_id = {job.pk: (identifier, job) for identifier, job in parts}
    if job_id is not None and job_id not in by_id:
        raise NotVisible("Not found.")
    jobs = [_describe(host, user, identifier, job) for identifier, job in parts]
    if not parts:
        return {"jobs": jobs, "job": None, "events": [], "next": None, "complete": sr.job.status in FINISHED}
    picked = by_id[job_id][1] if job_id is not None else parts[0][1]
    events = host.job_events(picked, after=after, limit=limit + 1)
    more = len(events) > limit
    events = events[:limit]
    secrets_ = _secrets_of(sr)
    for event in events:
        event["stdout"] = surveys.mask_text(event["stdout"], secrets_)
    finished = host.job_status(picked) in FINISHED
    last = events[-1]["counter"] if events else after
    return {
        "jobs": jobs,
        "job": picked.pk,
        "events": events,
        "next": last if (more or not finished) else None,
        "complete": finished and not more,
    }
