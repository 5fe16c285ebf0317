"""A step's own notification templates (docs/notifications.md "Choosing
templates"): the step's win for that step's messages, the item's for a step
naming none, and a request keeps the copy taken at submit."""

import pytest
from test_notify import hook

from forge_catalog import approval, lifecycle
from forge_catalog.devhost import models as dh
from forge_catalog.models import ServiceRequestNotification


@pytest.fixture
def setup(catalog_item_factory, user_factory, organization, team):
    ops_team = dh.Team.objects.create(organization=organization, name="operations")
    sec, ops = user_factory("sec1"), user_factory("ops1")
    for user, t in ((sec, team), (ops, ops_team)):
        organization.members.add(user)
        t.members.add(user)
    step_hook, item_hook = hook(organization, "security-hook"), hook(organization, "item-hook")
    item = catalog_item_factory(
        requires_approval=True, approver_team=team, notification_templates={"approval_needed": [item_hook.pk]}
    )
    approval.replace_item_steps(
        item,
        [
            {
                "title": "Security",
                "approver_team": team,
                "quorum": 1,
                "notification_templates": {"approval_needed": [step_hook.pk]},
            },
            {"title": "Operations", "approver_team": ops_team, "quorum": 1},
        ],
    )
    return {"item": item, "sec": sec, "ops_team": ops_team, "step_hook": step_hook, "item_hook": item_hook}


def sent(sr, kind):
    return [
        row.notification_template_id_value
        for row in ServiceRequestNotification.objects.filter(request_id_value=sr.pk, kind=kind).order_by("pk")
    ]


def test_a_steps_templates_serve_that_step_and_the_items_the_others(db, setup, alice):
    sr = lifecycle.submit(setup["item"], alice, justification="go")
    assert sent(sr, "approval_needed") == [setup["step_hook"].pk]
    lifecycle.approve(sr, setup["sec"], comment="ok")
    assert sent(sr, "approval_needed") == [setup["step_hook"].pk, setup["item_hook"].pk]


def test_a_step_naming_no_template_for_a_kind_turns_it_off(db, setup, alice, organization, team):
    approval.replace_item_steps(
        setup["item"],
        [
            {
                "title": "Quiet",
                "approver_team": team,
                "quorum": 1,
                "notification_templates": {"approval_needed": []},
            }
        ],
    )
    sr = lifecycle.submit(setup["item"], alice, justification="go")
    assert sent(sr, "approval_needed") == []


def test_the_request_keeps_the_steps_templates_taken_at_submit(db, setup, alice, organization, team):
    sr = lifecycle.submit(setup["item"], alice, justification="go")
    assert [s.notification_templates for s in approval.plan(sr)] == [
        {"approval_needed": [setup["step_hook"].pk]},
        {},
    ]
    later = hook(organization, "added-later")
    approval.replace_item_steps(
        setup["item"],
        [
            {"title": "Security", "approver_team": team, "quorum": 1},
            {
                "title": "Operations",
                "approver_team": setup["ops_team"],
                "quorum": 1,
                "notification_templates": {"approval_needed": [later.pk]},
            },
        ],
    )
    sr.refresh_from_db()
    assert [s.notification_templates for s in approval.plan(sr)][0] == {
        "approval_needed": [setup["step_hook"].pk]
    }
    lifecycle.approve(sr, setup["sec"], comment="ok")
    # The second step's copy names none: the item's template, not the edit's.
    assert sent(sr, "approval_needed") == [setup["step_hook"].pk, setup["item_hook"].pk]
