"""Every endpoint x every kind of caller, with the expected status in each
cell (issue 3 "authorization matrix"; DESIGN.md "Authority and visibility").

The world: organization "Default" with an enabled catalog item that needs
approval from team "approvers", and one pending request by alice.
Callers: anonymous; rando (no roles); bob (member of the organization, not
involved); alice (the requester, a member); approver (member of the approver
team and of the organization); org_admin; other_org_admin (admin of another
organization); admin (superuser); auditor (auditor of the organization) and
sysauditor (AWX system auditor): both read everything there, requests
included (list, detail, timeline), and may submit or decide nothing
(awx-facts.md "Roles": browsing needs read, submitting membership; AWX's
access.py gives a system auditor every row and an org auditor its
organization's jobs). An auditor who may not act sees a 403, not a 404.

Each cell runs on a fresh world, so state-changing calls do not interfere.
404 means "you may not even learn it exists"; 403 "you see it but may not".
items.create is a 400 for callers who cannot read the organization the body
names: to them its id is one that does not exist (test_api_references.py).
Anonymous callers get 401 "not_authenticated", as from the controller.
items.delete is a 409 for those allowed: the item has an open request
(docs/deletions.md; test_api_removals.py deletes items without).
A second request by alice waits for her answer (needs_info, docs/approvals.md):
only she may resubmit it, not even an admin answers for her.
"""

import pytest
from apihelpers import body, url

from forge_catalog import approval, lifecycle
from forge_catalog.models import ServiceCatalogItem, ServiceRequest

ROLES = (
    "anon", "rando", "member", "requester", "approver", "org_admin", "other_admin", "superuser",
    "auditor", "sysauditor",
)  # fmt: skip

MATRIX = """
endpoint             anon rando member requester approver org_admin other_admin superuser auditor sysauditor
items.list           401  200   200    200       200      200       200         200       200     200
items.create         401  400   403    403       403      201       400         201       403     403
items.detail         401  404   200    200       200      200       404         200       200     200
items.patch          401  404   403    403       403      200       404         200       403     403
items.delete         401  404   403    403       403      409       404         409       403     403
items.launch_data    401  404   200    200       200      200       404         200       200     200
items.requests       401  404   403    403       403      200       404         200       403     403
items.submit         401  404   201    201       201      201       404         201       403     403
items.dry_run        401  404   200    200       200      200       404         200       403     403
requests.list        401  200   200    200       200      200       200         200       200     200
requests.pending     401  200   200    200       200      200       200         200       200     200
requests.detail      401  404   404    200       200      200       404         200       200     200
requests.delete      401  404   404    204       403      204       404         204       403     403
requests.approve     401  404   404    403       200      200       404         200       403     403
requests.reject      401  404   404    403       200      200       404         200       403     403
requests.cancel      401  404   404    200       403      200       404         200       403     403
requests.events      401  404   404    200       200      200       404         200       200     200
requests.notifs      401  404   404    403       403      200       404         200       403     403
requests.counts      401  200   200    200       200      200       200         200       200     200
requests.inbox       401  200   200    200       200      200       200         200       200     200
requests.again       401  404   404    200       200      200       404         200       403     403
requests.bulk        401  200   200    200       200      200       200         200       200     200
org.notify_defaults  401  404   403    403       403      200       404         200       403     403
org.notify_set       401  404   403    403       403      200       404         200       403     403
requests.request_info 401 404   404    403       200      200       404         200       403     403
requests.resubmit    401  404   404    200       403      403       404         403       403     403
"""

# How many objects each list shows the same callers (anonymous: refused above).
LIST_COUNTS = """
endpoint             rando member requester approver org_admin other_admin superuser auditor sysauditor
items.list           0     1      1         1        1         0           1         1       1
items.requests       -     -      -         -        2         -           2         -       -
requests.list        0     0      2         2        2         0           2         2       2
requests.pending     0     0      0         1        1         0           1         0       0
"""


def _table(text):
    lines = [line.split() for line in text.strip().splitlines()]
    header, rows = lines[0][1:], lines[1:]
    return {(row[0], role): cell for row in rows for role, cell in zip(header, row[1:], strict=True)}


CELLS = _table(MATRIX)
COUNTS = _table(LIST_COUNTS)

# endpoint -> (method, path(world), body(world) or None)
ENDPOINTS = {
    "items.list": ("get", lambda w: url("service_catalog_item-list"), None),
    "items.create": (
        "post",
        lambda w: url("service_catalog_item-list"),
        lambda w: {
            "organization": w["item"].organization_id,
            "name": "New item",
            "icon": "rocket",
            "category": "web",
            "job_template": w["item"].job_template_id,
        },
    ),
    "items.detail": ("get", lambda w: url("service_catalog_item-detail", w["item"].pk), None),
    "items.patch": (
        "patch",
        lambda w: url("service_catalog_item-detail", w["item"].pk),
        lambda w: {"description": "changed"},
    ),
    "items.delete": ("delete", lambda w: url("service_catalog_item-detail", w["item"].pk), None),
    "items.launch_data": ("get", lambda w: url("service_catalog_item-launch-data", w["item"].pk), None),
    "items.requests": ("get", lambda w: url("service_catalog_item-requests", w["item"].pk), None),
    "items.submit": (
        "post",
        lambda w: url("service_catalog_item-submit", w["item"].pk),
        lambda w: {"justification": "need it", "extra_vars": {"hostname": "web03"}},
    ),
    # The request form's dry-run: exactly submit's authority (forms.py).
    "items.dry_run": (
        "post",
        lambda w: url("service_catalog_item-validate-answers", w["item"].pk),
        lambda w: {"justification": "need it", "extra_vars": {"hostname": "web03"}},
    ),
    "requests.list": ("get", lambda w: url("service_request-list"), None),
    "requests.pending": ("get", lambda w: url("service_request-pending-approvals"), None),
    "requests.detail": ("get", lambda w: url("service_request-detail", w["request"].pk), None),
    "requests.delete": ("delete", lambda w: url("service_request-detail", w["request"].pk), None),
    "requests.approve": (
        "post",
        lambda w: url("service_request-approve", w["request"].pk),
        lambda w: {"comment": "ok"},
    ),
    "requests.reject": (
        "post",
        lambda w: url("service_request-reject", w["request"].pk),
        lambda w: {"reason": "not now"},
    ),
    "requests.cancel": ("post", lambda w: url("service_request-cancel", w["request"].pk), lambda w: {}),
    "requests.events": ("get", lambda w: url("service_request-events", w["request"].pk), None),
    "requests.notifs": ("get", lambda w: url("service_request-notifications", w["request"].pk), None),
    "requests.counts": ("get", lambda w: url("service_request-counts"), None),
    "requests.inbox": ("get", lambda w: url("service_request-inbox"), None),
    "requests.again": ("get", lambda w: url("service_request-request-again", w["request"].pk), None),
    "requests.bulk": (
        "post",
        lambda w: url("service_request-bulk-decide"),
        lambda w: {"action": "approve", "ids": [w["request"].pk], "comment": "ok"},
    ),
    "org.notify_defaults": (
        "get",
        lambda w: url("notification_defaults-detail", w["item"].organization_id),
        None,
    ),
    "org.notify_set": (
        "patch",
        lambda w: url("notification_defaults-detail", w["item"].organization_id),
        lambda w: {"notification_templates": {"approval_needed": []}},
    ),
    "requests.request_info": (
        "post",
        lambda w: url("service_request-request-info", w["request"].pk),
        lambda w: {"question": "which host?"},
    ),
    # On the request that waits for its requester's answer (needs_info).
    "requests.resubmit": (
        "post",
        lambda w: url("service_request-resubmit", w["asked"].pk),
        lambda w: {"reply": "web02, as said"},
    ),
}


@pytest.fixture
def world(
    request_factory, catalog_item_factory, job_template_factory, team, organization,
    admin, alice, bob, rando, org_admin, approver, other_org_admin, user_factory,
):  # fmt: skip
    auditor = user_factory("auditor")
    organization.auditors.add(auditor)
    sysauditor = user_factory("sysauditor")
    sysauditor.is_system_auditor = True
    template = job_template_factory(survey_spec=[{"variable": "hostname", "type": "text"}])
    item = catalog_item_factory(template, requires_approval=True, approver_team=team)
    pending = request_factory(item, alice, extra_vars={"hostname": "web01"})
    assert pending.status == "pending_approval"
    asked = request_factory(item, alice, extra_vars={"hostname": "web02"})
    lifecycle.request_info(asked, approver, "which host?")
    users = {
        "anon": None,
        "rando": rando,
        "member": bob,
        "requester": alice,
        "approver": approver,
        "org_admin": org_admin,
        "other_admin": other_org_admin,
        "superuser": admin,
        "auditor": auditor,
        "sysauditor": sysauditor,
    }
    return {"item": item, "request": pending, "asked": asked, "users": users}


def _call(api, world, endpoint, role):
    method, path, make_body = ENDPOINTS[endpoint]
    kwargs = {"user": world["users"][role]}
    if make_body is not None:
        kwargs["data"] = make_body(world)
    return api.call(method, path(world), **kwargs)


def test_matrix_covers_every_endpoint_and_role():
    assert {e for e, _ in CELLS} == set(ENDPOINTS)
    assert {r for _, r in CELLS} == set(ROLES)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", list(ENDPOINTS))
def test_authorization_matrix(api, world, endpoint, role):
    expected = int(CELLS[endpoint, role])
    response = _call(api, world, endpoint, role)
    data = body(response)
    assert response.status_code == expected, f"{endpoint} as {role}: {response.status_code} {data}"
    item, pending = world["item"], world["request"]
    if expected == 404:
        # Exactly the body of an id that does not exist: nothing leaks.
        assert data == {"detail": "Not found.", "code": "not_found"}
    elif expected in (401, 403):
        assert set(data) == {"detail", "code"}
        if role == "anon":
            assert data["code"] == "not_authenticated"
            assert response["WWW-Authenticate"] == "Session"
    # A refused call changed nothing.
    if expected >= 400:
        pending.refresh_from_db()
        assert pending.status == "pending_approval"
        world["asked"].refresh_from_db()
        assert world["asked"].status == "needs_info"
        assert ServiceCatalogItem.objects.filter(pk=item.pk, description="").exists()
        assert ServiceCatalogItem.objects.count() == 1
        assert ServiceRequest.objects.count() == 2


@pytest.mark.parametrize("role", [r for r in ROLES if r != "anon"])
def test_a_bulk_result_is_what_the_single_call_answers(api, world, role):
    # bulk_decide answers 200 to everyone signed in; each result carries the
    # status its own approve call would have had (the matrix's cell), and a
    # refused one changed nothing.
    response = _call(api, world, "requests.bulk", role)
    (result,) = body(response)["results"]
    assert result["status_code"] == int(CELLS["requests.approve", role]), result
    world["request"].refresh_from_db()
    decided = result["status_code"] == 200
    assert (world["request"].status != "pending_approval") == decided
    if result["status_code"] == 404:
        assert {k: result[k] for k in ("detail", "code")} == {"detail": "Not found.", "code": "not_found"}


@pytest.mark.parametrize("role", [r for r in ROLES if r != "anon"])
@pytest.mark.parametrize("endpoint", ["items.list", "items.requests", "requests.list", "requests.pending"])
def test_list_contents(api, world, endpoint, role):
    expected = COUNTS[endpoint, role]
    response = _call(api, world, endpoint, role)
    if expected == "-":
        assert response.status_code in (403, 404)
        return
    assert response.status_code == 200
    assert body(response)["count"] == int(expected)


@pytest.mark.parametrize(
    "role, detail, submit",
    [("member", 404, 404), ("requester", 404, 404), ("org_admin", 200, 403), ("superuser", 200, 403)],
)
def test_disabled_item_is_hidden_from_readers_and_closed_to_everyone(api, world, role, detail, submit):
    item = world["item"]
    item.enabled = False
    item.save()
    user = world["users"][role]
    api.get(url("service_catalog_item-detail", item.pk), user=user, expect=detail)
    # Administrators may still preview its form.
    api.get(url("service_catalog_item-launch-data", item.pk), user=user, expect=detail)
    response = api.post(url("service_catalog_item-submit", item.pk), {}, user=user, expect=submit)
    if submit == 403:
        assert body(response)["code"] == "item_disabled"


def test_self_approval_is_refused_with_the_core_reason(api, world, request_factory):
    # The approver asks for something and may not decide it themself.
    approver = world["users"]["approver"]
    own = request_factory(world["item"], approver, extra_vars={"hostname": "web02"})
    response = api.post(url("service_request-approve", own.pk), {}, user=approver, expect=403)
    assert body(response)["code"] == "self_approval"
    assert body(api.get(url("service_request-pending-approvals"), user=approver, expect=200))["count"] == 1
    # A requester who is no approver at all gets the plainer reason.
    response = api.post(
        url("service_request-approve", world["request"].pk), {}, user=world["users"]["requester"], expect=403
    )
    assert body(response)["code"] == "not_approver"


def test_missing_and_hidden_objects_answer_alike(api, world):
    rando = world["users"]["rando"]
    for name in ("service_catalog_item-detail", "service_request-detail", "service_request-events"):
        obj = world["item"] if name.startswith("service_catalog") else world["request"]
        hidden = api.get(url(name, obj.pk), user=rando, expect=404)
        missing = api.get(url(name, 999999), user=rando, expect=404)
        assert hidden.content == missing.content


@pytest.mark.parametrize("role", [r for r in ROLES if r != "anon"])
def test_lists_agree_with_details(
    api,
    world,
    role,
    catalog_item_factory,
    job_template_factory,
    request_factory,
    other_organization,
    bob,
    approver,
):
    # More objects of every kind: a disabled item, another organization's
    # item and request, a request without approver team, others' requests.
    disabled = catalog_item_factory(name="disabled", enabled=False)
    foreign_jt = job_template_factory(organization=other_organization)
    foreign = catalog_item_factory(foreign_jt, organization=other_organization, name="foreign")
    no_team = catalog_item_factory(name="no team", requires_approval=True)
    outsider = world["users"]["other_admin"]
    request_factory(foreign, outsider)
    request_factory(no_team, bob)
    request_factory(world["item"], approver, extra_vars={"hostname": "web09"})
    # Two steps: the approver team, then the org admins (docs/approvals.md).
    two_step = catalog_item_factory(
        world["item"].job_template,
        name="two steps",
        requires_approval=True,
        approver_team=world["item"].approver_team,
    )
    approval.replace_item_steps(
        two_step,
        [{"approver_team": world["item"].approver_team, "quorum": 1}, {"approver_team": None, "quorum": 1}],
    )
    request_factory(two_step, bob, extra_vars={"hostname": "web10"})
    lifecycle.approve(request_factory(two_step, bob, extra_vars={"hostname": "web11"}), approver)
    user = world["users"][role]

    def listed(name, **query):
        response = api.get(url(name), user=user, expect=200, page_size=200, **query)
        return {r["id"] for r in body(response)["results"]}

    def detailed(name, objects):
        return {o.pk for o in objects if api.get(url(name, o.pk), user=user).status_code == 200}

    items = ServiceCatalogItem.objects.all()
    assert disabled in items
    assert listed("service_catalog_item-list") == detailed("service_catalog_item-detail", items)
    requests = ServiceRequest.objects.all()
    assert listed("service_request-list") == detailed("service_request-detail", requests)
    # "My requests" (its own queryset, see authz.own_requests): the visible
    # requests this user made, and only those.
    own = [sr for sr in requests if sr.requested_by_id == user.pk]
    assert listed("service_request-list", mine="true") == detailed("service_request-detail", own)
    assert listed("service_request-list", mine="false") == detailed(
        "service_request-detail", [sr for sr in requests if sr not in own]
    )
    # The inbox holds exactly the pending requests the core lets this user approve.
    from forge_catalog import authz

    may_approve = {
        sr.pk
        for sr in requests
        if sr.status == "pending_approval" and authz.decide(user, "approve", request=sr).allowed
    }
    assert listed("service_request-pending-approvals") == may_approve
    # ... and exactly those whose detail offers the approve button.
    offered = {
        sr.pk
        for sr in requests
        if (response := api.get(url("service_request-detail", sr.pk), user=user)).status_code == 200
        and body(response)["can_approve"]
    }
    assert offered == may_approve
