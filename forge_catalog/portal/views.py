"""The portal page. The page itself holds no data: it reads the API with the
session cookie, so it sees exactly what the API lets this user see."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.csrf import ensure_csrf_cookie

# Where the page finds things, overridable per host in settings.FORGE_CATALOG_PORTAL:
#   API_ROOT        the forge-catalog API (the controller's /api/v2/)
#   LOGOUT_URL      a POST target that ends the session (the host's URL named
#                   "logout"; else AWX's, where /logout/ is its UI's catch-all)
# Job output comes from the API (service_requests/{id}/output/), with the
# controller's own page linked by the host adapter: the page knows no
# controller URLs.


AWX_LOGOUT_URL = "/api/logout/"

def _url(name, default, *args):
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return default


def _api_root():
    # Wherever the host mounted the API (forge_catalog/urlmount.py: under
    # AWX's optional prefix when one is set).
    schema = _url("forge_catalog_api:schema", None)
    return schema[: -len("schema/")] if schema else "/api/v2/"


def portal_config(request):
    overrides = getattr(settings, "FORGE_CATALOG_PORTAL", {}) or {}
    user = request.user
    return {
        "apiRoot": overrides.get("API_ROOT", _api_root()),
        "logoutUrl": overrides.get("LOGOUT_URL", _url("logout", AWX_LOGOUT_URL)),
        # Where the page lives, so it can read and write /portal/requests/<id>/
        # and link item pages (/portal/items/<id>/).
        "portalRoot": _url("forge_catalog_portal:portal", "/portal/"),
        "user": {"id": user.pk, "username": user.get_username(), "is_superuser": user.is_superuser},
    }


@login_required
@ensure_csrf_cookie
def portal(request, pk=None):
    return render(request, "forge_catalog/portal.html", {"portal_config": portal_config(request)})
