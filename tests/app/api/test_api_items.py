"""Catalog item endpoints: create / detail / PATCH / DELETE / launch_data,
with the core's field errors as 400s."""

import pytest
from apihelpers import body, url

from forge_catalog import _core
from forge_catalog.devhost import models as dh
from forge_catalog.models import ServiceCatalogItem


def _paths(response):
    return [e["path"] for e in body(response)["errors"]]


@pytest.fixture
def new_item(organization, job_template_factory):
    def make(**fields):
        data = {
            "organization": organization.pk,
            "name": "Restart nginx",
            "description": "Restarts nginx on one host",
            "icon": "server-cog",
            "category": "web",
            "tags": ["nginx", "ops"],
            "job_template": job_template_factory().pk,
        }
        data.update(fields)
        return data

    return make


def test_create_returns_the_controller_shape(api, org_admin, new_item, organization):
    response = api.post(url("service_catalog_item-list"), new_item(), user=org_admin, expect=201)
    data = body(response)
    item = ServiceCatalogItem.objects.get(pk=data["id"])
    assert data["type"] == "service_catalog_item"
    assert data["url"] == f"/api/v2/service_catalog_items/{item.pk}/"
    assert data["related"] == {
        "launch_data": f"/api/v2/service_catalog_items/{item.pk}/launch_data/",
        "requests": f"/api/v2/service_catalog_items/{item.pk}/requests/",
        "submit": f"/api/v2/service_catalog_items/{item.pk}/submit/",
    }
    assert data["summary_fields"]["organization"] == {"id": organization.pk, "name": organization.name}
    assert data["summary_fields"]["job_template"]["id"] == item.job_template_id
    assert data["tags"] == ["nginx", "ops"] == item.tags
    assert (data["is_workflow"], data["requires_approval"], data["approvals_required"]) == (False, False, 1)
    assert data["enabled"] is True


def test_create_reports_every_core_problem_with_its_path(api, org_admin, new_item, workflow_factory):
    bad = new_item(
        name="",
        icon="Not An Icon",
        category="x" * 70,
        tags=["a", "a", "", 5],
        workflow_job_template=workflow_factory().pk,
        approvals_required=0,
    )
    response = api.post(url("service_catalog_item-list"), bad, user=org_admin, expect=400)
    data = body(response)
    assert _paths(response) == [
        "name", "icon", "category", "tags[1]", "tags[2]", "tags[3]",
        "job_template", "workflow_job_template", "approvals_required",
    ]  # fmt: skip
    assert data["errors"][3] == {
        "path": "tags[1]",
        "code": "duplicate",
        "message": 'tag "a" is repeated (first at tags[0])',
    }
    # Each path is also a key holding its messages, as DRF clients expect.
    assert data["icon"] == ['icon must be a lucide icon name in kebab-case, like "server-cog"']
    assert data["category"] == ["category must be at most 64 characters (it has 70)"]
    assert not ServiceCatalogItem.objects.exists()


def test_template_and_team_of_another_organization_are_refused(
    api, admin, new_item, job_template_factory, other_organization
):
    foreign_jt = job_template_factory(organization=other_organization)
    foreign_team = dh.Team.objects.create(organization=other_organization, name="theirs")
    data = new_item(job_template=foreign_jt.pk, approver_team=foreign_team.pk, requires_approval=True)
    response = api.post(url("service_catalog_item-list"), data, user=admin, expect=400)
    assert [(e["path"], e["code"]) for e in body(response)["errors"]] == [
        ("job_template", "other_organization"),
        ("approver_team", "other_organization"),
    ]


def test_parse_errors_share_the_shape(api, org_admin, new_item):
    response = api.post(
        url("service_catalog_item-list"),
        new_item(organization=999999, requires_approval="maybe"),
        user=org_admin,
        expect=400,
    )
    data = body(response)
    assert {e["path"] for e in data["errors"]} == {"organization", "requires_approval"}
    assert {e["code"] for e in data["errors"]} == {"does_not_exist", "invalid"}
    assert data["organization"] and data["requires_approval"]


def test_missing_organization_is_required(api, org_admin, new_item):
    data = new_item()
    del data["organization"]
    response = api.post(url("service_catalog_item-list"), data, user=org_admin, expect=400)
    assert body(response)["errors"] == [
        {"path": "organization", "code": "required", "message": "This field is required."}
    ]


def test_duplicate_name_in_an_organization_is_a_400(api, org_admin, new_item, catalog_item_factory):
    catalog_item_factory(name="Restart nginx")
    response = api.post(url("service_catalog_item-list"), new_item(), user=org_admin, expect=400)
    assert [(e["path"], e["code"]) for e in body(response)["errors"]] == [("name", "unique")]


def test_creating_in_an_organization_one_does_not_administer_is_a_403(
    api, org_admin, new_item, other_organization
):
    # org_admin can read Other (a member) without administering it.
    other_organization.members.add(org_admin)
    response = api.post(
        url("service_catalog_item-list"),
        new_item(organization=other_organization.pk),
        user=org_admin,
        expect=403,
    )
    assert body(response)["code"] == "not_org_admin"


def test_authority_is_checked_before_the_core_validates(api, alice, new_item):
    # A member sending garbage learns nothing about the rules: 403 first.
    api.post(url("service_catalog_item-list"), new_item(icon="BAD", name=""), user=alice, expect=403)


def test_patch_changes_fields_and_revalidates_the_whole_item(api, org_admin, catalog_item_factory):
    item = catalog_item_factory(tags=["a"])
    path = url("service_catalog_item-detail", item.pk)
    data = body(api.patch(path, {"category": "db", "tags": ["a", "b"]}, user=org_admin, expect=200))
    assert (data["category"], data["tags"]) == ("db", ["a", "b"])
    item.refresh_from_db()
    assert (item.category, item.tags) == ("db", ["a", "b"])
    # Asking for approval from a team of nobody's organization: the core says no.
    response = api.patch(path, {"icon": "Nope"}, user=org_admin, expect=400)
    assert _paths(response) == ["icon"]
    item.refresh_from_db()
    assert item.icon == "server"


def test_patch_moving_an_item_needs_authority_over_the_target(
    api, org_admin, admin, catalog_item_factory, other_organization
):
    item = catalog_item_factory()
    path = url("service_catalog_item-detail", item.pk)
    # An organization org_admin cannot read is one that does not exist...
    response = api.patch(path, {"organization": other_organization.pk}, user=org_admin, expect=400)
    assert [(e["path"], e["code"]) for e in body(response)["errors"]] == [("organization", "does_not_exist")]
    # ...one they read but do not administer is a refusal.
    other_organization.members.add(org_admin)
    response = api.patch(path, {"organization": other_organization.pk}, user=org_admin, expect=403)
    assert body(response)["code"] == "not_org_admin"
    # A superuser may, but the template must follow (the core's same-organization rule).
    response = api.patch(path, {"organization": other_organization.pk}, user=admin, expect=400)
    assert [(e["path"], e["code"]) for e in body(response)["errors"]] == [
        ("job_template", "other_organization")
    ]


def test_put_is_not_offered(api, org_admin, catalog_item_factory):
    item = catalog_item_factory()
    api.call("put", url("service_catalog_item-detail", item.pk), user=org_admin, data={}, expect=405)


def test_delete_removes_an_item_without_requests(api, org_admin, catalog_item_factory):
    # With requests: tests/app/api/test_api_removals.py.
    item = catalog_item_factory(requires_approval=True)
    api.delete(url("service_catalog_item-detail", item.pk), user=org_admin, expect=204)
    assert not ServiceCatalogItem.objects.filter(pk=item.pk).exists()
    api.get(url("service_catalog_item-detail", item.pk), user=org_admin, expect=404)


def test_launch_data_of_a_job_template_item(api, alice, catalog_item_factory, job_template_factory):
    jt = job_template_factory(
        survey_spec=[
            {"variable": "hostname", "type": "text"},
            {"variable": "token", "type": "password", "default": "hunter2", "required": False},
        ]
    )
    item = catalog_item_factory(jt)
    data = body(api.get(url("service_catalog_item-launch-data", item.pk), user=alice, expect=200))
    assert set(data) == {
        "catalog_item", "is_workflow", "survey_enabled", "survey_spec",
        "ask_variables_on_launch", "node_surveys", "form_overlay", "node_form_overlays", "form_state",
    }  # fmt: skip
    assert data["catalog_item"]["id"] == item.pk and data["catalog_item"]["requires_approval"] is False
    assert (data["is_workflow"], data["survey_enabled"], data["node_surveys"]) == (False, True, [])
    questions = {q["variable"]: q for q in data["survey_spec"]["spec"]}
    assert questions["token"]["default"] == _core.ENCRYPTED
    assert b"hunter2" not in api.get(url("service_catalog_item-launch-data", item.pk), user=alice).content


def test_launch_data_of_a_workflow_lists_each_node_survey(
    api, alice, catalog_item_factory, job_template_factory, workflow_factory
):
    build = job_template_factory(survey_spec=[{"variable": "branch", "type": "text"}])
    deploy = job_template_factory(survey_spec=[{"variable": "version", "type": "text"}])
    plain = job_template_factory()
    wf = workflow_factory(nodes={"build": build, "deploy": deploy, "notify": plain})
    item = catalog_item_factory(wf)
    data = body(api.get(url("service_catalog_item-launch-data", item.pk), user=alice, expect=200))
    assert data["is_workflow"] is True
    surveys = {n["identifier"]: n for n in data["node_surveys"]}
    assert set(surveys) == {"build", "deploy"}
    node = dh.WorkflowJobTemplateNode.objects.get(workflow_job_template=wf, identifier="deploy")
    assert surveys["deploy"]["node_id"] == node.pk
    assert [q["variable"] for q in surveys["deploy"]["survey_spec"]["spec"]] == ["version"]


def test_an_item_read_back_can_be_posted_again(api, org_admin, catalog_item_factory):
    # Read-only fields echoed from a GET are ignored; only unknown keys are errors.
    original = body(api.get(url("service_catalog_item-detail", catalog_item_factory().pk), user=org_admin))
    copy = dict(original, name="A copy")
    created = body(api.post(url("service_catalog_item-list"), copy, user=org_admin, expect=201))
    assert created["id"] != original["id"] and created["name"] == "A copy"
    response = api.post(url("service_catalog_item-list"), dict(copy, name="x", colour="red"), user=org_admin)
    assert response.status_code == 400
    assert [e["path"] for e in body(response)["errors"]] == ["colour"]


def test_a_name_taken_concurrently_is_still_a_400(
    api, org_admin, new_item, catalog_item_factory, monkeypatch
):
    from forge_catalog.api.serializers import ServiceCatalogItemSerializer

    catalog_item_factory(name="Restart nginx")
    # Another writer took the name between our check and our insert.
    monkeypatch.setattr(ServiceCatalogItemSerializer, "validate_with_core", lambda self: None)
    response = api.post(url("service_catalog_item-list"), new_item(), user=org_admin, expect=400)
    assert [(e["path"], e["code"]) for e in body(response)["errors"]] == [("name", "unique")]
