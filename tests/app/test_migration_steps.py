"""Migration 0006 (docs/approvals.md): existing items keep their rows and
the seed's one-step shorthand; requests made before get a one-step plan,
pending ones wait at it with the votes they already have."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("forge_catalog", "0005_requests_outlive_items")]
AFTER = [("forge_catalog", "0006_approval_steps")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def back_to_latest():
    """Leave the schema as the other tests expect it: every migration applied."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_existing_rows_migrate_unchanged(back_to_latest, organization, team, alice, approver):
    old = migrate(BEFORE)
    Item = old.get_model("forge_catalog", "ServiceCatalogItem")
    Request = old.get_model("forge_catalog", "ServiceRequest")
    Approval = old.get_model("forge_catalog", "ServiceRequestApproval")
    JobTemplate = old.get_model("devhost", "JobTemplate")
    jt = JobTemplate.objects.create(name="jt", organization_id=organization.pk, playbook="hello.yml")
    item = Item.objects.create(
        organization_id=organization.pk,
        name="gated",
        job_template=jt,
        requires_approval=True,
        approver_team_id=team.pk,
        approvals_required=2,
    )
    plain = Item.objects.create(organization_id=organization.pk, name="plain", job_template=jt)
    common = {"catalog_item": item, "catalog_item_name": "gated", "requested_by_id": alice.pk}
    pending = Request.objects.create(status="pending_approval", **common)
    Approval.objects.create(request=pending, user_id=approver.pk, comment="one of two")
    rejected = Request.objects.create(status="rejected", **common)
    ran = Request.objects.create(
        status="successful", catalog_item=plain, catalog_item_name="plain", requested_by_id=alice.pk
    )
    item_row = Item.objects.filter(pk=item.pk).values().get()

    new = migrate(AFTER)
    Item = new.get_model("forge_catalog", "ServiceCatalogItem")
    Request = new.get_model("forge_catalog", "ServiceRequest")
    Step = new.get_model("forge_catalog", "ServiceRequestStep")
    Approval = new.get_model("forge_catalog", "ServiceRequestApproval")
    assert Item.objects.filter(pk=item.pk).values().get() == item_row
    assert new.get_model("forge_catalog", "ServiceCatalogItemApprovalStep").objects.count() == 0
    step = Step.objects.get(request_id=pending.pk)
    assert (step.position, step.approver_team_id, step.approver_team_name, step.quorum, step.state) == (
        0,
        team.pk,
        team.name,
        2,
        "pending",
    )
    assert Request.objects.get(pk=pending.pk).current_step_id == step.pk
    assert Approval.objects.get(request_id=pending.pk).step_id == step.pk
    assert Step.objects.get(request_id=rejected.pk).state == "rejected"
    assert not Step.objects.filter(request_id=ran.pk).exists()
    assert Request.objects.get(pk=ran.pk).status == "successful"
