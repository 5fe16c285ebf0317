"""The devhost project's URLs, shaped like AWX's awx/urls.py: ``get_urlpatterns``
builds them for an optional API prefix (the devhost's OptionalURLPrefixPath
middleware calls it per request, as AWX does), and the UI catch-all
``^(?!api/).*`` comes last. forge-catalog's API and portal are not listed:
they are mounted by forge_catalog.urlmount's middleware, as in AWX."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.staticfiles.views import serve
from django.db import transaction
from django.urls import include, path, re_path

from . import site_views

# Files need no database, so no view transaction (ATOMIC_REQUESTS).
serve_static = transaction.non_atomic_requests(serve)


def get_urlpatterns(prefix=None):
    prefix = f"/{prefix}/" if prefix else "/"
    return [
        path(f"api{prefix}", site_views.api_root, {"prefix": prefix}, name="api_root"),
        path(f"api{prefix}v2/", site_views.api_v2_root, {"prefix": prefix}, name="api_v2_root"),
        path("login/", auth_views.LoginView.as_view(template_name="devhost/login.html"), name="login"),
        path("logout/", auth_views.LogoutView.as_view(), name="logout"),
        path("admin/", admin.site.urls),
        path("devhost/", include("forge_catalog.devhost.stdout_urls")),
        # The apps' static files (portal bundle, admin, Swagger UI) under any
        # WSGI server, DEBUG or not: AWX has nginx in front, the devhost not.
        re_path(r"^static/(?P<path>.*)$", serve_static, {"insecure": True}),
        # AWX's nginx answers /favicon.ico from its static files; browsers ask
        # for it on any page that names no icon (the login page).
        path("favicon.ico", serve_static, {"path": "forge_catalog/favicon.svg", "insecure": True}),
        # want api/v2/doesnotexist to answer 404, not the UI (AWX's comment)
        re_path(r"^(?!api/).*", include("forge_catalog.devhost.ui_urls", namespace="ui")),
    ]


urlpatterns = get_urlpatterns()

# JSON under /api/ for what no view answers (unknown URL, bad Host, a crash
# outside a view), Django's pages elsewhere: AWX's handle_error.
handler400 = "forge_catalog.devhost.site_views.handle_400"
handler403 = "forge_catalog.devhost.site_views.handle_403"
handler404 = "forge_catalog.devhost.site_views.handle_404"
handler500 = "forge_catalog.devhost.site_views.handle_500"
