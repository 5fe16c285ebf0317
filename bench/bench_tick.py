"""The periodic tick (forge_catalog/tick.py) on PostgreSQL: one tick over N
waiting requests with nothing due (the common case: the due filter reads
none of them), then with a reminder due for every one (each locked, decided
again and recorded), and the core's decision alone. Its own database:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fc_bench_tick python bench/bench_tick.py [N]
"""

import os
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forge_catalog.devhost.settings")
os.environ.setdefault("FORGE_DEVHOST_SECRET_KEY", "bench-secret-key")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/fc_bench_tick")


def ensure_database():
    import psycopg
    from django.conf import settings

    name = settings.DATABASES["default"]["NAME"]
    admin_url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def seed(n):
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.utils import timezone

    from forge_catalog.devhost import models as dh
    from forge_catalog.models import ServiceCatalogItem, ServiceRequest

    call_command("migrate", verbosity=0)
    ServiceRequest.objects.all().delete()
    ServiceCatalogItem.objects.all().delete()
    org, _ = dh.Organization.objects.get_or_create(name="bench tick")
    user, _ = get_user_model().objects.get_or_create(username="bench_tick_requester")
    jt, _ = dh.JobTemplate.objects.get_or_create(organization=org, name="bench tick jt")
    item = ServiceCatalogItem.objects.create(
        organization=org, name="bench tick item", icon="server", job_template=jt,
        requires_approval=True, expire_after=86400, remind_every=3600,
    )  # fmt: skip
    now = timezone.now()
    rows = [
        ServiceRequest(
            catalog_item=item,
            catalog_item_name=item.name,
            organization=org,
            requested_by=user,
            status="pending_approval",
            step_entered_at=now,
        )  # fmt: skip
        for _ in range(n)
    ]
    ServiceRequest.objects.bulk_create(rows, batch_size=5000)
    return now


def timed(fn):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        start = time.perf_counter()
        result = fn()
        elapsed = time.perf_counter() - start
    return result, elapsed, len(ctx.captured_queries)


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    import django

    django.setup()
    ensure_database()
    from forge_catalog import _core, tick

    now = seed(n)
    report, idle, idle_q = timed(lambda: tick.run(now=now + timedelta(seconds=60)))
    assert not report.reminded, report.summary()
    idle_read = report.examined  # the due filter (tick_due.py) reads none of them
    report, due, due_q = timed(lambda: tick.run(now=now + timedelta(seconds=3600)))
    assert len(report.reminded) == n, report.summary()
    calls = 200_000
    start = time.process_time()
    for i in range(calls):
        _core.expiry_decide(now=1_800_003_600 + i, step_entered_at=1_800_000_000, expire_after=86400,
                            remind_every=3600)  # fmt: skip
    per_call = (time.process_time() - start) / calls * 1e6
    print(f"waiting requests: {n}")
    for label, seconds, queries in (("nothing due", idle, idle_q), ("all reminded", due, due_q)):
        per = seconds / n * 1e6
        ms = seconds * 1000
        print(f"tick, {label + ':':<14} {ms:8.0f} ms  {queries:6d} queries  ({per:.1f} us/request)")
    print(f"nothing due, requests read: {idle_read} of {n}")
    print(f"core expiry_decide:    {per_call:8.2f} us per call (CPU)")


if __name__ == "__main__":
    main()
