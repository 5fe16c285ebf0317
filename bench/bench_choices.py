"""choices_from at 100,000 hosts (issue 9: "bounded so 100k hosts stay fast").

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fc_bench_choices python bench/bench_choices.py

Seeds once (kept between runs) one inventory of 100,000 hosts (every tenth
disabled, a quarter in group "web") readable by a requester, and an item
whose form picks a host from it. Then times, median and p95 in ms with the
queries per call:

- the adapter's listing (first 50 names; a search matching many, one, none)
  and its membership check (what submit and approval ask);
- the dry-run endpoint through the whole stack (APIClient), with a search;
- submit with a picked host;

and prints the plan of the listing query (an index range, not a scan of
100k rows, for the unfiltered case).
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forge_catalog.devhost.settings")
os.environ.setdefault("FORGE_DEVHOST_SECRET_KEY", "bench-secret-key")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/fc_bench_choices")

N_HOSTS = 100_000
INVENTORY = "Big"


def ensure_database():
    import psycopg
    from django.conf import settings

    name = settings.DATABASES["default"]["NAME"]
    admin_url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def seed():
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection

    from forge_catalog.devhost import models as dh
    from forge_catalog.models import ServiceCatalogItem

    call_command("migrate", verbosity=0)
    user, _ = get_user_model().objects.get_or_create(username="bench_requester")
    org, _ = dh.Organization.objects.get_or_create(name="bench-choices")
    org.members.add(user)
    inventory, _ = dh.Inventory.objects.get_or_create(organization=org, name=INVENTORY)
    inventory.readers.add(user)
    if inventory.hosts.count() < N_HOSTS:
        print(f"seeding {N_HOSTS} hosts ...", file=sys.stderr)
        inventory.hosts.all().delete()
        web, _ = dh.Group.objects.get_or_create(inventory=inventory, name="web")
        with connection.cursor() as cur:
            cur.execute(
                f"""INSERT INTO {dh.Host._meta.db_table}
                    (name, description, inventory_id, enabled, instance_id, variables, created, modified)
                    SELECT 'h' || lpad(i::text, 6, '0'), '', %s, i %% 10 <> 0, '', '', now(), now()
                    FROM generate_series(1, %s) AS i""",
                [inventory.pk, N_HOSTS],
            )
            through = dh.Group.hosts.through._meta.db_table
            cur.execute(
                f"""INSERT INTO {through} (group_id, host_id)
                    SELECT %s, id FROM {dh.Host._meta.db_table} WHERE inventory_id = %s AND id %% 4 = 0""",
                [web.pk, inventory.pk],
            )
            cur.execute("ANALYZE")
    template, _ = dh.JobTemplate.objects.update_or_create(
        organization=org,
        name="bench pick a host",
        defaults=dict(
            playbook="ping.yml",
            survey_enabled=True,
            survey_spec={
                "name": "s",
                "spec": [{"type": "text", "variable": "host", "question_name": "Host", "required": True}],
            },
        ),
    )
    item, _ = ServiceCatalogItem.objects.update_or_create(
        organization=org,
        name="bench pick a host",
        defaults=dict(
            job_template=template,
            icon="server",
            category="bench",
            form_overlay={"host": {"choices_from": {"inventory": INVENTORY, "kind": "hosts"}}},
        ),
    )
    return user, org, item


def measure(call, repeat=30, warmup=3):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warmup):
        call()
    times, queries = [], 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            call()
            times.append((time.perf_counter() - start) * 1000)
        queries = len(ctx)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1], queries


def main():
    import django

    django.setup()
    ensure_database()
    from django.db import connection
    from rest_framework.test import APIClient

    from forge_catalog.hosts import get_host

    user, org, item = seed()
    host = get_host()
    source = {"inventory": INVENTORY, "kind": "hosts"}
    assert not user.is_system_auditor  # read once per user, as in AWX
    rows = []

    def add(name, call):
        median, p95, queries = measure(call)
        rows.append((name, median, p95, queries))

    add("list first 50", lambda: host.inventory_choices(user, org, source, limit=50))
    def search(text):
        return lambda: host.inventory_choices(user, org, source, search=text)

    add("list 50, search 'h0999' (100 match)", search("h0999"))
    add("list 50, search 'h054321' (1 match)", search("h054321"))
    add("list 50, search 'zzz' (none)", search("zzz"))
    filtered = {**source, "filter": "h05"}
    add("list 50, overlay filter 'h05'", lambda: host.inventory_choices(user, org, filtered, limit=50))
    add("check 1 answer", lambda: host.visible_inventory_names(user, org, source, ["h054321"]))

    client = APIClient()
    client.force_authenticate(user)
    url = f"/api/v2/service_catalog_items/{item.pk}/validate_answers/"
    body = {"extra_vars": {"host": "h054321"}, "search": {"extra_vars.host": "h0543"}}

    def dry_run():
        response = client.post(url, body, format="json")
        assert response.status_code == 200, response.content

    add("dry-run endpoint (search + check)", dry_run)

    print(f"\n### choices_from at {N_HOSTS:,} hosts (PostgreSQL)\n")
    print("| call | median ms | p95 ms | queries |")
    print("|---|---:|---:|---:|")
    for name, median, p95, queries in rows:
        print(f"| {name} | {median:.2f} | {p95:.2f} | {queries} |")

    queryset = host._choice_queryset(user, org, source).order_by("name").values_list("name", flat=True)
    sql, params = queryset[:51].query.sql_with_params()
    with connection.cursor() as cur:
        cur.execute("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) " + sql, params)
        plan = [row[0] for row in cur.fetchall()]
    print("\nplan of the listing (first 50):\n")
    for line in plan:
        print("    " + line)


if __name__ == "__main__":
    main()
