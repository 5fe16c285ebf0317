"""The catalog editor's endpoints (issue 10 item 1): administered
organizations, template and team pickers, categories, and the dry run that
answers what saving would, with the preview's launch data."""

import pytest
from apihelpers import body, url
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forge_catalog.devhost import models as dh
from forge_catalog.models import ServiceCatalogItem


@pytest.fixture
def templates(organization, other_organization, job_template_factory, workflow_factory):
    return {
        "nginx": job_template_factory("Restart nginx", survey_spec=[{"variable": "host", "max": 5}]),
        "backup": job_template_factory("Nightly backup"),
        "release": workflow_factory("Release nginx"),
        "foreign": job_template_factory("Restart nginx elsewhere", organization=other_organization),
    }


def _names(response):
    return [row["name"] for row in body(response)["results"]]


def test_organizations_are_the_ones_the_caller_administers(
    api, org_admin, other_org_admin, admin, alice, organization, other_organization
):
    data = body(api.get(url("service_catalog_item-organizations"), user=org_admin, expect=200))
    assert data == {"count": 1, "results": [{"id": organization.pk, "name": organization.name}]}
    assert _names(api.get(url("service_catalog_item-organizations"), user=admin, expect=200)) == [
        organization.name,
        other_organization.name,
    ]
    assert body(api.get(url("service_catalog_item-organizations"), user=alice, expect=200))["count"] == 0
    api.get(url("service_catalog_item-organizations"), expect=401)


def test_templates_of_the_organization_searched_by_name(api, org_admin, organization, templates):
    found = api.get(
        url("service_catalog_item-templates"), user=org_admin, expect=200, organization=organization.pk
    )
    assert _names(found) == ["Nightly backup", "Release nginx", "Restart nginx"]
    searched = body(
        api.get(
            url("service_catalog_item-templates"),
            user=org_admin,
            expect=200,
            organization=organization.pk,
            search="NGINX rest",
        )
    )
    assert searched["count"] == 1
    assert searched["results"] == [
        {
            "id": templates["nginx"].pk,
            "type": "job_template",
            "name": "Restart nginx",
            "description": "",
            "survey_enabled": True,
        }
    ]
    kinds = body(
        api.get(
            url("service_catalog_item-templates"),
            user=org_admin,
            expect=200,
            organization=organization.pk,
            search="nginx",
            page_size=1,
        )
    )
    assert kinds["count"] == 2 and len(kinds["results"]) == 1
    assert kinds["results"][0]["type"] == "workflow_job_template"


def test_a_long_template_search_matches_nothing_and_is_no_error(api, org_admin, organization, templates):
    # The schema documents no bound a URL could exceed before Django answers.
    long = body(
        api.get(
            url("service_catalog_item-templates"),
            user=org_admin,
            expect=200,
            organization=organization.pk,
            search="nginx" * 100,
        )
    )
    assert long == {"count": 0, "results": []}


def test_pickers_answer_403_to_readers_and_404_for_unseen_organizations(
    api, alice, org_admin, organization, other_organization, templates
):
    for name in ("service_catalog_item-templates", "service_catalog_item-teams"):
        denied = api.get(url(name), user=alice, expect=403, organization=organization.pk)
        assert body(denied)["code"] == "not_org_admin"
        unseen = api.get(url(name), user=org_admin, expect=404, organization=other_organization.pk)
        assert body(unseen) == body(api.get(url(name), user=org_admin, expect=404, organization=10**9))
        bad = body(api.get(url(name), user=org_admin, expect=400, organization="x", page_size=0))
        assert {e["path"] for e in bad["errors"]} == {"organization", "page_size"}


def test_teams_of_the_organization(api, org_admin, organization, other_organization, team):
    dh.Team.objects.create(organization=organization, name="Release managers")
    dh.Team.objects.create(organization=other_organization, name="Release elsewhere")
    assert _names(
        api.get(url("service_catalog_item-teams"), user=org_admin, expect=200, organization=organization.pk)
    ) == ["approvers", "Release managers"]
    assert _names(
        api.get(
            url("service_catalog_item-teams"),
            user=org_admin,
            expect=200,
            organization=organization.pk,
            search="release",
        )
    ) == ["Release managers"]


def test_categories_of_visible_items_with_counts(
    api, alice, other_org_admin, catalog_item_factory, other_organization
):
    catalog_item_factory(category="Databases")
    catalog_item_factory(category="Databases")
    catalog_item_factory(category="Web")
    catalog_item_factory(category="Hidden", enabled=False)
    catalog_item_factory(category="")
    data = body(api.get(url("service_catalog_item-categories"), user=alice, expect=200))
    assert data["results"] == [{"name": "Databases", "count": 2}, {"name": "Web", "count": 1}]
    assert (
        body(api.get(url("service_catalog_item-categories"), user=other_org_admin, expect=200))["count"] == 0
    )


# -- dry run ---------------------------------------------------------------------


def _new(organization, template, **fields):
    data = {"organization": organization.pk, "name": "Restart nginx", "job_template": template.pk}
    data.update(fields)
    return data


def test_dry_run_of_a_valid_item_gives_the_preview_and_saves_nothing(api, org_admin, organization, templates):
    data = body(
        api.post(
            url("service_catalog_item-validate-new"),
            _new(organization, templates["nginx"], requires_approval=True, justification_required=True),
            user=org_admin,
            expect=200,
        )
    )
    assert data["valid"] is True and data["errors"] == [] and data["problems"] == []
    launch = data["launch_data"]
    assert [q["variable"] for q in launch["survey_spec"]["spec"]] == ["host"]
    assert launch["catalog_item"]["justification_required"] is True
    assert launch["catalog_item"]["requires_approval"] is True
    assert not ServiceCatalogItem.objects.exists()


def test_dry_run_reports_what_create_would_with_paths(
    api, org_admin, organization, templates, other_organization, catalog_item_factory
):
    catalog_item_factory(name="Taken")
    foreign_team = dh.Team.objects.create(organization=other_organization, name="theirs")
    bad = _new(organization, templates["nginx"], name="Taken", icon="Not An Icon", tags="web", unknown=1)
    dry = body(api.post(url("service_catalog_item-validate-new"), bad, user=org_admin, expect=200))
    created = body(api.post(url("service_catalog_item-list"), bad, user=org_admin, expect=400))
    assert dry["valid"] is False
    assert {e["path"] for e in dry["errors"]} >= {e["path"] for e in created["errors"]}
    assert {e["path"] for e in dry["errors"]} == {"unknown", "icon", "tags", "name"}
    assert dry["launch_data"]["survey_spec"]["spec"][0]["variable"] == "host"  # the template is fine
    # A team the caller cannot see is "does not exist", as create says.
    hidden = body(
        api.post(
            url("service_catalog_item-validate-new"),
            _new(organization, templates["nginx"], approver_team=foreign_team.pk),
            user=org_admin,
            expect=200,
        )
    )
    assert [e["path"] for e in hidden["errors"]] == ["approver_team"]


@pytest.mark.parametrize("draft", [[], ["name"], "name", 7])
def test_a_dry_run_of_no_object_is_400_and_any_object_is_a_draft(api, org_admin, organization, draft):
    refused = body(api.post(url("service_catalog_item-validate-new"), draft, user=org_admin, expect=400))
    assert refused["errors"][0]["path"] == "non_field_errors"
    # Fields of the wrong type are the draft's errors, reported beside the preview.
    typed = body(
        api.post(
            url("service_catalog_item-validate-new"),
            {"organization": organization.pk, "requires_approval": None, "approver_team": False},
            user=org_admin,
            expect=200,
        )
    )
    assert typed["valid"] is False
    assert {"requires_approval", "approver_team"} <= {e["path"] for e in typed["errors"]}


def test_dry_run_names_a_team_or_template_of_another_organization(
    api, admin, organization, other_organization, templates
):
    foreign_team = dh.Team.objects.create(organization=other_organization, name="theirs")
    dry = body(
        api.post(
            url("service_catalog_item-validate-new"),
            _new(organization, templates["foreign"], approver_team=foreign_team.pk, requires_approval=True),
            user=admin,
            expect=200,
        )
    )
    assert {e["path"]: e["code"] for e in dry["errors"]} == {
        "job_template": "other_organization",
        "approver_team": "other_organization",
    }


def test_dry_run_shows_survey_problems(api, org_admin, organization, job_template_factory):
    broken = job_template_factory(
        survey_spec=[{"variable": "size", "type": "multiplechoice", "choices": ["s", "m"], "default": "xl"}]
    )
    dry = body(
        api.post(
            url("service_catalog_item-validate-new"), _new(organization, broken), user=org_admin, expect=200
        )
    )
    assert dry["valid"] is True  # the item saves; its survey's default never applies
    assert [p["path"] for p in dry["survey_problems"]] == ["spec[0].default"]
    assert dry["launch_data"]["catalog_item"]["survey_problems"] == dry["survey_problems"]


def test_dry_run_of_a_change_and_the_deleted_template_problem(
    api, org_admin, alice, catalog_item_factory, job_template_factory
):
    doomed = job_template_factory()
    item = catalog_item_factory(doomed)
    doomed.delete()
    item.refresh_from_db()
    endpoint = url("service_catalog_item-validate", item.pk)
    dry = body(api.post(endpoint, {"description": "still here"}, user=org_admin, expect=200))
    assert [p["code"] for p in dry["problems"]] == ["template_missing"]
    assert dry["launch_data"] is None
    assert [e["path"] for e in dry["errors"]] == ["job_template"]  # exactly one template, none set
    fixed = body(api.post(endpoint, {"job_template": job_template_factory().pk}, user=org_admin, expect=200))
    assert fixed["valid"] is True and fixed["problems"] == [] and fixed["launch_data"] is not None
    item.refresh_from_db()
    assert item.job_template_id is None and item.description == ""  # nothing saved
    api.post(endpoint, {}, user=alice, expect=404)  # disabled: a member does not see it
    seen = catalog_item_factory()
    denied = api.post(url("service_catalog_item-validate", seen.pk), {}, user=alice, expect=403)
    assert body(denied)["code"] == "not_org_admin"
    api.post(url("service_catalog_item-validate", 10**9), {}, user=org_admin, expect=404)


def test_dry_run_into_an_organization_one_only_reads_is_403(
    api, org_admin, other_organization, user_factory, job_template_factory
):
    other_organization.members.add(org_admin)
    jt = job_template_factory(organization=other_organization)
    response = api.post(
        url("service_catalog_item-validate-new"), _new(other_organization, jt), user=org_admin, expect=403
    )
    assert body(response)["code"] == "not_org_admin"


def test_item_list_costs_the_same_queries_with_favourites(api, alice, catalog_item_factory):
    for _ in range(3):
        catalog_item_factory()
    api.get(url("service_catalog_item-list"), user=alice, expect=200)  # warm caches
    with CaptureQueriesContext(connection) as few:
        api.get(url("service_catalog_item-list"), user=alice, expect=200)
    for _ in range(12):
        catalog_item_factory()
    with CaptureQueriesContext(connection) as many:
        api.get(url("service_catalog_item-list"), user=alice, expect=200)
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
