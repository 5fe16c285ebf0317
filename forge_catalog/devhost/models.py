"""Devhost models: the controller's names and behaviour (awx/main/models),
reduced to what the controller contract (docs/controller-contract.md) and the
devhost worker need.

UnifiedJob uses multi-table inheritance exactly like AWX, so ``post_save``
arrives with the concrete class (Job, WorkflowJob) as sender.
"""

import json
import uuid

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from .roles import RoleMixin

# awx/main/models/unified_jobs.py
STATUS_CHOICES = [
    ("new", "New"),
    ("pending", "Pending"),
    ("waiting", "Waiting"),
    ("running", "Running"),
    ("successful", "Successful"),
    ("failed", "Failed"),
    ("error", "Error"),
    ("canceled", "Canceled"),
]
CAN_START = ("new", "waiting")
CAN_CANCEL = ("new", "pending", "waiting", "running")
ACTIVE_STATUSES = CAN_CANCEL
COMPLETED_STATUSES = ("successful", "failed", "error", "canceled")


def parse_extra_vars(text):
    """Template/job extra_vars are text (JSON or YAML) as in AWX."""
    if isinstance(text, dict):
        return dict(text)
    if not text or not str(text).strip():
        return {}
    try:
        value = json.loads(text)
    except ValueError:
        import yaml

        value = yaml.safe_load(text)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ValueError("extra_vars must be a mapping")
    return value


class Organization(RoleMixin, models.Model):
    ROLE_FIELDS = ("admin_role", "member_role", "auditor_role", "read_role")

    name = models.CharField(max_length=512, unique=True)
    description = models.TextField(blank=True, default="")
    admins = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="devhost_admin_of")
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="devhost_member_of")
    auditors = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="devhost_auditor_of")
    # Teams holding "Organization Audit" (DAB RBAC lets a team hold it, but
    # never "Organization Member": awx-facts.md "Roles").
    auditor_teams = models.ManyToManyField("Team", blank=True, related_name="audits")
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("name",)

    def __str__(self):
        return self.name

    @classmethod
    def auditor_q(cls, user, prefix=""):
        """AWX: auditor_role's parent is the system auditor singleton; teams
        holding the role pass it to their members."""
        if getattr(user, "is_system_auditor", False):
            return Q(pk__isnull=False)  # every row (an empty Q() would vanish in an OR)
        return Q(**{f"{prefix}auditors": user}) | Q(**{f"{prefix}auditor_teams__members": user})

    @classmethod
    def role_q(cls, user, role_field):
        admin = Q(admins=user)
        member = admin | Q(members=user)
        auditor = cls.auditor_q(user)
        return {
            "admin_role": admin,
            "member_role": member,
            "auditor_role": auditor,
            "read_role": member | auditor,
        }[role_field]


class Team(RoleMixin, models.Model):
    ROLE_FIELDS = ("admin_role", "member_role", "read_role")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(max_length=512)
    description = models.TextField(blank=True, default="")
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="devhost_teams")
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("organization__name", "name")
        constraints = [
            models.UniqueConstraint(fields=("organization", "name"), name="devhost_team_name_per_org")
        ]

    def __str__(self):
        return self.name

    @classmethod
    def role_q(cls, user, role_field):
        # AWX: Team.admin_role's parent is organization.admin_role, and
        # member_role's parent is admin_role.
        admin = Q(organization__admins=user)
        member = admin | Q(members=user)
        return {
            "admin_role": admin,
            "member_role": member,
            "read_role": member | Organization.auditor_q(user, prefix="organization__"),
        }[role_field]


class SystemAuditor(models.Model):
    """AWX keeps the system auditor as a global role assignment and reads it
    through ``user.is_system_auditor`` (awx/main/models/__init__.py): read on
    everything, change nothing. The devhost adds the same property to the
    user model (DevhostConfig.ready)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")


def user_is_system_auditor(user):
    if not getattr(user, "pk", None):
        return False
    if not hasattr(user, "_is_system_auditor"):
        user._is_system_auditor = SystemAuditor.objects.filter(user=user).exists()
    return user._is_system_auditor


def set_user_is_system_auditor(user, value):
    if value:
        SystemAuditor.objects.get_or_create(user=user)
    else:
        SystemAuditor.objects.filter(user=user).delete()
    user._is_system_auditor = bool(value)


class SurveyTemplateMixin(models.Model):
    """The survey fields of SurveyJobTemplateMixin (awx/main/models/mixins.py)."""

    name = models.CharField(max_length=512)
    description = models.TextField(blank=True, default="")
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    extra_vars = models.TextField(blank=True, default="")
    survey_enabled = models.BooleanField(default=False)
    survey_spec = models.JSONField(blank=True, default=dict)
    ask_variables_on_launch = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
        ordering = ("name",)

    def __str__(self):
        return self.name

    @property
    def extra_vars_dict(self):
        return parse_extra_vars(self.extra_vars)

    def survey_password_variables(self):
        spec = self.survey_spec or {}
        return [
            q.get("variable")
            for q in spec.get("spec", []) or []
            if isinstance(q, dict) and q.get("type") == "password"
        ]

    def _job_kwargs(self, kwargs):
        """The fields every unified job takes from create_unified_job(**kwargs):
        template extra_vars < launch extra_vars (AWX merges the same way);
        password answers are stored encrypted with ``survey_passwords``
        listing them, as AWX does."""
        from .secrets import encrypt_value

        extra = self.extra_vars_dict
        launch = kwargs.get("extra_vars") or {}
        if isinstance(launch, str):
            launch = parse_extra_vars(launch)
        extra.update(launch)
        passwords = {}
        for var in self.survey_password_variables() if self.survey_enabled else ():
            if var in launch and isinstance(launch[var], str):
                extra[var] = encrypt_value(launch[var])
                passwords[var] = "$encrypted$"
        eager = dict(kwargs.get("_eager_fields") or {})
        fields = {
            "name": self.name,
            "extra_vars": json.dumps(extra),
            "survey_passwords": passwords,
            "created_by": eager.pop("created_by", kwargs.get("created_by")),
            "launch_type": eager.pop("launch_type", "manual"),
        }
        fields.update(eager)
        return fields


class JobTemplate(SurveyTemplateMixin):
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="job_templates"
    )
    playbook = models.CharField(max_length=1024, blank=True, default="")

    class Meta(SurveyTemplateMixin.Meta):
        pass

    def create_unified_job(self, **kwargs):
        """A saved Job in status ``new`` (AWX: does not validate answers)."""
        fields = self._job_kwargs(kwargs)
        return Job.objects.create(job_template=self, playbook=self.playbook, status="new", **fields)


class WorkflowJobTemplate(SurveyTemplateMixin):
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="workflows"
    )

    class Meta(SurveyTemplateMixin.Meta):
        pass

    def create_unified_job(self, **kwargs):
        """A saved WorkflowJob in status ``new`` with one WorkflowJobNode per
        template node (edges copied); ``node_survey_data`` is keyed by node
        identifier and each node keeps its own answers only (in extra_data,
        password answers encrypted as for jobs)."""
        node_survey_data = kwargs.get("node_survey_data") or {}
        with transaction.atomic():
            wj = WorkflowJob.objects.create(
                workflow_job_template=self, status="new", **self._job_kwargs(kwargs)
            )
            template_nodes = list(
                self.workflow_job_template_nodes.select_related("unified_job_template").prefetch_related(
                    "success_nodes", "failure_nodes", "always_nodes"
                )
            )
            by_template_node = {}
            for tn in template_nodes:
                answers = dict(node_survey_data.get(tn.identifier) or {})
                ujt = tn.unified_job_template
                if ujt is not None and ujt.survey_enabled:
                    from .secrets import encrypt_value

                    for var in ujt.survey_password_variables():
                        if isinstance(answers.get(var), str):
                            answers[var] = encrypt_value(answers[var])
                extra_data = dict(tn.extra_data or {})
                extra_data.update(answers)
                by_template_node[tn.pk] = WorkflowJobNode.objects.create(
                    workflow_job=wj,
                    identifier=tn.identifier,
                    unified_job_template=ujt,
                    extra_data=extra_data,
                )
            for tn in template_nodes:
                node = by_template_node[tn.pk]
                for edge in ("success_nodes", "failure_nodes", "always_nodes"):
                    targets = [by_template_node[t.pk] for t in getattr(tn, edge).all()]
                    if targets:
                        getattr(node, edge).set(targets)
        return wj


class WorkflowNodeBase(models.Model):
    """The edges both node kinds share (AWX's WorkflowNodeBase)."""

    success_nodes = models.ManyToManyField(
        "self", blank=True, symmetrical=False, related_name="%(class)ss_success"
    )
    failure_nodes = models.ManyToManyField(
        "self", blank=True, symmetrical=False, related_name="%(class)ss_failure"
    )
    always_nodes = models.ManyToManyField(
        "self", blank=True, symmetrical=False, related_name="%(class)ss_always"
    )
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class WorkflowJobTemplateNode(WorkflowNodeBase):
    workflow_job_template = models.ForeignKey(
        WorkflowJobTemplate, on_delete=models.CASCADE, related_name="workflow_job_template_nodes"
    )
    unified_job_template = models.ForeignKey(
        JobTemplate, null=True, blank=True, on_delete=models.SET_NULL, related_name="workflow_nodes"
    )
    identifier = models.CharField(max_length=512, default=uuid.uuid4)
    extra_data = models.JSONField(blank=True, default=dict)

    class Meta:
        ordering = ("pk",)
        constraints = [
            models.UniqueConstraint(
                fields=("workflow_job_template", "identifier"), name="devhost_wfjt_node_identifier"
            )
        ]

    def __str__(self):
        return self.identifier


class UnifiedJob(models.Model):
    name = models.CharField(max_length=512, blank=True, default="")
    status = models.CharField(max_length=20, choices=STATUS_CHOICES, default="new", db_index=True)
    launch_type = models.CharField(max_length=20, default="manual")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)
    started = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)
    extra_vars = models.TextField(blank=True, default="")
    # {variable: "$encrypted$"} for password answers stored encrypted in extra_vars.
    survey_passwords = models.JSONField(blank=True, default=dict)
    job_explanation = models.TextField(blank=True, default="")
    result_stdout = models.TextField(blank=True, default="")
    cancel_flag = models.BooleanField(default=False)
    # AWX's names for where a job runs; the devhost records the worker that
    # claimed it (worker id "host:pid:nonce") in both.
    execution_node = models.TextField(blank=True, default="")
    controller_node = models.TextField(blank=True, default="")
    # Devhost only: a claim is a lease. Its worker extends it while the job
    # runs; once it has passed, the worker is taken as gone and any reaper
    # fails the job (devhost/reaper.py), as AWX reaps the jobs of a lost node.
    lease_expires = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-pk",)

    def __str__(self):
        return f"{self.name} ({self.status})"

    def get_real_instance(self):
        """The concrete Job / WorkflowJob (AWX gets this from django-polymorphic)."""
        if type(self) is not UnifiedJob:
            return self
        for attr in ("job", "workflowjob"):
            try:
                return getattr(self, attr)
            except models.ObjectDoesNotExist:
                continue
        return self

    @property
    def can_start(self):
        return self.status in CAN_START

    @property
    def can_cancel(self):
        return self.status in CAN_CANCEL

    def save_if_status(self, allowed, *, where=None, **fields):
        """Write ``fields`` only while the row's status is one of ``allowed``
        (and matches ``where``): a conditional UPDATE, so a final status
        another process wrote is never overwritten. When it wins, the same
        fields are saved with ``save(update_fields=...)`` in that transaction,
        so post_save fires with the concrete class as in the controller.
        Returns whether it won; when it lost, status and cancel_flag are
        re-read."""
        with transaction.atomic():
            won = UnifiedJob.objects.filter(pk=self.pk, status__in=allowed, **(where or {})).update(
                **fields, modified=timezone.now()
            )
            if won:
                for name, value in fields.items():
                    setattr(self, name, value)
                self.save(update_fields=[*fields, "modified"])
        if not won:
            self.refresh_from_db(fields=["status", "cancel_flag"])
        return bool(won)

    def signal_start(self, **kwargs):
        """new/waiting -> pending; False if the job cannot start (AWX)."""
        if not self.can_start:
            return False
        return self.save_if_status(CAN_START, status="pending")

    def cancel(self, job_explanation=None, is_chain=False):
        """Ask the job to stop (AWX): a job not yet running is canceled at
        once; a running one gets cancel_flag and the worker stops it. Both
        writes are conditional: a job that ended meanwhile keeps its status."""
        if self.can_cancel:
            fields = {"cancel_flag": True}
            if job_explanation is not None:
                fields["job_explanation"] = job_explanation
            with transaction.atomic():
                if self.save_if_status(CAN_CANCEL, **fields):
                    not_started = ("new", "pending", "waiting")
                    self.save_if_status(not_started, status="canceled", finished=timezone.now())
        return self.cancel_flag

    def decrypted_extra_vars(self):
        """extra_vars with password answers decrypted: for the worker only."""
        from .secrets import decrypt_value

        values = parse_extra_vars(self.extra_vars)
        for var in self.survey_passwords or {}:
            if isinstance(values.get(var), str):
                values[var] = decrypt_value(values[var])
        return values


class Job(UnifiedJob):
    job_template = models.ForeignKey(
        JobTemplate, null=True, blank=True, on_delete=models.SET_NULL, related_name="jobs"
    )
    playbook = models.CharField(max_length=1024, blank=True, default="")

    @property
    def event_class(self):
        return JobEvent

    def get_event_queryset(self):
        """AWX: UnifiedJob.get_event_queryset(), the job's events (its output)."""
        return JobEvent.objects.filter(job_id=self.pk)


class JobEvent(models.Model):
    """One event of a playbook run, as AWX's main.JobEvent keeps it: the job's
    output is the ``stdout`` of its events in ``counter`` order, each spanning
    lines ``start_line`` to ``end_line`` (exclusive) of the whole."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="job_events")
    counter = models.PositiveIntegerField(default=0)
    event = models.CharField(max_length=100, default="")
    failed = models.BooleanField(default=False)
    changed = models.BooleanField(default=False)
    task = models.CharField(max_length=1024, blank=True, default="")
    host_name = models.CharField(max_length=1024, blank=True, default="")
    stdout = models.TextField(blank=True, default="")
    start_line = models.PositiveIntegerField(default=0)
    end_line = models.PositiveIntegerField(default=0)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("pk",)
        indexes = [models.Index(fields=("job", "counter"), name="devhost_jobevent_counter")]


class WorkflowJob(UnifiedJob):
    workflow_job_template = models.ForeignKey(
        WorkflowJobTemplate, null=True, blank=True, on_delete=models.SET_NULL, related_name="workflow_jobs"
    )

    @property
    def event_class(self):
        return None  # AWX: a workflow job has no events; its nodes' jobs do


class WorkflowJobNode(WorkflowNodeBase):
    workflow_job = models.ForeignKey(WorkflowJob, on_delete=models.CASCADE, related_name="workflow_job_nodes")
    identifier = models.CharField(max_length=512, default=uuid.uuid4)
    unified_job_template = models.ForeignKey(
        JobTemplate, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    job = models.OneToOneField(
        Job, null=True, blank=True, on_delete=models.SET_NULL, related_name="unified_job_node"
    )
    # This node's survey answers only (password answers encrypted).
    extra_data = models.JSONField(blank=True, default=dict)
    do_not_run = models.BooleanField(default=False)

    class Meta:
        ordering = ("pk",)

    def __str__(self):
        return self.identifier

    def decrypted_extra_data(self):
        """extra_data with password answers decrypted: for the worker only."""
        from .secrets import decrypt_value

        values = dict(self.extra_data or {})
        ujt = self.unified_job_template
        if ujt is not None and ujt.survey_enabled:
            for var in ujt.survey_password_variables():
                if isinstance(values.get(var), str) and values[var].startswith("$encrypted$"):
                    values[var] = decrypt_value(values[var])
        return values
