"""The post_save receiver's cost on a job save (issue 8), on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fc_bench_receiver python bench/bench_receiver.py

A devhost Job saved in a loop (``job.save()``: an UPDATE in autocommit, as
the controller's dispatcher saves), with forge-catalog's receivers connected
and, interleaved batch by batch, disconnected (the bare ``Job.save()``):

- non-terminal: status "running" saved again; the receiver returns without a
  query (tests/app/test_signals.py counts them);
- terminal: status "successful" on a job launched as the catalog launches
  (launch_type "manual"); the receiver asks, in one indexed SQL query after
  commit, whether a running request links to it (none here, the usual case);
- terminal, a workflow's node job (launch_type "workflow"; scheduled runs and
  updates alike): no request can link to it, so no query;
- terminal as AWX's dispatcher saves it (awx/main/utils/update_model.py:
  in transaction.atomic(), the row read again, then save(update_fields=
  ["modified", "status", ...])), a "manual" job: the receiver runs inside
  the transaction and its lookup after COMMIT.

Wall clock (the database's work is not this process's CPU time): the median
of REPEATS batches of BATCH saves each, bare and connected alternating, so
drift on a shared machine hits both alike. Queries per save are counted too.
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
os.environ.setdefault("FORGE_DEVHOST_SECRET_KEY", "bench-receiver")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/fc_bench_receiver")

BATCH = 200
REPEATS = 11
GOAL = 0.05


def ensure_database():
    import psycopg
    from django.conf import settings

    name = settings.DATABASES["default"]["NAME"]
    admin_url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def make_job(launch_type):
    from forge_catalog.devhost import models as dh

    org, _ = dh.Organization.objects.get_or_create(name="bench-receiver")
    jt, _ = dh.JobTemplate.objects.get_or_create(
        name="bench-receiver", defaults={"organization": org, "playbook": "hello.yml"}
    )
    return dh.Job.objects.create(
        name="bench-receiver", job_template=jt, status="running", launch_type=launch_type
    )


def batch_ms(job, status, batch):
    start = time.perf_counter_ns()
    for _ in range(batch):
        job.status = status
        job.save()
    return (time.perf_counter_ns() - start) / batch / 1e6


def update_model_ms(job, status, batch):
    """AWX's update_model(Job, pk, status=...): what a final save costs there."""
    from django.db import transaction

    model = type(job)
    start = time.perf_counter_ns()
    for _ in range(batch):
        with transaction.atomic():
            instance = model.objects.get(pk=job.pk)
            instance.status = status
            instance.save(update_fields=["modified", "status"])
    return (time.perf_counter_ns() - start) / batch / 1e6


def queries_per_save(job, status, save):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        save(job, status, 1)
    return len(captured)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--batch", type=int, default=BATCH, help="saves per batch")
    parser.add_argument("--repeats", type=int, default=REPEATS, help="batches of each kind")
    args = parser.parse_args()
    import django

    django.setup()
    ensure_database()
    from django.core.management import call_command

    from forge_catalog import signals

    call_command("migrate", verbosity=0)

    print(f"Job.save() on PostgreSQL, {args.repeats} batches of {args.batch} saves each, median ms per save")
    print()
    print("| save | bare ms | with receiver ms | overhead | goal | queries bare | queries with receiver |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    cases = (
        ("non-terminal (running)", "running", "manual"),
        ("terminal (successful)", "successful", "manual"),
        ("terminal, a workflow's node job", "successful", "workflow"),
        ("terminal (successful), AWX's update_model", "successful", "manual", update_model_ms),
    )
    for label, status, launch_type, *how in cases:
        save = how[0] if how else batch_ms
        job = make_job(launch_type)
        bare, wired = [], []
        save(job, status, args.batch)  # warm
        for _ in range(args.repeats):
            signals.disconnect_job_receivers()
            bare.append(save(job, status, args.batch))
            q_bare = queries_per_save(job, status, save)
            signals.connect_job_receivers()
            wired.append(save(job, status, args.batch))
            q_wired = queries_per_save(job, status, save)
        b, w = statistics.median(bare), statistics.median(wired)
        print(
            f"| {label} | {b:.3f} | {w:.3f} | {(w - b) / b:+.1%} | <{GOAL:.0%} | {q_bare} | {q_wired} |",
            flush=True,
        )
        signals.connect_job_receivers()
        job.delete()
    print()
    print(f"1-min load average at the end {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
