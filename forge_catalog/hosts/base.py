"""The adapter interface and its default implementation.

Everything here is the controller contract of docs/controller-contract.md,
called through the controller's own model API, so one implementation serves
AWX and the devhost. Subclasses change only what differs between hosts
(where the models live is in settings; secret encryption is here).
Nothing from the controller is imported at module import time.
"""

import inspect
import json
import operator

from forge_catalog import secrets
from forge_catalog.conf import get_host_model
from forge_catalog.exceptions import LaunchError
from forge_catalog.hosts.inventories import InventoryChoicesMixin

# The launch_type every catalog launch gives its job (AWX's /launch/ view
# does the same). AWX's others (relaunch, callback, scheduled, dependency,
# workflow, webhook, sync, scm) are jobs no request links to (signals.py).
LAUNCH_TYPE = "manual"

# awx/main/models/events.py: the runner events of a failed task.
FAILURE_EVENTS = ("runner_on_failed", "runner_on_unreachable")


def has_events(job):
    """Whether the job keeps events. AWX's UnifiedJob.event_class raises
    NotImplementedError (a WorkflowJob inherits that); some subclasses
    (WorkflowApproval) answer None."""
    try:
        return getattr(job, "event_class", None) is not None
    except NotImplementedError:
        return False


class BaseHost(InventoryChoicesMixin):
    # -- models -----------------------------------------------------------
    def organization_model(self):
        return get_host_model("ORGANIZATION")

    def team_model(self):
        return get_host_model("TEAM")

    def job_template_model(self):
        return get_host_model("JOB_TEMPLATE")

    def workflow_job_template_model(self):
        return get_host_model("WORKFLOW_JOB_TEMPLATE")

    def unified_job_model(self):
        return get_host_model("UNIFIED_JOB")

    def unified_job_models(self):
        """The UnifiedJob model and every model inheriting from it (concrete
        or proxy): post_save is sent with the concrete class as sender."""
        from django.apps import apps

        base = self.unified_job_model()
        return [m for m in apps.get_models() if issubclass(m, base)]

    def notification_template_model(self):
        return get_host_model("NOTIFICATION_TEMPLATE")

    def notification_model(self):
        return get_host_model("NOTIFICATION")

    # -- notifications (AWX: awx/main/models/notifications.py) ---------------
    # Whether send_notifications() only queues (then forge-catalog queues
    # right after commit and settles later) or sends before it returns.
    queues_notifications = False

    def notification_templates(self, ids):
        """The controller's NotificationTemplates with these pks."""
        return list(self.notification_template_model().objects.filter(pk__in=list(ids)))

    def generate_notification(self, template, subject, body):
        """``NotificationTemplate.generate_notification(subject, body)``: a saved
        ``Notification`` (status pending) in the caller's transaction."""
        return template.generate_notification(subject, body)

    def notification_status(self, notification_id):
        """(status, error) of a Notification: pending, successful, failed, or
        ("missing", why) when it is gone (its template was deleted)."""
        row = self.notification_model().objects.filter(pk=notification_id).values("status", "error").first()
        if row is None:
            return "missing", "the controller's notification no longer exists (its template was deleted)"
        return row["status"], row["error"]

    def reset_notification(self, notification_id):
        """A failed Notification due again: back to pending (kept error)."""
        self.notification_model().objects.filter(pk=notification_id).update(status="pending")

    def send_notifications(self, notification_ids):
        """The controller's own sending task for these Notifications; True
        when they were sent before it returned, False when only queued."""
        raise NotImplementedError("the host adapter must say how the controller sends notifications")

    # -- roles (controller style: ``user in obj.<role>``) --------------------
    def is_authenticated(self, user):
        return bool(user is not None and getattr(user, "is_authenticated", False))

    def is_superuser(self, user):
        return self.is_authenticated(user) and bool(user.is_superuser)

    def is_system_auditor(self, user):
        """AWX's ``user.is_system_auditor``: read on everything, change nothing."""
        return self.is_authenticated(user) and bool(getattr(user, "is_system_auditor", False))

    def is_org_auditor(self, user, organization):
        """auditor_role (AWX: its parent is the system auditor singleton)."""
        return self.is_authenticated(user) and organization is not None and user in organization.auditor_role

    def is_org_admin(self, user, organization):
        return self.is_authenticated(user) and organization is not None and user in organization.admin_role

    def is_org_reader(self, user, organization):
        return self.is_authenticated(user) and organization is not None and user in organization.read_role

    def is_org_member(self, user, organization):
        """member_role: members and admins, never auditors (who read only)."""
        return self.is_authenticated(user) and organization is not None and user in organization.member_role

    def is_team_member(self, user, team):
        return self.is_authenticated(user) and team is not None and user in team.member_role

    def readable_organization_ids(self, user):
        """A queryset of organization pks, for ``__in`` filters."""
        return self.organization_model().accessible_pk_qs(user, "read_role")

    def admin_organization_ids(self, user):
        return self.organization_model().accessible_pk_qs(user, "admin_role")

    def audited_organization_ids(self, user):
        return self.organization_model().accessible_pk_qs(user, "auditor_role")

    def member_team_ids(self, user):
        return self.team_model().accessible_pk_qs(user, "member_role")

    # -- what a catalog admin picks from (the item editor) -------------------
    def administered_organizations(self, user):
        """Organizations whose catalog ``user`` manages (superusers: all)."""
        orgs = self.organization_model().objects.all()
        if self.is_superuser(user):
            return orgs
        return orgs.filter(pk__in=self.admin_organization_ids(user))

    def organization_job_templates(self, organization):
        return self.job_template_model().objects.filter(organization=organization)

    def organization_workflow_job_templates(self, organization):
        return self.workflow_job_template_model().objects.filter(organization=organization)

    def organization_teams(self, organization):
        return self.team_model().objects.filter(organization=organization)

    def organization_notification_templates(self, organization):
        # AWX: NotificationTemplate.organization (awx/main/models/notifications.py).
        return self.notification_template_model().objects.filter(organization=organization)

    # -- templates ----------------------------------------------------------
    def template_survey(self, template):
        """(survey_spec, survey_enabled, ask_variables_on_launch) as stored."""
        return (
            template.survey_spec or {},
            bool(template.survey_enabled),
            bool(getattr(template, "ask_variables_on_launch", False)),
        )

    def template_extra_vars(self, template):
        """The template's extra_vars (text: JSON or YAML, as in AWX) as a dict."""
        value = template.extra_vars
        return self._extra_vars_dict(value) if value else {}

    def _extra_vars_dict(self, value):
        if isinstance(value, dict):
            return dict(value)
        if not value or not str(value).strip():
            return {}
        try:
            parsed = json.loads(value)
        except ValueError:
            import yaml

            parsed = yaml.safe_load(value)
        return parsed if isinstance(parsed, dict) else {}

    # What a template's compiled survey depends on, read in one C call on
    # every cached lookup: (survey_spec, survey_enabled, ask_variables_on_launch,
    # modified), AWX's field names on JobTemplate and WorkflowJobTemplate.
    template_survey_state = staticmethod(
        operator.attrgetter("survey_spec", "survey_enabled", "ask_variables_on_launch", "modified")
    )

    def workflow_nodes(self, workflow_job_template):
        """[(node_id, identifier, job_template_or_None)]: the JT each node runs
        (only a job template has a survey)."""
        jt_model = self.job_template_model()
        out = []
        nodes = workflow_job_template.workflow_job_template_nodes.select_related("unified_job_template")
        for node in nodes.order_by("pk"):
            ujt = node.unified_job_template
            if ujt is not None and hasattr(ujt, "get_real_instance"):
                ujt = ujt.get_real_instance()
            out.append((node.pk, node.identifier, ujt if isinstance(ujt, jt_model) else None))
        return out

    # -- jobs -----------------------------------------------------------------
    def launch(self, template, *, created_by, extra_vars, node_survey_data=None, node_secret_variables=None):
        """What the controller's /launch/ view does: create_unified_job, then
        signal_start; a job that cannot start is deleted and reported.

        Workflow node answers ({identifier: answers}; node_secret_variables
        names each node's password variables) go the way the controller
        takes them (docs/controller-contract.md "Node answers"): as the
        ``node_survey_data`` keyword where create_unified_job declares it,
        else into the spawned workflow job nodes before signal_start, as
        stock AWX's own node prompts."""
        kwargs = {
            "extra_vars": extra_vars,
            "_eager_fields": {"created_by": created_by, "launch_type": LAUNCH_TYPE},
        }
        node_survey_data = {k: v for k, v in (node_survey_data or {}).items() if v}
        by_keyword = bool(node_survey_data) and takes_node_survey_data(template)
        if by_keyword:
            kwargs["node_survey_data"] = node_survey_data
        job = template.create_unified_job(**kwargs)
        if job is None:
            raise LaunchError("the controller created no job")
        if node_survey_data and not by_keyword:
            self.write_node_answers(job, node_survey_data, node_secret_variables or {})
        if not job.signal_start():
            job.delete()
            raise LaunchError("the controller could not start the job")
        return job

    def write_node_answers(self, workflow_job, node_survey_data, node_secret_variables):
        """Each node's answers into the spawned WorkflowJobNode of the same
        identifier: merged over its extra_data, password values encrypted
        with the controller's helper and listed in its survey_passwords, so
        WorkflowJobNode.get_job_kwargs() hands them to that node's job only.
        Answers for a node the controller did not spawn fail the launch."""
        nodes = {
            node.identifier: node
            for node in workflow_job.workflow_job_nodes.filter(identifier__in=list(node_survey_data))
        }
        missing = sorted(set(node_survey_data) - set(nodes))
        if missing:
            raise LaunchError(f"the controller spawned no workflow node {', '.join(missing)}")
        for identifier, answers in node_survey_data.items():
            node, values = nodes[identifier], dict(answers)
            secret = [v for v in node_secret_variables.get(identifier, ()) if isinstance(values.get(v), str)]
            for var in secret:
                values[var] = self.controller_encrypt(values[var])
            node.extra_data = {**_as_dict(node.extra_data), **values}
            node.survey_passwords = {
                **(node.survey_passwords or {}),
                **{v: secrets.ENCRYPTED for v in secret},
            }
            node.save(update_fields=["extra_data", "survey_passwords"])

    def cancel_job(self, job):
        # On the concrete job: AWX's UnifiedJob is polymorphic and its
        # subclasses (WorkflowJob, ProjectUpdate...) override parts of cancel().
        return job.get_real_instance().cancel()

    def reap_lost_jobs(self, *, dry_run=False):
        """Fail the jobs whose worker is gone; returns them. The controller's
        own dispatcher does this (AWX's cluster heartbeat reaps the jobs of
        a lost node), so nothing here."""
        return []

    def job_failure_explanation(self, job):
        """Why a job failed, in the controller's words: its ``job_explanation``
        and its first failed task (``get_event_queryset()``: a failed or
        unreachable runner event's ``task``, ``host_name``, ``event_data.res.msg``);
        for a workflow, also the first failed node's job. '' when nothing
        says. Not redacted: the caller knows the secrets."""
        if hasattr(job, "get_real_instance"):
            job = job.get_real_instance()
        parts = [(getattr(job, "job_explanation", "") or "").strip()]
        if has_events(job):
            events = job.get_event_queryset()
            failed = events.filter(failed=True, event__in=FAILURE_EVENTS).order_by("counter").first()
            if failed is not None:
                res = (failed.event_data or {}).get("res")
                msg = res.get("msg") if isinstance(res, dict) else None
                parts.append(
                    f"Task {failed.task!r} failed on {failed.host_name}" + (f": {msg}" if msg else ".")
                )
        nodes = getattr(job, "workflow_job_nodes", None)
        if nodes is not None:
            node = (
                nodes.filter(job__status__in=("failed", "error")).select_related("job").order_by("pk").first()
            )
            if node is not None:
                parts.append(
                    f"Node {node.identifier!r}: {self.job_failure_explanation(node.job) or node.job.status}"
                )
        return " ".join(part for part in parts if part)

    def job_secret_values(self, job):
        """Plaintext of the password variables a job was given (the
        controller lists them in ``survey_passwords`` and keeps them
        encrypted in ``extra_vars``), a workflow's node jobs included."""
        if hasattr(job, "get_real_instance"):
            job = job.get_real_instance()
        jobs = [job]
        nodes = getattr(job, "workflow_job_nodes", None)
        if nodes is not None:
            jobs += [node.job for node in nodes.select_related("job") if node.job is not None]
        values = []
        for one in jobs:
            names = list(getattr(one, "survey_passwords", None) or {})
            if not names:
                continue
            extra = self._extra_vars_dict(one.extra_vars)
            for name in names:
                value = extra.get(name)
                if isinstance(value, str) and value.startswith(secrets.ENCRYPTED):
                    values.append(self.decrypt_job_value(value))
                elif isinstance(value, str):
                    values.append(value)
        return values

    def decrypt_job_value(self, value):
        """A job's encrypted extra var (AWX: encrypt_value, as for answers)."""
        return self.decrypt(value)

    def job_status(self, job):
        return job.status

    # -- job output ------------------------------------------------------------
    def job_url(self, job):
        """The controller's own page for the job's output (AWX's UI routes,
        awx-facts.md "Job output pages")."""
        kind = (
            "workflow"
            if getattr(job.get_real_instance(), "workflow_job_nodes", None) is not None
            else "playbook"
        )
        return f"/#/jobs/{kind}/{job.pk}/output"

    def can_see_job(self, user, job):
        """Whether the controller itself would show ``user`` this job (its own
        output page is only worth linking for them). Hosts refine this."""
        return self.is_superuser(user)

    def job_parts(self, job):
        """[(node identifier or None, job)]: the job itself, or for a workflow
        job the job each of its nodes spawned so far (WorkflowJob
        .workflow_job_nodes, in node order)."""
        job = job.get_real_instance()
        nodes = getattr(job, "workflow_job_nodes", None)
        if nodes is None:
            return [(None, job)]
        return [
            (node.identifier, node.job.get_real_instance())
            for node in nodes.select_related("job").order_by("pk")
            if node.job_id is not None
        ]

    def job_events(self, job, *, after, limit):
        """Up to ``limit`` events with output whose counter is above ``after``,
        in counter order (UnifiedJob.get_event_queryset(); a workflow job has
        no events of its own)."""
        if not has_events(job):
            return []
        events = job.get_event_queryset().filter(counter__gt=after).exclude(stdout="").order_by("counter")
        fields = ("counter", "event", "failed", "task", "stdout", "start_line", "end_line")
        return list(events.values(*fields)[:limit])

    # -- secrets ---------------------------------------------------------------
    def encrypt(self, value):
        """A password answer as a request stores it."""
        return secrets.encrypt(value)

    def decrypt(self, value):
        return secrets.decrypt(value)

    def controller_encrypt(self, value):
        """A password answer as the controller stores it in its own rows (a
        workflow job node's extra_data); a value already encrypted, such as
        a stored survey default, is returned as it is."""
        raise NotImplementedError("the host adapter must say how the controller encrypts")


def takes_node_survey_data(template):
    """True when the template's create_unified_job declares a
    ``node_survey_data`` parameter (by name, keyword-capable). A bare
    ``**kwargs`` does not count: stock AWX has one, drops the keyword and then
    raises "Unrecognized launch config field node_survey_data."."""
    try:
        parameter = inspect.signature(template.create_unified_job).parameters.get("node_survey_data")
    except (AttributeError, TypeError, ValueError):
        return False
    return parameter is not None and parameter.kind in (
        inspect.Parameter.POSITIONAL_OR_KEYWORD,
        inspect.Parameter.KEYWORD_ONLY,
    )


def _as_dict(value):
    """A launch config's extra_data (AWX stores a JSON blob) as a dict."""
    if isinstance(value, dict):
        return dict(value)
    if not value:
        return {}
    parsed = json.loads(value)
    return parsed if isinstance(parsed, dict) else {}
