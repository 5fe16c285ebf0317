"""The devhost's inventories follow AWX's role hierarchy (awx/main/models/
inventory.py), and the host adapter lists hosts and groups for choices_from
only from inventories the user may read (AWX's HostAccess/GroupAccess), in
one indexed query, never telling a hidden inventory from a missing one."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forge_catalog.devhost import models as dh
from forge_catalog.hosts import get_host

ROLES = ("admin_role", "update_role", "adhoc_role", "use_role", "read_role")


@pytest.fixture
def inventory(organization):
    inv = dh.Inventory.objects.create(name="Production", organization=organization)
    hosts = [dh.Host.objects.create(inventory=inv, name=f"web{i:02d}") for i in range(1, 6)]
    hosts.append(dh.Host.objects.create(inventory=inv, name="db01", enabled=False))
    web = dh.Group.objects.create(inventory=inv, name="web")
    web.hosts.add(*hosts[:5])
    dh.Group.objects.create(inventory=inv, name="db").hosts.add(hosts[5])
    return inv


def held(user, inv):
    return {role for role in ROLES if user in getattr(inv, role)}


@pytest.mark.django_db
def test_role_hierarchy_follows_awx(inventory, user_factory, organization, team):
    # admin_role implies every other role; use_role implies read only;
    # adhoc implies use; update implies read.
    admin, user, adhoc, updater, reader, auditor, rando = (user_factory() for _ in range(7))
    inventory.admins.add(admin)
    inventory.users.add(user)
    inventory.adhoc_users.add(adhoc)
    inventory.updaters.add(updater)
    inventory.readers.add(reader)
    organization.auditors.add(auditor)
    assert held(admin, inventory) == set(ROLES)
    assert held(adhoc, inventory) == {"adhoc_role", "use_role", "read_role"}
    assert held(user, inventory) == {"use_role", "read_role"}
    assert held(updater, inventory) == {"update_role", "read_role"}
    assert held(reader, inventory) == {"read_role"}
    assert held(auditor, inventory) == {"read_role"}  # organization.auditor_role
    assert held(rando, inventory) == set()


@pytest.mark.django_db
def test_org_admins_and_superusers_hold_every_role(inventory, org_admin, admin, alice):
    assert held(org_admin, inventory) == set(ROLES)  # organization.inventory_admin_role
    assert held(admin, inventory) == set(ROLES)
    # An organization member holds nothing on its inventories (AWX).
    assert held(alice, inventory) == set()


@pytest.mark.django_db
def test_team_grants_reach_members(inventory, user_factory, team):
    member = user_factory()
    team.members.add(member)
    inventory.use_teams.add(team)
    assert held(member, inventory) == {"use_role", "read_role"}


@pytest.mark.django_db
def test_accessible_pk_qs_agrees_with_role_checks(inventory, organization, user_factory, other_organization):
    other = dh.Inventory.objects.create(name="Production", organization=other_organization)
    users = [user_factory() for _ in range(3)]
    inventory.readers.add(users[0])
    other.users.add(users[1])
    for user in users:
        for role in ROLES:
            listed = set(dh.Inventory.accessible_pk_qs(user, role))
            assert listed == {inv.pk for inv in (inventory, other) if user in getattr(inv, role)}


@pytest.mark.django_db
def test_hosts_of_a_readable_inventory_in_name_order(inventory, organization, alice):
    inventory.readers.add(alice)
    names, more = get_host().inventory_choices(alice, organization, {"inventory": "Production"}, limit=10)
    assert names == ["db01", "web01", "web02", "web03", "web04", "web05"]
    assert more is False


@pytest.mark.django_db
def test_limit_search_and_filter(inventory, organization, alice):
    inventory.readers.add(alice)
    host = get_host()
    source = {"inventory": "Production", "kind": "hosts"}
    assert host.inventory_choices(alice, organization, source, limit=2) == (["db01", "web01"], True)
    assert host.inventory_choices(alice, organization, source, search="EB0", limit=3) == (
        ["web01", "web02", "web03"],
        True,
    )
    # The overlay's filter narrows what is offered and what is accepted.
    assert host.inventory_choices(alice, organization, {**source, "filter": "DB"}, limit=9)[0] == ["db01"]
    assert host.visible_inventory_names(alice, organization, {**source, "filter": "db"}, ["web01"]) == set()
    # The inventory may be named by id too.
    by_id = host.inventory_choices(alice, organization, {"inventory": inventory.pk}, limit=1)
    assert by_id == (["db01"], True)
    groups_source = {"inventory": "Production", "kind": "groups"}
    groups = host.inventory_choices(alice, organization, groups_source, limit=9)
    assert groups == (["db", "web"], False)


@pytest.mark.django_db
def test_unreadable_inventory_looks_like_a_missing_one(inventory, organization, alice, bob):
    inventory.readers.add(alice)
    host = get_host()
    hidden = host.inventory_choices(bob, organization, {"inventory": "Production"}, limit=5)
    missing = host.inventory_choices(alice, organization, {"inventory": "Nope"}, limit=5)
    assert hidden == missing == ([], False)
    assert host.visible_inventory_names(bob, organization, {"inventory": "Production"}, ["web01"]) == set()
    assert host.visible_inventory_names(alice, organization, {"inventory": "Production"}, ["web01", "x"]) == {
        "web01"
    }


@pytest.mark.django_db
def test_an_inventory_of_another_organization_is_not_listed(inventory, other_organization, admin):
    # Inventory names are unique per organization: the item's organization's.
    assert get_host().inventory_choices(admin, other_organization, {"inventory": "Production"}) == ([], False)


@pytest.mark.django_db
def test_inventory_pk_first_then_one_query_by_it(inventory, organization, alice):
    # The inventory's pk is resolved first, so the host query filters on a
    # constant the planner can use with AWX's indexes: an
    # "inventory_id IN (SELECT ...)" made PostgreSQL read every host.
    inventory.readers.add(alice)
    host = get_host()
    source = {"inventory": "Production", "filter": "web"}
    assert not alice.is_system_auditor  # read once per user and kept on it, as in AWX
    with CaptureQueriesContext(connection) as listing:
        host.inventory_choices(alice, organization, source, search="web", limit=3)
    with CaptureQueriesContext(connection) as check:
        host.visible_inventory_names(alice, organization, source, ["web01", "web02"])
    assert len(listing) == 2 and len(check) == 2
    for ctx in (listing, check):
        names_sql = ctx.captured_queries[1]["sql"]
        assert f'"devhost_host"."inventory_id" = {inventory.pk}' in names_sql
        assert "devhost_inventory" not in names_sql


@pytest.mark.django_db
def test_unreadable_inventory_costs_one_query(inventory, organization, bob):
    assert not bob.is_system_auditor  # read once per user and kept on it, as in AWX
    with CaptureQueriesContext(connection) as listing:
        assert get_host().inventory_choices(bob, organization, {"inventory": "Production"}) == ([], False)
    assert len(listing) == 1
