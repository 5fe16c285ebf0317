"""forge-catalog's API routes, mounted under the host's ``/api/v2/`` by
forge_catalog/urlmount.py's middleware (a host without a per-request urlconf
may also list ``path("api/v2/", include("forge_catalog.api.urls"))``).

SimpleRouter, not DefaultRouter: ``/api/v2/`` itself belongs to the host.
"""

from django.urls import path
from rest_framework.routers import SimpleRouter

from . import bulk, schema, views

app_name = "forge_catalog_api"

router = SimpleRouter()
router.register("service_catalog_items", views.ServiceCatalogItemViewSet, basename="service_catalog_item")
router.register("service_requests", views.ServiceRequestViewSet, basename="service_request")

urlpatterns = [
    # Before the router: its detail route would take "bulk_decide" for an id.
    path("service_requests/bulk_decide/", bulk.bulk_decide, name="service_request-bulk-decide"),
    *router.urls,
    path(schema.SCHEMA_ROUTE, schema.SchemaView.as_view(), name="schema"),
    path("schema/docs/", schema.DocsView.as_view(url_name="forge_catalog_api:schema"), name="schema-docs"),
]
