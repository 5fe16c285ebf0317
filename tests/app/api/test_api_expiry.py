"""Expiry through the API: the item's policy fields (the core's 400s), a
request's step clock, and no approve/reject on an expired step (flags
false, decisions 409), even before a tick has run."""

from datetime import timedelta

import pytest
from apihelpers import body, url
from django.utils import timezone

from forge_catalog import tick
from forge_catalog.models import ServiceRequest

pytestmark = pytest.mark.django_db
HOUR = 3600


@pytest.fixture
def item(catalog_item_factory, team):
    return catalog_item_factory(
        requires_approval=True, approver_team=team, expire_after=HOUR, remind_every=600
    )


def _submit(api, item, user):
    return body(api.post(url("service_catalog_item-submit", item.pk), {}, user=user, expect=201))


def test_policy_fields_are_saved_and_shown(api, org_admin, item):
    path = url("service_catalog_item-detail", item.pk)
    data = body(
        api.patch(
            path,
            {"expiry_outcome": "approve", "auto_approve_allowed": True, "expire_after": 7200},
            user=org_admin,
            expect=200,
        )
    )
    assert (data["expire_after"], data["expiry_outcome"], data["auto_approve_allowed"]) == (
        7200,
        "approve",
        True,
    )
    assert data["remind_every"] == 600


def test_policy_problems_are_field_errors(api, org_admin, item):
    path = url("service_catalog_item-detail", item.pk)
    data = body(
        api.patch(
            path,
            {"expiry_outcome": "approve", "remind_every": 5, "expire_after": 400 * 86400},
            user=org_admin,
            expect=400,
        )
    )
    assert set(data) >= {"expiry_outcome", "remind_every", "expire_after"}
    bad = body(api.patch(path, {"expiry_outcome": "explode"}, user=org_admin, expect=400))
    assert "expiry_outcome" in bad


def test_a_pending_request_shows_its_clock_and_flags(api, alice, approver, item):
    data = _submit(api, item, alice)
    clock = data["approval_expiry"]
    assert clock["expired"] is False and clock["outcome"] == "reject" and clock["escalated"] is False
    assert clock["expires_at"] is not None and clock["next_reminder_at"] is not None
    shown = body(api.get(url("service_request-detail", data["id"]), user=approver, expect=200))
    assert (shown["can_approve"], shown["can_reject"], shown["can_cancel"]) == (True, True, False)
    own = body(api.get(url("service_request-detail", data["id"]), user=alice, expect=200))
    assert (own["can_approve"], own["can_reject"], own["can_cancel"]) == (False, False, True)


def test_an_expired_request_shows_no_buttons_and_refuses_decisions(api, alice, approver, org_admin, item):
    rid = _submit(api, item, alice)["id"]
    ServiceRequest.objects.filter(pk=rid).update(step_entered_at=timezone.now() - timedelta(seconds=HOUR))
    for who in (approver, org_admin):
        shown = body(api.get(url("service_request-detail", rid), user=who, expect=200))
        assert shown["approval_expiry"]["expired"] is True
        assert (shown["can_approve"], shown["can_reject"]) == (False, False)
        inbox = body(api.get(url("service_request-pending-approvals"), user=who, expect=200))
        assert [(r["id"], r["can_approve"]) for r in inbox["results"]] == [(rid, False)]
    for action, payload in (("approve", {}), ("reject", {"reason": "late"})):
        conflict = body(api.post(url(f"service_request-{action}", rid), payload, user=approver, expect=409))
        assert conflict["code"] == "expired"
        assert conflict["errors"][0] == {"path": "status", "code": "expired", "message": conflict["detail"]}
    tick.run()
    done = body(api.get(url("service_request-detail", rid), user=alice, expect=200))
    assert done["status"] == "expired" and done["approval_expiry"] is None
    assert done["reason"].startswith("expired")


def test_approved_once_the_approver_sees_no_second_approve(api, alice, approver, catalog_item_factory, team):
    item = catalog_item_factory(requires_approval=True, approver_team=team, approvals_required=2)
    rid = _submit(api, item, alice)["id"]
    api.post(url("service_request-approve", rid), {}, user=approver, expect=200)
    shown = body(api.get(url("service_request-detail", rid), user=approver, expect=200))
    assert (shown["can_approve"], shown["can_reject"]) == (False, True)
