"""removals.py below the API: the data migration that fills the names
requests keep, and the receivers' wiring."""

import importlib

import pytest
from django.apps import apps
from django.db.models.signals import pre_delete

from forge_catalog.devhost import models as dh
from forge_catalog.exceptions import NotVisible
from forge_catalog.models import ServiceCatalogItem, ServiceRequest


def test_the_migration_keeps_each_request_s_item_and_organization(catalog_item_factory, request_factory):
    migration = importlib.import_module("forge_catalog.migrations.0005_requests_outlive_items")
    sr = request_factory(catalog_item_factory(name="Restart web"))
    ServiceRequest.objects.filter(pk=sr.pk).update(
        catalog_item_name="", organization=None, organization_name=""
    )
    migration.keep_item_names(apps, None)
    sr.refresh_from_db()
    assert (sr.catalog_item_name, sr.organization_name) == ("Restart web", "Default")
    assert sr.organization_id == sr.catalog_item.organization_id


def test_receivers_listen_to_the_controller_s_template_models(db):
    for model in (ServiceCatalogItem, dh.JobTemplate, dh.WorkflowJobTemplate):
        assert pre_delete.has_listeners(model), model


def test_an_item_without_a_receiver_still_shows_its_missing_template(
    catalog_item_factory, job_template_factory
):
    item = catalog_item_factory(job_template_factory())
    ServiceCatalogItem.objects.filter(pk=item.pk).update(job_template=None)
    item.refresh_from_db()
    assert [p["code"] for p in item.current_problems] == ["template_missing"]


def test_a_submit_for_an_item_deleted_meanwhile_is_a_404(catalog_item_factory, request_factory):
    item = catalog_item_factory()
    ServiceCatalogItem.objects.filter(pk=item.pk).delete()  # as a delete that committed first
    with pytest.raises(NotVisible):
        request_factory(item)
    assert not ServiceRequest.objects.exists()
