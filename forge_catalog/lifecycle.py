"""The request lifecycle (DESIGN.md "Request lifecycle").

Every decision comes from the core: ``_core.transition`` says whether a
change is legal and what follows (launch, record a vote, cancel the job),
``authz.require`` (``_core.decide``) who may ask, the compiled surveys
whether answers fit. This module does the I/O: row locks, writes, events,
the controller calls.

Launch happens *inside* the transaction that moved the request to
``approved``, with the request row locked (``select_for_update``): the job
and the request's ``running`` + job link commit together or not at all, and
a concurrent approver waits for the lock, re-reads the request and is refused
by the core (it is no longer pending). So a request is launched at most once
whatever the concurrency. The controller calls run in a savepoint: if either
raises, the half-made job is rolled back and the request becomes ``failed``
with the reason in the same transaction (never left ``approved``). The
controller's own side effects of ``signal_start`` (AWX schedules its task
manager with ``on_commit``) fire only once all of this has committed.
"""

import functools
import logging

from django.db import connection, transaction
from django.utils import timezone

from forge_catalog import _core, approval, authz, expiry, forms, labels, notify, removals, surveys
from forge_catalog.conf import fc_settings
from forge_catalog.exceptions import Conflict
from forge_catalog.hosts import get_host
from forge_catalog.models import ServiceRequest, ServiceRequestApproval, ServiceRequestEvent
from forge_catalog.secrets import SecretError

logger = logging.getLogger("forge_catalog.lifecycle")

RELATED = (
    "catalog_item",
    "catalog_item__organization",
    "catalog_item__approver_team",
    "catalog_item__audience_team",
    "organization",
    "requested_by",
)


def _actor_name(user):
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    return user.get_username()[:150]


def _record(sr, event, from_state, to_state, **details):
    event_row = _event_row(sr, event, from_state, to_state, **details)
    event_row.save()
    return event_row


def _event_row(sr, event, from_state, to_state, *, actor=None, reason="", comment="", job_id=None, step=None):
    """An audit row for ``sr``, not saved yet (removals.py writes many at once)."""
    return ServiceRequestEvent(
        request=sr,
        request_id_value=sr.pk,
        catalog_item_id_value=sr.catalog_item_id,
        catalog_item_name=sr.catalog_item.name if sr.catalog_item_id else sr.catalog_item_name,
        actor=actor if _actor_name(actor) else None,
        actor_name=_actor_name(actor),
        event=event,
        from_state=from_state,
        to_state=to_state,
        reason=reason or "",
        comment=comment or "",
        job_id_value=job_id,
        step_position=step.position if step is not None else None,
    )


def _move(sr, to_state, event, *, actor=None, reason="", comment="", fields=(), job_id=None, step=None):
    """Write the state the core chose and its audit event."""
    from_state = sr.status
    sr.status = to_state
    sr.save(update_fields=["status", "modified", *fields])
    _record(
        sr, event, from_state, to_state, actor=actor, reason=reason, comment=comment, job_id=job_id, step=step
    )
    # Recorded in this transaction, sent after commit (notify.py).
    notify.on_move(sr, event, from_state, to_state, actor=actor, reason=reason or comment, step=step)
    logger.info(
        "service request %s: %s -> %s (%s by %s)",
        sr.pk,
        from_state,
        to_state,
        event,
        _actor_name(actor) or "system",
    )


def _locked(request):
    """Lock the request row and re-read it (another transaction may have
    moved it while we waited)."""
    pk = request.pk if isinstance(request, ServiceRequest) else request
    return ServiceRequest.objects.select_for_update(of=("self",)).select_related(*RELATED).get(pk=pk)


def _secret_plaintexts(sr, plain_vars, plain_nodes):
    """Plaintext of the secrets this request encrypted, so that no message
    can echo them."""
    return surveys.secret_values(sr.encrypted_variables, plain_vars, plain_nodes)


def _revealed(sr):
    """The request's plaintext answers; a stored secret that no longer
    decrypts (SECRET_KEY changed, tampering) is a 409, not a 500."""
    try:
        return surveys.reveal(sr.extra_vars, sr.node_survey_data, sr.encrypted_variables)
    except SecretError as exc:
        raise Conflict(
            "A stored secret answer of this request cannot be decrypted.", code="secret_unreadable"
        ) from exc


def _failure_message(exc, secrets_, item=None):
    if isinstance(exc, _core.ValidationError) and exc.errors and item is not None:
        # Answers the survey refuses now: each problem by its question's
        # label, as the dialog says it (the timeline and the row show this).
        problems = "; ".join(e["message"] for e in labels.labelled_errors(exc.errors, item))
        text = f"The answers no longer fit the survey: {problems}."
    else:
        text = str(exc) or type(exc).__name__
    text = surveys.mask_text(text, secrets_)
    return text[: fc_settings.MAX_REASON_LENGTH]


def submit(item, user, *, justification="", extra_vars=None, node_survey_data=None):
    """Create a request for ``item``; launch it at once if no approval is
    needed. Raises NotVisible/PermissionDenied, or _core.ValidationError with
    every problem of the answers."""
    submit_facts, verdict = _submission(
        item, user, justification, extra_vars, node_survey_data, for_submit=True
    )
    verdict.raise_for_errors()
    survey, nodes = verdict.survey, verdict.nodes
    stored_vars, stored_nodes, encrypted = surveys.protect(survey, nodes, extra_vars, node_survey_data)
    with transaction.atomic():
        removals.hold_item(item)  # a concurrent delete waits, then sees this request
        sr = ServiceRequest.objects.create(
            catalog_item=item,
            catalog_item_name=item.name,
            organization_id=item.organization_id,
            organization_name=item.organization.name[:512],
            requested_by=user,
            status="created",
            justification=justification or "",
            extra_vars=stored_vars,
            node_survey_data=stored_nodes,
            encrypted_variables=encrypted,
        )
        step = _core.transition(sr.status, "submit", **submit_facts)
        if step.state == "pending_approval":
            # docs/approvals.md "A request's plan": its own copy of the
            # policy, its first step waiting before the move announces it.
            approval.enter(sr, approval.copy_plan(sr, item)[0], at=sr.created)
        _move(sr, step.state, "submit", actor=user, comment=justification or "")
        if step.effect == "launch":
            answers = (dict(extra_vars or {}), dict(node_survey_data or {}))
            _launch(sr, actor=user, answers=answers, verdict=verdict if verdict.launch else None)
    return sr


def _submission(item, user, justification, extra_vars, node_survey_data, for_submit=False, **choices):
    """(submit facts, forms.Verdict): who may submit (raises NotVisible or
    PermissionDenied), and every problem of the submission (a justification
    the item requires) and of the answers, as the core and the controller's
    objects decide them for ``user``. Submit and the dry-run both ask this;
    for a submit that launches at once the verdict carries the launch's
    values too (one decision for both)."""
    authz.require(user, "submit", item=item)
    removals.require_template(item)
    submit_facts = {
        "requires_approval": bool(item.requires_approval),
        "justification_required": bool(item.justification_required),
        "has_justification": bool((justification or "").strip()),
    }
    refused = []
    launch = False
    try:
        launch = _core.transition("created", "submit", **submit_facts).effect == "launch" and for_submit
    except _core.ValidationError as exc:
        refused = list(exc.errors)
    verdict = forms.decide(item, user, extra_vars, node_survey_data, launch=launch, **choices)
    verdict.errors = refused + verdict.errors
    return submit_facts, verdict


def dry_run(item, user, *, justification="", extra_vars=None, node_survey_data=None, search=None, limit=None):
    """What submit would decide for this body, without storing anything:
    a forms.Verdict with every error, and each question's visibility and
    choices (``search`` / ``limit`` bound the computed ones)."""
    _, verdict = _submission(
        item, user, justification, extra_vars, node_survey_data, search=search, limit=limit, with_choices=True
    )
    return verdict


def approve(request, user, comment=""):
    """One approver's vote at the waiting step. Raises _core.TransitionError
    (409) when the request is not pending or this user already approved this
    step, Conflict (409, with the core's errors) when its answers no longer
    fit the template's current survey; nothing changes then. Reaching the
    step's quorum moves the request to the next step, or approves and
    launches it after the last (docs/approvals.md)."""
    with transaction.atomic():
        sr = _locked(request)
        authz.require(user, "approve", request=sr)
        expiry.refuse_if_expired(sr)
        item = sr.catalog_item
        removals.require_item(item)
        waiting = approval.current(sr) or approval.ensure_plan(sr)
        if waiting is None:
            # Not waiting at any step: the core says why (not pending).
            _core.transition(sr.status, "approve", approvals=1)
            raise Conflict("The request waits at no approval step.", code="no_step")
        votes = approval.live_votes(sr, waiting)
        already = votes.filter(user=user).exists()
        count = votes.count()
        following = approval.next_after(sr, waiting)
        step = _core.transition(
            sr.status,
            "approve",
            approvals=count if already else count + 1,
            approvals_required=waiting.quorum,
            already_voted=already,
            has_next_step=following is not None,
        )
        removals.require_template(item)
        answers = _revealed(sr)
        try:
            # Against the current surveys and overlays, and what the requester
            # may see in the controller now (choices_from); the last approval
            # decides the launch's values in the same call.
            verdict = forms.decide(item, sr.requested_by, *answers, launch=step.effect == "launch")
            verdict.raise_for_errors()
        except _core.ValidationError as exc:
            raise Conflict(
                "The request's answers no longer fit the template's current survey.",
                errors=exc.errors,
                code="survey_changed",
            ) from exc
        ServiceRequestApproval.objects.create(request=sr, step=waiting, user=user, comment=comment or "")
        fields = ()
        if step.state != sr.status:
            sr.decided_by, sr.decided_at = user, timezone.now()
            fields = ("decided_by", "decided_at")
        _move(sr, step.state, "approve", actor=user, comment=comment, fields=fields, step=waiting)
        if step.effect == "next_step":
            # The state stays pending_approval: the next step's approvers are
            # told here (a move would tell them through notify.on_move).
            approval.close(sr, waiting, "approved")
            approval.enter(sr, following)
            notify.emit(sr, "approval_needed", step=following, actor=user)
        elif step.effect == "launch":
            approval.close(sr, waiting, "approved")
            _launch(sr, actor=user, answers=answers, verdict=verdict)
    return sr


def request_info(request, user, question):
    """Send the request back to its requester with a question (the core
    refuses a blank one with a 400): needs_info, at the same step."""
    question = question if isinstance(question, str) else ""
    with transaction.atomic():
        sr = _locked(request)
        authz.require(user, "request_info", request=sr)
        expiry.refuse_if_expired(sr)
        step = _core.transition(sr.status, "request_info", has_question=bool(question.strip()))
        waiting = approval.current(sr)
        _move(sr, step.state, "request_info", actor=user, comment=question, step=waiting)
    return sr


def resubmit(request, user, *, reply="", justification=None, extra_vars=None, node_survey_data=None):
    """The requester answers a needs_info request and sends it back to the
    same step. Edited answers are validated again as at submit (raises
    _core.ValidationError with every problem); when an answer changed, the
    waiting step's votes are withdrawn (the core's withdraw_votes effect)."""
    reply = reply if isinstance(reply, str) else ""
    with transaction.atomic():
        sr = _locked(request)
        authz.require(user, "answer", request=sr)
        if sr.status != "needs_info":
            _core.transition(sr.status, "resubmit")  # raises the core's 409
        item = sr.catalog_item
        removals.require_item(item)
        removals.require_template(item)
        old_vars, old_nodes = _revealed(sr)
        new_vars = old_vars if extra_vars is None else dict(extra_vars)
        new_nodes = old_nodes if node_survey_data is None else dict(node_survey_data)
        # As at submit: the surveys with the item's form overlays (forms.py).
        verdict = forms.decide(item, sr.requested_by, new_vars, new_nodes)
        verdict.raise_for_errors()
        survey, nodes = verdict.survey, verdict.nodes
        changed = (new_vars, new_nodes) != (old_vars, old_nodes)
        step = _core.transition(sr.status, "resubmit", answers_changed=changed)
        fields = []
        if changed:
            stored_vars, stored_nodes, encrypted = surveys.protect(survey, nodes, new_vars, new_nodes)
            sr.extra_vars, sr.node_survey_data, sr.encrypted_variables = stored_vars, stored_nodes, encrypted
            fields += ["extra_vars", "node_survey_data", "encrypted_variables"]
        if justification is not None and justification != sr.justification:
            sr.justification = justification
            fields.append("justification")
        waiting = approval.current(sr)
        if step.effect == "withdraw_votes" and waiting is not None:
            for vote in approval.withdraw_votes(sr, waiting):
                _record(
                    sr,
                    "vote_withdrawn",
                    sr.status,
                    sr.status,
                    actor=user,
                    reason="the requester changed the answers",
                    comment=vote.user.get_username(),
                    step=waiting,
                )
        if waiting is not None:
            # The step waits again, from now (its expiry clock restarts).
            approval.enter(sr, waiting)
        _move(sr, step.state, "resubmit", actor=user, comment=reply, fields=fields, step=waiting)
    return sr


def reject(request, user, reason):
    """Reject with a reason (the core refuses a blank one with a 400)."""
    reason = reason if isinstance(reason, str) else ""
    with transaction.atomic():
        sr = _locked(request)
        authz.require(user, "reject", request=sr)
        expiry.refuse_if_expired(sr)
        step = _core.transition(sr.status, "reject", has_reason=bool(reason.strip()))
        waiting = approval.current(sr)
        sr.reason, sr.decided_by, sr.decided_at = reason, user, timezone.now()
        _move(
            sr,
            step.state,
            "reject",
            actor=user,
            reason=reason,
            fields=("reason", "decided_by", "decided_at"),
            step=waiting,
        )
        approval.close(sr, waiting, "rejected")
    return sr


def cancel(request, user):
    """Cancel a pending request, or ask a running request's job to cancel
    (the request follows the job's status by sync)."""
    with transaction.atomic():
        sr = _locked(request)
        authz.require(user, "cancel", request=sr)
        step = _core.transition(sr.status, "cancel")
        if step.effect == "cancel_job":
            if sr.job_id is not None:
                get_host().cancel_job(sr.job)
            _record(sr, "cancel", sr.status, step.state, actor=user, job_id=sr.job_id)
        else:
            waiting = approval.current(sr)
            _move(sr, step.state, "cancel", actor=user, step=waiting)
            approval.close(sr, waiting, "canceled")
    return sr


def delete_request(request, user):
    """Delete (requester or org admin, only while deletable). The audit log
    keeps a ``delete`` event with the request's id and item name."""
    with transaction.atomic():
        sr = _locked(request)
        authz.require(user, "delete_request", request=sr)
        if not _core.is_deletable(sr.status):
            message = f"cannot delete a request that is {sr.status}"
            raise Conflict(message, errors=[{"path": "status", "code": "state", "message": message}])
        _record(sr, "delete", sr.status, "", actor=user)
        sr.delete()


def _launch(sr, *, actor=None, answers=None, verdict=None):
    """approved -> running with the job recorded, or -> failed with the
    reason. Caller holds the row lock inside a transaction (see module doc).
    ``verdict``: the caller's forms.decide(..., launch=True) of ``answers``
    in this transaction; without it the answers are decided here."""
    item = sr.catalog_item
    template = item.underlying_template
    host = get_host()
    if answers is None:
        answers = _revealed(sr)
    plain_vars, plain_nodes = answers
    # Every plaintext secret the launch handles, survey password defaults
    # included, so that no failure message can echo one.
    launch_secrets = []
    try:
        with transaction.atomic():  # savepoint: a failed launch leaves no job behind
            if verdict is None:
                verdict = forms.decide(item, sr.requested_by, plain_vars, plain_nodes, launch=True)
            final, node_data = verdict.launch_values()
            # The surveys and nodes the verdict was decided on (the nodes are a query).
            secret_vars = verdict.survey.secret_variables
            launch_secrets += [final[v] for v in secret_vars if isinstance(final.get(v), str)]
            node_secrets = None
            if verdict.workflow:
                node_secrets = {}
                for _, identifier, node_survey in verdict.nodes:
                    values = node_data.get(identifier) or {}
                    secret_vars = node_survey.secret_variables if node_survey is not None else ()
                    node_secrets[identifier] = tuple(secret_vars)
                    launch_secrets += [values[v] for v in secret_vars if isinstance(values.get(v), str)]
            job = host.launch(
                template,
                created_by=sr.requested_by,
                extra_vars=final,
                node_survey_data=node_data,
                node_secret_variables=node_secrets,
            )
    except Exception as exc:  # noqa: BLE001 - any controller failure fails the request
        reason = _failure_message(exc, _secret_plaintexts(sr, plain_vars, plain_nodes) + launch_secrets, item)
        logger.warning("service request %s: launch failed: %s", sr.pk, reason)
        step = _core.transition(sr.status, "launch_failed")
        sr.failure_reason = reason
        _move(sr, step.state, "launch_failed", actor=actor, reason=reason, fields=("failure_reason",))
        return sr
    step = _core.transition(sr.status, "launched")
    sr.job = job
    _move(sr, step.state, "launched", actor=actor, fields=("job",), job_id=job.pk)
    return sr


def sync_status_for_job_id(job_id, job_status):
    """Running requests of this job follow its status (the core maps it).
    Most jobs are not ours: one indexed query finds that out; only linked
    requests are then locked and moved."""
    if not _has_running_request(job_id):
        return
    with transaction.atomic():
        locked = ServiceRequest.objects.select_for_update(of=("self",)).select_related("catalog_item")
        for sr in locked.filter(job_id=job_id, status="running"):
            step = _core.transition(sr.status, "job_status", job_status=job_status)
            if step.state == sr.status:
                continue
            fields = ()
            reason = f"job {job_id} {job_status}"
            if step.state == "failed":
                reason = _job_failure_reason(sr, job_id, job_status)
                sr.failure_reason = reason
                fields = ("failure_reason",)
            _move(sr, step.state, "job_status", reason=reason, fields=fields, job_id=job_id)


def _has_running_request(job_id):
    """Whether a running request links to this job: the receiver asks it of
    every finished manual job, so it is one indexed round trip written as SQL
    (an ORM query costs more to build than the database takes to answer)."""
    with connection.cursor() as cursor:
        cursor.execute(_running_request_sql(), [job_id, "running"])
        return cursor.fetchone() is not None


@functools.cache
def _running_request_sql():
    # Built on first use, not at import: importing lifecycle must not need
    # the database backend's quoting (migrations, checks, a settings swap).
    quote = connection.ops.quote_name
    return "SELECT 1 FROM {table} WHERE {job} = %s AND {status} = %s LIMIT 1".format(
        table=quote(ServiceRequest._meta.db_table),
        job=quote(ServiceRequest._meta.get_field("job").column),
        status=quote(ServiceRequest._meta.get_field("status").column),
    )


def _job_failure_reason(sr, job_id, job_status):
    """The reason "job 99 failed: <the controller's explanation>", with every
    secret the job was given shown as $encrypted$: the request's own (the variables it
    recorded as encrypted) and the job's password variables (survey
    defaults included). If a secret cannot be read, the explanation is left
    out rather than risk echoing it."""
    head = f"job {job_id} {job_status}"
    host = get_host()
    job = host.unified_job_model().objects.filter(pk=job_id).first()
    if job is None:
        return head
    try:
        explanation = host.job_failure_explanation(job)
        if not explanation:
            return head
        secrets_ = _secret_plaintexts(
            sr, *surveys.reveal(sr.extra_vars, sr.node_survey_data, sr.encrypted_variables)
        )
        secrets_ += host.job_secret_values(job)
    except Exception:  # noqa: BLE001 - the status must move whatever the explanation does
        logger.warning("service request %s: no explanation for job %s", sr.pk, job_id, exc_info=True)
        return head
    return _failure_message(f"{head}: {explanation}", secrets_)


# A job deleted before its final status reached the request ended, as far as
# the request can tell, in error: the core maps that to ``failed``.
LOST_JOB_STATUS = "error"
LOST_JOB_REASON = "the job was deleted before its final status reached this request"
INTERRUPTED_LAUNCH_REASON = "the launch never completed: no job was started for this request"


def fail_stranded(request):
    """Repair a request nothing else will ever move (forge_catalog_reconcile;
    DESIGN.md: a request never sticks in ``approved``, a launch failure leaves
    it ``failed`` with the reason):

    - ``running`` whose job was deleted: no status will ever arrive, so the
      core's ``job_status`` event as an error (-> ``failed``);
    - ``approved`` with no job: its launch was interrupted (approval and
      launch normally commit together), so ``launch_failed`` (-> ``failed``).
      Failing, not launching again: a second launch could run twice what a
      half-recorded first one started.

    Returns the new state, or None when the request (re-read under its row
    lock) is no longer stranded, e.g. another transaction moved it."""
    with transaction.atomic():
        try:
            sr = _locked(request)
        except ServiceRequest.DoesNotExist:
            return None
        if sr.job_id is not None:
            return None
        if sr.status == "running":
            step = _core.transition(sr.status, "job_status", job_status=LOST_JOB_STATUS)
            event, reason = "job_status", LOST_JOB_REASON
        elif sr.status == "approved":
            step = _core.transition(sr.status, "launch_failed")
            event, reason = "launch_failed", INTERRUPTED_LAUNCH_REASON
        else:
            return None
        sr.failure_reason = reason
        _move(sr, step.state, event, reason=reason, fields=("failure_reason",))
        return sr.status


def sync_status_from_job(job):
    """The seed's name: mirror ``job``'s status onto its requests."""
    sync_status_for_job_id(job.pk, get_host().job_status(job))
