"""The devhost's notification contract, as AWX has it
(awx/main/models/notifications.py, awx/main/tasks/system.py
send_notifications): templates with their secrets encrypted at rest,
Notification rows, generate_notification, and two real channels: email
through Django's SMTP backend to a real SMTP server (aiosmtpd), and a
webhook POST with an HMAC signature to a real HTTP receiver."""

import hashlib
import hmac
import json

import pytest

from forge_catalog.devhost import models as dh
from forge_catalog.devhost import secrets as dh_secrets
from forge_catalog.devhost.notification_backends import SIGNATURE_HEADER
from forge_catalog.devhost.tasks import send_notifications
from tests.app.notify_receivers import SMTPReceiver, WebhookReceiver, free_port


@pytest.fixture
def smtp():
    server = SMTPReceiver().start()
    yield server
    server.stop()


@pytest.fixture
def webhook():
    receiver = WebhookReceiver().start()
    yield receiver
    receiver.stop()


def email_template(organization, port, **config):
    return dh.NotificationTemplate.objects.create(
        organization=organization,
        name=f"mail-{port}",
        notification_type="email",
        notification_configuration={
            "host": "127.0.0.1",
            "port": port,
            "username": "",
            "password": "",
            "use_tls": False,
            "use_ssl": False,
            "sender": "forge@example.com",
            "recipients": ["approvers@example.com", "lead@example.com"],
            "timeout": 5,
            **config,
        },
    )


def webhook_template(organization, url, secret="hook-signing-secret", **config):
    return dh.NotificationTemplate.objects.create(
        organization=organization,
        name=f"hook-{url}",
        notification_type="webhook",
        notification_configuration={
            "url": url,
            "http_method": "POST",
            "headers": {"X-Team": "platform"},
            "username": "hookuser",
            "password": "hook-basic-password",
            "signing_secret": secret,
            **config,
        },
    )


def test_password_fields_are_stored_encrypted_with_awx_key(db, organization):
    nt = webhook_template(organization, "http://127.0.0.1:9/hook")
    stored = dh.NotificationTemplate.objects.get(pk=nt.pk).notification_configuration
    for field, plain in (("password", "hook-basic-password"), ("signing_secret", "hook-signing-secret")):
        assert stored[field].startswith("$encrypted$UTF8$AESCBC$")
        assert plain not in json.dumps(stored)
        # AWX's key: SHA-512 of SECRET_KEY, the row's pk and the field name.
        assert dh_secrets.decrypt_field_value(stored[field], "notification_configuration", nt.pk) == plain
    assert stored["username"] == "hookuser"  # only password types are encrypted
    shown = nt.display_notification_configuration()
    assert shown["password"] == shown["signing_secret"] == "$encrypted$"


def test_saving_again_does_not_encrypt_twice(db, organization):
    nt = webhook_template(organization, "http://127.0.0.1:9/hook")
    nt.description = "changed"
    nt.save()
    stored = dh.NotificationTemplate.objects.get(pk=nt.pk).notification_configuration
    assert dh_secrets.decrypt_field_value(stored["password"], "notification_configuration", nt.pk) == (
        "hook-basic-password"
    )


def test_generate_notification_writes_a_pending_row(db, organization):
    nt = email_template(organization, 25)
    n = nt.generate_notification("subject line", "body text")
    n.refresh_from_db()
    assert (n.status, n.notification_type, n.subject, n.body) == (
        "pending",
        "email",
        "subject line",
        "body text",
    )
    assert n.recipients == str(["approvers@example.com", "lead@example.com"])
    assert (n.notifications_sent, n.error) == (0, "")


def test_email_goes_through_a_real_smtp_server(db, organization, smtp):
    nt = email_template(organization, smtp.port)
    n = nt.generate_notification(
        "Approval needed: VM", "Open the request: http://portal/portal/requests/1/\n"
    )
    send_notifications([n.pk])
    n.refresh_from_db()
    assert (n.status, n.notifications_sent, n.error) == ("successful", 1, "")
    (message,) = smtp.messages
    assert message["subject"] == "Approval needed: VM"
    assert message["to"] == ["approvers@example.com", "lead@example.com"]
    assert message["from"] == "forge@example.com"
    assert "http://portal/portal/requests/1/" in message["body"]


def test_webhook_posts_json_with_an_hmac_signature(db, organization, webhook):
    nt = webhook_template(organization, webhook.url)
    body = json.dumps({"event": "approval_needed", "url": "http://portal/portal/requests/1/"})
    n = nt.generate_notification("subject", body)
    send_notifications([n.pk])
    n.refresh_from_db()
    assert (n.status, n.notifications_sent) == ("successful", 1)
    (got,) = webhook.requests
    assert got["json"] == json.loads(body)
    expected = hmac.new(b"hook-signing-secret", got["raw"], hashlib.sha256).hexdigest()
    assert got["headers"][SIGNATURE_HEADER] == f"sha256={expected}"
    assert got["headers"]["X-Team"] == "platform"
    assert got["headers"]["Authorization"].startswith("Basic ")


def test_webhook_without_a_secret_is_unsigned(db, organization, webhook):
    nt = webhook_template(organization, webhook.url, secret="")
    send_notifications([nt.generate_notification("s", "{}").pk])
    (got,) = webhook.requests
    assert SIGNATURE_HEADER not in got["headers"]


def test_a_failed_send_is_recorded_on_the_row(db, organization, webhook):
    down = email_template(organization, free_port())
    refused = webhook_template(organization, webhook.url)
    webhook.status = 500
    a = down.generate_notification("s", "b")
    b = refused.generate_notification("s", "{}")
    send_notifications([a.pk, b.pk])
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.status == "failed" and "refused" in a.error.lower()
    assert (b.status, b.error) == ("failed", "Error sending webhook notification: 500")
    assert "hook-basic-password" not in a.error + b.error


def test_send_notifications_takes_a_list_only(db):
    with pytest.raises(TypeError):
        send_notifications(5)
