"""The catalog editor's Approval section through the dry run (issue 10 item
1 with issue 12's policy): the steps the draft would save, the expiry
outcomes the core accepts and the organization's default, the expiry and
notification errors that create and PATCH give, and the picker of the
organization's notification templates."""

import pytest
from apihelpers import body, url
from django.test import override_settings
from test_api_notifications import template

from forge_catalog.devhost import models as dh
from forge_catalog.models import ServiceCatalogItem

NEW = "service_catalog_item-validate-new"


@pytest.fixture
def jt(job_template_factory):
    return job_template_factory("Restart nginx", survey_spec=[{"variable": "host", "max": 5}])


@pytest.fixture
def ops(organization):
    return dh.Team.objects.create(organization=organization, name="operations")


def _draft(organization, jt, **fields):
    return {"organization": organization.pk, "name": "Two steps", "job_template": jt.pk, **fields}


def _steps(*steps):
    return [dict(s) for s in steps]


def test_the_dry_run_answers_the_steps_the_draft_would_save(api, org_admin, organization, jt, team, ops):
    steps = _steps({"title": "Security", "approver_team": team.pk, "quorum": 2}, {"approver_team": ops.pk})
    dry = body(
        api.post(
            url(NEW),
            _draft(organization, jt, requires_approval=True, approval_steps=steps),
            user=org_admin,
            expect=200,
        )
    )
    assert dry["valid"] is True, dry["errors"]
    want = [
        {
            "title": "Security",
            "approver_team": team.pk,
            "approver_team_name": "approvers",
            "quorum": 2,
            "notification_templates": {},
        },
        {
            "title": "",
            "approver_team": ops.pk,
            "approver_team_name": "operations",
            "quorum": 1,
            "notification_templates": {},
        },
    ]
    assert dry["approval_steps"] == want
    assert dry["launch_data"]["catalog_item"]["approval_steps"] == want  # the preview's item
    # No approval, no plan; the shorthand reads as one step.
    none = body(api.post(url(NEW), _draft(organization, jt), user=org_admin, expect=200))
    assert none["approval_steps"] == []
    short = body(
        api.post(
            url(NEW),
            _draft(organization, jt, requires_approval=True, approver_team=team.pk),
            user=org_admin,
            expect=200,
        )
    )
    assert [(s["approver_team_name"], s["quorum"]) for s in short["approval_steps"]] == [("approvers", 1)]
    assert not ServiceCatalogItem.objects.exists()


def test_a_change_to_the_steps_is_previewed_and_nothing_saved(
    api, org_admin, catalog_item_factory, jt, team, ops
):
    item = catalog_item_factory(jt, requires_approval=True, approver_team=team)
    endpoint = url("service_catalog_item-validate", item.pk)
    dry = body(
        api.post(
            endpoint,
            {"approval_steps": _steps({"approver_team": ops.pk}, {"approver_team": None, "quorum": 1})},
            user=org_admin,
            expect=200,
        )
    )
    assert [s["approver_team_name"] for s in dry["approval_steps"]] == ["operations", ""]
    assert item.approval_steps.count() == 0
    # A change of another field keeps the stored policy in the answer.
    other = body(api.post(endpoint, {"description": "x"}, user=org_admin, expect=200))
    assert [s["approver_team_name"] for s in other["approval_steps"]] == ["approvers"]


def test_step_errors_come_back_at_their_paths_as_save_gives_them(
    api, org_admin, admin, organization, other_organization, jt, team
):
    foreign = dh.Team.objects.create(organization=other_organization, name="theirs")
    zero = _draft(
        organization,
        jt,
        requires_approval=True,
        approval_steps=_steps({"approver_team": team.pk}, {"quorum": 0}),
    )
    dry = body(api.post(url(NEW), zero, user=org_admin, expect=200))
    saved = body(api.post(url("service_catalog_item-list"), zero, user=org_admin, expect=400))
    assert (
        [e["path"] for e in dry["errors"]]
        == [e["path"] for e in saved["errors"]]
        == ["approval_steps[1].quorum"]
    )
    # A team of another organization: "does not exist" for the org admin,
    # the core's same-organization rule for a superuser who sees it.
    theirs = _draft(
        organization,
        jt,
        requires_approval=True,
        approval_steps=_steps({"approver_team": team.pk}, {"approver_team": foreign.pk}),
    )
    for user in (org_admin, admin):
        dry = body(api.post(url(NEW), theirs, user=user, expect=200))
        saved = body(api.post(url("service_catalog_item-list"), theirs, user=user, expect=400))
        assert [e["path"] for e in dry["errors"]] == [e["path"] for e in saved["errors"]]
        assert [e["path"] for e in dry["errors"]] == ["approval_steps[1].approver_team"]


def test_moving_the_item_leaves_its_teams_behind_as_field_errors(
    api, org_admin, organization, other_organization, jt, team, job_template_factory
):
    other_organization.admins.add(org_admin)  # admin of both: the editor's organization picker
    their_jt = job_template_factory(organization=other_organization)
    moved = _draft(
        other_organization,
        their_jt,
        requires_approval=True,
        approval_steps=_steps({"approver_team": team.pk}),
    )
    dry = body(api.post(url(NEW), moved, user=org_admin, expect=200))
    saved = body(api.post(url("service_catalog_item-list"), moved, user=org_admin, expect=400))
    codes = {e["path"]: e["code"] for e in dry["errors"]}
    assert codes == {e["path"]: e["code"] for e in saved["errors"]}
    # The step's team, and the shorthand that mirrors the first step.
    assert codes == {
        "approval_steps[0].approver_team": "other_organization",
        "approver_team": "other_organization",
    }


def test_expiry_errors_and_outcomes_come_from_the_core(api, org_admin, organization, jt):
    dry = body(
        api.post(
            url(NEW),
            _draft(organization, jt, expire_after=3600, expiry_outcome="approve", remind_every=5),
            user=org_admin,
            expect=200,
        )
    )
    saved = body(
        api.post(
            url("service_catalog_item-list"),
            _draft(organization, jt, expire_after=3600, expiry_outcome="approve", remind_every=5),
            user=org_admin,
            expect=400,
        )
    )
    assert {e["path"] for e in dry["errors"]} == {e["path"] for e in saved["errors"]}
    assert {e["path"] for e in dry["errors"]} == {"expiry_outcome", "remind_every"}
    assert dry["expiry"]["outcomes"] == ["reject", "escalate"]
    allowed = body(
        api.post(
            url(NEW),
            _draft(organization, jt, expire_after=3600, expiry_outcome="approve", auto_approve_allowed=True),
            user=org_admin,
            expect=200,
        )
    )
    assert allowed["valid"] is True and allowed["expiry"]["outcomes"] == ["reject", "escalate", "approve"]


def test_the_organizations_default_expiry_is_in_the_answer(api, org_admin, organization, jt):
    default = {"expire_after": 86400, "outcome": "escalate", "remind_every": 3600}
    with override_settings(FORGE_CATALOG={"APPROVAL_EXPIRY_BY_ORGANIZATION": {organization.name: default}}):
        dry = body(api.post(url(NEW), _draft(organization, jt), user=org_admin, expect=200))
    assert dry["expiry"]["organization_default"] == default
    dry = body(api.post(url(NEW), _draft(organization, jt), user=org_admin, expect=200))
    assert dry["expiry"]["organization_default"] == {
        "expire_after": 0,
        "outcome": "reject",
        "remind_every": 0,
    }


def test_notification_templates_of_another_organization_are_field_errors(
    api, org_admin, organization, other_organization, jt
):
    mine, theirs = template(organization), template(other_organization, "theirs")
    value = {"approval_needed": [mine.pk, theirs.pk]}
    dry = body(
        api.post(url(NEW), _draft(organization, jt, notification_templates=value), user=org_admin, expect=200)
    )
    assert [(e["path"], e["code"]) for e in dry["errors"]] == [
        ("notification_templates.approval_needed[1]", "other_organization")
    ]
    fine = {"approval_needed": [mine.pk], "rejected": []}
    dry = body(
        api.post(url(NEW), _draft(organization, jt, notification_templates=fine), user=org_admin, expect=200)
    )
    assert dry["valid"] is True


def test_the_notification_template_picker_lists_the_organizations_own(
    api, org_admin, alice, organization, other_organization
):
    (
        template(organization, "Ops mail"),
        template(organization, "Chat hook"),
        template(other_organization, "Theirs"),
    )
    endpoint = url("service_catalog_item-notification-templates")
    data = body(api.get(endpoint, user=org_admin, expect=200, organization=organization.pk))
    assert [r["name"] for r in data["results"]] == ["Chat hook", "Ops mail"]
    assert data["count"] == 2 and data["results"][0]["notification_type"] == "webhook"
    assert "approval_needed" in data["kinds"] and "reminder" in data["kinds"]
    searched = body(
        api.get(endpoint, user=org_admin, expect=200, organization=organization.pk, search="mail")
    )
    assert [r["name"] for r in searched["results"]] == ["Ops mail"]
    api.get(endpoint, user=org_admin, expect=404, organization=other_organization.pk)  # never leaks
    api.get(endpoint, user=alice, expect=403, organization=organization.pk)
    api.get(endpoint, user=org_admin, expect=400)
