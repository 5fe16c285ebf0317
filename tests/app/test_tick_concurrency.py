"""A tick racing an approver yields one outcome (issue 12 item 2): both
lock the request row, and whoever comes second sees the first one's
result. Threads with their own connections, on PostgreSQL."""

import threading
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.utils import timezone

from forge_catalog import _core, lifecycle, tick
from forge_catalog.devhost import models as dh
from forge_catalog.exceptions import Conflict
from forge_catalog.models import ServiceRequest, ServiceRequestEvent

ROUNDS = 6


def _race(sr, approver, now):
    barrier = threading.Barrier(2)
    results = {}

    def approve():
        try:
            barrier.wait(timeout=30)
            lifecycle.approve(ServiceRequest(pk=sr.pk), approver)
            results["approver"] = "approved"
        except (_core.TransitionError, Conflict) as exc:
            results["approver"] = type(exc).__name__
        except Exception as exc:  # noqa: BLE001 - shown by the assertion
            results["approver"] = repr(exc)
        finally:
            connections.close_all()

    def run_tick():
        try:
            barrier.wait(timeout=30)
            results["tick"] = tick.run(now=now)
        except Exception as exc:  # noqa: BLE001
            results["tick"] = repr(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve), threading.Thread(target=run_tick)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


@pytest.mark.django_db(transaction=True)
def test_tick_versus_approver_one_outcome(catalog_item_factory, team, request_factory, approver):
    assert connection.vendor == "postgresql"
    item = catalog_item_factory(requires_approval=True, approver_team=team, expire_after=60)
    seen = set()
    for _ in range(ROUNDS):
        sr = request_factory(item)
        # The approver acts on a live step; the tick's clock is past its expiry.
        results = _race(sr, approver, timezone.now() + timedelta(seconds=120))
        sr.refresh_from_db()
        report = results["tick"]
        assert isinstance(report, tick.TickReport), results
        if results["approver"] == "approved":
            assert sr.status == "running" and report.expired == [], results
        else:
            assert results["approver"] == "TransitionError", results
            assert sr.status == "expired" and report.expired == [sr.pk], results
        seen.add(sr.status)
        moves = ServiceRequestEvent.objects.filter(request_id_value=sr.pk, from_state="pending_approval")
        assert moves.exclude(to_state="pending_approval").count() == 1
    assert dh.UnifiedJob.objects.count() == sum(1 for sr in ServiceRequest.objects.filter(status="running"))
