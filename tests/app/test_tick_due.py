"""The tick's due filter (forge_catalog/tick_due.py): SQL reads only the
waiting requests that may be due, and selects exactly those the core
(expiry.decide) finds due, down to the second boundaries, so narrowing in
SQL never hides a due request from the core."""

import random
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from forge_catalog import expiry, tick, tick_due
from forge_catalog.models import ServiceRequest

pytestmark = pytest.mark.django_db

HOUR = 3600


def test_nothing_due_reads_no_request(gated, request_factory):
    item, idle = gated(expire_after=24 * HOUR, remind_every=HOUR), gated()
    made = [request_factory(item) for _ in range(5)] + [request_factory(idle) for _ in range(3)]
    start = max(sr.created for sr in made)
    with CaptureQueriesContext(connection) as ctx:
        report = tick.run(now=start + timedelta(seconds=60), batch_size=2)
    assert report.ran and report.examined == 0 and report.reminded == []
    # One read of the items' policies and one (empty) read of requests,
    # whatever the batch size and the number waiting.
    reads = [q["sql"].split(" FROM ", 1)[1].split(" ", 1)[0] for q in ctx if " FROM " in q["sql"]]
    reads = [table for table in reads if table.startswith('"forge_catalog_')]
    assert reads == ['"forge_catalog_servicecatalogitem"', '"forge_catalog_servicerequest"']
    report = tick.run(now=start + timedelta(seconds=HOUR))
    assert report.examined == 5 and sorted(report.reminded) == sorted(sr.pk for sr in made[:5])


def _due_by_core(now):
    waiting = ServiceRequest.objects.filter(status__in=expiry.WAITING_STATES, catalog_item__isnull=False)
    related = waiting.select_related("catalog_item", "catalog_item__organization")
    return {sr.pk for sr in related if expiry.decide(sr, now)["action"] != "none"}


def _due_by_sql(now):
    queryset = tick_due.annotate(ServiceRequest.objects.filter(status__in=expiry.WAITING_STATES))
    return set(queryset.filter(tick_due.due_filter(now)).values_list("pk", flat=True))


def _near(rng, base, seconds):
    """A moment ``seconds`` before ``base``, give or take two seconds, on and
    just off whole seconds: around the boundaries the core decides on."""
    jitter = timedelta(seconds=rng.randint(-2, 2), microseconds=rng.choice((0, 1, 500_000, 999_999)))
    return base - timedelta(seconds=seconds) + jitter


def test_the_sql_filter_selects_what_the_core_finds_due(gated, request_factory):
    rng = random.Random(12)
    policies = ((600, 0), (0, 60), (3600, 120), (120, 120), (0, 0), (None, None))
    items = [gated(expire_after=e, remind_every=r) for e, r in policies]
    base = timezone.now().replace(microsecond=0)
    for i in range(150):
        expire_after, remind_every = policies[i % len(policies)]
        sr = request_factory(items[i % len(policies)])
        clock = rng.choice([d for d in (expire_after, remind_every) if d] or [0])
        entered = _near(rng, base, rng.choice((clock, clock + (remind_every or 0), 5)))
        fields = {
            "status": rng.choice(("pending_approval", "pending_approval", "needs_info")),
            "step_entered_at": None if i % 17 == 0 else entered,
            "last_reminded_at": rng.choice((None, _near(rng, base, remind_every or 0), entered)),
        }
        if fields["step_entered_at"] is None:
            fields["created"] = entered
        ServiceRequest.objects.filter(pk=sr.pk).update(**fields)
    found = set()
    for seconds in (-3, -2, -1, 0, 1, 2, 3):
        for micro in (0, 1, 500_000, 999_999):
            now = base + timedelta(seconds=seconds, microseconds=micro)
            core = _due_by_core(now)
            assert _due_by_sql(now) == core, now
            found |= core
    assert 0 < len(found) < 150  # the cases fall on both sides
