"""Issue 7 items 6, 9, 10: a server error is a short JSON answer with the
request id, its traceback is logged under that id whatever DEBUG is, a lock
timeout is a 503 with Retry-After, and every /api/ answer is JSON."""

import io
import logging

import pytest
from apihelpers import body, url
from django.db import OperationalError
from rest_framework.test import APIClient

from forge_catalog import surveys
from forge_catalog.request_id import HEADER


@pytest.fixture
def request_log():
    """What the devhost's configured django.request handler writes."""
    # The LOGGING handlers (pytest adds capture handlers of its own).
    handlers = [h for h in logging.getLogger("django.request").handlers if type(h) is logging.StreamHandler]
    assert handlers, "django.request has no handler: 5xx would be logged nowhere"
    streams = []
    for handler in handlers:
        stream = io.StringIO()
        streams.append((handler, handler.setStream(stream), stream))
    yield lambda: "".join(s.getvalue() for _, _, s in streams)
    for handler, old, _ in streams:
        handler.setStream(old)


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_crash_is_a_short_json_500_with_the_request_id_and_a_logged_traceback(
    alice, catalog_item_factory, monkeypatch, request_log, settings
):
    assert settings.DEBUG is False
    item = catalog_item_factory()

    def boom(item):
        raise RuntimeError("secret internals: password=hunter2")

    monkeypatch.setattr(surveys, "launch_data", boom)
    response = client_for(alice).get(url("service_catalog_item-launch-data", item.pk))
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    data = body(response)
    assert data["code"] == "server_error"
    assert data["request_id"] == response[HEADER]
    assert "hunter2" not in response.content.decode()
    log = request_log()
    assert "Traceback" in log and "RuntimeError: secret internals" in log
    assert data["request_id"] in log
    assert log.count("Internal Server Error") == 1  # logged once, with the traceback


def test_a_database_lock_timeout_is_a_503_with_retry_after(
    alice, catalog_item_factory, monkeypatch, request_log
):
    item = catalog_item_factory()

    def locked(item):
        raise OperationalError("database is locked")

    monkeypatch.setattr(surveys, "launch_data", locked)
    response = client_for(alice).get(url("service_catalog_item-launch-data", item.pk))
    assert response.status_code == 503
    assert int(response["Retry-After"]) >= 1
    assert body(response)["code"] == "busy"
    assert body(response)["request_id"] == response[HEADER]
    assert "database is locked" in request_log()


def test_the_callers_request_id_is_kept_when_sane(alice):
    client = client_for(alice)
    sane = client.get(url("service_catalog_item-list"), HTTP_X_REQUEST_ID="proxy-42.a:b")
    assert sane[HEADER] == "proxy-42.a:b"
    forged = client.get(url("service_catalog_item-list"), HTTP_X_REQUEST_ID="x\nERROR fake line")
    assert forged[HEADER] != "x\nERROR fake line" and len(forged[HEADER]) == 32


@pytest.mark.parametrize(
    "path",
    [
        "/api/v2/service_requests/1.5/",
        "/api/v2/service_requests/abc/",
        "/api/v2/service_requests/99999999999999999999999/",
        "/api/v2/service_catalog_items/-1/",
        "/api/v2/service_catalog_items/.exe/",
        "/api/v2/service_requests/1.48e-290/events/",
        "/api/v2/no_such_endpoint/",
        "/api/v2/service_requests/1/no_such_action/",
    ],
)
def test_every_api_404_is_json(alice, path):
    response = client_for(alice).get(path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert body(response)["detail"]


def test_a_method_not_allowed_is_json(org_admin, catalog_item_factory):
    item = catalog_item_factory()
    response = client_for(org_admin).put(url("service_catalog_item-detail", item.pk), {}, format="json")
    assert response.status_code == 405
    assert response["Content-Type"].startswith("application/json")


@pytest.mark.parametrize("pk", ["1.5", ".exe", "1e3", "99999999999999999999999", "0", "%C2%B2"])
def test_an_id_that_is_no_object_id_gets_this_apis_404(alice, pk):
    # The schema's 404 body (detail and code), from our view, not the host's.
    response = client_for(alice).get(f"/api/v2/service_requests/{pk}/")
    assert response.status_code == 404
    assert body(response) == {"detail": "Not found.", "code": "not_found"}
