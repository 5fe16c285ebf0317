"""A step's ``notification_templates`` through the items API: the same
shape and same-organization rule as the item's field, its errors at
``approval_steps[i].notification_templates...`` on PATCH, create and the
editor's dry run (docs/notifications.md)."""

import pytest
from apihelpers import body, url
from test_api_notifications import template


@pytest.fixture
def item(catalog_item_factory, team):
    return catalog_item_factory(requires_approval=True, approver_team=team)


def steps(team, second_templates):
    return {
        "approval_steps": [
            {"title": "Security", "approver_team": team.pk, "quorum": 1},
            {"title": "Operations", "approver_team": team.pk, "notification_templates": second_templates},
        ]
    }


def paths(data):
    return {e["path"]: e["code"] for e in data["errors"]}


def test_a_step_names_its_own_templates(api, item, org_admin, organization, team):
    hook = template(organization, "ops-hook")
    value = {"approval_needed": [hook.pk], "reminder": []}
    data = body(
        api.patch(url("service_catalog_item-detail", item.pk), steps(team, value), user=org_admin, expect=200)
    )
    assert [s["notification_templates"] for s in data["approval_steps"]] == [{}, value]
    assert [s.notification_templates for s in item.approval_steps.order_by("position")] == [{}, value]


@pytest.mark.parametrize(
    "value, path, code",
    [
        ({"nonsense": []}, "approval_steps[1].notification_templates.nonsense", "unknown_kind"),
        ({"approval_needed": 5}, "approval_steps[1].notification_templates.approval_needed", "type"),
        ([1], "approval_steps[1].notification_templates", "type"),
    ],
)
def test_malformed_step_templates_get_field_errors(api, item, org_admin, team, value, path, code):
    r = api.patch(url("service_catalog_item-detail", item.pk), steps(team, value), user=org_admin, expect=400)
    assert paths(r.json()) == {path: code}


def test_another_organizations_template_is_refused_like_a_missing_one(
    api, item, org_admin, organization, other_organization, team
):
    foreign = template(other_organization, "theirs")
    value = {"approval_needed": [foreign.pk, 987654]}
    expected = {
        "approval_steps[1].notification_templates.approval_needed[0]": "other_organization",
        "approval_steps[1].notification_templates.approval_needed[1]": "other_organization",
    }
    r = api.patch(url("service_catalog_item-detail", item.pk), steps(team, value), user=org_admin, expect=400)
    assert paths(r.json()) == expected
    assert item.approval_steps.count() == 0  # nothing saved
    dry = body(
        api.post(
            url("service_catalog_item-validate", item.pk), steps(team, value), user=org_admin, expect=200
        )
    )
    assert dry["valid"] is False and paths(dry) == expected
    new = {"organization": organization.pk, "name": "New", "job_template": item.job_template_id}
    new["requires_approval"] = True
    created = api.post(url("service_catalog_item-list"), new | steps(team, value), user=org_admin, expect=400)
    assert paths(created.json()) == expected
