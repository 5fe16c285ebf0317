"""An item's body names an organization, a template and maybe an approver
team by id. An object the caller cannot see in the controller (one of an
organization they cannot read) must answer byte for byte like an id that does
not exist, on create and on PATCH: otherwise POSTing ids would tell who has
which organizations, templates and teams. A visible organization the caller
does not administer stays a 403 (the core's ``manage_item``).

Each row sends the same body twice: while the object exists but is hidden
from the caller, and after it was deleted (the same id, now missing).
"""

import pytest
from apihelpers import body, url

from forge_catalog.devhost import models as dh
from forge_catalog.models import ServiceCatalogItem

# field, method, caller. Hidden objects live in organization "Other", which
# none of these callers can read.
MATRIX = """
field                  method  caller
organization           create  rando
organization           create  member
organization           create  org_admin
organization           patch   org_admin
job_template           create  org_admin
job_template           patch   org_admin
workflow_job_template  create  org_admin
workflow_job_template  patch   org_admin
approver_team          create  org_admin
approver_team          patch   org_admin
"""
ROWS = [tuple(line.split()) for line in MATRIX.strip().splitlines()[1:]]


@pytest.fixture
def world(
    organization, other_organization, job_template_factory, workflow_factory, catalog_item_factory,
    rando, bob, org_admin,
):  # fmt: skip
    template = job_template_factory()
    item = catalog_item_factory(template)
    hidden = {
        "organization": other_organization,
        "job_template": job_template_factory(organization=other_organization),
        "workflow_job_template": workflow_factory(organization=other_organization),
        "approver_team": dh.Team.objects.create(organization=other_organization, name="theirs"),
    }
    return {
        "organization": organization,
        "other": other_organization,
        "template": template,
        "item": item,
        "hidden": hidden,
        "users": {"rando": rando, "member": bob, "org_admin": org_admin},
    }


def _send(api, world, field, method, caller, hidden_pk=None):
    # (delete() clears an instance's pk: the caller keeps the id.)
    hidden_pk = hidden_pk or world["hidden"][field].pk
    user = world["users"][caller]
    if method == "create":
        data = {
            "organization": world["organization"].pk,
            "name": "Probe",
            "icon": "rocket",
            "category": "web",
            "job_template": world["template"].pk,
        }
        if field == "workflow_job_template":
            del data["job_template"]
        if field == "approver_team":
            data["requires_approval"] = True
        data[field] = hidden_pk
        return api.post(url("service_catalog_item-list"), data, user=user)
    data = {field: hidden_pk}
    if field == "workflow_job_template":
        data["job_template"] = None
    if field == "approver_team":
        data["requires_approval"] = True
    return api.patch(url("service_catalog_item-detail", world["item"].pk), data, user=user)


def _delete_hidden(world, field):
    obj = world["hidden"][field]
    if field == "organization":
        # Remove its templates and teams too, as deleting an organization
        # in the controller would (the devhost only unlinks templates).
        for other in ("job_template", "workflow_job_template", "approver_team"):
            world["hidden"][other].delete()
    obj.delete()


@pytest.mark.parametrize("field, method, caller", ROWS)
def test_hidden_reference_answers_like_a_missing_id(api, world, field, method, caller):
    before = ServiceCatalogItem.objects.values().get(pk=world["item"].pk)
    hidden_pk = world["hidden"][field].pk
    not_visible = _send(api, world, field, method, caller, hidden_pk)
    _delete_hidden(world, field)
    missing = _send(api, world, field, method, caller, hidden_pk)

    assert (not_visible.status_code, missing.status_code) == (400, 400), body(not_visible)
    assert not_visible.content == missing.content
    message = f'Invalid pk "{hidden_pk}" - object does not exist.'
    data = body(missing)
    assert {"path": field, "code": "does_not_exist", "message": message} in data["errors"]
    assert data[field] == [message]
    # Nothing was written either time.
    assert ServiceCatalogItem.objects.count() == 1
    assert ServiceCatalogItem.objects.values().get(pk=world["item"].pk) == before


@pytest.mark.parametrize("field, method, caller", [r for r in ROWS if r[2] == "org_admin"])
def test_the_same_objects_once_readable_get_the_real_answer(api, world, field, method, caller):
    # Control: org_admin joins Other as a plain member, so its objects are
    # visible; the answer is now the real one (the core's cross-organization
    # rule, or the 403 for an organization one reads but does not administer)
    # and differs from the missing-id body.
    world["other"].members.add(world["users"][caller])
    response = _send(api, world, field, method, caller)
    data = body(response)
    if field == "organization":
        assert response.status_code == 403
        assert data["code"] == "not_org_admin"
    else:
        assert response.status_code == 400
        assert (field, "other_organization") in [(e["path"], e["code"]) for e in data["errors"]]
        assert all(e["code"] != "does_not_exist" for e in data["errors"])


def test_superuser_sees_every_organization(api, world, admin):
    world["users"]["admin"] = admin
    response = _send(api, world, "job_template", "create", "admin")
    assert response.status_code == 400
    assert [(e["path"], e["code"]) for e in body(response)["errors"]] == [
        ("job_template", "other_organization")
    ]


def test_a_reader_of_the_organization_is_refused_not_misled(api, world):
    # bob reads Default but does not administer it: 403, never "does not exist".
    response = _send(api, world, "approver_team", "create", "member")
    assert response.status_code == 400  # the team is Other's: hidden from bob
    world["hidden"]["approver_team"] = dh.Team.objects.create(organization=world["organization"], name="ours")
    response = _send(api, world, "approver_team", "create", "member")
    assert response.status_code == 403
    assert body(response)["code"] == "not_org_admin"
