"""forge-catalog models (DESIGN.md "Models").

Controller models are referenced through settings (conf.host_model_label),
like AUTH_USER_MODEL. Status values come from the core (``_core.STATES``);
which transitions are legal is the core's business (lifecycle.py).
"""

import django
from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.db.models import Q

from forge_catalog import _core
from forge_catalog.conf import host_model_label
from forge_catalog.step_clock import ENTERED, REMIND_SINCE, REMINDED_STATE, WAITING_STATES

# Django 5.1 renamed CheckConstraint(check=) to condition=; we support 4.2 and 5.2.
_CHECK_KW = "condition" if django.VERSION >= (5, 1) else "check"


def check_constraint(q, name):
    return models.CheckConstraint(**{_CHECK_KW: q, "name": name})


def core_errors_by_field(errors):
    """The core's [{path, code, message}] as Django's {field: [messages]}
    ("tags[2]" belongs to field "tags")."""
    out = {}
    for err in errors:
        field = err.get("path", "").split("[", 1)[0].split(".", 1)[0] or "__all__"
        out.setdefault(field, []).append(DjangoValidationError(err.get("message", ""), code=err.get("code")))
    return out


STATUS_CHOICES = [(s, s.replace("_", " ").capitalize()) for s in _core.STATES]


class ServiceCatalogItem(models.Model):
    """A curated, self-service wrapper around exactly one JT or WFJT."""

    organization = models.ForeignKey(
        host_model_label("ORGANIZATION"), on_delete=models.CASCADE, related_name="service_catalog_items"
    )
    name = models.CharField(max_length=512)
    description = models.TextField(blank=True, default="")
    icon = models.CharField(max_length=64, blank=True, default="")
    category = models.CharField(max_length=64, blank=True, default="", db_index=True)
    tags = models.JSONField(blank=True, default=list)
    # SET_NULL: a template deleted in the controller leaves the item, disabled
    # with a "template_missing" problem (removals.py), never silently gone.
    job_template = models.ForeignKey(
        host_model_label("JOB_TEMPLATE"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="service_catalog_items",
    )
    workflow_job_template = models.ForeignKey(
        host_model_label("WORKFLOW_JOB_TEMPLATE"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="service_catalog_items",
    )
    requires_approval = models.BooleanField(default=False)
    # null: the organization's admins approve (DESIGN.md "Authority and visibility").
    approver_team = models.ForeignKey(
        host_model_label("TEAM"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approvals_required = models.PositiveIntegerField(default=1)
    # Besides the organization's members, who may submit: AWX teams may hold
    # "Organization Audit" (read) but never "Organization Member", so a team
    # of requesters reaches submit through this (awx-facts.md "Roles").
    audience_team = models.ForeignKey(
        host_model_label("TEAM"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Expiry of a pending approval step (expiry.py; the core decides):
    # null/"" take the organization's default from settings
    # (conf.py APPROVAL_EXPIRY, APPROVAL_EXPIRY_BY_ORGANIZATION).
    expire_after = models.PositiveIntegerField(null=True, blank=True)  # seconds, 0: never
    expiry_outcome = models.CharField(
        max_length=16, blank=True, default="", choices=[(o, o) for o in _core.EXPIRY_OUTCOMES]
    )
    remind_every = models.PositiveIntegerField(null=True, blank=True)  # seconds, 0: never
    # Outcome "approve" is allowed only where the item says so explicitly.
    auto_approve_allowed = models.BooleanField(default=False)
    enabled = models.BooleanField(default=True)
    # Who to ask about the item (a name, an address, a chat channel), shown
    # on its page; and whether a request must say why (issue 10).
    contact = models.CharField(max_length=512, blank=True, default="")
    justification_required = models.BooleanField(default=False)
    # {kind: [controller notification template id, ...]} (notify.py); a kind
    # not named here falls back to the organization's defaults.
    notification_templates = models.JSONField(blank=True, default=dict)
    # The request form's overlay on the template's survey, keyed by survey
    # variable (conditions, patterns, formats, choices_from, help, order,
    # sections: docs/forms.md), and one per workflow node, keyed by node
    # identifier. The controller's survey itself is never touched.
    form_overlay = models.JSONField(blank=True, default=dict)
    node_form_overlays = models.JSONField(blank=True, default=dict)
    # What keeps the item from working, for its admins to see and fix:
    # [{"code", "message", "at"}], e.g. code "template_missing".
    problems = models.JSONField(blank=True, default=list)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("name", "pk")
        constraints = [
            models.UniqueConstraint(fields=("organization", "name"), name="fc_item_name_unique_per_org"),
            # At most one at rest: the core requires exactly one on every
            # write, but a template deleted in the controller leaves none.
            check_constraint(
                Q(job_template__isnull=True) | Q(workflow_job_template__isnull=True),
                "fc_item_at_most_one_template",
            ),
            check_constraint(Q(approvals_required__gte=1), "fc_item_approvals_required_min_1"),
        ]
        indexes = [models.Index(fields=("organization", "enabled"), name="fc_item_org_enabled")]

    def __str__(self):
        return self.name

    @property
    def is_workflow(self):
        return self.workflow_job_template_id is not None

    @property
    def underlying_template(self):
        """The JT or WFJT, or None once it was deleted in the controller."""
        return template_of(self)[1]

    @property
    def template_missing(self):
        return self.job_template_id is None and self.workflow_job_template_id is None

    @property
    def current_problems(self):
        """The stored problems, and a missing template even if no receiver
        saw it go (e.g. receivers were disconnected)."""
        problems = [p for p in self.problems or () if isinstance(p, dict)]
        if self.template_missing and not any(p.get("code") == "template_missing" for p in problems):
            problems.append({"code": "template_missing", "message": "The item's template no longer exists."})
        return problems

    def core_facts(self):
        """The item as the core's validate_catalog_item reads it (fc_catalog.h)."""
        jt, wfjt, team = self.job_template, self.workflow_job_template, self.approver_team
        audience = self.audience_team
        return {
            "name": self.name,
            "description": self.description,
            "icon": self.icon,
            "category": self.category,
            "tags": self.tags,
            "job_template": self.job_template_id,
            "workflow_job_template": self.workflow_job_template_id,
            "requires_approval": self.requires_approval,
            "approvals_required": self.approvals_required,
            "enabled": self.enabled,
            "contact": self.contact,
            "justification_required": self.justification_required,
            "organization": self.organization_id,
            "job_template_organization": jt.organization_id if jt is not None else None,
            "workflow_job_template_organization": wfjt.organization_id if wfjt is not None else None,
            "approver_team": self.approver_team_id,
            "approver_team_organization": team.organization_id if team is not None else None,
            "audience_team": self.audience_team_id,
            "audience_team_organization": audience.organization_id if audience is not None else None,
            "approval_steps": self._approval_steps_facts(),
        }

    def _approval_steps_facts(self):
        """The explicit steps (docs/approvals.md): those about to be saved
        (``pending_approval_steps``, set by the API), else the stored rows."""
        from forge_catalog import approval

        steps = getattr(self, "pending_approval_steps", None)
        if steps is None:
            if self.pk is None:
                return None
            rows = sorted(self.approval_steps.all(), key=lambda r: r.position)
            steps = [approval.policy_step(r) for r in rows]
        return approval.steps_core_facts(steps)

    def submit(self, user, **answers):
        """Seed name: ServiceRequest created through the lifecycle."""
        from forge_catalog import lifecycle

        return lifecycle.submit(self, user, **answers)

    def clean(self):
        """Catalog rules (field limits, exactly one template, same
        organization for template and team, the expiry policy) and the form
        overlays' fit with the surveys are the core's."""
        from forge_catalog import expiry, forms

        errors = []
        try:
            _core.validate_catalog_item(self.core_facts())
            expiry.check_item(self)
        except _core.ValidationError as exc:
            errors += exc.errors
        errors += forms.overlay_errors(self)
        if errors:
            raise DjangoValidationError(core_errors_by_field(errors))


def _cache_name(field):
    # Django 5.1 made get_cache_name() the cache_name property; both are the field's name.
    return field.cache_name if hasattr(field, "cache_name") else field.get_cache_name()


_WORKFLOW_ID = ServiceCatalogItem.workflow_job_template.field.attname
_JT_CACHE = _cache_name(ServiceCatalogItem.job_template.field)
_WFJT_CACHE = _cache_name(ServiceCatalogItem.workflow_job_template.field)


def template_of(item):
    """(item.is_workflow, item.underlying_template) without Django's
    descriptor frames (the foreign key's id is a data descriptor, so each read
    is a Python call) where they would return what the instance holds: the
    id in ``__dict__`` and a loaded template in ``_state.fields_cache`` (the
    id's ``__set__`` drops it when the id changes). A deferred id, an
    unloaded relation and a cached None go through the descriptors."""
    try:
        workflow = item.__dict__[_WORKFLOW_ID] is not None
        template = item._state.fields_cache[_WFJT_CACHE if workflow else _JT_CACHE]
    except KeyError:
        template = None
    if template is None:
        workflow = item.workflow_job_template_id is not None
        template = item.workflow_job_template if workflow else item.job_template
    return workflow, template


class ServiceCatalogItemApprovalStep(models.Model):
    """One step of an item's serial approval policy (docs/approvals.md).
    An item with no step rows and ``requires_approval`` has the seed's
    one-step shorthand: ``approver_team`` with ``approvals_required``."""

    catalog_item = models.ForeignKey(
        ServiceCatalogItem, on_delete=models.CASCADE, related_name="approval_steps"
    )
    position = models.PositiveIntegerField()
    title = models.CharField(max_length=512, blank=True, default="")
    # null: the organization's admins approve this step.
    approver_team = models.ForeignKey(
        host_model_label("TEAM"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    quorum = models.PositiveIntegerField(default=1)
    # {kind: [template id, ...]} for this step's messages; a kind not named
    # here falls back to the item's, then the organization's (notify.py).
    notification_templates = models.JSONField(blank=True, default=dict)

    class Meta:
        ordering = ("catalog_item", "position")
        constraints = [
            models.UniqueConstraint(fields=("catalog_item", "position"), name="fc_item_step_position_unique"),
            check_constraint(Q(quorum__gte=1), "fc_item_step_quorum_min_1"),
        ]

    def __str__(self):
        return f"step {self.position + 1} of {self.catalog_item_id}"


class ServiceCatalogFavorite(models.Model):
    """A catalog item one user pinned to the top of their catalog."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    catalog_item = models.ForeignKey(ServiceCatalogItem, on_delete=models.CASCADE, related_name="favorites")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("created", "pk")
        constraints = [
            models.UniqueConstraint(fields=("user", "catalog_item"), name="fc_favorite_once_per_user")
        ]


class ServiceRequest(models.Model):
    """One person's request to run a catalog item; its status follows the
    core's transition table (lifecycle.py is the only writer of status)."""

    # Requests outlive their item (DESIGN.md "Requests are never lost"): the
    # link is cleared, the names kept below say what it was.
    catalog_item = models.ForeignKey(
        ServiceCatalogItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="requests"
    )
    catalog_item_name = models.CharField(max_length=512, blank=True, default="")
    # The item's organization at submit: who administers a request whose
    # item is gone. SET_NULL, never PROTECT: AWX's own deletes must not fail.
    organization = models.ForeignKey(
        host_model_label("ORGANIZATION"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    organization_name = models.CharField(max_length=512, blank=True, default="")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="service_requests"
    )
    status = models.CharField(max_length=32, choices=STATUS_CHOICES, default="created", db_index=True)
    justification = models.TextField(blank=True, default="")
    # Password answers are stored encrypted (secrets.py), never in plaintext.
    extra_vars = models.JSONField(blank=True, default=dict)
    node_survey_data = models.JSONField(blank=True, default=dict)
    # Which answers were encrypted at submit (the core's secret variables):
    # only these are ever decrypted or masked (surveys.py "secrets at rest").
    encrypted_variables = models.JSONField(blank=True, default=dict)
    job = models.ForeignKey(
        host_model_label("UNIFIED_JOB"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    failure_reason = models.TextField(blank=True, default="")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True, default="")
    # The step that waits (approval.py): set while pending_approval or
    # needs_info, null otherwise and for requests that need no approval.
    current_step = models.ForeignKey(
        "ServiceRequestStep", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    step_entered_at = models.DateTimeField(null=True, blank=True)
    # The waiting step's last reminder (tick.py); one from an earlier step
    # (before step_entered_at) counts as none.
    last_reminded_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-created", "-pk")
        indexes = [
            # "My requests": the requester's, newest first.
            models.Index(fields=("requested_by", "-created"), name="fc_req_mine"),
            # Approval inbox: pending requests of the items one may approve.
            models.Index(
                fields=("catalog_item", "-created"),
                name="fc_req_pending_by_item",
                condition=Q(status="pending_approval"),
            ),
            # Inbox of someone who may approve most requests: walk the pending
            # ones newest first and stop at the page size.
            models.Index(
                fields=("-created", "-id"),
                name="fc_req_pending_newest",
                condition=Q(status="pending_approval"),
            ),
            # Requests of an item by status (item admin view, filters).
            models.Index(fields=("catalog_item", "status"), name="fc_req_item_status"),
            # The tick's due filter (tick_due.py): a waiting step's start, for
            # expiry, and its reminder clock; only what is due is read.
            models.Index(ENTERED, name="fc_req_waiting_entered", condition=Q(status__in=WAITING_STATES)),
            models.Index(REMIND_SINCE, name="fc_req_remind_since", condition=Q(status=REMINDED_STATE)),
        ]

    def __str__(self):
        return f"request {self.pk} ({self.status})"

    @property
    def is_terminal(self):
        return _core.is_terminal(self.status)

    # Seed names (ServiceRequest.submit() / approve() / reject()) delegate to
    # the lifecycle module, which owns transactions and locking.
    def approve(self, user, comment=""):
        from forge_catalog import lifecycle

        return lifecycle.approve(self, user, comment=comment)

    def reject(self, user, reason):
        from forge_catalog import lifecycle

        return lifecycle.reject(self, user, reason)

    def cancel(self, user):
        from forge_catalog import lifecycle

        return lifecycle.cancel(self, user)


STEP_STATES = ("waiting", "pending", "approved", "rejected", "expired", "canceled")


class ServiceRequestStep(models.Model):
    """A request's copy of one policy step, taken at submit: a policy edited
    later never changes what a request in flight waits for. Keeps the team's
    name so the plan still reads after the team is deleted."""

    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveIntegerField()
    title = models.CharField(max_length=512, blank=True, default="")
    approver_team = models.ForeignKey(
        host_model_label("TEAM"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approver_team_name = models.CharField(max_length=512, blank=True, default="")
    quorum = models.PositiveIntegerField(default=1)
    state = models.CharField(max_length=16, choices=[(s, s) for s in STEP_STATES], default="waiting")
    entered_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    # When the waiting step expires (the tick, docs/approvals.md "Expiry").
    expires_at = models.DateTimeField(null=True, blank=True)
    # Expired once with outcome escalate: the organization admins decide it.
    escalated = models.BooleanField(default=False)
    # The policy step's notification_templates at submit (notify.py).
    notification_templates = models.JSONField(blank=True, default=dict)

    class Meta:
        ordering = ("request", "position")
        constraints = [
            models.UniqueConstraint(fields=("request", "position"), name="fc_request_step_position_unique"),
            check_constraint(Q(quorum__gte=1), "fc_request_step_quorum_min_1"),
        ]
        indexes = [
            # The inbox: waiting steps by team.
            models.Index(
                fields=("approver_team", "request"), name="fc_step_pending_team", condition=Q(state="pending")
            ),
            # The tick: waiting steps by expiry.
            models.Index(fields=("expires_at",), name="fc_step_pending_expiry", condition=Q(state="pending")),
        ]

    def __str__(self):
        return f"step {self.position + 1} of request {self.request_id} ({self.state})"


class ServiceRequestApproval(models.Model):
    """One distinct approver's vote: each approver counts once per request,
    so nobody approves two steps (separation of duties). A vote on the
    waiting step is withdrawn when the requester changes the answers in a
    needs-info round (docs/approvals.md); withdrawn votes stay as history."""

    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="approvals")
    step = models.ForeignKey(
        ServiceRequestStep, null=True, blank=True, on_delete=models.CASCADE, related_name="approvals"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    comment = models.TextField(blank=True, default="")
    created = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("created", "pk")
        constraints = [
            models.UniqueConstraint(
                fields=("request", "user"),
                name="fc_approval_once_per_user",
                condition=Q(withdrawn_at__isnull=True),
            )
        ]


class ServiceRequestEvent(models.Model):
    """Audit log: one row per state change. Keeps the request id, item and
    actor as plain values so it outlives a deleted request or user."""

    request = models.ForeignKey(
        ServiceRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    request_id_value = models.BigIntegerField(db_index=True)
    catalog_item_id_value = models.BigIntegerField(null=True, blank=True)
    catalog_item_name = models.CharField(max_length=512, blank=True, default="")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(max_length=150, blank=True, default="")
    # A core event name (_core.EVENTS) or "delete" for a deleted request.
    event = models.CharField(max_length=32)
    from_state = models.CharField(max_length=32, blank=True, default="")
    to_state = models.CharField(max_length=32, blank=True, default="")
    reason = models.TextField(blank=True, default="")
    comment = models.TextField(blank=True, default="")
    job_id_value = models.BigIntegerField(null=True, blank=True)
    # The approval step (0-based) the event happened at, if any.
    step_position = models.PositiveIntegerField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ("created", "pk")

    def __str__(self):
        return f"{self.event}: {self.from_state} -> {self.to_state}"


# Notification settings and the outbox (notify_models.py).
from forge_catalog.notify_models import (  # noqa: E402, F401
    OrganizationNotificationDefaults,
    ServiceRequestNotification,
)
