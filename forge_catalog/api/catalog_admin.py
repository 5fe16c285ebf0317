"""What the portal's catalog editor asks (issue 10 item 1), as actions of the
item viewset: the organizations the caller administers, the templates and
teams of one of them (search as you type), the categories in use, and a dry
run of a create or a change that answers what saving would answer (field
errors, the item's problems, its survey's problems) plus the request
dialog's launch data for a live preview. Nothing is saved by a dry run; the
rules stay the core's and the serializer's, asked exactly as create and
PATCH ask them. Also favourites (``{id}/favorite/``)."""

from collections.abc import Mapping

from django.db.models import Count
from django.db.models.functions import Lower
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers as drf
from rest_framework.decorators import action
from rest_framework.response import Response

from forge_catalog import _core, authz, expiry, favorites, forms, removals, surveys
from forge_catalog.exceptions import NotVisible
from forge_catalog.hosts import get_host
from forge_catalog.models import ServiceCatalogItem
from forge_catalog.notify_models import NOTIFICATION_KINDS

from .authority import require_manage_target
from .exceptions import _flatten_drf
from .filters import MAX_ID
from .schema_types import ERROR_RESPONSES
from .serializers import DUPLICATE_NAME, ApprovalStepSerializer

MAX_CHOICES = 100


class ChoicesQuerySerializer(drf.Serializer):
    organization = drf.IntegerField(min_value=1, max_value=MAX_ID, help_text="Organization id.")
    # No max_length: a bound the schema documents is one a client may exceed in
    # a URL the web server refuses (414) before Django answers; a long search
    # simply matches nothing, as the list filters' search does.
    search = drf.CharField(required=False, allow_blank=True, trim_whitespace=True)
    page_size = drf.IntegerField(required=False, min_value=1, max_value=MAX_CHOICES, default=20)


def _choices_response(name, fields):
    return inline_serializer(
        name=name,
        fields={
            "count": drf.IntegerField(),
            "results": drf.ListField(child=inline_serializer(name=f"{name}Row", fields=fields)),
        },
    )


_TEMPLATE_ROW = {
    "id": drf.IntegerField(),
    "type": drf.ChoiceField(choices=["job_template", "workflow_job_template"]),
    "name": drf.CharField(),
    "description": drf.CharField(),
    "survey_enabled": drf.BooleanField(),
}
_NAMED_ROW = {"id": drf.IntegerField(), "name": drf.CharField()}
_CATEGORY_ROW = {"name": drf.CharField(), "count": drf.IntegerField()}
_NOTIFICATION_CHOICES = inline_serializer(
    name="OrganizationNotificationTemplates",
    fields={
        "count": drf.IntegerField(),
        "results": drf.ListField(
            child=inline_serializer(
                name="OrganizationNotificationTemplatesRow",
                fields={**_NAMED_ROW, "notification_type": drf.CharField()},
            )
        ),
        # The kinds an item's notification_templates may name (docs/notifications.md).
        "kinds": drf.ListField(child=drf.ChoiceField(choices=list(NOTIFICATION_KINDS))),
    },
)

# A dry run takes a draft as the editor holds it, any fields of any type (an
# item's fields as POST and PATCH take them): every problem comes back in
# `errors`, at its path, beside the preview, rather than as a 400.
_DRAFT = OpenApiTypes.OBJECT

_DRY_RUN_RESPONSE = inline_serializer(
    name="CatalogItemDryRun",
    fields={
        "valid": drf.BooleanField(),
        "errors": drf.ListField(child=drf.DictField()),
        "problems": drf.ListField(child=drf.DictField()),
        "survey_problems": drf.ListField(child=drf.DictField()),
        "launch_data": drf.DictField(allow_null=True),
        # The policy the draft would save, as the item's approval_steps reads.
        "approval_steps": ApprovalStepSerializer(many=True),
        "expiry": inline_serializer(
            name="CatalogItemDryRunExpiry",
            fields={
                "organization_default": inline_serializer(
                    name="ExpiryDefault",
                    fields={
                        "expire_after": drf.IntegerField(),
                        "outcome": drf.CharField(),
                        "remind_every": drf.IntegerField(),
                    },
                ),
                "outcomes": drf.ListField(child=drf.CharField()),
            },
        ),
    },
)


def _search(queryset, text):
    for term in (text or "").split():
        queryset = queryset.filter(name__icontains=term)
    return queryset


def _managed_organization(user, query):
    """The organization of ``?organization=``: 404 unless the caller can read
    it, 403 unless they administer it (the authority to make items there)."""
    host = get_host()
    org = authz.referable(user, host.organization_model().objects).filter(pk=query["organization"]).first()
    if org is None:
        raise NotVisible("Not found.")
    require_manage_target(user, ServiceCatalogItem(organization=org))
    return org


def _parsed_fields(serializer, data):
    """The body's fields that parse on their own (each through its own
    serializer field), so one bad field does not hide the others' verdicts
    or the preview of a template that is fine."""
    values = {}
    if not isinstance(data, Mapping):
        return values
    for key, raw in data.items():
        field = serializer.fields.get(key)
        if field is None or field.read_only or key in serializer.errors:
            continue
        try:
            values[field.source] = field.run_validation(raw)
        except drf.ValidationError:
            continue
    return values


def _preview_item(item):
    """The item as the request dialog reads it (launch_data's catalog_item)."""
    return {
        "id": item.pk,
        "name": item.name,
        "description": item.description,
        "icon": item.icon,
        "category": item.category,
        "tags": item.tags if isinstance(item.tags, list) else [],
        "is_workflow": item.is_workflow,
        "requires_approval": bool(item.requires_approval),
        "approvals_required": item.approvals_required,
        "justification_required": bool(item.justification_required),
        "enabled": bool(item.enabled),
        "survey_problems": surveys.survey_problems(item.underlying_template),
        "approval_steps": ApprovalStepSerializer(_draft_steps(item), many=True).data,
    }


def _field_of(path):
    """The item field an error path is about ("approval_steps[1].quorum")."""
    return path.split("[", 1)[0].split(".", 1)[0]


def _draft_steps(item):
    """The policy the draft would save (approval.item_steps of the saved
    item, but from the draft): its explicit steps, else the shorthand."""
    if not item.requires_approval:
        return []
    pending = getattr(item, "pending_approval_steps", None)
    if pending:
        return pending
    return [{"title": "", "approver_team": item.approver_team, "quorum": item.approvals_required}]


def _expiry_answer(item):
    """The organization's default policy (what the item's unset fields
    take) and the outcomes the core accepts for this draft (approve only
    where the item permits it)."""
    default = expiry.organization_default(item.organization.name if item.organization_id else "")
    outcomes = []
    for outcome in _core.EXPIRY_OUTCOMES:
        try:
            _core.check_expiry_policy(
                expire_after=0,
                remind_every=0,
                outcome=outcome,
                auto_approve_allowed=bool(item.auto_approve_allowed),
            )
        except _core.ValidationError:
            continue
        outcomes.append(outcome)
    return {"organization_default": default, "outcomes": outcomes}


def dry_run(view, request, instance=None):
    """What POST (instance None) or PATCH of ``instance`` would answer, as
    data: nothing is saved."""
    if not isinstance(request.data, Mapping):
        raise drf.ValidationError({"non_field_errors": ["Expected a JSON object of item fields."]})
    serializer = view.get_serializer(instance, data=request.data, partial=instance is not None)
    if serializer.is_valid():
        values = dict(serializer.validated_data)
        errors = []
    else:
        values = _parsed_fields(serializer, request.data)
        errors = _flatten_drf(serializer.errors)
    item = serializer.candidate(values)
    if item.organization_id is not None and (
        instance is None or item.organization_id != instance.organization_id
    ):
        require_manage_target(request.user, item)  # 403 as create and PATCH answer

    fields_reported = {_field_of(e["path"]) for e in errors}
    item_errors, notify_problems = serializer.item_errors(item, values)
    errors += [e for e in item_errors + notify_problems if _field_of(e["path"]) not in fields_reported]
    if "name" not in fields_reported and serializer.name_taken(item):
        errors.append({"path": "name", "code": "unique", "message": DUPLICATE_NAME})

    if instance is None:
        problems = []
    elif "job_template" in values or "workflow_job_template" in values:
        problems = removals.without_template_problems(instance.problems) if not item.template_missing else []
    else:
        problems = instance.current_problems
    launch = None
    if item.underlying_template is not None:
        try:
            launch = {"catalog_item": _preview_item(item), **surveys.launch_data(item)}
            # The preview starts from the defaults the request dialog would show.
            launch["form_state"] = forms.initial_state(item, request.user)
        except _core.ValidationError:
            launch = None  # a spec the core cannot read: survey_problems says why
    return Response(
        {
            "valid": not errors,
            "errors": errors,
            "problems": problems,
            "survey_problems": surveys.survey_problems(item.underlying_template),
            "launch_data": launch,
            "approval_steps": ApprovalStepSerializer(_draft_steps(item), many=True).data,
            "expiry": _expiry_answer(item),
        }
    )


class CatalogAdminActions:
    """The editor's questions (see the module docstring)."""

    def _choices_query(self, request):
        query = ChoicesQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        return query.validated_data

    @extend_schema(
        summary="Organizations whose catalog you manage (the editor's organization picker)",
        responses={200: _choices_response("ManagedOrganizations", _NAMED_ROW), **ERROR_RESPONSES},
    )
    @action(detail=False, methods=["get"], filter_backends=(), pagination_class=None)
    def organizations(self, request):
        orgs = get_host().administered_organizations(request.user).order_by(Lower("name"), "pk")
        rows = [{"id": org.pk, "name": org.name} for org in orgs[: MAX_CHOICES + 1]]
        return Response({"count": orgs.count(), "results": rows[:MAX_CHOICES]})

    @extend_schema(
        summary="Templates of an organization you manage, by name (the editor's template picker)",
        parameters=[ChoicesQuerySerializer],
        responses={200: _choices_response("OrganizationTemplates", _TEMPLATE_ROW), **ERROR_RESPONSES},
    )
    @action(detail=False, methods=["get"], filter_backends=(), pagination_class=None)
    def templates(self, request):
        query = self._choices_query(request)
        org = _managed_organization(request.user, query)
        host, limit = get_host(), query["page_size"]
        kinds = (
            ("job_template", host.organization_job_templates(org)),
            ("workflow_job_template", host.organization_workflow_job_templates(org)),
        )
        rows, count = [], 0
        for kind, queryset in kinds:
            queryset = _search(queryset, query.get("search"))
            count += queryset.count()
            for template in queryset.order_by(Lower("name"), "pk")[:limit]:
                rows.append(
                    {
                        "id": template.pk,
                        "type": kind,
                        "name": template.name,
                        "description": getattr(template, "description", "") or "",
                        "survey_enabled": bool(getattr(template, "survey_enabled", False)),
                    }
                )
        rows.sort(key=lambda r: (r["name"].lower(), r["type"], r["id"]))
        return Response({"count": count, "results": rows[:limit]})

    @extend_schema(
        summary="Teams of an organization you manage, by name (approver and audience pickers)",
        parameters=[ChoicesQuerySerializer],
        responses={200: _choices_response("OrganizationTeams", _NAMED_ROW), **ERROR_RESPONSES},
    )
    @action(detail=False, methods=["get"], filter_backends=(), pagination_class=None)
    def teams(self, request):
        query = self._choices_query(request)
        org = _managed_organization(request.user, query)
        teams = _search(get_host().organization_teams(org), query.get("search")).order_by(Lower("name"), "pk")
        rows = [{"id": team.pk, "name": team.name} for team in teams[: query["page_size"]]]
        return Response({"count": teams.count(), "results": rows})

    @extend_schema(
        summary="Notification templates of an organization you manage, by name (notification picker)",
        parameters=[ChoicesQuerySerializer],
        responses={200: _NOTIFICATION_CHOICES, **ERROR_RESPONSES},
    )
    @action(
        detail=False,
        methods=["get"],
        url_path="notification_templates",
        url_name="notification-templates",
        filter_backends=(),
        pagination_class=None,
    )
    def notification_template_choices(self, request):
        query = self._choices_query(request)
        org = _managed_organization(request.user, query)
        found = get_host().organization_notification_templates(org)
        found = _search(found, query.get("search")).order_by(Lower("name"), "pk")
        rows = [
            {"id": t.pk, "name": t.name, "notification_type": t.notification_type}
            for t in found[: query["page_size"]]
        ]
        return Response({"count": found.count(), "results": rows, "kinds": list(NOTIFICATION_KINDS)})

    @extend_schema(
        summary="Categories of the items you see, with how many items use each",
        responses={200: _choices_response("ItemCategories", _CATEGORY_ROW), **ERROR_RESPONSES},
    )
    @action(detail=False, methods=["get"], filter_backends=(), pagination_class=None)
    def categories(self, request):
        rows = (
            authz.visible_items(request.user)
            .exclude(category="")
            .values("category")
            .annotate(count=Count("pk"))
            .order_by("category")
        )
        results = [{"name": row["category"], "count": row["count"]} for row in rows]
        return Response({"count": len(results), "results": results})

    @extend_schema(
        summary="Dry run of a create: the field errors, problems and preview saving would give",
        operation_id="service_catalog_items_validate_new",
        request=_DRAFT,
        responses={200: _DRY_RUN_RESPONSE, **ERROR_RESPONSES},
    )
    @action(detail=False, methods=["post"], url_path="validate", url_name="validate-new", filter_backends=())
    def validate_new(self, request):
        return dry_run(self, request)

    @extend_schema(
        summary="Dry run of a change to this item: what PATCH would answer, and the preview",
        operation_id="service_catalog_items_validate_changes",
        request=_DRAFT,
        responses={200: _DRY_RUN_RESPONSE, **ERROR_RESPONSES},
    )
    @action(detail=True, methods=["post"], url_path="validate", url_name="validate", filter_backends=())
    def validate_changes(self, request, pk=None):
        item = self.get_object()
        authz.require(request.user, "manage_item", item=item)
        return dry_run(self, request, item)


class FavoriteActions:
    @extend_schema(
        summary="Pin (POST) or unpin (DELETE) this item at the top of your catalog",
        request=None,
        responses={
            200: inline_serializer(name="Favorite", fields={"favorite": drf.BooleanField()}),
            **ERROR_RESPONSES,
        },
    )
    @action(detail=True, methods=["post", "delete"], filter_backends=())
    def favorite(self, request, pk=None):
        item = self.get_object()  # whoever sees the item may pin it
        on = favorites.set_favorite(item, request.user, request.method == "POST")
        return Response({"favorite": on})
