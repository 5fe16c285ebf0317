"""The devhost project's URLs: the API under /api/v2/ as in the controller,
the portal under /portal/, session login shared by both."""

import importlib.util

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView


def _has_module(name):
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


urlpatterns = [
    path("login/", auth_views.LoginView.as_view(template_name="devhost/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("", RedirectView.as_view(url="/portal/", permanent=False)),
]
# Mounted when present, so the devhost runs while those parts are built.
if _has_module("forge_catalog.api.urls"):
    urlpatterns.append(path("api/v2/", include("forge_catalog.api.urls")))
if _has_module("forge_catalog.portal.urls"):
    urlpatterns.append(path("portal/", include("forge_catalog.portal.urls")))
if _has_module("forge_catalog.devhost.stdout_urls"):
    urlpatterns.append(path("devhost/", include("forge_catalog.devhost.stdout_urls")))
