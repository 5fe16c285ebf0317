"""Views run the way AWX runs them: ``ATOMIC_REQUESTS = True``
(awx/settings/defaults.py, awx-facts.md "Transactions"). Each view is one
transaction, so what it defers with ``on_commit`` (the status sync of a job
it finished) runs after its answer is built, and a view that fails leaves
nothing behind."""

import pytest
from apihelpers import body, url
from django.conf import settings

from forge_catalog.devhost import models as dh
from forge_catalog.models import ServiceRequest, ServiceRequestEvent


def test_the_devhost_runs_each_view_in_one_transaction():
    # On PostgreSQL, as AWX; the tests run there (the SQLite demo does not).
    assert settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    assert settings.DATABASES["default"].get("ATOMIC_REQUESTS") is True


@pytest.mark.django_db(transaction=True)
def test_the_sync_of_a_job_a_view_finished_runs_after_its_answer(api, alice, catalog_item_factory):
    # The job has not started: cancel() ends it at once (as AWX does for a
    # pending job), and its post_save defers the request's sync to commit.
    submit = url("service_catalog_item-submit", catalog_item_factory().pk)
    rid = body(api.post(submit, user=alice, expect=201))["id"]
    answer = body(api.post(url("service_request-cancel", rid), user=alice, expect=200))
    assert dh.Job.objects.get(pk=answer["job"]).status == "canceled"
    assert answer["status"] == "running"  # answered inside the view's transaction
    assert body(api.get(url("service_request-detail", rid), user=alice, expect=200))["status"] == "canceled"
    assert ServiceRequest.objects.get(pk=rid).status == "canceled"


@pytest.mark.django_db(transaction=True)
def test_a_view_that_fails_leaves_nothing_behind(api, alice, catalog_item_factory, monkeypatch):
    item = catalog_item_factory()

    def broken_answer(view, pk):
        raise RuntimeError("the answer could not be built")

    monkeypatch.setattr("forge_catalog.api.views._request_data", broken_answer)
    # Our views answer an unexpected error with a JSON 500 and roll back.
    response = api.post(url("service_catalog_item-submit", item.pk), user=alice, expect=500)
    assert "the answer could not be built" not in response.content.decode()
    # The request, its audit events and the job were written in the view's
    # transaction, before the failure: all rolled back.
    assert not ServiceRequest.objects.exists()
    assert not ServiceRequestEvent.objects.exists()
    assert not dh.UnifiedJob.objects.exists()
