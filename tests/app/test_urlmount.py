"""forge-catalog mounted by settings alone (issue 11 item 1).

The devhost routes like AWX (awx/main/middleware.py ``OptionalURLPrefixPath``
and awx/urls.py ``get_urlpatterns``): every ``/api/<prefix>`` request carries a
per-request tuple of patterns, any other request the controller's module, and
the controller's UI catch-all ``^(?!api/).*`` takes every non-API path. Our
API and portal are reachable only because ``forge_catalog.urlmount``'s
middleware, listed after the controller's, puts them in front of whatever
urlconf the request carries.
"""

import json

import pytest
from django.test import Client
from django.urls import resolve

from forge_catalog import checks, urlmount
from forge_catalog.devhost import urls as devhost_urls

MOUNT = "forge_catalog.urlmount.URLMountMiddleware"
PREFIXES = ["", "controller"]


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def api_root(prefix):
    return f"/api/{prefix}/v2/" if prefix else "/api/v2/"


def portal_config(response):
    html = response.content.decode()
    marker = '<script id="fc-portal-config" type="application/json">'
    start = html.index(marker) + len(marker)
    return json.loads(html[start : html.index("</script>", start)])


def is_devhost_ui(response):
    return response.status_code == 200 and b'data-testid="devhost-ui"' in response.content


@pytest.fixture
def prefix(request, settings):
    settings.OPTIONAL_API_URLPATTERN_PREFIX = request.param
    return request.param


# -- the devhost is AWX: without our middleware, nothing of ours answers ---------


@pytest.mark.django_db
def test_without_the_mount_the_controller_routes_swallow_ours(settings, alice, catalog_item_factory):
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != MOUNT]
    catalog_item_factory()
    client = client_for(alice)
    api = client.get("/api/v2/service_catalog_items/")
    assert api.status_code == 404
    assert isinstance(api.wsgi_request.urlconf, tuple)  # AWX's per-request patterns
    assert is_devhost_ui(client.get("/portal/"))  # the UI catch-all took it


def test_the_devhost_has_no_direct_include_of_ours():
    for pattern in devhost_urls.get_urlpatterns():
        assert getattr(pattern, "app_name", None) not in ("forge_catalog_api", "forge_catalog_portal")


# -- through the mount -------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("prefix", PREFIXES, indirect=True)
def test_the_api_answers_through_the_mount(prefix, alice, catalog_item_factory):
    item = catalog_item_factory()
    client = client_for(alice)
    root = api_root(prefix)
    listed = client.get(root + "service_catalog_items/")
    assert listed.status_code == 200 and listed["Content-Type"] == "application/json"
    (shown,) = listed.json()["results"]
    assert shown["id"] == item.pk and shown["url"] == f"{root}service_catalog_items/{item.pk}/"
    detail = client.get(shown["url"])
    assert detail.status_code == 200 and detail.json()["name"] == item.name
    # AWX answers /api/v2/ whatever the prefix; links follow the path asked.
    plain = client.get("/api/v2/service_catalog_items/")
    assert plain.status_code == 200
    assert plain.json()["results"][0]["url"] == f"/api/v2/service_catalog_items/{item.pk}/"


@pytest.mark.django_db
@pytest.mark.parametrize("prefix", PREFIXES, indirect=True)
def test_the_portal_answers_through_the_mount(prefix, alice):
    page = client_for(alice).get("/portal/")
    assert page.status_code == 200 and b"forge_catalog/dist/portal.js" in page.content
    assert portal_config(page)["apiRoot"] == api_root(prefix)
    assert Client().get("/portal/")["Location"].startswith("/login/?next=/portal/")


@pytest.mark.django_db
@pytest.mark.parametrize("prefix", PREFIXES, indirect=True)
def test_the_schema_describes_the_api_where_it_was_asked(prefix, alice):
    root = api_root(prefix)
    served = client_for(alice).get(root + "schema/", {"format": "json"})
    assert served.status_code == 200
    paths = set(json.loads(served.content)["paths"])
    assert f"{root}service_requests/{{id}}/events/" in paths
    assert all(p.startswith(root) for p in paths)


@pytest.mark.django_db
@pytest.mark.parametrize("prefix", PREFIXES, indirect=True)
def test_unknown_api_paths_answer_json_404(prefix, alice):
    client = client_for(alice)
    root = api_root(prefix)
    for path in (root + "nothing/", root + "service_requests/1/nothing/", "/api/nothing/"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response["Content-Type"] == "application/json", path
        assert response.json()["detail"], path
    assert client.get(root + "service_requests/999999/").json()["code"] == "not_found"
    # The host's own /api/v2/ root is not shadowed by our routes under it.
    version_root = client.get(root)
    assert version_root.status_code == 200 and "devhost" in version_root.json()["description"]


@pytest.mark.django_db
@pytest.mark.parametrize("prefix", PREFIXES, indirect=True)
def test_the_ui_catch_all_still_serves_other_paths(prefix, alice):
    client = client_for(alice)
    for path in ("/", "/jobs/", "/some/deep/page/", "/portalx/"):
        assert is_devhost_ui(client.get(path)), path
    assert client.get("/login/").status_code == 200  # the controller's routes before its catch-all


@pytest.mark.django_db
@pytest.mark.parametrize("prefix", PREFIXES, indirect=True)
def test_the_controller_api_keeps_its_own_routes(prefix):
    # The devhost's API root, as AWX's /api/: under the prefix, and at /api/ too.
    root = Client().get(f"/api/{prefix}/" if prefix else "/api/")
    assert root.status_code == 200 and root.json()["current_version"] == api_root(prefix)
    assert Client().get("/api/").json()["current_version"] == "/api/v2/"


# -- the mount itself ----------------------------------------------------------------


def _urlconfs():
    import forge_catalog.devhost.urls as module

    return {
        "module name": "forge_catalog.devhost.urls",
        "module": module,
        "tuple": tuple(module.get_urlpatterns()),
        "list": module.get_urlpatterns(),
        "none (ROOT_URLCONF)": None,
    }


@pytest.mark.parametrize("kind", list(_urlconfs()))
def test_the_mount_goes_in_front_of_any_urlconf(kind):
    mounted = urlmount.mounted_urlconf(_urlconfs()[kind], "")
    assert resolve("/api/v2/service_requests/", urlconf=mounted).namespace == "forge_catalog_api"
    assert resolve("/portal/", urlconf=mounted).app_name == "forge_catalog_portal"
    assert resolve("/api/", urlconf=mounted).url_name == "api_root"  # the controller's own, after ours
    assert resolve("/elsewhere/", urlconf=mounted).app_name == "ui"
    # The controller's error pages stay in charge (Django finds them on the urlconf).
    assert mounted.handler404 == devhost_urls.handler404


def test_the_mount_is_built_once_per_urlconf_and_prefix():
    patterns = tuple(devhost_urls.get_urlpatterns())
    first = urlmount.mounted_urlconf(patterns, "")
    assert urlmount.mounted_urlconf(patterns, "") is first
    assert urlmount.mounted_urlconf(list(patterns), "") is first
    assert urlmount.mounted_urlconf(patterns, "controller") is not first
    hash(first)  # Django caches one resolver per urlconf: it must be hashable


@pytest.mark.django_db
def test_requests_reuse_the_same_mounted_urlconf(alice):
    client = client_for(alice)
    one = client.get("/api/v2/service_catalog_items/").wsgi_request.urlconf
    two = client.get("/api/v2/service_requests/").wsgi_request.urlconf
    assert one is two and isinstance(one, urlmount.MountedURLConf)


# -- the install check -----------------------------------------------------------------


def test_the_install_check_passes_on_the_devhost():
    assert checks.check_url_mount() == []


def test_the_install_check_warns_when_nothing_mounts_us(settings):
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != MOUNT]
    assert [m.id for m in checks.check_url_mount()] == ["forge_catalog.W001"]


def test_the_install_check_wants_the_mount_after_awx_middleware(settings):
    awx = "awx.main.middleware.OptionalURLPrefixPath"
    settings.MIDDLEWARE = [MOUNT, awx]
    (error,) = checks.check_url_mount()
    assert error.id == "forge_catalog.E001" and "OptionalURLPrefixPath" in error.msg
    settings.MIDDLEWARE = [awx, MOUNT]  # MIDDLEWARE += [...] in a conf.d file
    assert checks.check_url_mount() == []
