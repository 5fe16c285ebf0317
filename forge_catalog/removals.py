"""Requests are never lost (DESIGN.md "Requests are never lost";
docs/deletions.md): what happens to requests when their catalog item, the
template behind it or its organization goes away.

- Deleting an item through the API is refused (409, the open requests named)
  while it has open requests, as AWX refuses to delete a template its running
  jobs use. Once they are decided the item may go: its requests stay, with the
  item's and organization's names, and each gets an ``item_deleted`` event.
- An item deleted any other way (its organization deleted in the controller,
  which cascades; the ORM) cannot be refused: its pending requests are canceled
  through the core with the reason, running ones keep following their job, and
  every request keeps the names and gets the event.
- A template deleted in the controller leaves its items disabled with a
  ``template_missing`` problem; their open requests get a ``template_deleted``
  event: pending ones may still be rejected or canceled (approval answers 409),
  running ones follow their job.

The receivers (signals.py) run inside the controller's delete, before the
rows go, so everything here commits or rolls back with that delete.
"""

import logging

from django.core.exceptions import ObjectDoesNotExist
from django.db import connection, transaction
from django.utils import timezone

from forge_catalog import _core
from forge_catalog.exceptions import Conflict, NotVisible
from forge_catalog.models import ServiceCatalogItem, ServiceRequest, ServiceRequestEvent

logger = logging.getLogger("forge_catalog.removals")

TEMPLATE_MISSING = "template_missing"
ITEM_DELETED_REASON = "the catalog item '{name}' was deleted"
# How many open request ids a refusal names (the count is always exact).
LISTED_OPEN_REQUESTS = 20


def open_states():
    return tuple(state for state in _core.STATES if not _core.is_terminal(state))


# -- an item deleted ------------------------------------------------------------


def delete_item(item, user):
    """The API's delete. Raises Conflict (409, code ``open_requests``) while
    the item has open requests; nothing changes then. The item row is locked
    first, so a concurrent submit (which holds the row, hold_item) either
    commits before the check and is counted, or waits and then finds the
    item gone (404)."""
    with transaction.atomic():
        item = ServiceCatalogItem.objects.select_for_update().select_related("organization").get(pk=item.pk)
        open_requests = ServiceRequest.objects.filter(catalog_item=item, status__in=open_states())
        count = open_requests.count()
        if count:
            listed = list(open_requests.order_by("pk").values_list("pk", "status")[:LISTED_OPEN_REQUESTS])
            message = (
                f"This catalog item has {count} open request{'s' if count != 1 else ''}: decide or cancel "
                "them, or let them finish, before deleting it (disabling it stops new requests)."
            )
            errors = [
                {"path": "requests", "code": "open_request", "message": f"request {pk} is {status}"}
                for pk, status in listed
            ]
            raise Conflict(message, errors=errors, code="open_requests")
        item._fc_deleted_by = user  # the actor of the events item_deleting writes
        item.delete()


def hold_item(item):
    """Keep ``item`` from being deleted until this transaction ends (submit
    calls it before inserting a request). FOR KEY SHARE: concurrent submits
    do not wait for each other, delete_item's FOR UPDATE waits for them. The
    database's own foreign-key check would come only at commit (Django's
    constraints are deferred), too late for delete_item to count the request.
    Raises NotVisible (404) if the item is already gone."""
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(ServiceCatalogItem._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT 1 FROM {table} WHERE id = %s FOR KEY SHARE", [item.pk])
            found = cursor.fetchone() is not None
    else:  # SQLite: one writer at a time already
        found = ServiceCatalogItem.objects.filter(pk=item.pk).exists()
    if not found:
        raise NotVisible("Not found.")


def item_deleting(item):
    """pre_delete of a catalog item, however it is deleted."""
    from forge_catalog.lifecycle import _event_row, _move

    actor = getattr(item, "_fc_deleted_by", None)
    name = item.name
    org_name = _organization_name(item)
    reason = ITEM_DELETED_REASON.format(name=name)[:4096]
    requests = ServiceRequest.objects.filter(catalog_item=item)
    names = {"catalog_item_name": name[:512]}
    if org_name:
        names["organization_name"] = org_name
    requests.update(**names)
    locked = requests.select_for_update(of=("self",)).select_related("catalog_item").order_by("pk")
    events = []
    for sr in locked.iterator(chunk_size=500):
        if sr.status in ("pending_approval", "needs_info"):
            # Nobody could ever decide it now: canceled, as its requester would.
            step = _core.transition(sr.status, "cancel")
            _move(sr, step.state, "cancel", actor=actor, reason=reason)
            sr.steps.filter(state="pending").update(state="canceled", decided_at=timezone.now())
            continue
        # No state change: the request keeps its state, the audit says why.
        events.append(
            _event_row(sr, "item_deleted", sr.status, sr.status, actor=actor, reason=reason, job_id=sr.job_id)
        )
        if len(events) >= 500:
            ServiceRequestEvent.objects.bulk_create(events)
            events = []
    ServiceRequestEvent.objects.bulk_create(events)
    logger.info("catalog item %s (%s) deleted; its requests are kept", item.pk, name)


def _organization_name(item):
    try:
        org = item.organization
    except ObjectDoesNotExist:  # already gone: keep what submit recorded
        return ""
    return str(getattr(org, "name", "") or "")[:512]


# -- a template deleted in the controller -----------------------------------------


def template_deleting(template, field, kind):
    """pre_delete of a JT (``field`` "job_template") or WFJT: its items are
    disabled with a visible problem, their open requests told why."""
    from forge_catalog.lifecycle import _record

    items = ServiceCatalogItem.objects.select_for_update().filter(**{field: template})
    for item in items:
        message = (
            f"The {kind} '{getattr(template, 'name', '')}' (id {template.pk}) was deleted in the "
            "controller: choose another template, then enable the item again."
        )
        problem = {"code": TEMPLATE_MISSING, "message": message, "at": timezone.now().isoformat()}
        item.problems = [*without_template_problems(item.problems), problem]
        item.enabled = False
        item.save(update_fields=["problems", "enabled", "modified"])
        open_requests = ServiceRequest.objects.filter(catalog_item=item, status__in=open_states())
        for sr in open_requests.select_for_update(of=("self",)).select_related("catalog_item").order_by("pk"):
            _record(sr, "template_deleted", sr.status, sr.status, reason=message, job_id=sr.job_id)
        logger.warning("catalog item %s disabled: %s", item.pk, message)


def without_template_problems(problems):
    return [p for p in (problems or []) if not (isinstance(p, dict) and p.get("code") == TEMPLATE_MISSING)]


def require_item(item):
    """Raise Conflict (409, code ``item_missing``) for a request whose item is gone."""
    if item is None:
        message = "The catalog item of this request was deleted."
        raise Conflict(message, errors=[{"path": "catalog_item", "code": "item_missing", "message": message}],
                       code="item_missing")  # fmt: skip


def require_template(item):
    """Raise Conflict (409, code ``template_missing``) for an item whose
    template was deleted: nothing can be validated or launched."""
    if not item.template_missing:
        return
    reasons = [p.get("message") for p in item.problems or () if isinstance(p, dict) and p.get("message")]
    message = reasons[-1] if reasons else "The template of this catalog item was deleted in the controller."
    raise Conflict(message, errors=[{"path": "template", "code": TEMPLATE_MISSING, "message": message}],
                   code=TEMPLATE_MISSING)  # fmt: skip
