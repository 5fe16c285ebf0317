"""System checks (``manage.py check``, ``awx-manage check``) for the install
steps an operator can get wrong without any error at start-up: the URL mount
(forge_catalog/urlmount.py, docs/install-controller.md) and the approval
expiry defaults (docs/approvals.md)."""

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


def check_expiry_settings(app_configs=None, **kwargs):
    """FORGE_CATALOG's APPROVAL_EXPIRY and APPROVAL_EXPIRY_BY_ORGANIZATION,
    through the core's policy check. A bad one is ignored at run time (the
    step never expires), so say so here."""
    from forge_catalog import expiry
    from forge_catalog.conf import fc_settings

    found = []
    layers = [("APPROVAL_EXPIRY", fc_settings.APPROVAL_EXPIRY)]
    by_org = fc_settings.APPROVAL_EXPIRY_BY_ORGANIZATION
    if not isinstance(by_org, dict):
        layers.append(("APPROVAL_EXPIRY_BY_ORGANIZATION", by_org))
    else:
        layers += [(f"APPROVAL_EXPIRY_BY_ORGANIZATION[{name!r}]", value) for name, value in by_org.items()]
    for name, value in layers:
        if name == "APPROVAL_EXPIRY_BY_ORGANIZATION":
            problems = ["must be a dict of organization name to policy"]
        else:
            problems = expiry.settings_problems(value)
        found += [
            checks.Error(
                f"FORGE_CATALOG[{name}]: {problem}; it is ignored (steps never expire by it).",
                hint="docs/approvals.md, 'Expiry and reminders'",
                id="forge_catalog.E002",
            )
            for problem in problems
        ]
    return found
