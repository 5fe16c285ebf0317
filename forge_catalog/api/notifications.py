"""Notification settings and delivery status (docs/notifications.md "API").

- ``GET/PATCH service_catalog_notification_defaults/{organization id}/``:
  an organization's default templates per kind (its administrators);
- ``GET service_requests/{id}/notifications/``: each message of a request
  and how its delivery went (the item's administrators: 404 for whoever may
  not see the request, 403 for a requester or approver).

The per-item templates are the item's ``notification_templates`` field.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from forge_catalog import authz, lifecycle, notify_config
from forge_catalog.exceptions import NotVisible, PermissionDenied
from forge_catalog.hosts import get_host
from forge_catalog.models import ServiceCatalogItem, ServiceRequest
from forge_catalog.notify_models import OrganizationNotificationDefaults, ServiceRequestNotification

from .exceptions import FieldErrors
from .schema_types import ERROR_RESPONSES
from .serializers import StrictFieldsMixin
from .views import ForgeCatalogViewMixin, object_id


class NotificationDeliverySerializer(serializers.ModelSerializer):
    request = serializers.IntegerField(source="request_id_value", read_only=True)
    notification_template = serializers.SerializerMethodField()
    # The controller's Notification row: its status, error and count.
    notification = serializers.IntegerField(source="notification_id_value", read_only=True, allow_null=True)
    notification_status = serializers.SerializerMethodField()
    notifications_sent = serializers.SerializerMethodField()
    error = serializers.CharField(source="last_error", read_only=True)

    class Meta:
        model = ServiceRequestNotification
        fields = (
            "id",
            "created",
            "modified",
            "request",
            "kind",
            "delivery_id",
            "notification_template",
            "notification",
            "state",
            "attempts",
            "next_attempt_at",
            "sent_at",
            "error",
            "notification_status",
            "notifications_sent",
        )
        read_only_fields = fields

    def _controller(self, obj):
        return (self.context.get("controller") or {}).get(obj.notification_id_value) or {}

    def get_notification_template(self, obj) -> dict:
        return {
            "id": obj.notification_template_id_value,
            "name": obj.notification_template_name,
            "notification_type": obj.notification_type,
        }

    def get_notification_status(self, obj) -> str | None:
        return self._controller(obj).get("status")

    def get_notifications_sent(self, obj) -> int | None:
        return self._controller(obj).get("notifications_sent")


class NotificationDefaultsSerializer(StrictFieldsMixin, serializers.Serializer):
    organization = serializers.IntegerField(read_only=True)
    notification_templates = serializers.JSONField()
    summary_fields = serializers.SerializerMethodField()

    def get_summary_fields(self, obj) -> dict:
        return {"notification_templates": notify_config.templates_summary(obj["notification_templates"])}


class RequestNotificationsViewSet(ForgeCatalogViewMixin, viewsets.GenericViewSet):
    serializer_class = NotificationDeliverySerializer
    queryset = ServiceRequestNotification.objects.none()
    filter_backends = ()

    @extend_schema(
        summary="The request's notifications and their delivery (the item's administrators)",
        responses={200: NotificationDeliverySerializer(many=True), **ERROR_RESPONSES},
    )
    def list(self, request, pk=None):
        queryset = ServiceRequest.objects.select_related(*lifecycle.RELATED)
        service_request = authz.get_object_or_404(queryset, pk=object_id(pk))
        authz.require(request.user, "see_request", request=service_request)
        authz.require(request.user, "list_item_requests", request=service_request)
        rows = ServiceRequestNotification.objects.filter(request_id_value=service_request.pk).order_by(
            "created", "id"
        )
        page = self.paginate_queryset(rows)
        ids = [row.notification_id_value for row in page if row.notification_id_value is not None]
        controller = {
            n["pk"]: n
            for n in get_host()
            .notification_model()
            .objects.filter(pk__in=ids)
            .values("pk", "status", "notifications_sent")
        }
        data = NotificationDeliverySerializer(
            page, many=True, context={**self.get_serializer_context(), "controller": controller}
        ).data
        return self.get_paginated_response(data)


class NotificationDefaultsViewSet(ForgeCatalogViewMixin, viewsets.GenericViewSet):
    serializer_class = NotificationDefaultsSerializer
    queryset = OrganizationNotificationDefaults.objects.none()
    filter_backends = ()
    pagination_class = None
    http_method_names = ("get", "patch", "head", "options")

    def _organization(self, pk):
        """The organization, for its administrators: 404 for whoever cannot
        read it, 403 for a reader who does not administer it."""
        host = get_host()
        organization = authz.get_object_or_404(host.organization_model().objects, pk=object_id(pk))
        probe = ServiceCatalogItem(organization=organization, enabled=True)
        try:
            authz.require(self.request.user, "manage_item", item=probe)
        except NotVisible:
            raise
        except PermissionDenied:
            raise PermissionDenied(
                "Only an administrator of the organization may do this.", code="not_org_admin"
            ) from None
        return organization

    def _data(self, organization):
        row = OrganizationNotificationDefaults.objects.filter(organization=organization).first()
        value = {
            "organization": organization.pk,
            "notification_templates": row.notification_templates if row else {},
        }
        return NotificationDefaultsSerializer(value).data

    @extend_schema(
        summary="An organization's default notification templates per kind (its administrators)",
        responses={200: NotificationDefaultsSerializer, **ERROR_RESPONSES},
    )
    def retrieve(self, request, pk=None):
        return Response(self._data(self._organization(pk)))

    @extend_schema(
        summary="Set an organization's default notification templates (its administrators)",
        request=NotificationDefaultsSerializer,
        responses={200: NotificationDefaultsSerializer, **ERROR_RESPONSES},
    )
    def partial_update(self, request, pk=None):
        organization = self._organization(pk)
        body = NotificationDefaultsSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        if "notification_templates" in body.validated_data:
            value = body.validated_data["notification_templates"]
            problems = notify_config.problems(value, organization.pk)
            if problems:
                raise FieldErrors(problems)
            OrganizationNotificationDefaults.objects.update_or_create(
                organization=organization, defaults={"notification_templates": value}
            )
        return Response(self._data(organization))
