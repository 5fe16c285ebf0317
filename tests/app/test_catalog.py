"""Catalog item rules: the core validates (model clean()), the database
constrains."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from forge_catalog.models import ServiceCatalogItem


def test_cross_organization_template_refused(catalog_item_factory, job_template_factory, other_organization):
    foreign = job_template_factory(organization=other_organization)
    with pytest.raises(ValidationError) as exc:
        catalog_item_factory(foreign)
    assert "job_template" in exc.value.message_dict


def test_cross_organization_team_refused(catalog_item_factory, other_organization):
    foreign_team = type(other_organization).teams.rel.related_model.objects.create(
        organization=other_organization, name="theirs"
    )
    with pytest.raises(ValidationError) as exc:
        catalog_item_factory(requires_approval=True, approver_team=foreign_team)
    assert "approver_team" in exc.value.message_dict


def test_core_reports_every_problem(catalog_item_factory):
    with pytest.raises(ValidationError) as exc:
        catalog_item_factory(name="", icon="Not An Icon", tags=["a", "a", ""], approvals_required=0)
    assert {"name", "icon", "tags", "approvals_required"} <= set(exc.value.message_dict)


def test_valid_item_and_helpers(catalog_item_factory, job_template_factory, workflow_factory):
    jt = job_template_factory()
    item = catalog_item_factory(jt, tags=["web", "nginx"], icon="server-cog")
    assert item.underlying_template == jt and not item.is_workflow
    wf = workflow_factory(nodes={"a": jt})
    witem = catalog_item_factory(wf)
    assert witem.underlying_template == wf and witem.is_workflow


def test_database_constraints(organization, job_template_factory, workflow_factory):
    jt = job_template_factory()
    wf = workflow_factory()
    ServiceCatalogItem.objects.create(organization=organization, name="x", job_template=jt)
    bad = [
        dict(name="x", job_template=jt),  # name unique per organization
        dict(name="both", job_template=jt, workflow_job_template=wf),
        dict(name="zero", job_template=jt, approvals_required=0),
    ]
    for fields in bad:
        with pytest.raises(IntegrityError), transaction.atomic():
            ServiceCatalogItem.objects.create(organization=organization, **fields)
    # No template is a state at rest (one deleted in the controller, shown as
    # a problem); the core refuses it on every write (test_api_items.py).
    ServiceCatalogItem.objects.create(organization=organization, name="none", enabled=False)
