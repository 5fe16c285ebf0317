"""Mount forge-catalog's URLs from settings alone: no controller file edited.

AWX chooses a urlconf per request (awx/main/middleware.py,
``OptionalURLPrefixPath``): ``/api/<prefix>`` requests get a tuple of the
patterns ``awx.urls.get_urlpatterns(prefix)`` builds, every other request the
``awx.urls`` module, whose UI route ``^(?!api/).*`` takes every non-API path.
Patterns appended to ``awx/urls.py`` are never consulted on ``/api/``, and
``/portal/`` is AWX's UI. So :class:`URLMountMiddleware`, listed after the
controller's middleware (``MIDDLEWARE += [...]``), puts our patterns in front
of whatever urlconf the request carries (a tuple or list of patterns, a module
or its dotted name, or none: ``ROOT_URLCONF``):

- the API under ``api/v2/``, and under ``api/<prefix>/v2/`` too when AWX's
  ``OPTIONAL_API_URLPATTERN_PREFIX`` is set (AWX then answers both; the
  prefixed one is the default for ``reverse`` since a gateway in front of AWX
  forwards only that one; links follow the path a request came by);
- the portal under ``portal/``.

Everything else falls through to the controller's own patterns, which keep
their order (an unknown ``/api/`` path is the controller's 404, not its UI).
Error handlers (``handler404``...) are the urlconf module's; a bare pattern
tuple has none, so those of ``ROOT_URLCONF`` serve (AWX's ``handle_404``
answers JSON under ``/api/``, where Django's default would answer HTML).

The mounted urlconf is built once per (urlconf, prefix) and reused: the
per-request cost is a cache lookup, and Django's own resolver cache (keyed by
the urlconf object) keeps hitting.
"""

import functools
from importlib import import_module
from types import ModuleType

from django.conf import settings
from django.core.signals import setting_changed
from django.urls import include, path

API_URLS = "forge_catalog.api.urls"
PORTAL_URLS = "forge_catalog.portal.urls"
API_NAMESPACE = "forge_catalog_api"
# The second API mount when a prefix is set: /api/v2/ next to /api/<prefix>/v2/.
PLAIN_API_NAMESPACE = "forge_catalog_api_plain"
PREFIX_SETTING = "OPTIONAL_API_URLPATTERN_PREFIX"
ERROR_HANDLERS = ("handler400", "handler403", "handler404", "handler500")
CACHE_SIZE = 32


@functools.cache
def api_prefix():
    """AWX's optional API prefix ("" when unset or on other controllers).
    A static setting in AWX (defaults.py, not a database setting): read once,
    since a settings read costs as much as the rest of the mount."""
    return (getattr(settings, PREFIX_SETTING, "") or "").strip("/")


def api_root(prefix=None):
    """Where the host serves forge-catalog's API by default."""
    prefix = api_prefix() if prefix is None else prefix
    return f"/api/{prefix}/v2/" if prefix else "/api/v2/"


def forge_catalog_patterns(prefix):
    patterns = [path(api_root(prefix)[1:], include(API_URLS))]
    if prefix:
        patterns.append(path("api/v2/", include((API_URLS, API_NAMESPACE), namespace=PLAIN_API_NAMESPACE)))
    patterns.append(path("portal/", include(PORTAL_URLS)))
    return patterns


class MountedURLConf:
    """Our patterns, then the controller's. A urlconf object to Django
    (``urlpatterns`` and the error handlers), hashable by identity as Django's
    resolver cache needs."""

    def __init__(self, urlpatterns, handlers):
        self.urlpatterns = urlpatterns
        for name, handler in handlers.items():
            setattr(self, name, handler)

    def __repr__(self):
        return f"<MountedURLConf of {len(self.urlpatterns)} patterns>"


def _module(urlconf):
    return import_module(urlconf) if isinstance(urlconf, str) else urlconf


def _handlers(module):
    found = {name: getattr(module, name, None) for name in ERROR_HANDLERS}
    return {name: handler for name, handler in found.items() if handler is not None}


@functools.lru_cache(maxsize=CACHE_SIZE)
def _mounted(urlconf, prefix):
    if isinstance(urlconf, str | ModuleType):
        module = _module(urlconf)
        controller_patterns = list(module.urlpatterns)
        handlers = _handlers(module)
    else:  # a tuple of patterns (AWX's per-request urlconf)
        controller_patterns = list(urlconf)
        handlers = _handlers(_module(settings.ROOT_URLCONF))
    return MountedURLConf(forge_catalog_patterns(prefix) + controller_patterns, handlers)


def mounted_urlconf(urlconf=None, prefix=None):
    """The urlconf to resolve with: ours in front of ``urlconf`` (default
    ``ROOT_URLCONF``). Also what code outside a request passes to
    ``reverse(..., urlconf=...)``."""
    if urlconf is None:
        urlconf = settings.ROOT_URLCONF
    elif isinstance(urlconf, MountedURLConf):
        return urlconf
    elif isinstance(urlconf, list):
        urlconf = tuple(urlconf)
    return _mounted(urlconf, api_prefix() if prefix is None else prefix)


class URLMountMiddleware:
    """List it after the controller's middleware (AWX: after
    ``awx.main.middleware.OptionalURLPrefixPath``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.urlconf = mounted_urlconf(getattr(request, "urlconf", None))
        return self.get_response(request)


def _clear(*, setting, **kwargs):
    # override_settings of the root urlconf or the prefix: build afresh.
    if setting in ("ROOT_URLCONF", PREFIX_SETTING):
        api_prefix.cache_clear()
        _mounted.cache_clear()


setting_changed.connect(_clear)
