"""Favourites: catalog items a user pinned to the top of their catalog
(issue 10 item 2). Stored per user on the server, so they follow the user
from browser to browser; a favourite goes with its item."""

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef

from forge_catalog.models import ServiceCatalogFavorite

ANNOTATION = "fc_favorite"


def annotate(queryset, user):
    """Items with ``fc_favorite`` (one EXISTS per row, no extra query)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return queryset
    mine = ServiceCatalogFavorite.objects.filter(user=user, catalog_item=OuterRef("pk"))
    return queryset.annotate(**{ANNOTATION: Exists(mine)})


def is_favorite(item, user):
    """The annotation when the item was read with it, else one query."""
    value = getattr(item, ANNOTATION, None)
    if value is not None:
        return bool(value)
    if item.pk is None or user is None or not getattr(user, "is_authenticated", False):
        return False
    return ServiceCatalogFavorite.objects.filter(user=user, catalog_item=item).exists()


def set_favorite(item, user, on):
    """Pin or unpin; doing it twice is the same as once (a concurrent pin
    that inserted first is fine)."""
    if not on:
        ServiceCatalogFavorite.objects.filter(user=user, catalog_item=item).delete()
        return False
    try:
        with transaction.atomic():
            ServiceCatalogFavorite.objects.get_or_create(user=user, catalog_item=item)
    except IntegrityError:
        pass  # the other insert won: it is a favourite either way
    return True
