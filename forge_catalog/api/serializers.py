"""Serializers: the controller's resource shape (``id``, ``type``, ``url``,
``related``, ``summary_fields``, ``created``, ``modified``, then the fields)
and the seed's payloads. They parse and render; the core validates.

Secrets: a request's stored answers are shown through ``surveys.display``
(the variables it encrypted at submit read ``$encrypted$``) and then the
template's or the node's survey ``redact`` (a variable the survey now calls a
password never shows).
"""

import json
from collections.abc import Mapping

from django.urls import NoReverseMatch, reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from forge_catalog import _core, approval, authz, expiry, favorites, forms, labels, notify_config, surveys
from forge_catalog.api.exceptions import FieldErrors
from forge_catalog.conf import fc_settings
from forge_catalog.hosts import get_host
from forge_catalog.models import (
    ServiceCatalogItem,
    ServiceRequest,
    ServiceRequestApproval,
    ServiceRequestEvent,
)

DUPLICATE_NAME = "A catalog item with this name already exists in this organization."


def _url(serializer, name, *args):
    """Site-relative URL of one of our routes, in whatever namespace the host
    mounted them (the controller shows relative links)."""
    request = serializer.context.get("request")
    namespace = getattr(getattr(request, "resolver_match", None), "namespace", "") or "forge_catalog_api"
    try:
        return reverse(f"{namespace}:{name}", args=args)
    except NoReverseMatch:
        return None


def _user_summary(user):
    if user is None:
        return None
    return {"id": user.pk, "username": user.get_username()}


def _named(obj):
    return None if obj is None else {"id": obj.pk, "name": getattr(obj, "name", str(obj))}


class _Summary(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class _UserSummary(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()


class StrictFieldsMixin:
    """A key the serializer does not know is a 400 naming it, not silently
    dropped (awx-facts.md: nothing a user typed is silently lost). Read-only
    fields a client echoes back from a GET are accepted and ignored."""

    def to_internal_value(self, data):
        unknown = {}
        if isinstance(data, Mapping):
            unknown = {
                key: [serializers.ErrorDetail("Unknown field.", code="unknown_field")]
                for key in data
                if key not in self.fields
            }
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as exc:
            if unknown and isinstance(exc.detail, dict):
                exc.detail.update(unknown)
            raise
        if unknown:
            raise serializers.ValidationError(unknown)
        return value


class ReferableField(serializers.PrimaryKeyRelatedField):
    """An organization, template or approver team named by id. Objects the
    caller cannot see in the controller are not offered: they fail with the
    very message of a missing id (no existence leak); authority over a
    visible organization is the core's decision, asked by the view (403)."""

    def get_queryset(self):
        queryset = super().get_queryset()
        request = self.context.get("request")
        if request is None:
            return queryset
        return authz.referable(request.user, queryset)


@extend_schema_field({"type": "array", "items": {"type": "string"}})
class TagsField(serializers.JSONField):
    pass


class ItemProblemSerializer(serializers.Serializer):
    code = serializers.CharField()  # e.g. "template_missing"
    message = serializers.CharField()
    at = serializers.CharField(required=False)


class _SurveyProblemSerializer(serializers.Serializer):
    path = serializers.CharField()  # e.g. "spec[3].default"
    code = serializers.CharField()
    message = serializers.CharField()


class ItemSummaryFieldsSerializer(serializers.Serializer):
    organization = _Summary()
    job_template = _Summary(allow_null=True)
    workflow_job_template = _Summary(allow_null=True)
    approver_team = _Summary(allow_null=True)
    audience_team = _Summary(allow_null=True)


@extend_schema_field({"type": "integer", "nullable": True})
class _StepTeamField(ReferableField):
    """A step's team: any team the caller may name (the host's Team model)."""

    def get_queryset(self):
        queryset = get_host().team_model().objects.all()
        request = self.context.get("request")
        return queryset if request is None else authz.referable(request.user, queryset)


class ApprovalStepSerializer(StrictFieldsMixin, serializers.Serializer):
    """One step of an item's policy (docs/approvals.md). Quorum and the
    same-organization rule are the core's; here only the JSON kinds."""

    title = serializers.CharField(required=False, allow_blank=True, default="", trim_whitespace=False)
    # null: the organization's admins approve this step.
    approver_team = _StepTeamField(required=False, allow_null=True, default=None)
    quorum = serializers.IntegerField(required=False, default=1, min_value=None, max_value=2**31 - 1)
    # {kind: [template id, ...]} for this step's messages: checked with the
    # item (notify_config, the same-organization rule), as the item's field.
    notification_templates = serializers.JSONField(required=False, default=dict)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        # A PATCH (partial) applies no defaults: the step's are filled here.
        value.setdefault("title", "")
        value.setdefault("approver_team", None)
        value.setdefault("quorum", 1)
        value.setdefault("notification_templates", {})
        return value

    def to_representation(self, instance):
        # A policy step as approval.item_steps gives it, or a stored row.
        step = (
            instance
            if isinstance(instance, Mapping)
            else vars(instance) | {"approver_team": instance.approver_team}
        )
        team = step["approver_team"]
        return {
            "title": step["title"],
            "approver_team": team.pk if team is not None else None,
            "approver_team_name": team.name if team is not None else "",
            "quorum": step["quorum"],
            "notification_templates": step.get("notification_templates") or {},
        }


class ServiceCatalogItemSerializer(StrictFieldsMixin, serializers.ModelSerializer):
    serializer_related_field = ReferableField
    type = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    related = serializers.SerializerMethodField()
    summary_fields = serializers.SerializerMethodField()
    is_workflow = serializers.BooleanField(read_only=True)
    # Why the item cannot work, e.g. its template was deleted in the controller.
    problems = ItemProblemSerializer(source="current_problems", many=True, read_only=True)
    # What of its template's survey can never work (the item still works).
    survey_problems = serializers.SerializerMethodField()
    # Pinned to the top of the caller's catalog (favorites.py).
    favorite = serializers.SerializerMethodField()
    # Passed to the core as given: it reports a non-list or a non-string tag
    # with its own path ("tags[3]"), where DRF would coerce 5 into "5".
    tags = TagsField(required=False)
    # The effective policy (the seed's shorthand reads as one step); writing
    # it replaces the item's steps (docs/approvals.md "The policy model").
    approval_steps = ApprovalStepSerializer(many=True, required=False)

    class Meta:
        model = ServiceCatalogItem
        fields = (
            "id",
            "type",
            "url",
            "related",
            "summary_fields",
            "created",
            "modified",
            "organization",
            "name",
            "description",
            "icon",
            "category",
            "tags",
            "job_template",
            "workflow_job_template",
            "is_workflow",
            "requires_approval",
            "approver_team",
            "approvals_required",
            "approval_steps",
            "audience_team",
            "expire_after",
            "expiry_outcome",
            "remind_every",
            "auto_approve_allowed",
            "notification_templates",
            "enabled",
            "contact",
            "justification_required",
            "form_overlay",
            "node_form_overlays",
            "favorite",
            "problems",
            "survey_problems",
        )
        read_only_fields = ("created", "modified")
        extra_kwargs = {
            # Lengths are the core's to check and report (with its messages).
            "name": {"max_length": None, "trim_whitespace": False, "allow_blank": True},
            "icon": {"max_length": None, "trim_whitespace": False},
            "category": {"max_length": None, "trim_whitespace": False},
            "contact": {"max_length": None, "trim_whitespace": False},
            "description": {"trim_whitespace": False},
            # >= 1 is the core's rule; the cap is the database column's.
            "approvals_required": {"min_value": None, "max_value": 2**31 - 1},
        }
        # The core reports a duplicate-free, complete list; DRF's unique
        # validator would answer before it with a different shape.
        validators = []

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["approval_steps"] = ApprovalStepSerializer(approval.item_steps(instance), many=True).data
        return data

    def get_type(self, obj) -> str:
        return "service_catalog_item"

    def get_url(self, obj) -> str:
        return _url(self, "service_catalog_item-detail", obj.pk)

    def get_related(self, obj) -> dict[str, str]:
        return {
            "launch_data": _url(self, "service_catalog_item-launch-data", obj.pk),
            "requests": _url(self, "service_catalog_item-requests", obj.pk),
            "submit": _url(self, "service_catalog_item-submit", obj.pk),
        }

    def get_favorite(self, obj) -> bool:
        request = self.context.get("request")
        return favorites.is_favorite(obj, getattr(request, "user", None))

    @extend_schema_field(_SurveyProblemSerializer(many=True))
    def get_survey_problems(self, obj):
        """The wrapped template's survey problems (surveys.survey_problems):
        a survey AWX saved never makes the item unusable, but what of it can
        never work is shown here, with the spec path to fix."""
        return surveys.survey_problems(obj.underlying_template)

    @extend_schema_field(ItemSummaryFieldsSerializer)
    def get_summary_fields(self, obj):
        return {
            "organization": _named(obj.organization),
            "job_template": _named(obj.job_template),
            "workflow_job_template": _named(obj.workflow_job_template),
            "approver_team": _named(obj.approver_team),
            "audience_team": _named(obj.audience_team),
        }

    def candidate(self, values=None):
        """The item as it would be saved (not saved): for authz and the core.
        ``values``: parsed fields to use instead of validated_data (the
        editor's dry run, whose body may be partly invalid)."""
        item = ServiceCatalogItem()
        if self.instance is not None:
            for field in ServiceCatalogItem._meta.concrete_fields:
                setattr(item, field.attname, getattr(self.instance, field.attname))
        data = dict(self.validated_data if values is None else values)
        steps = data.pop("approval_steps", None)
        for key, value in data.items():
            setattr(item, key, value)
        if steps is not None:
            item.pending_approval_steps = steps
            if steps:
                # The seed's fields mirror the first step.
                item.approver_team, item.approvals_required = steps[0]["approver_team"], steps[0]["quorum"]
        elif self.instance is not None and ({"approver_team", "approvals_required"} & data.keys()):
            item.pending_approval_steps = []  # back to the one-step shorthand
        elif self.instance is not None:
            item.pending_approval_steps = [
                approval.policy_step(r) for r in self.instance.approval_steps.all()
            ]
        return item

    def save(self, **kwargs):
        """Save the item and its steps together (the caller's transaction)."""
        candidate = self.candidate()
        steps = getattr(candidate, "pending_approval_steps", None)
        data = self.validated_data
        data.pop("approval_steps", None)
        if steps:
            data["approver_team"], data["approvals_required"] = steps[0]["approver_team"], steps[0]["quorum"]
        item = super().save(**kwargs)
        if steps is not None:
            approval.replace_item_steps(item, steps)
        return item

    def name_taken(self, item):
        """Another item of the same organization has this name (a database
        fact: the unique constraint)."""
        clash = ServiceCatalogItem.objects.filter(organization_id=item.organization_id, name=item.name)
        if self.instance is not None:
            clash = clash.exclude(pk=self.instance.pk)
        return item.organization_id is not None and clash.exists()

    @staticmethod
    def item_errors(item, values):
        """What saving ``item`` would refuse, as the core's error lists: the
        core's item rules, its expiry policy and the form overlays, then the
        notification templates named (checked when ``values``, the fields
        given, name them or move the item). Create, PATCH and the editor's
        dry run ask exactly this."""
        errors = []
        try:
            _core.validate_catalog_item(item.core_facts())
        except _core.ValidationError as exc:
            errors += exc.errors
        try:
            expiry.check_item(item)
        except _core.ValidationError as exc:
            errors += exc.errors
        # The form overlays against the surveys they belong to (forms.py).
        errors += forms.overlay_errors(item)
        notify_problems = []
        if "notification_templates" in values or "organization" in values:
            notify_problems = notify_config.problems(item.notification_templates, item.organization_id)
        if "approval_steps" in values or "organization" in values:
            for i, step in enumerate(getattr(item, "pending_approval_steps", None) or ()):
                notify_problems += notify_config.problems(
                    step.get("notification_templates", {}),
                    item.organization_id,
                    field=f"approval_steps[{i}].notification_templates",
                )
        return errors, notify_problems

    def validate_with_core(self):
        """The whole item through the core's validate_catalog_item (raises
        _core.ValidationError: 400 with the core's paths), after the view has
        checked authority. Name uniqueness per organization is a database
        fact, checked here so that it is a 400 and not an IntegrityError."""
        item = self.candidate()
        errors, notify_problems = self.item_errors(item, self.validated_data)
        if errors:
            raise FieldErrors(errors)
        if notify_problems:
            raise FieldErrors(notify_problems)
        if self.name_taken(item):
            raise serializers.ValidationError(
                {"name": [DUPLICATE_NAME]},
                code="unique",
            )


class _ApprovalSerializer(serializers.ModelSerializer):
    user = serializers.SerializerMethodField()

    class Meta:
        model = ServiceRequestApproval
        fields = ("user", "comment", "created")

    @extend_schema_field(_UserSummary)
    def get_user(self, obj):
        return _user_summary(obj.user)


class _JobSummary(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    status = serializers.CharField()


class _ItemSummary(serializers.Serializer):
    id = serializers.IntegerField(allow_null=True)  # null once the item was deleted
    name = serializers.CharField()
    icon = serializers.CharField()
    category = serializers.CharField()
    is_workflow = serializers.BooleanField()
    requires_approval = serializers.BooleanField()
    approvals_required = serializers.IntegerField()


class _VoteSerializer(serializers.Serializer):
    user = _UserSummary(allow_null=True)
    comment = serializers.CharField()
    created = serializers.DateTimeField()
    withdrawn_at = serializers.DateTimeField(allow_null=True)


class PlanStepSerializer(serializers.Serializer):
    position = serializers.IntegerField()
    title = serializers.CharField()
    approver_team = serializers.IntegerField(allow_null=True)  # null: the organization's admins
    approver_team_name = serializers.CharField()
    quorum = serializers.IntegerField()
    state = serializers.ChoiceField(
        choices=["waiting", "pending", "approved", "rejected", "expired", "canceled"]
    )
    entered_at = serializers.DateTimeField(allow_null=True)
    decided_at = serializers.DateTimeField(allow_null=True)
    expires_at = serializers.DateTimeField(allow_null=True)
    escalated = serializers.BooleanField()
    approvals = serializers.IntegerField()  # votes that count
    votes = _VoteSerializer(many=True)


class ThreadEntrySerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["justification", "comment", "question", "reply", "rejection"])
    author = _UserSummary(allow_null=True)
    created = serializers.DateTimeField()
    step = serializers.IntegerField(allow_null=True)  # position of the step it was said at
    text = serializers.CharField()


CAN_FIELDS = ("can_approve", "can_reject", "can_request_info", "can_answer", "can_cancel", "can_delete")


# The audit events that form the thread, and what each contributes.
THREAD_EVENTS = {
    "submit": ("justification", "comment"),
    "approve": ("comment", "comment"),
    "reject": ("rejection", "reason"),
    "request_info": ("question", "comment"),
    "resubmit": ("reply", "comment"),
}


class RequestSummaryFieldsSerializer(serializers.Serializer):
    catalog_item = _ItemSummary()
    requested_by = _UserSummary(allow_null=True)
    decided_by = _UserSummary(allow_null=True)
    job = _JobSummary(allow_null=True)
    approvals = _ApprovalSerializer(many=True)


class AnswerSerializer(serializers.Serializer):
    node = serializers.CharField(allow_null=True)  # the workflow node's identifier; null: the template's
    variable = serializers.CharField()
    label = serializers.CharField()  # the question as the survey asks it now (the variable if none)
    value = serializers.JSONField()  # "$encrypted$" for a secret
    secret = serializers.BooleanField()


class _ApprovalExpirySerializer(serializers.Serializer):
    expires_at = serializers.DateTimeField(allow_null=True)
    expired = serializers.BooleanField()
    outcome = serializers.CharField()  # one of the item's expiry_outcome choices
    escalated = serializers.BooleanField()
    next_reminder_at = serializers.DateTimeField(allow_null=True)


class ServiceRequestSerializer(serializers.ModelSerializer):
    type = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    related = serializers.SerializerMethodField()
    summary_fields = serializers.SerializerMethodField()
    extra_vars = serializers.SerializerMethodField()
    node_survey_data = serializers.SerializerMethodField()
    # The same answers for people: each with its question's label, secrets masked.
    answers = serializers.SerializerMethodField()
    # The waiting step's clock (expiry.py), null when not pending.
    approval_expiry = serializers.SerializerMethodField()
    # What the caller may do now: the core's authority and the step's clock
    # (never approve/reject on an expired step). The portal shows buttons by these.
    can_approve = serializers.SerializerMethodField()
    can_reject = serializers.SerializerMethodField()
    can_cancel = serializers.SerializerMethodField()
    can_request_info = serializers.SerializerMethodField()
    can_answer = serializers.SerializerMethodField()
    can_delete = serializers.SerializerMethodField()
    # Whether the request can still change (the core's final states): the
    # portal polls only what is not final, and keeps no list of its own.
    is_final = serializers.SerializerMethodField()
    # docs/approvals.md "Visible progress".
    approval_plan = serializers.SerializerMethodField()
    current_step = serializers.SerializerMethodField()
    waiting_step = serializers.SerializerMethodField()
    expires_at = serializers.SerializerMethodField()
    thread = serializers.SerializerMethodField()

    class Meta:
        model = ServiceRequest
        fields = (
            "id",
            "type",
            "url",
            "related",
            "summary_fields",
            "created",
            "modified",
            "catalog_item",
            "requested_by",
            "status",
            "justification",
            "extra_vars",
            "node_survey_data",
            "answers",
            "job",
            "failure_reason",
            "decided_by",
            "decided_at",
            "reason",
            "approval_expiry",
            "can_approve",
            "can_reject",
            "can_cancel",
            "can_request_info",
            "can_answer",
            "can_delete",
            "is_final",
            "approval_plan",
            "current_step",
            "waiting_step",
            "step_entered_at",
            "expires_at",
            "thread",
        )
        read_only_fields = fields

    @staticmethod
    def optimize(queryset):
        """Everything the representation reads, in a fixed number of queries
        whatever the page size."""
        return queryset.select_related(
            "catalog_item",
            "catalog_item__organization",
            "catalog_item__approver_team",
            "catalog_item__audience_team",
            "organization",
            "catalog_item__job_template",
            "catalog_item__workflow_job_template",
            "requested_by",
            "decided_by",
            "job",
            "current_step__approver_team",
        ).prefetch_related("approvals__user", approval.request_steps_prefetch())

    def _detail(self):
        """The plan and the thread are in one request's representation
        (detail and the answers of its actions), null in lists; the waiting
        step and the caller's can_* are in both."""
        return bool(self.context.get("detail"))

    def get_type(self, obj) -> str:
        return "service_request"

    def _clock(self, obj):
        memo = self.context.setdefault("_fc_expiry", {})
        if obj.pk not in memo:
            memo[obj.pk] = expiry.summary(obj)
        return memo[obj.pk]

    @extend_schema_field(_ApprovalExpirySerializer(allow_null=True))
    def get_approval_expiry(self, obj):
        clock = self._clock(obj)
        return None if clock is None else _ApprovalExpirySerializer(clock).data

    def _actions(self, obj):
        """The core's request_actions for the caller (authority and state
        together; each role question asked once per page), with the step's
        clock: nothing is decided on an expired step."""
        memo = self.context.setdefault("_fc_actions", {})
        if obj.pk in memo:
            return memo[obj.pk]
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is None:
            actions = dict.fromkeys(CAN_FIELDS, False)
        else:
            actions = authz.request_actions(user, obj, memo=self.context.setdefault("_fc_roles", {}))
            if (self._clock(obj) or {}).get("expired"):
                for name in ("can_approve", "can_reject", "can_request_info"):
                    actions[name] = False
        memo[obj.pk] = actions
        return actions

    def get_can_approve(self, obj) -> bool:
        return self._actions(obj)["can_approve"]

    def get_can_reject(self, obj) -> bool:
        return self._actions(obj)["can_reject"]

    def get_can_cancel(self, obj) -> bool:
        return self._actions(obj)["can_cancel"]

    def get_can_request_info(self, obj) -> bool:
        return self._actions(obj)["can_request_info"]

    def get_can_answer(self, obj) -> bool:
        return self._actions(obj)["can_answer"]

    def get_can_delete(self, obj) -> bool:
        return self._actions(obj)["can_delete"]

    def get_is_final(self, obj) -> bool:
        return obj.is_terminal

    def get_url(self, obj) -> str:
        return _url(self, "service_request-detail", obj.pk)

    def get_related(self, obj) -> dict[str, str]:
        out = {}
        if obj.catalog_item_id is not None:
            out["catalog_item"] = _url(self, "service_catalog_item-detail", obj.catalog_item_id)
        for name in ("events", "approve", "reject", "cancel", "request_again", "request_info", "resubmit"):
            out[name] = _url(self, f"service_request-{name}", obj.pk)
        return out

    @extend_schema_field(RequestSummaryFieldsSerializer)
    def get_summary_fields(self, obj):
        job = obj.job
        return {
            "catalog_item": self._item_summary(obj),
            "requested_by": _user_summary(obj.requested_by),
            "decided_by": _user_summary(obj.decided_by),
            "job": None if job is None else {"id": job.pk, "name": job.name, "status": job.status},
            "approvals": _ApprovalSerializer(obj.approvals.all(), many=True).data,
        }

    @extend_schema_field(PlanStepSerializer(many=True, allow_null=True))
    def get_approval_plan(self, obj):
        """docs/approvals.md "Visible progress": every step, its team, quorum,
        votes (who, when, comment) and state."""
        if not self._detail():
            return None
        votes = {}
        for vote in obj.approvals.all():
            votes.setdefault(vote.step_id, []).append(vote)
        out = []
        for step in approval.plan(obj):
            mine = votes.get(step.pk, [])
            out.append(self._step(step, mine))
            if step.pk == obj.current_step_id:
                out[-1]["expires_at"] = (self._clock(obj) or {}).get("expires_at") or step.expires_at
        return PlanStepSerializer(out, many=True).data

    @staticmethod
    def _step(step, votes):
        return {
            "position": step.position,
            "title": step.title,
            "approver_team": step.approver_team_id,
            "approver_team_name": step.approver_team.name
            if step.approver_team is not None
            else step.approver_team_name,
            "quorum": step.quorum,
            "state": step.state,
            "entered_at": step.entered_at,
            "decided_at": step.decided_at,
            "expires_at": step.expires_at,
            "escalated": step.escalated,
            "approvals": sum(1 for v in votes if v.withdrawn_at is None),
            "votes": [
                {
                    "user": _user_summary(v.user),
                    "comment": v.comment,
                    "created": v.created,
                    "withdrawn_at": v.withdrawn_at,
                }
                for v in votes
            ],
        }

    def get_current_step(self, obj) -> int | None:
        """The waiting step's position (as in approval_plan), or null."""
        return obj.current_step.position if obj.current_step is not None else None

    @extend_schema_field(PlanStepSerializer(allow_null=True))
    def get_waiting_step(self, obj):
        """The waiting step with its votes, or null (lists carry it too)."""
        waiting = obj.current_step
        if waiting is None:
            return None
        votes = [v for v in obj.approvals.all() if v.step_id == waiting.pk]
        step = self._step(waiting, votes)
        step["expires_at"] = (self._clock(obj) or {}).get("expires_at") or waiting.expires_at
        return PlanStepSerializer(step).data

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_expires_at(self, obj):
        """When the waiting step expires (the item's policy, expiry.py), or null."""
        clock = self._clock(obj) if obj.current_step_id is not None else None
        moment = (clock or {}).get("expires_at")
        return None if moment is None else serializers.DateTimeField().to_representation(moment)

    @extend_schema_field(ThreadEntrySerializer(many=True, allow_null=True))
    def get_thread(self, obj):
        """Approvers' comments and questions and the requester's
        justification and replies, one list oldest first (from the audit)."""
        if not self._detail():
            return None
        events = ServiceRequestEvent.objects.filter(
            request_id_value=obj.pk, event__in=tuple(THREAD_EVENTS)
        ).order_by("created", "id")
        out = []
        for event in events:
            kind, field = THREAD_EVENTS[event.event]
            text = getattr(event, field)
            if not text:
                continue
            author = {"id": event.actor_id, "username": event.actor_name} if event.actor_name else None
            out.append(
                {
                    "kind": kind,
                    "author": author,
                    "created": event.created,
                    "step": event.step_position,
                    "text": text,
                }
            )
        return ThreadEntrySerializer(out, many=True).data

    @staticmethod
    def _item_summary(obj):
        item = obj.catalog_item
        if item is None:
            # The item was deleted: the name the request kept.
            return {"id": None, "name": obj.catalog_item_name, "icon": "", "category": "",
                    "is_workflow": False, "requires_approval": False, "approvals_required": 1}  # fmt: skip
        return {
            "id": item.pk,
            "name": item.name,
            "icon": item.icon,
            "category": item.category,
            "is_workflow": item.is_workflow,
            "requires_approval": item.requires_approval,
            "approvals_required": item.approvals_required,
        }

    def _survey(self, template):
        """The template's compiled survey, looked up once per template in a
        page (the lookup hashes the spec to find the cached survey)."""
        if template is None:
            return None  # the item or its template was deleted
        memo = self.context.setdefault("_fc_surveys", {})
        key = (type(template), template.pk)
        if key not in memo:
            try:
                memo[key] = surveys.template_survey(template)
            except _core.Error:
                memo[key] = None  # a spec the core cannot read
        return memo[key]

    def _node_surveys(self, item):
        """{identifier: Survey} of a workflow item's nodes, read once per
        workflow template in a page."""
        memo = self.context.setdefault("_fc_node_surveys", {})
        key = item.workflow_job_template_id
        if key not in memo:
            memo[key] = surveys.node_surveys(item)
        return memo[key]

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_extra_vars(self, obj):
        shown = surveys.display(obj.extra_vars, surveys.encrypted_names(obj.encrypted_variables))
        item = obj.catalog_item
        survey = self._survey(item.underlying_template if item is not None else None)
        # Without a readable survey the encrypted answers are still masked.
        return shown if survey is None else survey.redact(shown)

    @extend_schema_field({"type": "object", "additionalProperties": {"type": "object"}})
    def get_node_survey_data(self, obj):
        item = obj.catalog_item
        workflow = item is not None and item.is_workflow and obj.node_survey_data
        by_node = self._node_surveys(item) if workflow else None
        return surveys.display_nodes(obj.node_survey_data, obj.encrypted_variables, by_node)

    def _labels(self, item):
        """The item's labels, read once per item in a page."""
        memo = self.context.setdefault("_fc_labels", {})
        key = None if item is None else item.pk
        if key not in memo:
            memo[key] = labels.ItemLabels(item)
        return memo[key]

    @extend_schema_field(AnswerSerializer(many=True))
    def get_answers(self, obj):
        return labels.answers_display(
            self.get_extra_vars(obj), self.get_node_survey_data(obj), self._labels(obj.catalog_item)
        )


class StatusCountsSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    status = serializers.DictField(child=serializers.IntegerField())  # every state, 0 included


class InboxSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="Exact up to INBOX_BADGE_CAP; the cap when more wait")
    more = serializers.BooleanField(help_text="More than count requests wait (the badge shows count+)")
    can_approve = serializers.BooleanField()


class DifferenceSerializer(serializers.Serializer):
    node = serializers.CharField(allow_null=True)
    variable = serializers.CharField()
    label = serializers.CharField()
    change = serializers.ChoiceField(choices=("secret", "removed", "new", "changed"))
    message = serializers.CharField()


class RequestAgainSerializer(serializers.Serializer):
    request = serializers.IntegerField()
    catalog_item = serializers.IntegerField()
    justification = serializers.CharField(allow_blank=True)
    extra_vars = serializers.DictField()  # answers to the current survey's questions (no secrets)
    free_form_extra_vars = serializers.DictField()  # the rest, when the template asks for variables
    node_survey_data = serializers.DictField(child=serializers.DictField())
    differences = DifferenceSerializer(many=True)


class ServiceRequestEventSerializer(serializers.ModelSerializer):
    request = serializers.IntegerField(source="request_id_value", read_only=True)
    catalog_item = serializers.IntegerField(source="catalog_item_id_value", read_only=True, allow_null=True)
    job = serializers.IntegerField(source="job_id_value", read_only=True, allow_null=True)
    actor = serializers.SerializerMethodField()

    class Meta:
        model = ServiceRequestEvent
        fields = (
            "id",
            "created",
            "request",
            "catalog_item",
            "catalog_item_name",
            "actor",
            "event",
            "from_state",
            "to_state",
            "reason",
            "comment",
            "job",
        )
        read_only_fields = fields

    @extend_schema_field(_UserSummary(allow_null=True))
    def get_actor(self, obj):
        # actor_name outlives a deleted user; the id only while the user exists.
        if not obj.actor_name:
            return None
        return {"id": obj.actor_id, "username": obj.actor_name}


# -- request bodies -------------------------------------------------------------


def _check_length(value, limit_name):
    limit = getattr(fc_settings, limit_name)
    if len(value) > limit:
        raise serializers.ValidationError(
            f"Ensure this field has no more than {limit} characters (it has {len(value)}).", code="max_length"
        )
    return value


def _json_size(value):
    # surrogatepass: a lone surrogate is measured here and refused by the
    # binding at its path (a 400), never a UnicodeEncodeError (a 500).
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False, default=str)
    return len(text.encode("utf-8", "surrogatepass"))


class SubmitSerializer(StrictFieldsMixin, serializers.Serializer):
    """The seed's submit payload. The answers' content is the core's to judge
    (lifecycle.submit); here only their JSON kind and size."""

    justification = serializers.CharField(required=False, allow_blank=True, default="", trim_whitespace=False)
    extra_vars = serializers.DictField(required=False, default=dict, child=serializers.JSONField())
    node_survey_data = serializers.DictField(
        required=False, default=dict, child=serializers.DictField(child=serializers.JSONField())
    )

    def validate_justification(self, value):
        return _check_length(value, "MAX_JUSTIFICATION_LENGTH")

    def _check_size(self, value):
        limit = fc_settings.MAX_EXTRA_VARS_BYTES
        size = _json_size(value)
        if size > limit:
            raise serializers.ValidationError(
                f"At most {limit} bytes of JSON are accepted (got {size}).", code="max_size"
            )
        return value

    def validate_extra_vars(self, value):
        return self._check_size(value)

    def validate_node_survey_data(self, value):
        return self._check_size(value)


class DryRunSerializer(SubmitSerializer):
    """The dry-run's body: submit's, plus the search text of choices_from
    questions by path (``extra_vars.host``) and how many choices to list."""

    search = serializers.DictField(
        required=False,
        default=dict,
        child=serializers.CharField(allow_blank=True, trim_whitespace=False),
        help_text='{"extra_vars.target_host": "web"}: narrows that question\'s computed choices',
    )
    limit = serializers.IntegerField(
        required=False, min_value=1, help_text="Computed choices listed at most."
    )

    def validate_search(self, value):
        longest = fc_settings.MAX_CHOICES_SEARCH_LENGTH
        if len(value) > 64 or any(len(text) > longest for text in value.values()):
            raise serializers.ValidationError(
                f"At most 64 searches of at most {longest} characters each.", code="max_length"
            )
        return value

    def validate_limit(self, value):
        return min(value, fc_settings.MAX_CHOICES_PAGE_SIZE)


class ApproveSerializer(StrictFieldsMixin, serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="", trim_whitespace=False)

    def validate_comment(self, value):
        return _check_length(value, "MAX_COMMENT_LENGTH")


class RequestInfoSerializer(StrictFieldsMixin, serializers.Serializer):
    # Required-and-not-blank is the core's rule (path "question").
    question = serializers.CharField(required=False, allow_blank=True, default="", trim_whitespace=False)

    def validate_question(self, value):
        return _check_length(value, "MAX_COMMENT_LENGTH")


class ResubmitSerializer(SubmitSerializer):
    """The requester's answer to a needs_info request: a reply and, if they
    changed them, the justification and answers (validated again by the core
    as at submit; omitted ones stay as they were)."""

    reply = serializers.CharField(required=False, allow_blank=True, default="", trim_whitespace=False)
    justification = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    extra_vars = serializers.DictField(required=False, child=serializers.JSONField())
    node_survey_data = serializers.DictField(
        required=False, child=serializers.DictField(child=serializers.JSONField())
    )

    def validate_reply(self, value):
        return _check_length(value, "MAX_COMMENT_LENGTH")


class RejectSerializer(StrictFieldsMixin, serializers.Serializer):
    # Required-and-not-blank is the core's rule (transition "reject" without
    # a reason answers 400 with path "reason"); only the kind and size here.
    reason = serializers.CharField(required=False, allow_blank=True, default="", trim_whitespace=False)

    def validate_reason(self, value):
        return _check_length(value, "MAX_REASON_LENGTH")
