"""The notification API: an item's ``notification_templates`` field (the
same-organization rule, field-level errors), an organization's defaults,
and a request's delivery status for the item's administrators."""

import pytest
from apihelpers import url

from forge_catalog import lifecycle, notify_delivery
from forge_catalog.devhost import models as dh
from forge_catalog.models import OrganizationNotificationDefaults


def template(organization, name="hook", kind="webhook"):
    config = (
        {"url": "http://127.0.0.1:9/x", "http_method": "POST", "headers": {}, "password": "basic-pw"}
        if kind == "webhook"
        else {"host": "127.0.0.1", "port": 9, "sender": "f@x", "recipients": ["a@x"]}
    )
    return dh.NotificationTemplate.objects.create(
        organization=organization, name=name, notification_type=kind, notification_configuration=config
    )


@pytest.fixture
def item(catalog_item_factory, team):
    return catalog_item_factory(requires_approval=True, approver_team=team)


def paths(response):
    return {e["path"]: e["code"] for e in response.json()["errors"]}


def test_an_admin_names_templates_per_kind(api, item, org_admin, organization):
    hook, mail = template(organization), template(organization, "mail", "email")
    value = {"approval_needed": [hook.pk, mail.pk], "rejected": []}
    path = url("service_catalog_item-detail", item.pk)
    r = api.patch(path, {"notification_templates": value}, user=org_admin, expect=200)
    assert r.json()["notification_templates"] == value
    item.refresh_from_db()
    assert item.notification_templates == value


def test_templates_of_another_organization_are_refused_like_missing_ones(
    api, item, org_admin, other_organization
):
    foreign = template(other_organization, "theirs")
    body = {"notification_templates": {"approval_needed": [foreign.pk, 987654]}}
    r = api.patch(url("service_catalog_item-detail", item.pk), body, user=org_admin, expect=400)
    errors = r.json()["errors"]
    assert {e["path"] for e in errors} == {
        "notification_templates.approval_needed[0]",
        "notification_templates.approval_needed[1]",
    }
    assert errors[0]["message"].replace(str(foreign.pk), "N") == errors[1]["message"].replace("987654", "N")
    # The core's words (fc_notify.h), exactly as the API has always shown them.
    assert errors[0] == {
        "path": "notification_templates.approval_needed[0]",
        "code": "other_organization",
        "message": f"notification template {foreign.pk} does not exist in the item's organization",
    }


@pytest.mark.parametrize(
    "value, path, code",
    [
        ({"nonsense": []}, "notification_templates.nonsense", "unknown_kind"),
        ({"approval_needed": 5}, "notification_templates.approval_needed", "type"),
        ({"approval_needed": ["5"]}, "notification_templates.approval_needed[0]", "type"),
        ({"approval_needed": [True]}, "notification_templates.approval_needed[0]", "type"),
        ([1, 2], "notification_templates", "type"),
    ],
)
def test_malformed_values_get_field_errors(api, item, org_admin, value, path, code):
    r = api.patch(
        url("service_catalog_item-detail", item.pk),
        {"notification_templates": value},
        user=org_admin,
        expect=400,
    )
    assert paths(r) == {path: code}


def test_a_template_named_twice_is_refused(api, item, org_admin, organization):
    hook = template(organization)
    body = {"notification_templates": {"approval_needed": [hook.pk, hook.pk]}}
    r = api.patch(url("service_catalog_item-detail", item.pk), body, user=org_admin, expect=400)
    assert paths(r) == {"notification_templates.approval_needed": "duplicate"}


def test_organization_defaults_round_trip(api, organization, org_admin, other_organization):
    hook = template(organization)
    path = url("notification_defaults-detail", organization.pk)
    assert api.get(path, user=org_admin, expect=200).json()["notification_templates"] == {}
    r = api.patch(path, {"notification_templates": {"reminder": [hook.pk]}}, user=org_admin, expect=200)
    assert r.json()["summary_fields"]["notification_templates"] == {
        "reminder": [{"id": hook.pk, "name": "hook", "notification_type": "webhook"}]
    }
    assert OrganizationNotificationDefaults.objects.get(organization=organization).notification_templates == {
        "reminder": [hook.pk]
    }
    foreign = template(other_organization, "theirs")
    r = api.patch(path, {"notification_templates": {"reminder": [foreign.pk]}}, user=org_admin, expect=400)
    assert paths(r) == {"notification_templates.reminder[0]": "other_organization"}
    api.patch(path, {"bogus": 1}, user=org_admin, expect=400)
    api.get(url("notification_defaults-detail", 99999999), user=org_admin, expect=404)
    api.get(url("notification_defaults-detail", "x"), user=org_admin, expect=404)


def test_admins_see_how_delivery_went_and_no_secret(api, item, organization, alice, org_admin, approver):
    hook = template(organization)
    item.notification_templates = {"approval_needed": [hook.pk]}
    item.save()
    sr = lifecycle.submit(item, alice, justification="please")
    notify_delivery.deliver_pending()  # nothing listens on port 9
    path = url("service_request-notifications", sr.pk)
    (row,) = api.get(path, user=org_admin, expect=200).json()["results"]
    assert row["kind"] == "approval_needed" and row["state"] == "pending" and row["attempts"] == 1
    assert row["notification_template"] == {"id": hook.pk, "name": "hook", "notification_type": "webhook"}
    assert row["notification_status"] == "pending" and row["error"]
    api.get(path, user=alice, expect=403)
    api.get(path, user=approver, expect=403)
    assert "basic-pw" not in api.get(path, user=org_admin).content.decode()
