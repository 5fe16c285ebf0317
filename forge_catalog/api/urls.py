"""forge-catalog's API routes, mounted under the host's ``/api/v2/`` by
forge_catalog/urlmount.py's middleware (a host without a per-request urlconf
may also list ``path("api/v2/", include("forge_catalog.api.urls"))``).

SimpleRouter, not DefaultRouter: ``/api/v2/`` itself belongs to the host.
"""

from django.urls import path
from rest_framework.routers import SimpleRouter

from . import bulk, notifications, schema, views

app_name = "forge_catalog_api"

router = SimpleRouter()
router.register("service_catalog_items", views.ServiceCatalogItemViewSet, basename="service_catalog_item")
router.register("service_requests", views.ServiceRequestViewSet, basename="service_request")

urlpatterns = [
    # Before the router: its detail route would take "bulk_decide" for an id.
    path("service_requests/bulk_decide/", bulk.bulk_decide, name="service_request-bulk-decide"),
    path(
        "service_requests/<str:pk>/notifications/",
        notifications.RequestNotificationsViewSet.as_view({"get": "list"}),
        name="service_request-notifications",
    ),
    path(
        "service_catalog_notification_defaults/<str:pk>/",
        notifications.NotificationDefaultsViewSet.as_view({"get": "retrieve", "patch": "partial_update"}),
        name="notification_defaults-detail",
    ),
    *router.urls,
    path(schema.SCHEMA_ROUTE, schema.SchemaView.as_view(), name="schema"),
    path("schema/docs/", schema.DocsView.as_view(url_name="forge_catalog_api:schema"), name="schema-docs"),
]
