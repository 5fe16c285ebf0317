"""Delivery after commit (notify_delivery.py) with real channels: an SMTP
server and a webhook receiver that are down, then up; retries until sent,
and never more than once; two senders racing; a worker killed mid-send."""

import hashlib
import hmac
import os
import signal
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from forge_catalog import lifecycle, notify_delivery
from forge_catalog.devhost import models as dh
from forge_catalog.devhost.notification_backends import SIGNATURE_HEADER
from forge_catalog.models import ServiceRequestNotification
from tests.app import test_worker_faults as faults
from tests.app.notify_receivers import SMTPReceiver, WebhookReceiver, free_port
from tests.app.test_notify_devhost import email_template, webhook_template

pytestmark = pytest.mark.django_db(transaction=True)

# The worker-process fixtures of the worker fault tests, and their bounded wait.
job_dir, worker_process, wait_for = faults.job_dir, faults.worker_process, faults.wait_for

FAST = {"HOST": "forge_catalog.hosts.devhost.DevhostHost", "NOTIFICATION_RETRY_SECONDS": 0.0}


@pytest.fixture
def item(catalog_item_factory):
    return catalog_item_factory(requires_approval=True)


def use(item, *templates):
    item.notification_templates = {"approval_needed": [t.pk for t in templates]}
    item.save()


def row_of(sr):
    return ServiceRequestNotification.objects.get(request_id_value=sr.pk)


@override_settings(FORGE_CATALOG=FAST)
def test_smtp_down_then_up_is_sent_once(item, organization, alice):
    port = free_port()
    use(item, email_template(organization, port))
    sr = lifecycle.submit(item, alice, justification="please")
    assert notify_delivery.deliver_pending() == 0  # nobody listens on the port
    row = row_of(sr)
    assert (row.state, row.attempts) == ("pending", 1)
    assert "refused" in row.last_error.lower()
    assert dh.Notification.objects.get(pk=row.notification_id_value).status == "pending"  # due again
    smtp = SMTPReceiver(port).start()
    try:
        assert notify_delivery.deliver_pending() == 1
        assert notify_delivery.deliver_pending() == 0
        row.refresh_from_db()
        assert (row.state, row.attempts, row.last_error) == ("sent", 2, "")
        n = dh.Notification.objects.get(pk=row.notification_id_value)
        assert (n.status, n.notifications_sent) == ("successful", 1)
        (message,) = smtp.messages
        assert f"/portal/requests/{sr.pk}/" in message["body"] and str(row.delivery_id) in message["body"]
    finally:
        smtp.stop()


@override_settings(FORGE_CATALOG=FAST)
def test_webhook_down_then_up_is_sent_once(item, organization, alice):
    receiver = WebhookReceiver()
    use(item, webhook_template(organization, receiver.url))
    sr = lifecycle.submit(item, alice, justification="please")
    notify_delivery.deliver_pending()
    receiver.start()
    try:
        receiver.status = 503
        notify_delivery.deliver_pending()
        assert row_of(sr).last_error == "Error sending webhook notification: 503"
        receiver.status = 200
        assert notify_delivery.deliver_pending() == 1
        notify_delivery.deliver_pending()
        row = row_of(sr)
        assert (row.state, row.attempts) == ("sent", 3)
        assert len(receiver.requests) == 2  # the 503 and the one that went through
        got = receiver.requests[-1]
        assert got["json"]["delivery_id"] == str(row.delivery_id)
        signature = hmac.new(b"hook-signing-secret", got["raw"], hashlib.sha256).hexdigest()
        assert got["headers"][SIGNATURE_HEADER] == f"sha256={signature}"
    finally:
        receiver.stop()


@override_settings(FORGE_CATALOG={**FAST, "NOTIFICATION_RETRY_SECONDS": 3600.0})
def test_a_failed_try_waits_for_its_back_off(item, organization, alice):
    use(item, email_template(organization, free_port()))
    sr = lifecycle.submit(item, alice)
    notify_delivery.deliver_pending()
    row = row_of(sr)
    assert row.next_attempt_at > timezone.now() + timedelta(minutes=59)
    notify_delivery.deliver_pending()
    assert row_of(sr).attempts == 1


@override_settings(FORGE_CATALOG={**FAST, "NOTIFICATION_MAX_ATTEMPTS": 3})
def test_given_up_after_the_last_attempt(item, organization, alice):
    use(item, email_template(organization, free_port()))
    sr = lifecycle.submit(item, alice)
    for _ in range(5):
        notify_delivery.deliver_pending()
    row = row_of(sr)
    assert (row.state, row.attempts) == ("failed", 3)
    assert dh.Notification.objects.get(pk=row.notification_id_value).status == "failed"


@override_settings(FORGE_CATALOG=FAST)
def test_two_senders_racing_send_each_message_once(item, organization, alice):
    receiver = WebhookReceiver().start()
    try:
        use(item, webhook_template(organization, receiver.url))
        requests = [lifecycle.submit(item, alice) for _ in range(6)]
        start = threading.Barrier(2)
        results = []

        def sender():
            try:
                start.wait(10)
                results.append(notify_delivery.deliver_pending())
            finally:
                connection.close()

        threads = [threading.Thread(target=sender) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert sum(results) == 6
        ids = sorted(r["json"]["delivery_id"] for r in receiver.requests)
        assert ids == sorted(str(row_of(sr).delivery_id) for sr in requests)  # each once
        assert {row_of(sr).state for sr in requests} == {"sent"}
    finally:
        receiver.stop()


@override_settings(FORGE_CATALOG=FAST)
def test_a_sender_that_lost_its_lease_records_nothing(item, organization, alice):
    receiver = WebhookReceiver().start()
    try:
        use(item, webhook_template(organization, receiver.url))
        sr = lifecycle.submit(item, alice)
        (claimed,) = notify_delivery._claim(notify_delivery.get_host(), 10, None, "first")
        ServiceRequestNotification.objects.filter(pk=claimed.pk).update(sender="second")  # taken over
        assert notify_delivery._settle(claimed, "first", status="successful") == 0
        assert row_of(sr).state == "sending"
    finally:
        receiver.stop()


@override_settings(FORGE_CATALOG=FAST)
def test_a_lapsed_claim_the_controller_recorded_is_not_sent_again(item, organization, alice):
    receiver = WebhookReceiver().start()
    try:
        use(item, webhook_template(organization, receiver.url))
        sr = lifecycle.submit(item, alice)
        row = row_of(sr)
        # A sender sent it and died before settling: the controller's row says so.
        dh.Notification.objects.filter(pk=row.notification_id_value).update(status="successful")
        ServiceRequestNotification.objects.filter(pk=row.pk).update(
            state="sending", sender="dead", lease_expires=timezone.now() - timedelta(seconds=1)
        )
        notify_delivery.deliver_pending()
        assert row_of(sr).state == "sent"
        assert receiver.requests == []
    finally:
        receiver.stop()


def test_a_worker_killed_mid_send_delivers_after_its_lease(
    item,
    organization,
    alice,
    worker_process,
    monkeypatch,
):
    """The worker's sender thread is killed (SIGKILL) while the receiver
    holds its POST; after the lease lapses the next sender sends it again
    with the same delivery id, and the row ends sent: not lost, and a
    receiver can tell the repeat."""
    monkeypatch.setenv("FORGE_DEVHOST_NOTIFICATION_LEASE_SECONDS", "2")
    receiver = WebhookReceiver().start()
    receiver.hold = threading.Event()
    try:
        use(item, webhook_template(organization, receiver.url))
        sr = lifecycle.submit(item, alice)
        worker = worker_process()
        wait_for(receiver.arrived.is_set, "the worker's POST", worker=worker)
        assert row_of(sr).state == "sending"
        os.kill(worker.pid, signal.SIGKILL)
        worker.proc.wait(20)
        receiver.hold.set()
        receiver.hold = None
        row = row_of(sr)
        assert (row.state, row.attempts) == ("sending", 1)
        assert dh.Notification.objects.get(pk=row.notification_id_value).status == "pending"
        with override_settings(FORGE_CATALOG={**FAST, "NOTIFICATION_LEASE_SECONDS": 2.0}):
            wait_for(
                lambda: notify_delivery.deliver_pending() == 1, "the lapsed claim to be sent", timeout=30
            )
            notify_delivery.deliver_pending()
        row.refresh_from_db()
        assert (row.state, row.attempts) == ("sent", 2)
        assert {r["json"]["delivery_id"] for r in receiver.requests} == {str(row.delivery_id)}
        assert len(receiver.requests) == 2
    finally:
        if receiver.hold is not None:
            receiver.hold.set()
        receiver.stop()


def test_the_worker_delivers_while_it_runs(item, organization, alice, worker_process):
    smtp = SMTPReceiver().start()
    try:
        use(item, email_template(organization, smtp.port))
        sr = lifecycle.submit(item, alice)
        worker = worker_process()
        wait_for(lambda: row_of(sr).state == "sent", "the worker to send it", worker=worker)
        assert len(smtp.messages) == 1
    finally:
        smtp.stop()
