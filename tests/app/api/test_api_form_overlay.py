"""Form overlays through the API (issue 9): admins edit them, the core
validates them on save (400 with every problem at its path), launch_data
carries them, submit and approval apply them, a hidden question's answer is
refused, and choices_from is scoped to what the requester may see."""

import pytest
from apihelpers import url

from forge_catalog import lifecycle
from forge_catalog.devhost import models as dh
from forge_catalog.models import ServiceRequest

SPEC = [
    {"variable": "when", "type": "multiplechoice", "choices": "now\nscheduled", "default": "now"},
    {"variable": "day", "type": "text", "default": "2000-01-01"},
    {"variable": "ticket", "type": "text", "required": False},
    {"variable": "host", "type": "text"},
]
OVERLAY = {
    "day": {"visible_if": "when == 'scheduled'", "format": "date", "min_days": 0},
    "ticket": {"pattern": "CHG[0-9]{6}", "pattern_message": "CHG and six digits"},
    "host": {"choices_from": {"inventory": "Production", "kind": "hosts"}, "section": "Target"},
}


@pytest.fixture
def inventory(organization):
    inv = dh.Inventory.objects.create(name="Production", organization=organization)
    for name in ("web01", "web02", "secret01"):
        dh.Host.objects.create(inventory=inv, name=name)
    return inv


@pytest.fixture
def form_item(job_template_factory, catalog_item_factory, inventory):
    return catalog_item_factory(job_template_factory(survey_spec=SPEC), form_overlay=OVERLAY)


def submit(api, item, user, extra_vars, expect):
    return api.post(
        url("service_catalog_item-submit", item.pk), {"extra_vars": extra_vars}, user=user, expect=expect
    ).json()


@pytest.mark.django_db
def test_admin_saves_an_overlay_and_launch_data_carries_it(
    api, org_admin, alice, job_template_factory, catalog_item_factory, inventory
):
    item = catalog_item_factory(job_template_factory(survey_spec=SPEC))
    detail = url("service_catalog_item-detail", item.pk)
    api.patch(detail, {"form_overlay": OVERLAY}, user=alice, expect=403)
    body = api.patch(detail, {"form_overlay": OVERLAY}, user=org_admin, expect=200).json()
    assert body["form_overlay"] == OVERLAY and body["node_form_overlays"] == {}
    data = api.get(url("service_catalog_item-launch-data", item.pk), user=alice, expect=200).json()
    assert data["form_overlay"] == OVERLAY
    assert data["node_form_overlays"] == {}


@pytest.mark.django_db
def test_a_bad_overlay_is_refused_with_every_problem_at_its_path(
    api, org_admin, job_template_factory, catalog_item_factory
):
    item = catalog_item_factory(job_template_factory(survey_spec=SPEC))
    bad = {
        "nope": {"help": "x"},
        "when": {"visible_if": "host == 'a'"},  # a later question
        "ticket": {"pattern": "(unclosed", "format": "bogus"},
    }
    body = api.patch(
        url("service_catalog_item-detail", item.pk),
        {"form_overlay": bad, "node_form_overlays": {"ghost": {}}, "name": ""},
        user=org_admin,
        expect=400,
    ).json()
    paths = {e["path"] for e in body["errors"]}
    assert {
        "form_overlay.nope",
        "form_overlay.when.visible_if",
        "form_overlay.ticket.pattern",
        "form_overlay.ticket.format",
        "node_form_overlays.ghost",
        "name",
    } <= paths
    item.refresh_from_db()
    assert item.form_overlay == {}


@pytest.mark.django_db
def test_node_overlays_are_checked_against_each_nodes_survey(
    api, org_admin, alice, job_template_factory, workflow_factory, catalog_item_factory
):
    deploy = job_template_factory(survey_spec=[{"variable": "env", "type": "text"}, "version"])
    item = catalog_item_factory(workflow_factory(nodes={"deploy": deploy}))
    detail = url("service_catalog_item-detail", item.pk)
    bad = {"deploy": {"version": {"visible_if": "nope == 1"}}}
    errors = api.patch(detail, {"node_form_overlays": bad}, user=org_admin, expect=400).json()["errors"]
    assert [e["path"] for e in errors] == ["node_form_overlays.deploy.version.visible_if"]
    good = {"deploy": {"version": {"visible_if": "env == 'prod'"}}}
    api.patch(detail, {"node_form_overlays": good}, user=org_admin, expect=200)
    # The node's condition holds at submit too.
    submit_url = url("service_catalog_item-submit", item.pk)
    body = {"node_survey_data": {"deploy": {"env": "dev", "version": "1"}}}
    errors = api.post(submit_url, body, user=alice, expect=400).json()["errors"]
    assert [(e["path"], e["code"]) for e in errors] == [("node_survey_data.deploy.version", "hidden")]
    sr = api.post(submit_url, {"node_survey_data": {"deploy": {"env": "dev"}}}, user=alice, expect=201).json()
    assert ServiceRequest.objects.get(pk=sr["id"]).node_survey_data == {"deploy": {"env": "dev"}}


@pytest.mark.django_db
def test_hidden_answers_are_refused_and_patterns_checked(api, alice, form_item, inventory):
    inventory.readers.add(alice)
    errors = submit(api, form_item, alice, {"day": "2999-01-01", "ticket": "123", "host": "web01"}, 400)
    assert [(e["path"], e["code"]) for e in errors["errors"]] == [
        ("extra_vars.day", "hidden"),
        ("extra_vars.ticket", "format"),
    ]
    assert "CHG and six digits" in errors["errors"][1]["message"]
    # Visible now, and its default (in the past) is refused by the date bound.
    errors = submit(api, form_item, alice, {"when": "scheduled", "host": "web01"}, 400)["errors"]
    assert [(e["path"], e["code"]) for e in errors] == [("extra_vars.day", "too_small")]
    created = submit(api, form_item, alice, {"ticket": "CHG004211", "host": "web02"}, 201)
    assert created["status"] in ("approved", "running")


@pytest.mark.django_db
def test_hidden_question_gets_the_templates_default_at_launch(alice, form_item, inventory):
    inventory.readers.add(alice)
    sr = lifecycle.submit(form_item, alice, extra_vars={"host": "web01"})
    sr.refresh_from_db()
    assert sr.status == "running", sr.failure_reason
    job = dh.Job.objects.get(pk=sr.job_id)
    assert job.decrypted_extra_vars() == {"when": "now", "day": "2000-01-01", "host": "web01"}


@pytest.mark.django_db
def test_choices_from_per_role(api, form_item, inventory, alice, bob, org_admin, admin, user_factory, team):
    """Readers, use-role holders (directly or by team), org admins and
    superusers may pick; a member without a role on the inventory may not,
    and a host they may not see fails like one that does not exist."""
    user = user_factory()
    form_item.organization.members.add(user)
    inventory.users.add(user)  # use_role implies read_role
    via_team = user_factory()
    form_item.organization.members.add(via_team)
    team.members.add(via_team)
    inventory.read_teams.add(team)
    inventory.readers.add(alice)
    dry = url("service_catalog_item-validate-answers", form_item.pk)
    for who in (alice, user, via_team, org_admin, admin):
        body = api.post(dry, {"extra_vars": {"host": "web01"}}, user=who, expect=200).json()
        assert body["valid"], (who.username, body["errors"])
        assert body["extra_vars"]["questions"]["host"]["choices"] == ["secret01", "web01", "web02"]
    hidden = api.post(dry, {"extra_vars": {"host": "web01"}}, user=bob, expect=200).json()
    missing = api.post(dry, {"extra_vars": {"host": "nosuch"}}, user=bob, expect=200).json()
    assert hidden["extra_vars"]["questions"]["host"]["choices"] == []
    assert hidden["errors"] == missing["errors"]  # the same words: existence never leaks
    assert [e["code"] for e in hidden["errors"]] == ["not_a_choice"]
    assert "web01" not in str(hidden["errors"]) and "nosuch" not in str(missing["errors"])
    assert submit(api, form_item, bob, {"host": "web01"}, 400)["errors"] == hidden["errors"]


@pytest.mark.django_db
def test_choices_search_and_limit(api, form_item, inventory, alice):
    inventory.readers.add(alice)
    dry = url("service_catalog_item-validate-answers", form_item.pk)
    body = {"search": {"extra_vars.host": "WEB"}, "limit": 1}
    state = api.post(dry, body, user=alice, expect=200).json()["extra_vars"]["questions"]["host"]
    assert state == {"visible": True, "choices": ["web01"], "more": True}


@pytest.mark.django_db
def test_choices_are_checked_again_at_approval(
    api, job_template_factory, catalog_item_factory, inventory, alice, approver, team
):
    item = catalog_item_factory(
        job_template_factory(survey_spec=SPEC),
        form_overlay=OVERLAY,
        requires_approval=True,
        approver_team=team,
    )
    inventory.readers.add(alice)
    sr = lifecycle.submit(item, alice, extra_vars={"host": "web01"})
    assert sr.status == "pending_approval"
    inventory.readers.remove(alice)  # the requester lost sight of the host meanwhile
    body = api.post(url("service_request-approve", sr.pk), {}, user=approver, expect=409).json()
    assert [e["path"] for e in body["errors"]] == ["extra_vars.host"]
    sr.refresh_from_db()
    assert sr.status == "pending_approval"
    inventory.readers.add(alice)
    api.post(url("service_request-approve", sr.pk), {}, user=approver, expect=200)
    sr.refresh_from_db()
    assert sr.status == "running", sr.failure_reason
