"""The controller's inventories as ``choices_from`` reads them
(docs/controller-contract.md "Inventories"), through the controller's own
model API and access rules, so AWX and the devhost run this same code.

A source (the core checked its shape when the overlay was saved) names an
inventory of the item's organization by name (AWX: unique per organization)
or id, and what to list from it: ``{"inventory": "Production", "kind":
"hosts" | "groups", "filter": "web"}`` (``filter`` keeps names containing
it, in any case). Whoever may see
the inventory (AWX's HostAccess / GroupAccess: ``read_role`` on it, which
superusers, org admins and auditors hold) sees its hosts and groups; for
anyone else the inventory yields nothing, exactly as one that does not
exist, so a refusal never tells them it is there.

Each call is two indexed queries: the inventory's pk first (its name is
unique per organization), then the names by ``inventory_id = pk``, in order,
``limit`` at a time, a ``search`` narrowing by substring. With the pk a
constant the planner walks AWX's (name, inventory_id) index or the
inventory_id index; an ``inventory_id IN (subquery)`` hid it and PostgreSQL
read the whole host table (docs/performance.md "choices_from").
"""

from forge_catalog.conf import get_host_model

KINDS = ("hosts", "groups")


class InventoryChoicesMixin:
    def inventory_model(self):
        return get_host_model("INVENTORY")

    def host_model(self):
        return get_host_model("HOST")

    def group_model(self):
        return get_host_model("GROUP")

    def _readable_inventory_pk(self, user, organization, source):
        """The pk of the inventory ``source`` names, or None when there is
        none or ``user`` may not read it (the same answer for both)."""
        inventories = self.inventory_model()
        named = source.get("inventory")
        by = {"pk": named} if isinstance(named, int) and not isinstance(named, bool) else {"name": named}
        readable = inventories.objects.filter(
            organization=organization, pk__in=inventories.accessible_pk_qs(user, "read_role"), **by
        )
        return readable.values_list("pk", flat=True).first()

    def _choice_queryset(self, user, organization, source):
        """Names of the objects ``source`` lists that ``user`` may see, or
        None for a source this adapter cannot read (the core checked its
        shape when the overlay was saved)."""
        if not isinstance(source, dict) or source.get("kind", "hosts") not in KINDS:
            return None
        if not isinstance(source.get("inventory"), (str, int)) or not self.is_authenticated(user):
            return None
        model = self.group_model() if source.get("kind", "hosts") == "groups" else self.host_model()
        inventory_pk = self._readable_inventory_pk(user, organization, source)
        if inventory_pk is None:
            return model.objects.none()
        queryset = model.objects.filter(inventory_id=inventory_pk)
        if isinstance(source.get("filter"), str) and source["filter"]:
            queryset = queryset.filter(name__icontains=source["filter"])
        return queryset

    def inventory_choices(self, user, organization, source, *, search="", limit=50):
        """(names, more): up to ``limit`` names in order, and whether more
        matched. ``search`` keeps names containing it (any case)."""
        queryset = self._choice_queryset(user, organization, source)
        if queryset is None:
            return [], False
        if search:
            queryset = queryset.filter(name__icontains=search)
        names = list(queryset.order_by("name").values_list("name", flat=True)[: limit + 1])
        return names[:limit], len(names) > limit

    def visible_inventory_names(self, user, organization, source, names):
        """The subset of ``names`` that ``source`` lists for ``user``: a name
        that does not exist and one the user may not see are both absent."""
        queryset = self._choice_queryset(user, organization, source)
        wanted = [n for n in names if isinstance(n, str)]
        if queryset is None or not wanted:
            return set()
        return set(queryset.filter(name__in=wanted).values_list("name", flat=True))
