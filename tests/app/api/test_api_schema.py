"""The OpenAPI 3 document: generated without a warning or error (the
equivalent of ``spectacular --validate --fail-on-warn``), valid against the
OpenAPI 3 JSON schema, served by the app, and describing exactly our
endpoints."""

import json

import pytest
from apihelpers import url
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.settings import patched_settings
from drf_spectacular.validation import validate_schema

from forge_catalog import urlmount
from forge_catalog.api.schema import SCHEMA_SETTINGS

# The seed's 14 endpoints, plus cancel, events (DESIGN.md "REST API") and the
# job output a request serves (issue 11 item 7), the catalog editor's
# pickers, dry runs and favourites (issue 10 items 1 and 2),
# and the needs-info round (issue 12 item 3: request_info, resubmit).
EXPECTED_OPERATIONS = {
    ("get", "/api/v2/service_catalog_items/"),
    ("post", "/api/v2/service_catalog_items/"),
    ("get", "/api/v2/service_catalog_items/{id}/"),
    ("patch", "/api/v2/service_catalog_items/{id}/"),
    ("delete", "/api/v2/service_catalog_items/{id}/"),
    ("get", "/api/v2/service_catalog_items/{id}/launch_data/"),
    ("get", "/api/v2/service_catalog_items/{id}/requests/"),
    ("post", "/api/v2/service_catalog_items/{id}/submit/"),
    ("get", "/api/v2/service_catalog_items/organizations/"),
    ("get", "/api/v2/service_catalog_items/templates/"),
    ("get", "/api/v2/service_catalog_items/teams/"),
    ("get", "/api/v2/service_catalog_items/notification_templates/"),
    ("get", "/api/v2/service_catalog_items/categories/"),
    ("post", "/api/v2/service_catalog_items/validate/"),
    ("post", "/api/v2/service_catalog_items/{id}/validate/"),
    ("post", "/api/v2/service_catalog_items/{id}/favorite/"),
    # The request form's dry-run (issue 9 item 3).
    ("post", "/api/v2/service_catalog_items/{id}/validate_answers/"),
    ("delete", "/api/v2/service_catalog_items/{id}/favorite/"),
    ("get", "/api/v2/service_requests/"),
    ("get", "/api/v2/service_requests/pending_approvals/"),
    ("get", "/api/v2/service_requests/{id}/"),
    ("delete", "/api/v2/service_requests/{id}/"),
    ("post", "/api/v2/service_requests/{id}/approve/"),
    ("post", "/api/v2/service_requests/{id}/reject/"),
    ("post", "/api/v2/service_requests/{id}/cancel/"),
    ("get", "/api/v2/service_requests/{id}/events/"),
    ("get", "/api/v2/service_requests/{id}/output/"),
    # The portal's lists and request again (issue 10 items 4-6).
    ("get", "/api/v2/service_requests/counts/"),
    ("get", "/api/v2/service_requests/inbox/"),
    ("post", "/api/v2/service_requests/bulk_decide/"),
    ("get", "/api/v2/service_requests/{id}/request_again/"),
    # Notifications (issue 12 item 5): delivery status, organization defaults.
    ("get", "/api/v2/service_requests/{id}/notifications/"),
    ("get", "/api/v2/service_catalog_notification_defaults/{id}/"),
    ("patch", "/api/v2/service_catalog_notification_defaults/{id}/"),
    # The needs-info round (issue 12 item 3).
    ("post", "/api/v2/service_requests/{id}/request_info/"),
    ("post", "/api/v2/service_requests/{id}/resubmit/"),
}


@pytest.fixture
def schema():
    GENERATOR_STATS.reset()
    with patched_settings(SCHEMA_SETTINGS):
        generated = SchemaGenerator(urlconf=urlmount.mounted_urlconf()).get_schema(request=None, public=True)
    # Anything drf-spectacular complained about fails the test, with its text.
    assert not GENERATOR_STATS, f"schema warnings/errors: {dict(GENERATOR_STATS._warn_cache)} " + str(
        dict(GENERATOR_STATS._error_cache)
    )
    return generated


def test_schema_generates_without_warnings_and_validates(schema):
    validate_schema(schema)


def test_schema_describes_exactly_our_endpoints(schema):
    operations = {(method, path) for path, item in schema["paths"].items() for method in item}
    assert operations == EXPECTED_OPERATIONS


def test_schema_documents_errors_pagination_and_filters(schema):
    items = schema["paths"]["/api/v2/service_catalog_items/"]["get"]
    params = {p["name"] for p in items["parameters"]}
    assert {"category", "enabled", "organization", "search", "order_by", "page", "page_size"} <= params
    requests = schema["paths"]["/api/v2/service_requests/"]["get"]
    assert {"mine", "status", "catalog_item", "order_by"} <= {p["name"] for p in requests["parameters"]}
    item_requests = schema["paths"]["/api/v2/service_catalog_items/{id}/requests/"]["get"]
    assert {"status", "order_by", "page_size"} <= {p["name"] for p in item_requests["parameters"]}
    submit = schema["paths"]["/api/v2/service_catalog_items/{id}/submit/"]["post"]
    assert {"201", "400", "403", "404"} <= set(submit["responses"])
    approve = schema["paths"]["/api/v2/service_requests/{id}/approve/"]["post"]
    assert "409" in approve["responses"]
    listed = items["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    page = schema["components"]["schemas"][listed.rsplit("/", 1)[1]]
    assert {"count", "next", "previous", "results"} <= set(page["properties"])
    assert "errors" in json.dumps(schema["components"]["schemas"]["ValidationError"])


def test_schema_and_docs_are_served(api, alice):
    response = api.get(url("schema"), user=alice, expect=200, format="json")
    served = json.loads(response.content)
    assert served["info"]["title"] == "forge-catalog API"
    assert "/api/v2/service_requests/{id}/events/" in served["paths"]
    docs = api.get(url("schema-docs"), user=alice, expect=200)
    assert b"swagger" in docs.content.lower()
    assert b'"/api/v2/schema/"' in docs.content


def _page_urls(html):
    """Every URL the docs page makes the browser load (src/href attributes)."""
    from html.parser import HTMLParser

    found = []

    class Parser(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.extend(value for name, value in attrs if name in ("src", "href") and value)

    Parser().feed(html)
    return found


@pytest.mark.parametrize("host_dist", [None, "https://cdn.jsdelivr.net/npm/swagger-ui-dist@5"])
def test_docs_page_loads_only_local_static_files(api, alice, settings, host_dist):
    # Whatever the host's SWAGGER_UI_DIST says (default: a CDN), the page
    # uses the sidecar's files, so it renders on an offline controller.
    from django.contrib.staticfiles import finders

    if host_dist is not None:
        settings.SPECTACULAR_SETTINGS = {
            **getattr(settings, "SPECTACULAR_SETTINGS", {}),
            "SWAGGER_UI_DIST": host_dist,
        }
    html = api.get(url("schema-docs"), user=alice, expect=200).content.decode()
    assert "://" not in html and "cdn" not in html.lower()
    loaded = _page_urls(html)
    assert {u.rsplit("/", 1)[1] for u in loaded} >= {
        "swagger-ui.css",
        "swagger-ui-bundle.js",
        "swagger-ui-standalone-preset.js",
    }
    for path in loaded:
        assert path.startswith(settings.STATIC_URL), path
        # Served by the host's static files (drf_spectacular_sidecar installed).
        assert finders.find(path.removeprefix(settings.STATIC_URL)), f"no static file behind {path}"


def test_parameters_are_typed_as_the_server_reads_them(schema):
    # Issue 7 item 10: ids are whole numbers; page and page_size start at 1.
    def parameter(path, name):
        params = schema["paths"][path]["get"]["parameters"]
        return next(p for p in params if p["name"] == name)["schema"]

    for path, name in [
        ("/api/v2/service_requests/", "catalog_item"),
        ("/api/v2/service_catalog_items/", "organization"),
    ]:
        id_schema = parameter(path, name)
        assert id_schema["type"] == "integer" and id_schema["minimum"] == 1, (path, name, id_schema)
    for name in ("page", "page_size"):
        assert parameter("/api/v2/service_requests/", name) == {"type": "integer", "minimum": 1}


def test_request_bodies_are_json_only(schema):
    # The one parser every endpoint uses (parsers.py) reads JSON only.
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if "requestBody" in operation:
                assert set(operation["requestBody"]["content"]) == {"application/json"}, (method, path)
