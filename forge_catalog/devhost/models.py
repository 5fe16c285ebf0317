"""Devhost models: the controller's names and behaviour (awx/main/models),
reduced to what the controller contract (docs/controller-contract.md) and the
devhost worker need.

UnifiedJob uses multi-table inheritance exactly like AWX, so ``post_save``
arrives with the concrete class (Job, WorkflowJob) as sender.
"""

import json
import logging
import uuid

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from .roles import RoleMixin

logger = logging.getLogger("forge_catalog.devhost.models")

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

    def survey_variables(self):
        spec = self.survey_spec or {}
        return [q.get("variable") for q in spec.get("spec", []) or [] if isinstance(q, dict)]

    def accept_or_ignore_variables(self, data):
        """The variables of ``data`` this template takes at launch (AWX:
        _accept_or_ignore_variables): its survey's, and any when it asks for
        variables on launch; the rest is ignored. AWX's survey checks are
        left out: forge-catalog's core made them before the launch."""
        survey = set(self.survey_variables()) if self.survey_enabled else set()
        accepted = {k: v for k, v in data.items() if self.ask_variables_on_launch or k in survey}
        ignored = sorted(set(data) - set(accepted))
        if ignored:
            logger.info("variables %s ignored by %s", ", ".join(ignored), self)
        return accepted

    def create_unified_job(self, **kwargs):
        """A saved job in status ``new``, made the way AWX's
        UnifiedJobTemplate.create_unified_job makes it (awx/main/models/
        unified_jobs.py): password answers encrypted (a value already
        encrypted, such as a stored default, is kept) and listed in
        ``survey_passwords``; a keyword the job does not take is dropped with
        a warning, and then refused as a launch config field with AWX's
        Exception, after the job row was saved (the caller's transaction
        removes it). Answers are not validated here."""
        from .secrets import encrypt_dict

        new_job_passwords = dict(kwargs.pop("survey_passwords", None) or {})
        eager_fields = dict(kwargs.pop("_eager_fields", None) or {})
        launch = kwargs.get("extra_vars") or {}
        launch = parse_extra_vars(launch) if isinstance(launch, str) else dict(launch)
        if self.survey_enabled:
            encrypt_dict(launch, self.survey_password_variables())
            for var in self.survey_password_variables():
                new_job_passwords[var] = "$encrypted$"
        unknown = set(kwargs) - set(JOB_FIELDS)
        if unknown:
            logger.warning(
                "Fields %s are not allowed as overrides to spawn from %s.", ", ".join(sorted(unknown)), self
            )
        # AWX: template extra_vars < survey defaults < launch extra_vars; the
        # caller (forge-catalog's core) already put the defaults in.
        extra = {**self.extra_vars_dict, **launch}
        job = self._unified_job_class().objects.create(
            status="new",
            **self._parent_fields(),
            name=self.name,
            extra_vars=json.dumps(extra),
            survey_passwords=new_job_passwords,
            launch_type=eager_fields.pop("launch_type", "manual"),
            **eager_fields,
        )
        for field_name in kwargs:  # create_config_from_prompts
            if field_name not in LAUNCH_CONFIG_FIELDS:
                raise Exception(f"Unrecognized launch config field {field_name}.")
        return job


# The create_unified_job keywords a devhost job takes. AWX checks two sets,
# _get_unified_job_field_names() (else the warning) and the launch config
# fields, get_ask_mapping() + extra_vars + survey_passwords (else the
# Exception); of both, the devhost models only these.
JOB_FIELDS = LAUNCH_CONFIG_FIELDS = ("extra_vars", "survey_passwords")


class JobTemplate(SurveyTemplateMixin):
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="job_templates"
    )
    playbook = models.CharField(max_length=1024, blank=True, default="")

    class Meta(SurveyTemplateMixin.Meta):
        pass

    def _unified_job_class(self):
        return Job

    def _parent_fields(self):
        return {"job_template": self, "playbook": self.playbook}


class WorkflowJobTemplate(SurveyTemplateMixin):
    """Stock AWX: ``create_unified_job`` has no ``node_survey_data``."""

    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="workflows"
    )

    class Meta(SurveyTemplateMixin.Meta):
        pass

    def _unified_job_class(self):
        return WorkflowJob

    def _parent_fields(self):
        return {"workflow_job_template": self}

    def create_unified_job(self, **kwargs):
        """A saved WorkflowJob in status ``new`` whose WorkflowJobNodes are
        spawned here, before ``signal_start``, copying each template node's
        identifier, extra_data, survey_passwords and edges (AWX:
        WorkflowJobTemplate.create_unified_job -> copy_nodes_from_original)."""
        return self._stock_create_unified_job(**kwargs)

    def _stock_create_unified_job(self, **kwargs):
        wj = super().create_unified_job(**kwargs)
        wj.copy_nodes_from_original(original=self)
        return wj


class NodeSurveyWorkflowJobTemplate(WorkflowJobTemplate):
    """The AWX-derived controller forge-catalog targets: ``create_unified_job``
    takes ``node_survey_data`` ({identifier: answers}) and writes each node's
    answers into that node (password answers encrypted and listed in its
    ``survey_passwords``). A proxy, so both kinds of controller are tested on
    the same rows."""

    class Meta:
        proxy = True

    def create_unified_job(self, *, node_survey_data=None, **kwargs):
        from .secrets import encrypt_dict

        # Not super(): tests also set this method on WorkflowJobTemplate.
        wj = self._stock_create_unified_job(**kwargs)
        for node in wj.workflow_job_nodes.select_related("unified_job_template"):
            answers = dict((node_survey_data or {}).get(node.identifier) or {})
            if not answers:
                continue
            ujt = node.unified_job_template
            secret = ujt.survey_password_variables() if ujt is not None else []
            encrypt_dict(answers, secret)
            node.extra_data = {**(node.extra_data or {}), **answers}
            node.survey_passwords = {
                **(node.survey_passwords or {}),
                **{var: "$encrypted$" for var in secret if var in answers},
            }
            node.save(update_fields=["extra_data", "survey_passwords", "modified"])
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
    # AWX's LaunchTimeConfig: the node's prompts. Password answers in
    # extra_data are encrypted (encrypt_value) and listed in survey_passwords.
    extra_data = models.JSONField(blank=True, default=dict)
    survey_passwords = models.JSONField(blank=True, default=dict)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def create_workflow_job_node(self, **kwargs):
        """A WorkflowJobNode copying this node's fields (AWX: same name)."""
        return WorkflowJobNode.objects.create(
            identifier=self.identifier,
            unified_job_template=self.unified_job_template,
            extra_data=dict(self.extra_data or {}),
            survey_passwords=dict(self.survey_passwords or {}),
            **kwargs,
        )


class WorkflowJobTemplateNode(WorkflowNodeBase):
    workflow_job_template = models.ForeignKey(
        WorkflowJobTemplate, on_delete=models.CASCADE, related_name="workflow_job_template_nodes"
    )
    unified_job_template = models.ForeignKey(
        JobTemplate, null=True, blank=True, on_delete=models.SET_NULL, related_name="workflow_nodes"
    )
    identifier = models.CharField(max_length=512, default=uuid.uuid4)

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

    @property
    def event_class(self):
        # AWX's UnifiedJob raises this; a WorkflowJob inherits it (its nodes'
        # jobs have the events).
        raise NotImplementedError()

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
            if isinstance(values.get(var), str) and values[var].startswith("$encrypted$"):
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
    # AWX keeps the whole event_data; the devhost only a failed task's
    # result message (devhost/worker.py failure_data), never its arguments.
    event_data = models.JSONField(blank=True, default=dict)
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

    def copy_nodes_from_original(self, original):
        """Spawn this workflow job's nodes from the template's, edges too."""
        old_nodes = list(original.workflow_job_template_nodes.prefetch_related(*EDGES))
        new_nodes = {old.pk: old.create_workflow_job_node(workflow_job=self) for old in old_nodes}
        for old in old_nodes:
            for edge in EDGES:
                targets = [new_nodes[t.pk] for t in getattr(old, edge).all()]
                if targets:
                    getattr(new_nodes[old.pk], edge).add(*targets)


EDGES = ("success_nodes", "failure_nodes", "always_nodes")


class WorkflowJobNode(WorkflowNodeBase):
    workflow_job = models.ForeignKey(WorkflowJob, on_delete=models.CASCADE, related_name="workflow_job_nodes")
    identifier = models.CharField(max_length=512, default=uuid.uuid4)
    unified_job_template = models.ForeignKey(
        JobTemplate, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    job = models.OneToOneField(
        Job, null=True, blank=True, on_delete=models.SET_NULL, related_name="unified_job_node"
    )
    do_not_run = models.BooleanField(default=False)

    class Meta:
        ordering = ("pk",)

    def __str__(self):
        return self.identifier

    def get_job_kwargs(self):
        """The create_unified_job keywords of this node's job (AWX:
        WorkflowJobNode.get_job_kwargs, for a job template node): the node's
        extra_data as far as its template accepts it, under the workflow
        job's extra_vars (for a job template node AWX lets the workflow's
        vars win), the workflow's survey_passwords, and _eager_fields.
        Encrypted values pass through as they are; the job template lists
        its own password variables again when it creates the job."""
        ujt = self.unified_job_template
        wj = self.workflow_job
        node_vars = ujt.accept_or_ignore_variables(self.extra_data or {}) if ujt is not None else {}
        extra_vars = {**node_vars, **parse_extra_vars(wj.extra_vars)}
        data = {}
        if extra_vars:
            data["extra_vars"] = extra_vars
        if wj.survey_passwords:
            data["survey_passwords"] = dict(wj.survey_passwords)
        data["_eager_fields"] = {"launch_type": "workflow"}
        if wj.created_by is not None:
            data["_eager_fields"]["created_by"] = wj.created_by
        return data


# AWX's inventories (awx/main/models/inventory.py), in their own module.
from .inventory import Group, Host, Inventory  # noqa: E402, F401

# The controller's notification templates and notifications (AWX's names).
from .notification_models import Notification, NotificationTemplate  # noqa: E402, F401
