"""forge-catalog's API routes, mounted under the host's ``/api/v2/`` by
forge_catalog/urlmount.py's middleware (a host without a per-request urlconf
may also list ``path("api/v2/", include("forge_catalog.api.urls"))``).

SimpleRouter, not DefaultRouter: ``/api/v2/`` itself belongs to the host.
"""

from django.urls import path
from rest_framework.routers import SimpleRouter

from . import schema, views

app_name = "forge_catalog_api"

router = SimpleRouter()
router.register("service_catalog_items", views.ServiceCatalogItemViewSet, basename="service_catalog_item")
router.register("service_requests", views.ServiceRequestViewSet, basename="service_request")

urlpatterns = [
    *router.urls,
    path(schema.SCHEMA_ROUTE, schema.SchemaView.as_view(), name="schema"),
    path("schema/docs/", schema.DocsView.as_view(url_name="forge_catalog_api:schema"), name="schema-docs"),
]
