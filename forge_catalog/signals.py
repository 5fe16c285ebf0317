"""Receivers: job status -> request status, in process (awx-facts.md
"post_save"); and deletions of items and templates (removals.py).

UnifiedJob uses multi-table inheritance, so post_save is sent with the
concrete class (Job, WorkflowJob, ...) as sender: ``connect_job_receivers``
connects ``job_saved`` for every UnifiedJob model. The controller saves
statuses inside its own transactions, so the sync runs after commit.
"""

import logging

from django.db import transaction
from django.db.models.signals import post_save, pre_delete

from forge_catalog import _core
from forge_catalog.hosts.base import LAUNCH_TYPE

DISPATCH_UID = "forge_catalog.job_saved"
logger = logging.getLogger("forge_catalog.signals")


def job_saved(sender, instance, created=False, raw=False, **kwargs):
    """post_save receiver. Expects ``instance`` a UnifiedJob (any subclass)
    with ``status`` loaded. Non-terminal saves, and terminal ones of jobs the
    catalog did not launch, return here without a query; the others schedule
    one indexed lookup after commit."""
    if raw:
        return
    update_fields = kwargs.get("update_fields")
    if update_fields is not None and "status" not in update_fields:
        return  # e.g. stdout or timing saved after the job finished
    status = instance.__dict__.get("status")
    if not isinstance(status, str):
        return
    try:
        terminal = _core.is_terminal_job_status(status)
    except ValueError:
        # A status this controller added and the core does not know: not
        # ours to act on, and raising here would break the controller's save.
        return
    if not terminal:
        return
    launch_type = instance.__dict__.get("launch_type")
    if isinstance(launch_type, str) and launch_type != LAUNCH_TYPE:
        # A workflow's node job, a scheduled run, a project update...: the
        # catalog launched none of them, so no request can link to it. (Not
        # loaded, e.g. deferred: look it up rather than read it.)
        return
    job_pk = instance.pk

    def sync():
        from forge_catalog import lifecycle

        # Runs in the controller's commit path: a failure here must not fail
        # the controller's work. forge_catalog_reconcile repairs what it missed.
        try:
            lifecycle.sync_status_for_job_id(job_pk, status)
        except Exception:
            logger.exception("sync for job %s (%s) failed; reconcile repairs it", job_pk, status)

    transaction.on_commit(sync)


def connect_job_receivers():
    from forge_catalog.hosts import get_host

    for model in get_host().unified_job_models():
        post_save.connect(job_saved, sender=model, dispatch_uid=f"{DISPATCH_UID}.{model._meta.label_lower}")


def disconnect_job_receivers():
    from forge_catalog.hosts import get_host

    for model in get_host().unified_job_models():
        post_save.disconnect(sender=model, dispatch_uid=f"{DISPATCH_UID}.{model._meta.label_lower}")


# -- deletions (removals.py; DESIGN.md "Requests are never lost") ----------------

REMOVAL_UID = "forge_catalog.removals"


def item_deleting(sender, instance, **kwargs):
    """pre_delete of ServiceCatalogItem. Expects ``instance`` the item about
    to be deleted (its requests are still linked)."""
    from forge_catalog import removals

    removals.item_deleting(instance)


def job_template_deleting(sender, instance, **kwargs):
    """pre_delete of the controller's JobTemplate. Expects ``instance`` the
    template about to be deleted (our items still point at it)."""
    from forge_catalog import removals

    removals.template_deleting(instance, "job_template", "job template")


def workflow_job_template_deleting(sender, instance, **kwargs):
    """pre_delete of the controller's WorkflowJobTemplate (as above)."""
    from forge_catalog import removals

    removals.template_deleting(instance, "workflow_job_template", "workflow job template")


def connect_removal_receivers():
    from forge_catalog.hosts import get_host
    from forge_catalog.models import ServiceCatalogItem

    host = get_host()
    pre_delete.connect(item_deleting, sender=ServiceCatalogItem, dispatch_uid=f"{REMOVAL_UID}.item")
    pre_delete.connect(
        job_template_deleting, sender=host.job_template_model(), dispatch_uid=f"{REMOVAL_UID}.jt"
    )
    pre_delete.connect(
        workflow_job_template_deleting,
        sender=host.workflow_job_template_model(),
        dispatch_uid=f"{REMOVAL_UID}.wfjt",
    )
