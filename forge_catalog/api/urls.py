"""forge-catalog's API routes; the host mounts them under its ``/api/v2/``::

    path("api/v2/", include("forge_catalog.api.urls"))

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
    path("schema/", schema.SchemaView.as_view(), name="schema"),
    path("schema/docs/", schema.DocsView.as_view(url_name="forge_catalog_api:schema"), name="schema-docs"),
]
