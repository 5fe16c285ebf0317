"""The OpenAPI 3 document of forge-catalog's API (drf-spectacular), served
under the app (``schema/``) with a Swagger UI page (``schema/docs/``).

Only forge-catalog's own views are described, at the paths the host mounted
them on; the host's settings (SPECTACULAR_SETTINGS) are left alone.

The docs page loads Swagger UI from drf-spectacular-sidecar's static files
(the host lists ``drf_spectacular_sidecar`` in INSTALLED_APPS), whatever the
host's SWAGGER_UI_DIST says: a controller is often offline, and the default
CDN would leave the page blank there.
"""

from django.templatetags.static import static
from django.urls import include, path, reverse
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

SIDECAR_APP = "drf_spectacular_sidecar"

DESCRIPTION = """\
Self-service catalog of curated automations with an optional approval workflow.

**Errors.** 400 answers carry the core's field errors in one shape:
`{"errors": [{"path": "extra_vars.hostname", "code": "required", "message": "..."}],
"extra_vars.hostname": ["..."]}`: the list keeps every problem in order, and each
path is also a key holding its messages (`non_field_errors` for problems about no
single field). 403: `{"detail", "code"}` with the refusal reason; 404: objects you
may not see answer exactly like objects that do not exist; 409: `{"detail", "code",
"errors"?}` for a state change that is not allowed now. Secrets always read
`$encrypted$`.
"""


def forge_catalog_endpoints(endpoints, **kwargs):
    """Preprocessing hook: keep forge_catalog.api's views, drop the host's and
    the schema views themselves."""
    from .views import ForgeCatalogViewMixin

    return [
        (path, path_regex, method, callback)
        for path, path_regex, method, callback in endpoints
        if issubclass(getattr(callback, "cls", object), ForgeCatalogViewMixin)
    ]


SCHEMA_SETTINGS = {
    "TITLE": "forge-catalog API",
    "DESCRIPTION": DESCRIPTION,
    "VERSION": "2",
    "PREPROCESSING_HOOKS": ["forge_catalog.api.schema.forge_catalog_endpoints"],
    # Separate request/response components: read-only fields stay out of bodies.
    "COMPONENT_SPLIT_REQUEST": True,
}


SCHEMA_ROUTE = "schema/"


class SchemaView(SpectacularAPIView):
    custom_settings = SCHEMA_SETTINGS

    def get(self, request, *args, **kwargs):
        # Describe the API where this request reached it: the host may mount
        # it twice (AWX: /api/v2/ and /api/<prefix>/v2/) and resolve with a
        # urlconf of its own per request (forge_catalog/urlmount.py), so
        # neither ROOT_URLCONF nor every mount is the answer.
        mount = request.path_info[1 : -len(SCHEMA_ROUTE)]
        self.patterns = [path(mount, include("forge_catalog.api.urls"))]
        return super().get(request, *args, **kwargs)


def _sidecar(path):
    return static(f"{SIDECAR_APP}/swagger-ui-dist/{path}")


class DocsView(SpectacularSwaggerView):
    title = SCHEMA_SETTINGS["TITLE"]

    # The view's own resource lookups, not the global SWAGGER_UI_DIST setting.
    @staticmethod
    def _swagger_ui_resource(filename):
        return _sidecar(filename)

    @staticmethod
    def _swagger_ui_favicon():
        return _sidecar("favicon-32x32.png")

    def _get_schema_url(self, request):
        # The schema route in whatever namespace the host mounted us under.
        namespace = getattr(request.resolver_match, "namespace", "") or "forge_catalog_api"
        return reverse(f"{namespace}:schema")
