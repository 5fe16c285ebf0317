"""Query filters for the list endpoints (django-filter).

Every parameter is validated by django-filter's form: an unknown ``order_by``
field or status answers 400 naming the parameter, it is never ignored.
Foreign keys are filtered by plain id (not ModelChoiceFilter) so an id the
caller may not see gives an empty list, exactly like an id that does not exist.
An id is a positive 64-bit integer, as the schema says: ``1.5`` or an id past
the column's range is a 400, not a truncated or failed query.
"""

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from drf_spectacular.utils import extend_schema_field

from forge_catalog import _core
from forge_catalog.models import ServiceCatalogItem, ServiceRequest


class OrderByFilter(django_filters.OrderingFilter):
    """The controller's ``order_by=field1,-field2`` over a whitelist, with the
    primary key as the last key so pages never overlap or skip rows."""

    def filter(self, qs, value):
        if not value:
            return qs
        ordering = [self.get_ordering_value(param) for param in value]
        if not {"id", "-id"} & set(ordering):
            ordering.append("-id" if ordering[0].startswith("-") else "id")
        return qs.order_by(*ordering)


class _StrictBooleanField(forms.NullBooleanField):
    """true/false (and the usual spellings); anything else is an error,
    where Django's field would quietly drop the filter."""

    TRUE = ("true", "1", "yes", "on")
    FALSE = ("false", "0", "no", "off")

    def to_python(self, value):
        if value in (None, ""):
            return None
        text = str(value).strip().lower()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise forms.ValidationError("Use true or false.", code="invalid")


def parse_boolean(value):
    """A query parameter as StrictBooleanFilter reads it; None when absent or
    invalid (the filterset reports an invalid value as a 400)."""
    try:
        return _StrictBooleanField().to_python(value)
    except forms.ValidationError:
        return None


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = _StrictBooleanField

    def __init__(self, *args, **kwargs):
        # A text widget hands the raw value to the field (the boolean
        # widgets map what they do not know to None).
        kwargs.setdefault("widget", forms.TextInput)
        super().__init__(*args, **kwargs)


MAX_ID = 2**63 - 1  # bigint primary keys


@extend_schema_field({"type": "integer", "format": "int64", "minimum": 1, "maximum": MAX_ID})
class IdFilter(django_filters.NumberFilter):
    """A primary key: a whole number from 1 to MAX_ID (NumberFilter's
    DecimalField would take 1.5 and the schema would say "number")."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class IdInFilter(django_filters.BaseInFilter, IdFilter):
    """``id=4,8,15``: the rows a page still watches (at most a page's worth)."""


class StatusInFilter(django_filters.BaseInFilter, django_filters.ChoiceFilter):
    """``status=pending_approval,approved``; each value must be a known state."""


class ServiceCatalogItemFilter(django_filters.FilterSet):
    category = django_filters.CharFilter(field_name="category", help_text="Exact category.")
    enabled = StrictBooleanFilter(field_name="enabled")
    organization = IdFilter(field_name="organization_id", help_text="Organization id.")
    search = django_filters.CharFilter(
        method="filter_search",
        help_text="Case-insensitive text in name, description, category or tags; "
        "several words must all match.",
    )
    order_by = OrderByFilter(
        fields=("name", "category", "created", "modified", "id"),
        help_text="Comma-separated fields, '-' for descending: name, category, created, modified, id.",
    )

    class Meta:
        model = ServiceCatalogItem
        fields = ("category", "enabled", "organization", "search", "order_by")

    def filter_search(self, queryset, name, value):
        for term in value.split():
            queryset = queryset.filter(
                Q(name__icontains=term)
                | Q(description__icontains=term)
                | Q(category__icontains=term)
                # jsonb as text: '["web", "nginx"]' contains the term.
                | Q(tags__icontains=term)
            )
        return queryset


class ServiceRequestFilter(django_filters.FilterSet):
    mine = StrictBooleanFilter(
        method="filter_mine", help_text="true: only the caller's requests; false: only others'."
    )
    status = StatusInFilter(
        field_name="status",
        choices=[(s, s) for s in _core.STATES],
        help_text="One state or several, comma-separated.",
    )
    catalog_item = IdFilter(field_name="catalog_item_id", help_text="Catalog item id.")
    id = IdInFilter(field_name="id", help_text="One request id or several, comma-separated.")
    search = django_filters.CharFilter(
        method="filter_search",
        help_text="Case-insensitive text in the item's name, the justification or the requester's "
        "username, or a request id (#12 or 12); several words must all match.",
    )
    order_by = OrderByFilter(
        fields=("created", "modified", "status", "decided_at", "id"),
        help_text="Comma-separated fields, '-' for descending: created, modified, status, decided_at, id.",
    )

    class Meta:
        model = ServiceRequest
        fields = ("mine", "status", "catalog_item", "id", "search", "order_by")

    def filter_search(self, queryset, name, value):
        username = f"requested_by__{get_user_model().USERNAME_FIELD}__icontains"
        for term in value.split():
            match = (
                Q(catalog_item_name__icontains=term)
                | Q(justification__icontains=term)
                | Q(**{username: term})
            )
            digits = term.removeprefix("#")
            if digits.isascii() and digits.isdigit() and 1 <= int(digits) <= MAX_ID:
                match |= Q(pk=int(digits))
            queryset = queryset.filter(match)
        return queryset

    def filter_mine(self, queryset, name, value):
        user = self.request.user
        return queryset.filter(requested_by=user) if value else queryset.exclude(requested_by=user)
