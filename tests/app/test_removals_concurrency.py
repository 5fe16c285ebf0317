"""Deleting an item while a request for it is being submitted: the delete
waits for the submit and then refuses (409), never a 500 and never a request
lost (removals.delete_item locks the item row first)."""

import threading

import pytest
from django.db import connection, connections, transaction

from forge_catalog import removals
from forge_catalog.exceptions import Conflict
from forge_catalog.models import ServiceCatalogItem, ServiceRequest


def _waiting_on_a_lock(pid):
    with connection.cursor() as cursor:
        cursor.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [pid])
        row = cursor.fetchone()
    return row is not None and row[0] == "Lock"


@pytest.mark.django_db(transaction=True)
def test_a_delete_racing_a_submit_waits_and_refuses(catalog_item_factory, request_factory, org_admin, team):
    item = catalog_item_factory(requires_approval=True, approver_team=team)
    assert connection.vendor == "postgresql"
    submitted, release = threading.Event(), threading.Event()
    delete_pid, outcome = [], []

    def submit():
        try:
            with transaction.atomic():
                request_factory(ServiceCatalogItem.objects.get(pk=item.pk))
                submitted.set()
                release.wait(timeout=60)  # commit only once the delete waits
        finally:
            connections.close_all()

    def delete():
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                delete_pid.append(cursor.fetchone()[0])
            removals.delete_item(ServiceCatalogItem.objects.get(pk=item.pk), org_admin)
            outcome.append("deleted")
        except Conflict as exc:
            outcome.append(exc.code)
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            outcome.append(repr(exc))
        finally:
            connections.close_all()

    submitter = threading.Thread(target=submit)
    submitter.start()
    assert submitted.wait(timeout=60)
    deleter = threading.Thread(target=delete)
    deleter.start()
    # The delete blocks on the row lock the uncommitted submit holds.
    for _ in range(600):
        if delete_pid and _waiting_on_a_lock(delete_pid[0]):
            break
        threading.Event().wait(0.05)
    else:
        pytest.fail("the delete never waited for the submit")
    release.set()
    submitter.join(timeout=60)
    deleter.join(timeout=60)
    assert outcome == ["open_requests"]
    assert ServiceCatalogItem.objects.filter(pk=item.pk).exists()
    assert ServiceRequest.objects.filter(catalog_item_id=item.pk, status="pending_approval").count() == 1
