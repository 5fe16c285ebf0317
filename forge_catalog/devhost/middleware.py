"""AWX's URL routing middleware, reproduced (awx/main/middleware.py,
``OptionalURLPrefixPath``, devel of late 2024).

On every request whose path starts with ``/api/<OPTIONAL_API_URLPATTERN_PREFIX>``
AWX sets ``request.urlconf`` to a tuple of the patterns ``get_urlpatterns``
builds for that prefix (a tuple because Django caches one resolver per
urlconf, and a list is not hashable); on any other request it sets the
controller's urls module by name. Patterns appended to the module's
``urlpatterns`` are therefore never consulted on ``/api/``: forge-catalog has
to mount itself (forge_catalog/urlmount.py), and the devhost does the same as
AWX so the tests prove that mount.
"""

import functools

from django.conf import settings
from django.utils.deprecation import MiddlewareMixin

URLS_MODULE = "forge_catalog.devhost.urls"


@functools.lru_cache
def _url_optional(prefix):
    from forge_catalog.devhost.urls import get_urlpatterns

    return tuple(get_urlpatterns(prefix=prefix))


class OptionalURLPrefixPath(MiddlewareMixin):
    def process_request(self, request):
        prefix = settings.OPTIONAL_API_URLPATTERN_PREFIX

        if request.path.startswith(f"/api/{prefix}"):
            request.urlconf = _url_optional(prefix)
        else:
            request.urlconf = URLS_MODULE
