"""Requests are never lost (DESIGN.md; docs/deletions.md): deleting a
catalog item, the template behind it in the controller, or its organization
keeps every request, its audit and its requester's view of it."""

import pytest
from apihelpers import body, url

from forge_catalog import lifecycle
from forge_catalog.devhost import models as dh
from forge_catalog.models import ServiceCatalogItem, ServiceRequest, ServiceRequestEvent


def _events(sr):
    return list(
        ServiceRequestEvent.objects.filter(request_id_value=sr.pk)
        .order_by("pk")
        .values_list("event", "from_state", "to_state")
    )


def _finish(sr, status="successful"):
    job = dh.UnifiedJob.objects.get(pk=sr.job_id)
    job.status = status
    job.save()
    lifecycle.sync_status_for_job_id(job.pk, status)
    sr.refresh_from_db()
    return sr


@pytest.fixture
def world(catalog_item_factory, job_template_factory, request_factory, team, alice):
    """One JT behind two items: a gated one with a pending request and a
    direct one with a running request."""
    jt = job_template_factory(name="deploy app", survey_spec=[{"variable": "host"}])
    gated = catalog_item_factory(jt, name="Deploy (gated)", requires_approval=True, approver_team=team)
    direct = catalog_item_factory(jt, name="Deploy", requires_approval=False)
    pending = request_factory(gated, extra_vars={"host": "web1"})
    running = request_factory(direct, extra_vars={"host": "web2"})
    assert (pending.status, running.status) == ("pending_approval", "running")
    return {"jt": jt, "gated": gated, "direct": direct, "pending": pending, "running": running}


# -- an item deleted through the API ------------------------------------------------


def test_deleting_an_item_with_open_requests_answers_409_and_changes_nothing(api, org_admin, world):
    for key in ("gated", "direct"):
        response = api.delete(url("service_catalog_item-detail", world[key].pk), user=org_admin, expect=409)
        data = body(response)
        assert data["code"] == "open_requests" and "open request" in data["detail"]
        sr = world["pending" if key == "gated" else "running"]
        assert data["errors"] == [
            {"path": "requests", "code": "open_request", "message": f"request {sr.pk} is {sr.status}"}
        ]
    assert ServiceCatalogItem.objects.filter(pk__in=[world["gated"].pk, world["direct"].pk]).count() == 2
    assert not ServiceRequestEvent.objects.filter(event="item_deleted").exists()


def test_a_deleted_item_keeps_its_decided_requests_and_their_audit(api, org_admin, alice, world):
    pending, running = world["pending"], world["running"]
    api.post(url("service_request-cancel", pending.pk), user=alice, expect=200)
    _finish(running)
    for key in ("gated", "direct"):
        api.delete(url("service_catalog_item-detail", world[key].pk), user=org_admin, expect=204)
        api.get(url("service_catalog_item-detail", world[key].pk), user=org_admin, expect=404)

    # Still there, still the requester's, with the item's name kept.
    listed = body(api.get(url("service_request-list"), user=alice, expect=200, mine="true"))
    assert {r["id"] for r in listed["results"]} == {pending.pk, running.pk}
    detail = body(api.get(url("service_request-detail", running.pk), user=alice, expect=200))
    assert detail["status"] == "successful" and detail["catalog_item"] is None
    assert detail["summary_fields"]["catalog_item"]["name"] == "Deploy"
    assert detail["summary_fields"]["catalog_item"]["id"] is None
    assert "catalog_item" not in detail["related"]
    assert detail["extra_vars"] == {"host": "web2"}
    # The organization's admins still see them (the item's organization is kept).
    admin_list = body(api.get(url("service_request-list"), user=org_admin, expect=200))
    assert {r["id"] for r in admin_list["results"]} == {pending.pk, running.pk}

    events = body(api.get(url("service_request-events", running.pk), user=alice, expect=200))["results"]
    assert [e["event"] for e in events] == ["submit", "launched", "job_status", "item_deleted"]
    last = events[-1]
    assert last["actor"]["username"] == "org_admin" and last["catalog_item_name"] == "Deploy"
    assert last["reason"] == "the catalog item 'Deploy' was deleted"
    assert _events(pending)[-1] == ("item_deleted", "canceled", "canceled")
    sr = ServiceRequest.objects.get(pk=pending.pk)
    assert (sr.catalog_item_name, sr.organization_name) == ("Deploy (gated)", "Default")


def test_an_orphaned_request_can_still_be_deleted_by_its_requester(api, org_admin, alice, world):
    pending = world["pending"]
    api.post(url("service_request-cancel", pending.pk), user=alice, expect=200)
    api.delete(url("service_catalog_item-detail", world["gated"].pk), user=org_admin, expect=204)
    # canceled is not deletable (the core's rule); a rejected orphan would be.
    api.delete(url("service_request-detail", pending.pk), user=alice, expect=409)
    api.get(url("service_request-detail", pending.pk), user=org_admin, expect=200)


# -- a template deleted in the controller --------------------------------------------


def test_a_template_deleted_in_the_controller_disables_its_items_visibly(
    api, org_admin, alice, approver, world, job_template_factory
):
    world["jt"].delete()
    for key in ("gated", "direct"):
        item = ServiceCatalogItem.objects.get(pk=world[key].pk)
        assert not item.enabled and item.job_template_id is None
        data = body(api.get(url("service_catalog_item-detail", item.pk), user=org_admin, expect=200))
        assert data["enabled"] is False and data["job_template"] is None
        [problem] = data["problems"]
        assert problem["code"] == "template_missing" and "'deploy app'" in problem["message"]
    pending, running = world["pending"], world["running"]
    assert _events(pending)[-1] == ("template_deleted", "pending_approval", "pending_approval")
    assert _events(running)[-1] == ("template_deleted", "running", "running")
    reason = ServiceRequestEvent.objects.filter(request_id_value=pending.pk).last().reason
    assert "was deleted in the controller" in reason

    # Pending: approval is a 409 with the reason; rejecting still works.
    response = api.post(url("service_request-approve", pending.pk), {}, user=approver, expect=409)
    assert body(response)["code"] == "template_missing" and "'deploy app'" in body(response)["detail"]
    assert ServiceRequest.objects.get(pk=pending.pk).status == "pending_approval"
    api.post(
        url("service_request-reject", pending.pk), {"reason": "template gone"}, user=approver, expect=200
    )
    # Running: it follows its job to the end.
    assert _finish(running).status == "successful"
    # The requester sees both; nobody can submit or open the form.
    for sr in (pending, running):
        api.get(url("service_request-detail", sr.pk), user=alice, expect=200)
    api.post(url("service_catalog_item-submit", world["direct"].pk), {}, user=alice, expect=404)
    response = api.get(
        url("service_catalog_item-launch-data", world["direct"].pk), user=org_admin, expect=409
    )
    assert body(response)["code"] == "template_missing"

    # The admin repairs the item: another template, enabled again.
    new_jt = job_template_factory(name="deploy app v2")
    data = body(
        api.patch(
            url("service_catalog_item-detail", world["direct"].pk),
            {"job_template": new_jt.pk, "enabled": True},
            user=org_admin,
            expect=200,
        )
    )
    assert data["problems"] == [] and data["enabled"] is True
    api.post(url("service_catalog_item-submit", world["direct"].pk), {}, user=alice, expect=201)


def test_an_item_without_template_cannot_be_enabled(api, org_admin, world):
    world["jt"].delete()
    response = api.patch(
        url("service_catalog_item-detail", world["direct"].pk), {"enabled": True}, user=org_admin, expect=400
    )
    assert "job_template" in body(response) or "non_field_errors" in body(response)
    assert not ServiceCatalogItem.objects.get(pk=world["direct"].pk).enabled


def test_a_workflow_deleted_in_the_controller_disables_its_item(
    api, org_admin, alice, catalog_item_factory, workflow_factory, job_template_factory, request_factory, team
):
    wf = workflow_factory(name="release", nodes={"build": job_template_factory()})
    item = catalog_item_factory(wf, requires_approval=True, approver_team=team)
    sr = request_factory(item)
    dh.WorkflowJobTemplate.objects.filter(pk=wf.pk).delete()  # a queryset delete sends the signal too
    item.refresh_from_db()
    assert not item.enabled and item.current_problems[0]["code"] == "template_missing"
    assert "workflow job template 'release'" in item.current_problems[0]["message"]
    assert _events(sr)[-1][0] == "template_deleted"
    api.post(url("service_request-cancel", sr.pk), user=alice, expect=200)
    detail = body(api.get(url("service_request-detail", sr.pk), user=alice, expect=200))
    assert detail["status"] == "canceled"


# -- an organization deleted in the controller -------------------------------------------


def test_an_organization_deleted_in_the_controller_keeps_the_requests(
    api, admin, alice, organization, world, catalog_item_factory, request_factory
):
    rejected_item = catalog_item_factory(world["jt"], name="Old", requires_approval=True)
    rejected = request_factory(rejected_item, extra_vars={"host": "web3"})
    lifecycle.reject(rejected, admin, "no")
    pending, running = world["pending"], world["running"]
    organization.delete()

    assert not ServiceCatalogItem.objects.exists()
    assert ServiceRequest.objects.count() == 3
    pending.refresh_from_db()
    assert pending.status == "canceled" and pending.catalog_item_id is None
    assert _events(pending)[-1] == ("cancel", "pending_approval", "canceled")
    reason = ServiceRequestEvent.objects.filter(request_id_value=pending.pk).last().reason
    assert reason == "the catalog item 'Deploy (gated)' was deleted"
    running.refresh_from_db()
    assert running.status == "running" and running.organization_id is None
    assert _events(running)[-1] == ("item_deleted", "running", "running")
    assert _finish(running).status == "successful"
    assert _events(rejected)[-1] == ("item_deleted", "rejected", "rejected")

    listed = body(api.get(url("service_request-list"), user=alice, expect=200))
    assert {r["id"] for r in listed["results"]} == {pending.pk, running.pk, rejected.pk}
    by_id = {r["id"]: r for r in listed["results"]}
    assert by_id[running.pk]["summary_fields"]["catalog_item"]["name"] == "Deploy"
    sr = ServiceRequest.objects.get(pk=running.pk)
    assert (sr.catalog_item_name, sr.organization_name) == ("Deploy", "Default")
    body(api.get(url("service_request-events", running.pk), user=alice, expect=200))
    api.get(url("service_request-detail", running.pk), user=admin, expect=200)
    # An orphan that is rejected may still be deleted by its requester.
    api.delete(url("service_request-detail", rejected.pk), user=alice, expect=204)
    assert ServiceRequestEvent.objects.filter(request_id_value=rejected.pk, event="delete").exists()
