"""API benchmark on PostgreSQL (issue 3 "Also"): forge-catalog's endpoints
beside a bare DRF view doing the same database work.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fc_bench python bench/bench_api.py

Seeds once (kept between runs): 10,000 catalog items in one organization and
100,000 pending requests on items with an approver team. Then, through the
whole Django stack (APIClient, authenticated user), times:

- items list:  GET /api/v2/service_catalog_items/ (page_size 25 and 200)
- submit:      POST .../{id}/submit/ (survey answers validated by the core)
- approve:     POST /api/v2/service_requests/{id}/approve/ (lock, re-validate,
               launch: create_unified_job + signal_start)
- inbox:       GET /api/v2/service_requests/pending_approvals/ (100k pending)

and the bare DRF views: the same queryset / rows written with a plain
ModelSerializer and no authz, survey or lifecycle. Prints one Markdown table:
median and p95 in ms, queries per call, and the ratio of medians.

Then the plans at a million requests (DESIGN.md "Performance": the inbox and
"my requests" stay index scans); seeding takes about 40 s the first time and
its database about 430 MB, so it can be skipped:

    python bench/bench_api.py --no-million     # or BENCH_API_MILLION=0 make bench-api
    python bench/bench_api.py --million-only   # only that step

fills its own database (BENCH_1M_DATABASE_URL, default .../fc_bench1m) once
with 1,000,000 requests by INSERT ... SELECT generate_series (mostly terminal,
some pending and running, over 40 items of two organizations and 52 users),
then EXPLAIN (ANALYZE)s the exact SQL that the inbox (as an approver-team
member and as an organization admin) and "my requests" (?mine=true: page and
count) issue through the real views, and prints each plan's node types.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forge_catalog.devhost.settings")
os.environ.setdefault("FORGE_DEVHOST_SECRET_KEY", "bench-secret-key")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/fc_bench")

N_ITEMS = 10_000
N_REQUESTS = 100_000


def ensure_database():
    import psycopg
    from django.conf import settings

    db = settings.DATABASES["default"]
    admin_url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]]).fetchone():
            conn.execute(f'CREATE DATABASE "{db["NAME"]}"')


def seed():
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from forge_catalog.devhost import models as dh
    from forge_catalog.models import ServiceCatalogItem, ServiceRequest

    call_command("migrate", verbosity=0)
    User = get_user_model()
    if ServiceRequest.objects.filter(status="pending_approval").count() >= N_REQUESTS:
        return
    print(f"seeding {N_ITEMS} items and {N_REQUESTS} pending requests ...", file=sys.stderr)
    ServiceRequest.objects.all().delete()
    ServiceCatalogItem.objects.all().delete()
    org, _ = dh.Organization.objects.get_or_create(name="bench")
    users = {}
    for name in ("requester", "approver", "orgadmin"):
        users[name], _ = User.objects.get_or_create(username=f"bench_{name}")
    org.members.add(users["requester"], users["approver"])
    org.admins.add(users["orgadmin"])
    team, _ = dh.Team.objects.get_or_create(organization=org, name="bench approvers")
    team.members.add(users["approver"])
    spec = {
        "spec": [
            {"type": "text", "variable": "hostname", "question_name": "Host", "required": True, "max": 64},
            {
                "type": "integer",
                "variable": "count",
                "question_name": "Count",
                "required": False,
                "default": 1,
                "min": 1,
                "max": 10,
            },
            {
                "type": "multiplechoice",
                "variable": "env",
                "question_name": "Env",
                "required": True,
                "choices": "dev\nstage\nprod",
            },
            {"type": "password", "variable": "token", "question_name": "Token", "required": False},
        ]
    }
    jt, _ = dh.JobTemplate.objects.get_or_create(
        name="bench jt", organization=org, defaults={"survey_enabled": True, "survey_spec": spec}
    )
    ServiceCatalogItem.objects.bulk_create(
        [
            ServiceCatalogItem(
                organization=org,
                name=f"item {i:05d}",
                icon="server",
                category=f"cat{i % 12}",
                tags=["bench", f"t{i % 7}"],
                job_template=jt,
                requires_approval=True,
                approver_team=team if i % 2 == 0 else None,
            )
            for i in range(N_ITEMS)
        ],
        batch_size=2000,
    )
    with_team = list(ServiceCatalogItem.objects.filter(approver_team=team).values_list("pk", flat=True))
    batch = []
    for i in range(N_REQUESTS):
        batch.append(
            ServiceRequest(
                catalog_item_id=with_team[i % len(with_team)],
                requested_by=users["requester"],
                status="pending_approval",
                justification="bench",
                extra_vars={"hostname": f"web{i}", "env": "dev"},
            )
        )
        if len(batch) == 5000:
            ServiceRequest.objects.bulk_create(batch)
            batch = []
    ServiceRequest.objects.bulk_create(batch)
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("ANALYZE")


def bare_views():
    """Plain DRF views over the same rows: no authz, no core, no lifecycle."""
    from django.db import transaction
    from django.utils import timezone
    from rest_framework import generics, serializers
    from rest_framework.pagination import PageNumberPagination
    from rest_framework.response import Response
    from rest_framework.views import APIView

    from forge_catalog import authz
    from forge_catalog.hosts import get_host
    from forge_catalog.models import (
        ServiceCatalogItem,
        ServiceRequest,
        ServiceRequestApproval,
        ServiceRequestEvent,
    )

    class Page(PageNumberPagination):
        page_size = 25
        page_size_query_param = "page_size"
        max_page_size = 200

    class ItemSerializer(serializers.ModelSerializer):
        class Meta:
            model = ServiceCatalogItem
            fields = "__all__"

    class RequestSerializer(serializers.ModelSerializer):
        class Meta:
            model = ServiceRequest
            fields = "__all__"
            read_only_fields = ("requested_by", "status")

    class Items(generics.ListAPIView):
        serializer_class = ItemSerializer
        pagination_class = Page

        def get_queryset(self):
            # the same visibility filter, without per-object decisions
            return authz.visible_items(self.request.user).order_by("name", "id")

    class Inbox(generics.ListAPIView):
        serializer_class = RequestSerializer
        pagination_class = Page

        def get_queryset(self):
            return authz.approvable_requests(self.request.user).order_by("-created", "-id")

    class Submit(generics.CreateAPIView):
        serializer_class = RequestSerializer

        def perform_create(self, serializer):
            serializer.save(requested_by=self.request.user, status="pending_approval")

    class Approve(APIView):
        def post(self, request, pk):
            with transaction.atomic():
                sr = ServiceRequest.objects.select_for_update().get(pk=pk)
                ServiceRequestApproval.objects.create(request=sr, user=request.user)
                sr.status, sr.decided_by, sr.decided_at = "approved", request.user, timezone.now()
                sr.save()
                jt = sr.catalog_item.job_template
                job = get_host().launch(jt, created_by=sr.requested_by, extra_vars=sr.extra_vars)
                sr.status, sr.job = "running", job
                sr.save()
                ServiceRequestEvent.objects.create(request=sr, request_id_value=sr.pk, event="approve")
                ServiceRequestEvent.objects.create(request=sr, request_id_value=sr.pk, event="launched")
            return Response(RequestSerializer(sr).data)

    return Items.as_view(), Inbox.as_view(), Submit.as_view(), Approve.as_view()


def install_urls():
    import types

    from django.conf import settings
    from django.urls import clear_url_caches, include, path

    items, inbox, submit, approve = bare_views()
    mod = types.ModuleType("bench_urls")
    mod.urlpatterns = [
        path("api/v2/", include("forge_catalog.api.urls")),
        path("bare/items/", items),
        path("bare/inbox/", inbox),
        path("bare/submit/", submit),
        path("bare/approve/<int:pk>/", approve),
    ]
    sys.modules["bench_urls"] = mod
    settings.ROOT_URLCONF = "bench_urls"
    clear_url_caches()


def measure(call, repeat, warmup=3):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warmup):
        call()
    times, queries = [], []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as ctx:
            t0 = time.perf_counter()
            response = call()
            times.append((time.perf_counter() - t0) * 1000)
        assert response.status_code < 300, (response.status_code, getattr(response, "data", None))
        queries.append(len(ctx))
    times.sort()
    p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
    return statistics.median(times), p95, max(queries)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--no-million", action="store_true", help="skip the plans at 1M requests")
    parser.add_argument("--million-only", action="store_true", help="only the plans at 1M requests")
    args = parser.parse_args()
    if args.million_only:
        return million_plans()
    million = not args.no_million and os.environ.get("BENCH_API_MILLION", "1") != "0"

    import django

    django.setup()
    ensure_database()
    from django.conf import settings

    settings.DEBUG = False
    import logging

    logging.getLogger("forge_catalog").setLevel(logging.WARNING)
    settings.ALLOWED_HOSTS = ["*"]
    seed()
    install_urls()

    from django.contrib.auth import get_user_model
    from rest_framework.test import APIClient

    from forge_catalog.models import ServiceCatalogItem, ServiceRequest

    User = get_user_model()
    requester = User.objects.get(username="bench_requester")
    approver = User.objects.get(username="bench_approver")
    orgadmin = User.objects.get(username="bench_orgadmin")

    def client(user):
        c = APIClient()
        c.force_authenticate(user)
        return c

    as_requester, as_approver, as_orgadmin = client(requester), client(approver), client(orgadmin)
    item = ServiceCatalogItem.objects.filter(approver_team__isnull=True).order_by("pk").first()
    answers = {
        "extra_vars": {"hostname": "web03", "env": "prod", "token": "s3cret"},
        "justification": "bench",
    }

    # Requests for the approve runs, on an item org admins approve (no team).
    def pending_for_approval(count):
        created = [
            as_requester.post(
                f"/api/v2/service_catalog_items/{item.pk}/submit/", answers, format="json"
            ).data["id"]
            for _ in range(count)
        ]
        return iter(created)

    n = args.repeat
    to_approve = pending_for_approval(n + 3)
    to_approve_bare = pending_for_approval(n + 3)

    rows = []

    def row(name, forge, bare):
        f = measure(forge, n)
        b = measure(bare, n)
        rows.append((name, f, b))

    row(
        "items list (10k items, page 25)",
        lambda: as_requester.get("/api/v2/service_catalog_items/?page_size=25"),
        lambda: as_requester.get("/bare/items/?page_size=25"),
    )
    row(
        "items list (10k items, page 200)",
        lambda: as_requester.get("/api/v2/service_catalog_items/?page_size=200"),
        lambda: as_requester.get("/bare/items/?page_size=200"),
    )
    row(
        "submit (4-question survey)",
        lambda: as_requester.post(f"/api/v2/service_catalog_items/{item.pk}/submit/", answers, format="json"),
        lambda: as_requester.post(
            "/bare/submit/", {"catalog_item": item.pk, "justification": "bench", **answers}, format="json"
        ),
    )
    row(
        "approve + launch",
        lambda: as_orgadmin.post(f"/api/v2/service_requests/{next(to_approve)}/approve/", {}, format="json"),
        lambda: as_orgadmin.post(f"/bare/approve/{next(to_approve_bare)}/", {}, format="json"),
    )
    row(
        "inbox (100k pending, page 25)",
        lambda: as_approver.get("/api/v2/service_requests/pending_approvals/?page_size=25"),
        lambda: as_approver.get("/bare/inbox/?page_size=25"),
    )

    # The portal's tab counts and badge (issue 10 item 4): no bare twin, the
    # inbox page of 25 is the reference.
    row(
        "inbox badge (100k pending)",
        lambda: as_approver.get("/api/v2/service_requests/inbox/"),
        lambda: as_approver.get("/bare/inbox/?page_size=25"),
    )
    row(
        "tab counts, approver (?mine=false)",
        lambda: as_approver.get("/api/v2/service_requests/counts/?mine=false"),
        lambda: as_approver.get("/bare/inbox/?page_size=25"),
    )

    print(f"\nforge-catalog API on PostgreSQL, {n} calls each after 3 warm-up calls (in-process APIClient)\n")
    print("| call | median ms | p95 ms | queries | bare median ms | bare p95 ms | bare queries | ratio |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, (fm, fp, fq), (bm, bp, bq) in rows:
        print(f"| {name} | {fm:.2f} | {fp:.2f} | {fq} | {bm:.2f} | {bp:.2f} | {bq} | {fm / bm:.2f} |")

    # Clean up what the timed calls added, so the seed stays as it was.
    ServiceRequest.objects.filter(catalog_item=item).delete()

    if million:
        # Its own process: Django's database is fixed once set up.
        import subprocess

        sys.stdout.flush()
        subprocess.run([sys.executable, __file__, "--million-only"], check=True)


# -- plans at a million requests --------------------------------------------

N_MILLION = 1_000_000
MILLION_DB = "postgres://postgres@127.0.0.1:5432/fc_bench1m"
N_REQUESTERS = 50

# Status of row g (1..N): the newest 3% are live (pending, running) or just
# done; one older row in 200 is still pending (forgotten in someone's inbox);
# the rest is terminal in a plausible mix.
STATUS_SQL = f"""
CASE
  WHEN g > {N_MILLION} * 97 / 100 THEN (ARRAY['pending_approval', 'running', 'successful'])[1 + mod(g, 3)]
  WHEN mod(g, 200) = 0 THEN 'pending_approval'
  WHEN mod(g, 100) < 70 THEN 'successful'
  WHEN mod(g, 100) < 82 THEN 'failed'
  WHEN mod(g, 100) < 92 THEN 'rejected'
  ELSE 'canceled'
END"""


def million_seed():
    """1M requests over 40 items (20 of organization "bench", half of them
    with the approver team; 20 of an organization the bench users cannot
    see) and 52 users; approvals for the requests that got past approval."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection, transaction

    from forge_catalog.devhost import models as dh
    from forge_catalog.models import ServiceCatalogItem, ServiceRequest

    call_command("migrate", verbosity=0)
    if ServiceRequest.objects.count() >= N_MILLION:
        return
    t0 = time.perf_counter()
    print(f"seeding {N_MILLION:,} requests (INSERT ... SELECT generate_series) ...", file=sys.stderr)
    User = get_user_model()
    with transaction.atomic():
        ServiceRequest.objects.all().delete()
        ServiceCatalogItem.objects.all().delete()
        org, _ = dh.Organization.objects.get_or_create(name="bench")
        elsewhere, _ = dh.Organization.objects.get_or_create(name="elsewhere")
        names = [f"m_requester{i:02d}" for i in range(N_REQUESTERS)] + ["m_approver", "m_orgadmin"]
        User.objects.bulk_create([User(username=n, password="!") for n in names], ignore_conflicts=True)
        users = {u.username: u for u in User.objects.filter(username__in=names)}
        requesters = [users[n].pk for n in names[:N_REQUESTERS]]
        org.members.add(*(users[n] for n in names[:N_REQUESTERS]), users["m_approver"])
        org.admins.add(users["m_orgadmin"])
        team, _ = dh.Team.objects.get_or_create(organization=org, name="bench approvers")
        team.members.add(users["m_approver"])
        items = []
        for o in (org, elsewhere):
            jt, _ = dh.JobTemplate.objects.get_or_create(name=f"m jt {o.name}", organization=o)
            for i in range(20):
                items.append(
                    ServiceCatalogItem(
                        organization=o,
                        name=f"m item {i:02d}",
                        icon="server",
                        category="bench",
                        job_template=jt,
                        requires_approval=True,
                        approver_team=team if (o == org and i % 2 == 0) else None,
                    )
                )
        item_ids = [i.pk for i in ServiceCatalogItem.objects.bulk_create(items)]
        with connection.cursor() as cur:
            # One row a minute back from now: about two years of history.
            cur.execute(
                f"""
                INSERT INTO forge_catalog_servicerequest
                  (status, justification, extra_vars, node_survey_data, failure_reason, reason,
                   encrypted_variables, catalog_item_name, organization_name,
                   decided_at, created, modified, catalog_item_id, requested_by_id)
                SELECT s.status, 'bench', jsonb_build_object('hostname', 'web' || s.g, 'env', 'dev'),
                       '{{}}'::jsonb, '', '', '{{}}'::jsonb, 'm item', '',
                       CASE WHEN s.status = 'pending_approval' THEN NULL ELSE s.created END,
                       s.created, s.created,
                       (%s::bigint[])[1 + mod(s.g, {len(item_ids)})],
                       (%s::int[])[1 + mod(s.g * 7, {len(requesters)})]
                FROM (SELECT g, {STATUS_SQL} AS status,
                             now() - make_interval(mins => {N_MILLION} - g) AS created
                      FROM generate_series(1, {N_MILLION}) AS g) AS s
                """,
                [item_ids, requesters],
            )
            # Whoever let a request past approval voted for it.
            cur.execute(
                """
                INSERT INTO forge_catalog_servicerequestapproval (comment, created, request_id, user_id)
                SELECT '', r.created, r.id, CASE WHEN i.approver_team_id IS NULL THEN %s ELSE %s END
                FROM forge_catalog_servicerequest r
                JOIN forge_catalog_servicecatalogitem i ON i.id = r.catalog_item_id
                WHERE r.status IN ('running', 'successful', 'failed', 'canceled')
                """,
                [users["m_orgadmin"].pk, users["m_approver"].pk],
            )
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE")
    print(f"seeded in {time.perf_counter() - t0:.0f} s", file=sys.stderr)


def _scans(node, out, table=""):
    """(node type, table, index) of every scan in a plan tree. A Bitmap Index
    Scan names no table: it is its Bitmap Heap Scan parent's."""
    table = node.get("Relation Name", table if node["Node Type"] == "Bitmap Index Scan" else "")
    if "Relation Name" in node or "Index Name" in node:
        out.append((node["Node Type"], table, node.get("Index Name")))
    for child in node.get("Plans", ()):
        _scans(child, out, table)
    return out


def _describe(scans, tables):
    """The scans on ``tables``, in plan order, without repeats."""
    seen = []
    for kind, table, index in scans:
        text = f"{kind} {index or table}"
        if table in tables and text not in seen:
            seen.append(text)
    return "; ".join(seen) or "-"


def _label(sql):
    head = sql.split(" FROM ", 1)[1][:80] if " FROM " in sql else sql[:80]
    if "COUNT(*)" in sql:
        return "count"
    if head.startswith('"forge_catalog_servicerequestapproval"'):
        return "approvals (prefetch)"
    if head.startswith('"forge_catalog_servicerequest"'):
        return "page"
    return head.split(" ", 1)[0].strip('"')


def million_plans():
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_1M_DATABASE_URL", MILLION_DB)
    import django

    django.setup()
    ensure_database()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from rest_framework.test import APIClient

    settings.ALLOWED_HOSTS = ["*"]
    million_seed()
    User = get_user_model()
    calls = [
        ("inbox, approver-team member", "m_approver", "/api/v2/service_requests/pending_approvals/"),
        ("inbox, organization admin", "m_orgadmin", "/api/v2/service_requests/pending_approvals/"),
        ("my requests (?mine=true)", "m_requester00", "/api/v2/service_requests/?mine=true"),
        # The portal's lists (issue 10 item 4): tab counts and the badge.
        ("my requests' tab counts", "m_requester00", "/api/v2/service_requests/counts/?mine=true"),
        ("inbox badge, approver-team member", "m_approver", "/api/v2/service_requests/inbox/"),
        ("inbox badge, organization admin", "m_orgadmin", "/api/v2/service_requests/inbox/"),
    ]
    rows = []
    for name, username, path in calls:
        client = APIClient()
        client.force_authenticate(User.objects.get(username=username))
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(path)
        assert response.status_code == 200, response.content[:500]
        count = response.data["count"]
        for query in ctx.captured_queries:
            sql = query["sql"]
            if not sql.startswith("SELECT") or '"forge_catalog_servicerequest' not in sql:
                continue
            with connection.cursor() as cur:
                cur.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
                (plan,) = cur.fetchone()
            plan = plan[0] if isinstance(plan, list) else plan
            scans = _scans(plan["Plan"], [])
            rows.append(
                (name, count, _label(sql), scans, plan["Execution Time"], plan["Plan"]["Actual Rows"])
            )

    total = "SELECT COUNT(*) FROM forge_catalog_servicerequest"
    with connection.cursor() as cur:
        cur.execute(total)
        (n,) = cur.fetchone()
    print(f"\nPlans at {n:,} service requests (EXPLAIN ANALYZE of the SQL the views issued)\n")
    requests = {"forge_catalog_servicerequest"}
    approvals = {"forge_catalog_servicerequestapproval"}
    print("| call (list count) | query | scans of service requests | of approvals | exec ms | rows |")
    print("|---|---|---|---|---:|---:|")
    seq_on_requests = False
    others = set()
    for name, count, label, scans, ms, out_rows in rows:
        seq_on_requests |= any(k == "Seq Scan" and t in requests for k, t, _ in scans)
        others |= {f"{k} {t}" for k, t, _ in scans if t not in requests | approvals}
        on_requests, on_approvals = _describe(scans, requests), _describe(scans, approvals)
        print(f"| {name} ({count:,}) | {label} | {on_requests} | {on_approvals} | {ms:.2f} | {out_rows} |")
    print("\nOther scans (small controller tables):", "; ".join(sorted(others)) or "-")
    print(
        "Seq Scan on service requests:",
        "YES (needs an index or a query change)" if seq_on_requests else "none",
    )


if __name__ == "__main__":
    main()
