"""Which waiting requests the tick reads: those whose step may be due at
``now``, selected in SQL on the indexed step clock (step_clock.py) so that a
tick with nothing due reads no request at all. The core still decides each
one it reads (expiry.decide), under its row lock; this only narrows.

The bounds mirror fc_expiry_decide on whole epoch seconds (expiry._epoch
truncates): a step of policy (expire_after E, remind_every R) is due when
floor(now) >= floor(entered) + E, i.e. entered < floor(now) - E + 1 s, and
reminded when both the step's start and the last reminder are before
floor(now) - R + 1 s. tests/app/test_tick_due.py holds the two together.
"""

from collections import defaultdict
from datetime import timedelta

from django.db.models import Q

from forge_catalog import expiry
from forge_catalog.models import ServiceCatalogItem
from forge_catalog.step_clock import ENTERED, REMIND_SINCE, REMINDED_STATE

NOTHING_DUE = Q(pk__in=[])


def _policies():
    """{(expire_after, remind_every): [item pk]} of every item whose
    effective policy (its own, else its organization's default) does
    anything; one query."""
    defaults, groups = {}, defaultdict(list)
    for item in ServiceCatalogItem.objects.select_related("organization").only(
        "expire_after", "remind_every", "expiry_outcome", "auto_approve_allowed", "organization__name"
    ):
        org = item.organization.name if item.organization_id else ""
        if org not in defaults:
            defaults[org] = expiry.organization_default(org)
        policy = expiry.policy_of(item, defaults[org])
        if policy["expire_after"] > 0 or policy["remind_every"] > 0:
            groups[policy["expire_after"], policy["remind_every"]].append(item.pk)
    return groups


def _before(now, seconds):
    """The exclusive bound of a clock that ``seconds`` have passed since."""
    return now.replace(microsecond=0) - timedelta(seconds=seconds - 1)


def due_filter(now):
    """A Q (over ServiceRequest annotated with ``entered`` and
    ``remind_since``) of the waiting requests that may be due at ``now``."""
    due = NOTHING_DUE
    for (expire_after, remind_every), items in _policies().items():
        when = Q()
        if expire_after > 0:
            when |= Q(entered__lt=_before(now, expire_after))
        if remind_every > 0:
            when |= Q(status=REMINDED_STATE, remind_since__lt=_before(now, remind_every))
        due |= Q(catalog_item__in=items) & when
    return due


def annotate(queryset):
    return queryset.alias(entered=ENTERED, remind_since=REMIND_SINCE)
