"""A request's portal address (notification deep links) serves the portal
page itself, so it opens on reload and after the login redirect."""

import json

import pytest
from django.test import Client

from forge_catalog.portal.links import request_path

pytestmark = pytest.mark.django_db


def _config(html):
    marker = '<script id="fc-portal-config" type="application/json">'
    start = html.index(marker) + len(marker)
    return json.loads(html[start : html.index("</script>", start)])


def test_request_path_is_under_the_portal():
    assert request_path(42) == "/portal/requests/42/"


def test_the_deep_link_needs_a_login_and_comes_back(client):
    resp = client.get(request_path(7))
    assert resp.status_code == 302
    assert resp["Location"].startswith("/login/?next=/portal/requests/7/")


def test_the_deep_link_serves_the_portal_with_its_root(alice):
    client = Client()
    client.force_login(alice)
    resp = client.get(request_path(7))
    assert resp.status_code == 200
    assert _config(resp.content.decode())["portalRoot"] == "/portal/"
