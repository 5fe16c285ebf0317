"""Run by test_sqlite_demo.py in a process of its own, on the demo's settings
(SQLite at FORGE_DEVHOST_SQLITE, DEBUG on): migrate, seed, then

1. ROUNDS times: the requester submits "Deploy to production" (two approvals
   needed); approver1 and approver2 approve at the same moment while the
   requester reads the list;
2. another connection holds SQLite's write lock past the busy timeout while
   approver1 approves.

Prints one JSON object: the statuses of phase 1, the final states, and the
503 answer of phase 2.
"""

import json
import sqlite3
import sys
import threading

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.test import Client  # noqa: E402

from forge_catalog.models import ServiceCatalogItem, ServiceRequest  # noqa: E402

PASSWORD = "pw"
ROUNDS = int(sys.argv[1]) if len(sys.argv) > 1 else 5


def logged_in(username):
    client = Client()
    assert client.login(username=username, password=PASSWORD), username
    return client


def main():
    call_command("migrate", "--noinput", verbosity=0)
    call_command("devhost_seed", "--quiet", "--password", PASSWORD)
    item = ServiceCatalogItem.objects.get(name="Deploy to production")
    requester, approvers = logged_in("requester"), [logged_in("approver1"), logged_in("approver2")]
    statuses, request_ids = [], []

    for _ in range(ROUNDS):
        submitted = requester.post(
            f"/api/v2/service_catalog_items/{item.pk}/submit/",
            {"justification": "release", "extra_vars": {"version": "1.2.3"}},
            content_type="application/json",
        )
        assert submitted.status_code == 201, submitted.content
        pk = submitted.json()["id"]
        request_ids.append(pk)
        barrier = threading.Barrier(3)

        def call(client, method, path, body=None, barrier=barrier):
            barrier.wait()
            try:
                if method == "post":
                    response = client.post(path, body, content_type="application/json")
                else:
                    response = client.get(path)
                statuses.append(response.status_code)
            finally:
                connection.close()

        threads = [
            threading.Thread(
                target=call, args=(c, "post", f"/api/v2/service_requests/{pk}/approve/", {"comment": "ok"})
            )
            for c in approvers
        ]
        threads.append(threading.Thread(target=call, args=(requester, "get", "/api/v2/service_requests/")))
        for t in threads:
            t.start()
        for t in threads:
            t.join()

    final = {pk: ServiceRequest.objects.get(pk=pk).status for pk in request_ids}

    # Phase 2: a writer that never lets go, and a short busy timeout.
    pending = requester.post(
        f"/api/v2/service_catalog_items/{item.pk}/submit/",
        {"justification": "later", "extra_vars": {"version": "2.0"}},
        content_type="application/json",
    ).json()["id"]
    connections.close_all()
    connection.settings_dict["OPTIONS"]["timeout"] = 0.3
    blocker = sqlite3.connect(connection.settings_dict["NAME"], isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        locked = approvers[0].post(
            f"/api/v2/service_requests/{pending}/approve/", {"comment": "x"}, content_type="application/json"
        )
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    print(
        json.dumps(
            {
                "statuses": statuses,
                "final": final,
                "locked": {
                    "status": locked.status_code,
                    "retry_after": locked.get("Retry-After"),
                    "content_type": locked.get("Content-Type"),
                    "body": locked.content.decode(errors="replace")[:500],
                },
            }
        )
    )


if __name__ == "__main__":
    main()
