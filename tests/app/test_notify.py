"""Messages recorded by the transitions (notify.py): the templates an item
names per kind (else its organization's defaults), the controller's
Notification row and our outbox row written in the deciding transaction,
what a message says (item, requester, step, reason, deep link) and never
(a secret), and that recording never fails a decision."""

import json

import pytest
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from forge_catalog import lifecycle, notify, notify_messages, urlmount
from forge_catalog.devhost import models as dh
from forge_catalog.hosts import get_host
from forge_catalog.models import OrganizationNotificationDefaults, ServiceRequestNotification

SECRET = "s3cr3t-Pa55word"


def hook(organization, name="hook"):
    return dh.NotificationTemplate.objects.create(
        organization=organization,
        name=name,
        notification_type="webhook",
        notification_configuration={"url": "http://127.0.0.1:9/hook", "http_method": "POST", "headers": {}},
    )


def mail(organization, name="mail"):
    return dh.NotificationTemplate.objects.create(
        organization=organization,
        name=name,
        notification_type="email",
        notification_configuration={"host": "127.0.0.1", "port": 9, "sender": "f@x", "recipients": ["a@x"]},
    )


@pytest.fixture
def secret_item(catalog_item_factory, job_template_factory, organization):
    jt = job_template_factory(survey_spec=[{"variable": "db_password", "type": "password"}, "hostname"])
    return catalog_item_factory(jt, requires_approval=True)


def submit(item, user, justification="please"):
    return lifecycle.submit(
        item, user, justification=justification, extra_vars={"db_password": SECRET, "hostname": "web1"}
    )


def kinds(sr):
    return [
        row.kind for row in ServiceRequestNotification.objects.filter(request_id_value=sr.pk).order_by("pk")
    ]


@pytest.mark.django_db(transaction=True)
@override_settings(
    FORGE_CATALOG={
        "HOST": "forge_catalog.hosts.devhost.DevhostHost",
        "PORTAL_BASE_URL": "https://portal.example.com/portal/",
    }
)
def test_approval_needed_is_recorded_with_the_decision(secret_item, organization, alice):
    nt = hook(organization)
    secret_item.notification_templates = {"approval_needed": [nt.pk]}
    secret_item.save()
    sr = submit(secret_item, alice)
    (row,) = ServiceRequestNotification.objects.filter(request_id_value=sr.pk)
    assert (row.kind, row.state, row.attempts) == ("approval_needed", "pending", 0)
    n = dh.Notification.objects.get(pk=row.notification_id_value)
    assert (n.status, n.notification_template_id, n.notification_type) == ("pending", nt.pk, "webhook")
    payload = json.loads(n.body)
    assert payload["event"] == "approval_needed"
    assert payload["url"] == f"https://portal.example.com/portal/requests/{sr.pk}/"
    assert payload["item"] == {"id": secret_item.pk, "name": secret_item.name}
    assert payload["requester"] == "alice"
    assert payload["delivery_id"] == str(row.delivery_id)
    assert secret_item.name in n.subject and "alice" in n.subject


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_decision_leaves_no_message(secret_item, organization, alice):
    secret_item.notification_templates = {"approval_needed": [hook(organization).pk]}
    secret_item.save()
    with pytest.raises(RuntimeError), transaction.atomic():
        submit(secret_item, alice)
        assert dh.Notification.objects.count() == 1
        raise RuntimeError("the deciding transaction fails after the message was written")
    assert dh.Notification.objects.count() == 0
    assert ServiceRequestNotification.objects.count() == 0


def test_organization_defaults_apply_unless_the_item_names_its_own(
    db, secret_item, organization, alice, org_admin
):
    default, own = hook(organization, "default"), mail(organization, "own")
    OrganizationNotificationDefaults.objects.create(
        organization=organization,
        notification_templates={"approval_needed": [default.pk], "rejected": [default.pk]},
    )
    sr = submit(secret_item, alice)
    assert [r.notification_template_id_value for r in sr.notifications.all()] == [default.pk]
    secret_item.notification_templates = {"approval_needed": [own.pk], "rejected": []}
    secret_item.save()
    sr2 = submit(secret_item, alice)
    lifecycle.reject(sr2, org_admin, "no")
    assert [(r.kind, r.notification_template_id_value) for r in sr2.notifications.order_by("pk")] == [
        ("approval_needed", own.pk)
    ]  # [] turned the default off for "rejected"


def test_every_transition_sends_its_kind(db, catalog_item_factory, organization, alice, org_admin):
    nt = hook(organization)
    everything = {kind: [nt.pk] for kind in notify.KINDS}
    item = catalog_item_factory(requires_approval=True, notification_templates=everything)
    approved = lifecycle.submit(item, alice, justification="go")
    lifecycle.approve(approved, org_admin, comment="fine")
    assert kinds(approved) == ["approval_needed", "approved", "launched"]
    rejected = lifecycle.submit(item, alice, justification="go")
    lifecycle.reject(rejected, org_admin, "not now")
    assert kinds(rejected) == ["approval_needed", "rejected"]
    canceled = lifecycle.submit(item, alice, justification="go")
    lifecycle.cancel(canceled, alice)
    assert kinds(canceled) == ["approval_needed", "canceled"]
    approved.refresh_from_db()
    lifecycle.sync_status_for_job_id(approved.job_id, "successful")
    assert kinds(approved)[-1] == "succeeded"
    immediate = catalog_item_factory(notification_templates=everything)
    launched = lifecycle.submit(immediate, alice)
    lifecycle.sync_status_for_job_id(launched.job_id, "failed")
    assert kinds(launched) == ["launched", "failed"]


def test_reason_actor_and_step_are_named(db, secret_item, organization, alice, org_admin):
    nt = mail(organization)
    secret_item.notification_templates = {"rejected": [nt.pk]}
    secret_item.save()
    sr = submit(secret_item, alice)
    lifecycle.reject(sr, org_admin, "budget is closed")
    (row,) = sr.notifications.all()
    n = dh.Notification.objects.get(pk=row.notification_id_value)
    assert "Reason: budget is closed" in n.body
    assert "By: org_admin" in n.body and "Requested by: alice" in n.body
    # Unset PORTAL_BASE_URL: the portal's own page of the request on this host.
    page = reverse("forge_catalog_portal:request", args=[sr.pk], urlconf=urlmount.mounted_urlconf())
    assert f"Open the request: {page}\n" in n.body
    assert notify_messages.step_label({"index": 1, "title": "Security"}) == "step 2: Security"
    assert notify_messages.step_label(0) == "step 1"


def test_no_message_carries_a_secret(db, secret_item, organization, alice, org_admin):
    nt, nt_mail = hook(organization), mail(organization)
    secret_item.notification_templates = {k: [nt.pk, nt_mail.pk] for k in ("approval_needed", "rejected")}
    secret_item.save()
    sr = submit(secret_item, alice, justification=f"the password is {SECRET}")
    lifecycle.reject(sr, org_admin, f"never paste {SECRET} here")
    texts = []
    for n in dh.Notification.objects.all():
        texts += [n.subject, json.dumps(n.body), n.recipients]
    assert len(texts) == 12
    assert not any(SECRET in text for text in texts)
    assert any("never paste $encrypted$ here" in text for text in texts)
    assert not any(SECRET in r.last_error for r in ServiceRequestNotification.objects.all())


def test_recording_never_fails_the_decision(db, secret_item, organization, alice, org_admin, monkeypatch):
    secret_item.notification_templates = {"rejected": [hook(organization).pk]}
    secret_item.save()
    sr = submit(secret_item, alice)

    def broken(*args, **kwargs):
        raise RuntimeError("controller down")

    monkeypatch.setattr(type(get_host()), "generate_notification", broken)
    lifecycle.reject(sr, org_admin, "no")
    sr.refresh_from_db()
    assert sr.status == "rejected"
    (row,) = sr.notifications.all()
    assert (row.kind, row.state) == ("rejected", "failed")
    assert "RuntimeError" in row.last_error


def test_a_template_gone_from_the_organization_is_a_failed_delivery(
    db, secret_item, organization, other_organization, alice
):
    moved = hook(organization)
    secret_item.notification_templates = {"approval_needed": [moved.pk, 999999]}
    secret_item.save()
    moved.organization = other_organization
    moved.save()
    sr = submit(secret_item, alice)
    rows = list(sr.notifications.order_by("pk"))
    assert [r.state for r in rows] == ["failed", "failed"]
    assert all("does not exist in this organization" in r.last_error for r in rows)
    assert dh.Notification.objects.count() == 0


def test_the_ticks_expiry_and_reminder_send_one_message_each(
    db, catalog_item_factory, team, organization, alice
):
    from datetime import timedelta

    from forge_catalog import tick
    from forge_catalog.models import ServiceRequestStep

    nt = mail(organization)
    item = catalog_item_factory(
        requires_approval=True,
        approver_team=team,
        expire_after=3600,
        remind_every=600,
        notification_templates={"reminder": [nt.pk], "expired": [nt.pk], "approval_needed": [nt.pk]},
    )
    sr = lifecycle.submit(item, alice, justification="go")
    sr.refresh_from_db()
    if sr.current_step_id is None:  # the plan, as submit will write it
        step = ServiceRequestStep.objects.create(
            request=sr, position=0, quorum=1, state="pending", entered_at=sr.created, title="Security"
        )
        type(sr).objects.filter(pk=sr.pk).update(current_step=step, step_entered_at=sr.created)
    tick.run(now=sr.created + timedelta(seconds=600))
    tick.run(now=sr.created + timedelta(seconds=3600))
    assert kinds(sr) == ["approval_needed", "reminder", "expired"]
    reminder = dh.Notification.objects.get(pk=sr.notifications.get(kind="reminder").notification_id_value)
    assert "Step: step 1" in reminder.body
