"""List endpoints: controller pagination, page_size (capped), order_by
(whitelisted, '-' prefix), search, the seed's filters, and a constant number
of queries whatever the page size."""

import pytest
from apihelpers import body, url
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forge_catalog import lifecycle
from forge_catalog.api.pagination import ControllerPagination


@pytest.fixture
def items(catalog_item_factory, job_template_factory):
    jt = job_template_factory()
    specs = [
        ("Restart nginx", "web", ["nginx", "ops"], "Restarts the web server"),
        ("Provision VM", "compute", ["vm"], "A new virtual machine"),
        ("Rotate DB password", "database", ["postgres", "secrets"], "Rotates credentials"),
        ("Flush CDN", "web", ["cdn"], "Purges the edge caches"),
    ]
    return [
        catalog_item_factory(jt, name=name, category=category, tags=tags, description=description)
        for name, category, tags, description in specs
    ]


def _names(response):
    return [r["name"] for r in body(response)["results"]]


def test_pagination_is_the_controllers(api, alice, catalog_item_factory, job_template_factory):
    jt = job_template_factory()
    for i in range(7):
        catalog_item_factory(jt, name=f"item {i:02}")
    first = body(api.get(url("service_catalog_item-list"), user=alice, expect=200, page_size=3))
    assert set(first) == {"count", "next", "previous", "results"}
    assert first["count"] == 7 and len(first["results"]) == 3 and first["previous"] is None
    # Site-relative links, like the controller's.
    assert first["next"] == "/api/v2/service_catalog_items/?page=2&page_size=3"
    second = body(api.get(first["next"], user=alice, expect=200))
    assert [r["name"] for r in second["results"]] == ["item 03", "item 04", "item 05"]
    assert second["previous"] == "/api/v2/service_catalog_items/?page_size=3"
    last = body(api.get(url("service_catalog_item-list"), user=alice, expect=200, page_size=3, page=3))
    assert last["next"] is None and len(last["results"]) == 1
    api.get(url("service_catalog_item-list"), user=alice, expect=404, page=9)


def test_page_size_is_capped(api, alice, catalog_item_factory, job_template_factory, monkeypatch):
    jt = job_template_factory()
    for i in range(5):
        catalog_item_factory(jt, name=f"item {i}")
    assert ControllerPagination.max_page_size == 200  # the controller's MAX_PAGE_SIZE
    monkeypatch.setattr(ControllerPagination, "max_page_size", 2)
    data = body(api.get(url("service_catalog_item-list"), user=alice, expect=200, page_size=1000))
    assert len(data["results"]) == 2 and data["count"] == 5


@pytest.mark.parametrize("page_size", ["lots", "null", "", "0", "-1", "1.5", "9" * 30])
def test_a_page_size_that_is_no_whole_number_from_1_is_a_400(api, alice, page_size):
    # The controller would quietly use its default; the schema says integer >= 1,
    # and nothing a caller sends is silently ignored (issue 7 item 10).
    data = body(api.get(url("service_catalog_item-list"), user=alice, expect=400, page_size=page_size))
    assert data["errors"][0]["path"] == "page_size"


@pytest.mark.parametrize("value", ["1.5", "x", "0", "-3", "1e3", str(2**63)])
def test_an_id_filter_takes_whole_positive_ids_only(api, alice, value):
    data = body(api.get(url("service_request-list"), user=alice, expect=400, catalog_item=value))
    assert "catalog_item" in data


def test_an_id_filter_in_range_that_matches_nothing_is_an_empty_list(api, alice):
    data = body(api.get(url("service_request-list"), user=alice, expect=200, catalog_item=str(2**63 - 1)))
    assert data["count"] == 0


@pytest.mark.parametrize(
    "order_by, expected",
    [
        (None, ["Flush CDN", "Provision VM", "Restart nginx", "Rotate DB password"]),
        ("-name", ["Rotate DB password", "Restart nginx", "Provision VM", "Flush CDN"]),
        ("category,-name", ["Provision VM", "Rotate DB password", "Restart nginx", "Flush CDN"]),
        ("-id", ["Flush CDN", "Rotate DB password", "Provision VM", "Restart nginx"]),
    ],
)
def test_order_by(api, alice, items, order_by, expected):
    query = {"order_by": order_by} if order_by else {}
    assert _names(api.get(url("service_catalog_item-list"), user=alice, expect=200, **query)) == expected


@pytest.mark.parametrize("order_by", ["password", "organization__name", "-tags", "name;drop"])
def test_order_by_outside_the_whitelist_is_a_400(api, alice, items, order_by):
    response = api.get(url("service_catalog_item-list"), user=alice, expect=400, order_by=order_by)
    assert [e["path"] for e in body(response)["errors"]] == ["order_by"]


@pytest.mark.parametrize(
    "search, expected",
    [
        ("nginx", ["Restart nginx"]),  # name (and tag)
        ("VIRTUAL", ["Provision VM"]),  # description, any case
        ("database", ["Rotate DB password"]),  # category
        ("cdn", ["Flush CDN"]),
        ("secrets", ["Rotate DB password"]),  # tag only
        ("web edge", ["Flush CDN"]),  # every word must match
        ("nothing-like-it", []),
    ],
)
def test_search(api, alice, items, search, expected):
    assert (
        _names(api.get(url("service_catalog_item-list"), user=alice, expect=200, search=search)) == expected
    )


def test_item_filters(api, org_admin, items, catalog_item_factory, other_organization, job_template_factory):
    items[0].enabled = False
    items[0].save()
    catalog_item_factory(
        job_template_factory(organization=other_organization), organization=other_organization
    )
    get = lambda **q: _names(api.get(url("service_catalog_item-list"), user=org_admin, expect=200, **q))  # noqa: E731
    assert get(category="web") == ["Flush CDN", "Restart nginx"]
    assert get(enabled="false") == ["Restart nginx"]
    assert get(enabled="true", category="web") == ["Flush CDN"]
    organization = items[0].organization_id
    assert len(get(organization=organization)) == 4
    # Another organization's id gives nothing, exactly like an unknown one.
    assert get(organization=other_organization.pk) == get(organization=999999) == []
    response = api.get(url("service_catalog_item-list"), user=org_admin, expect=400, enabled="perhaps")
    assert body(response)["errors"] == [
        {"path": "enabled", "code": "invalid", "message": "Use true or false."}
    ]


@pytest.fixture
def requests_world(catalog_item_factory, job_template_factory, team, alice, bob, approver, request_factory):
    jt = job_template_factory()
    gated = catalog_item_factory(jt, name="gated", requires_approval=True, approver_team=team)
    direct = catalog_item_factory(jt, name="direct")
    made = {
        "alice_pending": request_factory(gated, alice),
        "bob_pending": request_factory(gated, bob),
        "alice_running": request_factory(direct, alice),
    }
    made["bob_rejected"] = lifecycle.reject(request_factory(gated, bob), approver, "no")
    return {"gated": gated, "direct": direct, **made}


def _ids(response):
    return [r["id"] for r in body(response)["results"]]


def test_request_filters(api, alice, org_admin, requests_world):
    w = requests_world
    path = url("service_request-list")
    assert _ids(api.get(path, user=org_admin, expect=200)) == [
        w["bob_rejected"].pk, w["alice_running"].pk, w["bob_pending"].pk, w["alice_pending"].pk,
    ]  # fmt: skip
    assert _ids(api.get(path, user=alice, expect=200, mine="true")) == [
        w["alice_running"].pk,
        w["alice_pending"].pk,
    ]
    assert _ids(api.get(path, user=org_admin, expect=200, mine="false")) == [
        w["bob_rejected"].pk, w["alice_running"].pk, w["bob_pending"].pk, w["alice_pending"].pk,
    ]  # fmt: skip
    assert _ids(api.get(path, user=alice, expect=200, mine="false")) == []
    assert _ids(api.get(path, user=org_admin, expect=200, status="pending_approval")) == [
        w["bob_pending"].pk,
        w["alice_pending"].pk,
    ]
    assert _ids(api.get(path, user=org_admin, expect=200, status="rejected,running")) == [
        w["bob_rejected"].pk,
        w["alice_running"].pk,
    ]
    assert _ids(api.get(path, user=org_admin, expect=200, catalog_item=w["direct"].pk)) == [
        w["alice_running"].pk
    ]
    assert _ids(api.get(path, user=org_admin, expect=200, order_by="created")) == [
        w["alice_pending"].pk, w["bob_pending"].pk, w["alice_running"].pk, w["bob_rejected"].pk,
    ]  # fmt: skip
    response = api.get(path, user=org_admin, expect=400, status="finished")
    assert body(response)["errors"][0]["path"] == "status"


def test_inbox_takes_the_same_filters(api, approver, requests_world):
    w = requests_world
    path = url("service_request-pending-approvals")
    assert _ids(api.get(path, user=approver, expect=200)) == [w["bob_pending"].pk, w["alice_pending"].pk]
    assert _ids(api.get(path, user=approver, expect=200, order_by="created", page_size=1)) == [
        w["alice_pending"].pk
    ]


# -- constant query counts ------------------------------------------------------


def _count_queries(api, path, user):
    """Queries the view makes. Not the SAVEPOINT/RELEASE pair ATOMIC_REQUESTS
    opens the view with here: inside the test's transaction that is what
    BEGIN/COMMIT (never counted) becomes."""
    with CaptureQueriesContext(connection) as ctx:
        data = body(api.get(path, user=user, expect=200, page_size=100))
    queries = [q for q in ctx.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))]
    return len(queries), data


@pytest.fixture
def grow(
    catalog_item_factory, job_template_factory, workflow_factory, team, alice, approver, request_factory
):
    """grow(n): n items of each kind and n requests in every list, for alice
    and the approver (pending, running, with approvals and events)."""
    jt = job_template_factory(survey_spec=[{"variable": "pw", "type": "password"}])
    wf = workflow_factory(nodes={"only": job_template_factory()})
    gated = catalog_item_factory(
        jt, name="gated", requires_approval=True, approver_team=team, approvals_required=2
    )
    state = {"made": 0}

    def make(total):
        while state["made"] < total:
            i = state["made"]
            catalog_item_factory(jt, name=f"jt item {i}", approver_team=team)
            catalog_item_factory(wf, name=f"wf item {i}")
            sr = request_factory(gated, alice, extra_vars={"pw": f"secret{i}"})
            if i % 2:
                lifecycle.approve(sr, approver, comment="half")
            state["made"] += 1
        return gated

    return make


@pytest.mark.parametrize(
    "endpoint, who",
    [
        ("items", "alice"),
        ("items", "admin"),
        ("requests", "alice"),
        ("requests", "approver"),
        ("pending", "approver"),
        ("item_requests", "admin"),
        ("events", "alice"),
    ],
)
def test_list_query_count_does_not_grow_with_the_page(grow, api, endpoint, who, request):
    user = request.getfixturevalue(who)
    counts = []
    for size in (5, 50):
        gated = grow(size)
        path = {
            "items": url("service_catalog_item-list"),
            "requests": url("service_request-list"),
            "pending": url("service_request-pending-approvals"),
            "item_requests": url("service_catalog_item-requests", gated.pk),
            "events": None,
        }[endpoint]
        if endpoint == "events":
            # One request with a trail as long as the page: votes by many approvers.
            from forge_catalog.models import ServiceRequestEvent

            sr = gated.requests.order_by("pk").first()
            for _ in range(size):
                lifecycle._record(sr, "approve", sr.status, sr.status, actor=user, comment="again")
            path = url("service_request-events", sr.pk)
            assert ServiceRequestEvent.objects.filter(request_id_value=sr.pk).count() >= size
        queries, data = _count_queries(api, path, user)
        # The approver already voted on half of the inbox's requests.
        assert len(data["results"]) >= (size // 2 if endpoint == "pending" else size)
        counts.append(queries)
    assert counts[0] == counts[1], f"{endpoint}: {counts[0]} queries for 5 rows, {counts[1]} for 50"
    # Requests' authority reads their approval plan (one prefetch of the
    # steps; docs/approvals.md "Who approves what"); one request's endpoints
    # read its steps and votes; and it asks once per organization whether
    # the caller audits it (auditors read its requests, the is_org_auditor fact).
    cap = {"events": 11, "requests": 10, "pending": 9}.get(endpoint, 8)
    assert counts[1] <= cap, f"{endpoint}: {counts[1]} queries"
