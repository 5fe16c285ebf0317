"""Portal addresses other modules hand out (notification deep links):
``request_path(pk)`` is the page of one request, which the portal opens
directly, also on reload (portal/urls.py serves it as the portal page)."""

from django.urls import reverse

from forge_catalog import urlmount


def request_path(pk):
    """Site-relative path of a request's page in the portal, e.g.
    /portal/requests/42/ (outside a request too: the mounted urlconf)."""
    return reverse("forge_catalog_portal:request", args=[int(pk)], urlconf=urlmount.mounted_urlconf())
