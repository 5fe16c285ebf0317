"""System checks (``manage.py check``, ``awx-manage check``) for the install
step an operator can get wrong without any error at start-up: the URL mount
(forge_catalog/urlmount.py, docs/install-controller.md)."""

from django.conf import settings
from django.core import checks
from django.urls import NoReverseMatch, reverse

MOUNT = "forge_catalog.urlmount.URLMountMiddleware"
# Middleware known to replace request.urlconf: the mount must run after them.
URLCONF_SETTERS = ("awx.main.middleware.OptionalURLPrefixPath",)


def _included_by_root_urlconf():
    try:
        reverse("forge_catalog_api:schema")
    except NoReverseMatch:
        return False
    return True


def check_url_mount(app_configs=None, **kwargs):
    middleware = list(getattr(settings, "MIDDLEWARE", None) or ())
    if MOUNT not in middleware:
        if _included_by_root_urlconf():
            return []
        return [
            checks.Warning(
                "forge-catalog's API and portal are not mounted: no URL answers them.",
                hint=f"MIDDLEWARE += [{MOUNT!r}]",
                id="forge_catalog.W001",
            )
        ]
    after = middleware[middleware.index(MOUNT) + 1 :]
    return [
        checks.Error(
            f"{MOUNT} is listed before {setter}, which replaces request.urlconf and so drops the mount.",
            hint=f"List it after: MIDDLEWARE += [{MOUNT!r}] at the end of the settings.",
            id="forge_catalog.E001",
        )
        for setter in URLCONF_SETTERS
        if setter in after
    ]
