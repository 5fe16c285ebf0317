"""models.template_of(item) reads an item's template off the instance (the
id in __dict__, a loaded relation in Django's fields cache) instead of
through the foreign key descriptors: it must answer exactly as
item.is_workflow / item.underlying_template do, whatever was assigned,
deferred or not loaded."""

import pytest

from forge_catalog.models import ServiceCatalogItem, template_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(catalog_item_factory, job_template_factory):
    return catalog_item_factory(job_template_factory())


def described(item):
    """What the descriptors say."""
    return item.workflow_job_template_id is not None, item.underlying_template


def test_a_loaded_template_is_read_without_a_query(item, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert template_of(item) == (False, item.job_template)
    assert template_of(item)[1] is item.job_template


def test_an_assigned_template_is_followed(item, job_template_factory):
    other = job_template_factory()
    item.job_template = other
    assert template_of(item) == (False, other)
    assert template_of(item)[1] is other


def test_an_assigned_id_drops_the_loaded_template(item, job_template_factory, django_assert_num_queries):
    other = job_template_factory()
    template_of(item)
    item.job_template_id = other.pk
    with django_assert_num_queries(1):  # the descriptor loads the new one
        workflow, template = template_of(item)
    assert (workflow, template.pk) == (False, other.pk)
    assert template == described(item)[1]


def test_an_unloaded_relation_is_loaded_by_the_descriptor(item, django_assert_num_queries):
    fresh = ServiceCatalogItem.objects.get(pk=item.pk)
    with django_assert_num_queries(1):
        workflow, template = template_of(fresh)
    assert (workflow, template.pk) == (False, item.job_template_id)
    with django_assert_num_queries(0):  # loaded now, and cached where the descriptor caches it
        assert template_of(fresh)[1] is fresh.job_template


@pytest.mark.parametrize("deferred", [("workflow_job_template",), ("workflow_job_template", "job_template")])
def test_deferred_ids_are_loaded_by_the_descriptor(item, deferred):
    fresh = ServiceCatalogItem.objects.defer(*deferred).get(pk=item.pk)
    workflow, template = template_of(fresh)
    assert (workflow, template.pk) == (False, item.job_template_id)
    assert (workflow, template) == described(fresh)


def test_a_workflow_item_and_a_switch_to_it(item, workflow_factory, catalog_item_factory):
    workflow = workflow_factory()
    assert template_of(catalog_item_factory(workflow)) == (True, workflow)
    item.job_template = None
    item.workflow_job_template = workflow
    assert template_of(item) == (True, workflow) == described(item)
    item.workflow_job_template_id = None
    assert template_of(item) == (False, None) == described(item)


def test_an_item_without_a_template(item):
    item.job_template = None
    assert template_of(item) == (False, None) == described(item)
    fresh = ServiceCatalogItem.objects.get(pk=item.pk)
    fresh.job_template_id = None
    assert template_of(fresh) == (False, None) == described(fresh)


def test_with_both_assigned_in_memory_the_workflow_is_the_template(item, workflow_factory):
    workflow = workflow_factory()
    item.workflow_job_template = workflow  # the job template stays loaded too
    assert template_of(item) == (True, workflow) == described(item)
