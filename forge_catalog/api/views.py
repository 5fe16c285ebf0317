"""The API's views. They decide nothing: who may see or do what comes from
``forge_catalog.authz`` (the core's ``decide``), what is valid and which state
comes next from the core through ``forge_catalog.lifecycle``; the views parse,
call, and render.

Lists come from authz's visible querysets. A single object is fetched by id
and then asked about (``authz.require``), so a hidden object and a missing one
both answer the same 404.
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import IntegrityError, transaction
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from forge_catalog import (
    _core,
    approval,
    authz,
    favorites,
    forms,
    joboutput,
    lifecycle,
    removals,
    request_again,
    surveys,
)
from forge_catalog.exceptions import Conflict, NotVisible
from forge_catalog.labels import label_exception, labelled_errors
from forge_catalog.models import ServiceCatalogItem, ServiceRequest, ServiceRequestEvent

from . import filters, request_lists, serializers
from . import output as job_output
from .authority import require_manage_target
from .catalog_admin import CatalogAdminActions, FavoriteActions
from .exceptions import FieldErrors, exception_handler, field_error_body
from .pagination import ControllerPagination
from .parsers import DepthLimitedJSONParser
from .schema_types import CONFLICT_RESPONSE, ERROR_RESPONSES, DryRunResultSerializer, LaunchDataSerializer
from .serializers import DUPLICATE_NAME

ITEM_RELATED = ("organization", "job_template", "workflow_job_template", "approver_team", "audience_team")


class ForgeCatalogViewMixin:
    # What every forge-catalog view shares (a comment, not a docstring: the
    # OpenAPI document would show it on every operation). Authentication
    # classes are the host's (session and basic on the devhost; tokens too
    # inside the controller); authentication is required, the rest is authz's.

    permission_classes = (IsAuthenticated,)
    parser_classes = (DepthLimitedJSONParser,)
    # Any path segment reaches the view (the router's default stops at a dot),
    # so "/items/1.5/" gets this API's 404 body, not the host's.
    lookup_value_regex = r"[^/]+"
    pagination_class = ControllerPagination
    filter_backends = (DjangoFilterBackend,)
    # Not the host's DEFAULT_SCHEMA_CLASS: the schema view needs spectacular's.
    schema = AutoSchema()

    def get_exception_handler(self):
        return exception_handler

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # DRF < 3.16 (AWX pins 3.15) parses JSON from the raw stream, so
        # Django's DATA_UPLOAD_MAX_MEMORY_SIZE check on request.body never
        # runs: refuse an oversized body by its length, as DRF >= 3.16 does.
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if limit is not None and length > limit:
            raise RequestDataTooBig("Request body exceeded settings.DATA_UPLOAD_MAX_MEMORY_SIZE.")

    def get_authenticate_header(self, request):
        # Anonymous calls answer 401 as in the controller (its session
        # authentication names a "Session" scheme), whichever authentication
        # class comes first; DRF would answer 403 behind session auth, which
        # the portal could not tell from a refusal (it reloads to log in on 401).
        return super().get_authenticate_header(request) or "Session"

    def paginated(self, queryset, serializer_class):
        page = self.paginate_queryset(queryset)
        data = serializer_class(page, many=True, context=self.get_serializer_context()).data
        return self.get_paginated_response(data)


def object_id(text):
    """The id in a URL as a primary key, or the 404 of an unknown object: a
    value past the bigint column would be a database error on Django 4.2."""
    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= filters.MAX_ID:
        raise NotVisible("Not found.")
    return int(text)


def _save(serializer, **fields):
    """Save an item; a concurrent save that took the name first is the same
    400 as the check in validate_with_core, not a 500."""
    try:
        with transaction.atomic():
            return serializer.save(**fields)
    except IntegrityError as exc:
        if "fc_item_name_unique_per_org" not in str(exc):
            raise
        raise FieldErrors([{"path": "name", "code": "unique", "message": DUPLICATE_NAME}]) from None


@extend_schema_view(
    list=extend_schema(
        summary="Catalog items you may see",
        responses={200: serializers.ServiceCatalogItemSerializer(many=True), **ERROR_RESPONSES},
    ),
    create=extend_schema(
        summary="Create a catalog item (organization administrators)",
        responses={201: serializers.ServiceCatalogItemSerializer, **ERROR_RESPONSES},
    ),
    retrieve=extend_schema(
        summary="One catalog item",
        responses={200: serializers.ServiceCatalogItemSerializer, **ERROR_RESPONSES},
    ),
    partial_update=extend_schema(
        summary="Change a catalog item (organization administrators)",
        responses={200: serializers.ServiceCatalogItemSerializer, **ERROR_RESPONSES},
    ),
    destroy=extend_schema(
        summary="Delete a catalog item (organization administrators; 409 while it has open requests)",
        responses={204: None, **ERROR_RESPONSES, **CONFLICT_RESPONSE},
    ),
)
class ServiceCatalogItemViewSet(
    CatalogAdminActions,
    FavoriteActions,
    ForgeCatalogViewMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Catalog items: curated, self-service wrappers around exactly one job
    template or workflow job template, with an optional approval policy."""

    serializer_class = serializers.ServiceCatalogItemSerializer
    filterset_class = filters.ServiceCatalogItemFilter
    # The seed lists PATCH only: no PUT.
    http_method_names = ("get", "post", "patch", "delete", "head", "options")

    def get_queryset(self):
        if self.action == "requests":
            # What the action lists (its filterset and schema read the model).
            return ServiceRequest.objects.all()
        if self.action == "list":
            queryset = favorites.annotate(authz.visible_items(self.request.user), self.request.user)
        else:
            queryset = ServiceCatalogItem.objects.all()
        return (
            queryset.select_related(*ITEM_RELATED)
            .prefetch_related(approval.item_steps_prefetch())
            .order_by("name", "id")
        )

    def get_object(self):
        queryset = ServiceCatalogItem.objects.select_related(*ITEM_RELATED)
        queryset = favorites.annotate(queryset, self.request.user)
        queryset = queryset.prefetch_related(approval.item_steps_prefetch())
        item = authz.get_object_or_404(queryset, pk=object_id(self.kwargs["pk"]))
        authz.require(self.request.user, "see_item", item=item)
        return item

    def create(self, request, *args, **kwargs):
        # Order: the body's JSON kinds, then authority over the organization
        # it names (403), then the core's rules for the whole item (400).
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        require_manage_target(request.user, serializer.candidate())
        serializer.validate_with_core()
        item = _save(serializer)
        return Response(self.get_serializer(item).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        item = self.get_object()
        authz.require(request.user, "manage_item", item=item)
        serializer = self.get_serializer(item, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        if serializer.validated_data.get("organization", item.organization) != item.organization:
            # Moving an item needs authority over the target organization too.
            require_manage_target(request.user, serializer.candidate())
        serializer.validate_with_core()
        # The core accepted a template: a deleted one is no longer a problem.
        _save(serializer, problems=removals.without_template_problems(item.problems))
        return Response(self.get_serializer(self.get_object()).data)

    def destroy(self, request, *args, **kwargs):
        item = self.get_object()
        authz.require(request.user, "manage_item", item=item)
        removals.delete_item(item, request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="What the request dialog needs: the template's survey and, for a workflow, each node's",
        responses={200: LaunchDataSerializer, **ERROR_RESPONSES, **CONFLICT_RESPONSE},
    )
    @action(detail=True, methods=["get"], filter_backends=())
    def launch_data(self, request, pk=None):
        # Whoever sees the item may read its form (administrators preview a
        # disabled item's); submitting is decided at submit.
        item = self.get_object()
        removals.require_template(item)
        data = {"catalog_item": self.get_serializer(item).data}
        data.update(surveys.launch_data(item))
        # The form's state for no answers yet (forms.initial_state), so the
        # dialog renders at once.
        data["form_state"] = forms.initial_state(item, request.user)
        return Response(data)

    @extend_schema(
        summary="Requests for this item (organization administrators)",
        responses={200: serializers.ServiceRequestSerializer(many=True), **ERROR_RESPONSES},
    )
    @action(detail=True, methods=["get"], filterset_class=filters.ServiceRequestFilter)
    def requests(self, request, pk=None):
        # The requests list's filters (status, mine, order_by) apply here too.
        item = self.get_object()
        authz.require(request.user, "list_item_requests", item=item)
        queryset = ServiceRequest.objects.filter(catalog_item=item).order_by("-created", "-id")
        queryset = self.filter_queryset(serializers.ServiceRequestSerializer.optimize(queryset))
        return self.paginated(queryset, serializers.ServiceRequestSerializer)

    @extend_schema(
        summary="Dry-run a submit: which questions show, their choices, and every error submit would answer",
        request=serializers.DryRunSerializer,
        responses={200: DryRunResultSerializer, **ERROR_RESPONSES},
    )
    @action(detail=True, methods=["post"], filter_backends=())
    def validate_answers(self, request, pk=None):
        # Not {id}/validate/: that is the catalog editor's dry run of a change.
        item = self.get_object()
        body = serializers.DryRunSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        verdict = lifecycle.dry_run(item, request.user, **body.validated_data)
        return Response(form_state(verdict, item))

    @extend_schema(
        summary="Submit a request for this item",
        request=serializers.SubmitSerializer,
        responses={201: serializers.ServiceRequestSerializer, **ERROR_RESPONSES},
    )
    @action(detail=True, methods=["post"], filter_backends=())
    def submit(self, request, pk=None):
        item = self.get_object()
        body = serializers.SubmitSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            created = lifecycle.submit(item, request.user, **body.validated_data)
        except _core.ValidationError as exc:
            label_exception(exc, item)
            raise
        return Response(_request_data(self, created.pk), status=status.HTTP_201_CREATED)


def form_state(verdict, item):
    """A forms.Verdict as the dry-run answers it (docs/forms.md): the errors
    exactly as submit's 400 body lists them."""
    return {
        "valid": verdict.valid,
        "errors": field_error_body(labelled_errors(verdict.errors, item))["errors"],
        "extra_vars": {"questions": verdict.states.get(None, {})},
        "node_survey_data": {
            identifier: {"questions": states}
            for identifier, states in verdict.states.items()
            if identifier is not None
        },
    }


def _request_data(view, pk):
    """A request as the API shows it, re-read with everything it needs."""
    service_request = serializers.ServiceRequestSerializer.optimize(ServiceRequest.objects).get(pk=pk)
    context = {**view.get_serializer_context(), "detail": True}
    return serializers.ServiceRequestSerializer(service_request, context=context).data


@extend_schema_view(
    list=extend_schema(
        summary="Requests you may see",
        responses={200: serializers.ServiceRequestSerializer(many=True), **ERROR_RESPONSES},
    ),
    retrieve=extend_schema(
        summary="One request", responses={200: serializers.ServiceRequestSerializer, **ERROR_RESPONSES}
    ),
    destroy=extend_schema(
        summary="Delete a request (requester or organization administrator; pending_approval or rejected)",
        responses={204: None, **ERROR_RESPONSES, **CONFLICT_RESPONSE},
    ),
)
class ServiceRequestViewSet(
    ForgeCatalogViewMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Service requests: one person's request to run a catalog item, its
    approval, the job it launched and its audit trail."""

    serializer_class = serializers.ServiceRequestSerializer
    filterset_class = filters.ServiceRequestFilter
    http_method_names = ("get", "post", "delete", "head", "options")

    def get_queryset(self):
        user = self.request.user
        if self.action == "list":
            # ?mine=true lists exactly the caller's own requests (the
            # filterset still applies the parameter, and reports a bad value).
            mine = filters.parse_boolean(self.request.query_params.get("mine"))
            queryset = authz.own_requests(user) if mine else authz.visible_requests(user)
        elif self.action == "counts":
            mine = filters.parse_boolean(self.request.query_params.get("mine"))
            return authz.own_requests(user) if mine else authz.visible_requests(user)
        elif self.action == "pending_approvals":
            queryset = authz.approvable_requests(user)
        else:
            queryset = ServiceRequest.objects.all()
        return serializers.ServiceRequestSerializer.optimize(queryset).order_by("-created", "-id")

    def get_object(self):
        queryset = ServiceRequest.objects.select_related(*lifecycle.RELATED)
        service_request = authz.get_object_or_404(queryset, pk=object_id(self.kwargs["pk"]))
        authz.require(self.request.user, "see_request", request=service_request)
        return service_request

    def retrieve(self, request, *args, **kwargs):
        return Response(_request_data(self, self.get_object().pk))

    def destroy(self, request, *args, **kwargs):
        lifecycle.delete_request(self.get_object(), request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="The approval inbox: pending requests you may approve now",
        responses={200: serializers.ServiceRequestSerializer(many=True), **ERROR_RESPONSES},
    )
    @action(detail=False, methods=["get"])
    def pending_approvals(self, request):
        return self.list(request)

    @extend_schema(
        summary="How many requests of the list each status tab holds (the list's filters, status aside)",
        responses={200: serializers.StatusCountsSerializer, **ERROR_RESPONSES},
    )
    @action(detail=False, methods=["get"], pagination_class=None)
    def counts(self, request):
        return Response(request_lists.status_counts(self, self.get_queryset()))

    @extend_schema(
        summary="The inbox badge: how many requests wait for your decision (capped, with more beyond), "
        "and whether you approve at all",
        responses={200: serializers.InboxSerializer, **ERROR_RESPONSES},
    )
    @action(detail=False, methods=["get"], filter_backends=(), pagination_class=None)
    def inbox(self, request):
        return Response(request_lists.inbox(request.user))

    @extend_schema(
        summary="Request again: this request's answers as a prefill for the item's current form, "
        "with the questions that changed",
        responses={200: serializers.RequestAgainSerializer, **ERROR_RESPONSES, **CONFLICT_RESPONSE},
    )
    @action(detail=True, methods=["get"], filter_backends=(), pagination_class=None)
    def request_again(self, request, pk=None):
        return Response(request_again.prefill(self.get_object(), request.user))

    def _decide(self, request, body_class, call):
        service_request = self.get_object()
        body = body_class(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            call(service_request, body.validated_data)
        except (_core.ValidationError, Conflict) as exc:
            label_exception(exc, service_request.catalog_item)
            raise
        return Response(_request_data(self, service_request.pk))

    @extend_schema(
        summary="Approve (launches the job once enough distinct approvers agreed)",
        request=serializers.ApproveSerializer,
        responses={200: serializers.ServiceRequestSerializer, **ERROR_RESPONSES, **CONFLICT_RESPONSE},
    )
    @action(detail=True, methods=["post"], filter_backends=())
    def approve(self, request, pk=None):
        return self._decide(
            request,
            serializers.ApproveSerializer,
            lambda sr, d: lifecycle.approve(sr, request.user, d["comment"]),
        )

    @extend_schema(
        summary="Reject with a reason",
        request=serializers.RejectSerializer,
        responses={200: serializers.ServiceRequestSerializer, **ERROR_RESPONSES, **CONFLICT_RESPONSE},
    )
    @action(detail=True, methods=["post"], filter_backends=())
    def reject(self, request, pk=None):
        return self._decide(
            request,
            serializers.RejectSerializer,
            lambda sr, d: lifecycle.reject(sr, request.user, d["reason"]),
        )

    @extend_schema(
        summary="Send back to the requester with a question (an approver of the waiting step)",
        request=serializers.RequestInfoSerializer,
        responses={200: serializers.ServiceRequestSerializer, **ERROR_RESPONSES, **CONFLICT_RESPONSE},
    )
    @action(detail=True, methods=["post"], filter_backends=())
    def request_info(self, request, pk=None):
        return self._decide(
            request,
            serializers.RequestInfoSerializer,
            lambda sr, d: lifecycle.request_info(sr, request.user, d["question"]),
        )

    @extend_schema(
        summary="Answer a needs_info request and send it back to the same step (the requester)",
        request=serializers.ResubmitSerializer,
        responses={200: serializers.ServiceRequestSerializer, **ERROR_RESPONSES, **CONFLICT_RESPONSE},
    )
    @action(detail=True, methods=["post"], filter_backends=())
    def resubmit(self, request, pk=None):
        return self._decide(
            request,
            serializers.ResubmitSerializer,
            lambda sr, d: lifecycle.resubmit(
                sr,
                request.user,
                reply=d["reply"],
                justification=d.get("justification"),
                extra_vars=d.get("extra_vars"),
                node_survey_data=d.get("node_survey_data"),
            ),
        )

    @extend_schema(
        summary="Cancel a pending request, or ask a running request's job to cancel",
        request=None,
        responses={200: serializers.ServiceRequestSerializer, **ERROR_RESPONSES, **CONFLICT_RESPONSE},
    )
    @action(detail=True, methods=["post"], filter_backends=())
    def cancel(self, request, pk=None):
        service_request = self.get_object()
        lifecycle.cancel(service_request, request.user)
        return Response(_request_data(self, service_request.pk))

    @extend_schema(
        summary="The request's audit trail, oldest first",
        responses={200: serializers.ServiceRequestEventSerializer(many=True), **ERROR_RESPONSES},
    )
    @action(detail=True, methods=["get"], filter_backends=())
    def events(self, request, pk=None):
        service_request = self.get_object()
        queryset = ServiceRequestEvent.objects.filter(request_id_value=service_request.pk).order_by(
            "created", "id"
        )
        return self.paginated(queryset, serializers.ServiceRequestEventSerializer)

    @extend_schema(
        summary="The output of the request's job (for a workflow, of each node's job), secrets masked",
        parameters=[job_output.OutputQuerySerializer],
        responses={200: job_output.OutputSerializer, **ERROR_RESPONSES, **CONFLICT_RESPONSE},
    )
    @action(detail=True, methods=["get"], filter_backends=(), pagination_class=None)
    def output(self, request, pk=None):
        service_request = self.get_object()
        query = job_output.OutputQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = joboutput.output(
            service_request,
            request.user,
            job_id=query.validated_data.get("job"),
            after=query.validated_data["after"],
            limit=query.validated_data.get("page_size"),
        )
        return Response(data)
