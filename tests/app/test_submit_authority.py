"""Who may submit, in AWX's terms (issue 11 item 5; awx-facts.md "Roles").

AWX's ``organization.read_role`` holds system auditors, org auditors and
members of teams that hold "Organization Audit": all read-only by definition.
Reading lets them browse; submitting needs ``member_role`` or membership of
the item's audience team (DAB RBAC refuses a team holding "Organization
Member", so a team of requesters reaches submit only that way).
"""

import pytest

from forge_catalog import authz, lifecycle
from forge_catalog.devhost import models as dh
from forge_catalog.exceptions import PermissionDenied
from forge_catalog.models import ServiceRequest


@pytest.fixture
def item(catalog_item_factory):
    return catalog_item_factory()


@pytest.fixture
def audit_team(organization, user_factory):
    """A team holding "Organization Audit", with one member and no other role."""
    team = dh.Team.objects.create(organization=organization, name="app team")
    organization.auditor_teams.add(team)
    team.members.add(user_factory("carol"))
    return team


def test_devhost_role_hierarchy_follows_awx(organization, other_organization, user_factory, audit_team):
    sysauditor = user_factory("sysauditor")
    assert sysauditor not in organization.read_role
    sysauditor.is_system_auditor = True
    # System auditor: the parent of every organization's auditor_role.
    for org in (organization, other_organization):
        assert sysauditor in org.auditor_role and sysauditor in org.read_role
        assert sysauditor not in org.member_role and sysauditor not in org.admin_role
    readable = set(dh.Organization.accessible_pk_qs(sysauditor, "read_role"))
    assert readable == {organization.pk, other_organization.pk}
    assert not dh.Organization.accessible_pk_qs(sysauditor, "member_role").exists()
    assert sysauditor in audit_team.read_role and sysauditor not in audit_team.member_role
    sysauditor.is_system_auditor = False
    assert sysauditor not in organization.read_role
    # A team holding the audit role passes read (not membership) to its members.
    carol = audit_team.members.get()
    assert carol in organization.read_role and carol in organization.auditor_role
    assert carol not in organization.member_role
    assert carol not in other_organization.read_role


@pytest.mark.parametrize("who", ["org_auditor", "system_auditor", "audit_team_member"])
def test_readers_who_are_not_members_see_but_never_submit(who, item, organization, user_factory, audit_team):
    if who == "org_auditor":
        user = user_factory("auditor")
        organization.auditors.add(user)
    elif who == "system_auditor":
        user = user_factory("sysauditor")
        user.is_system_auditor = True
    else:
        user = audit_team.members.get()
    assert authz.decide(user, "see_item", item=item).allowed
    assert item in authz.visible_items(user)
    decision = authz.decide(user, "submit", item=item)
    assert (decision.allowed, decision.visible, decision.reason) == (False, True, "not_member")
    with pytest.raises(PermissionDenied) as refused:
        lifecycle.submit(item, user, justification="please")
    assert refused.value.code == "not_member"
    assert not ServiceRequest.objects.exists()


def test_audience_team_members_may_submit(item, audit_team):
    carol = audit_team.members.get()
    item.audience_team = audit_team
    item.save()
    sr = lifecycle.submit(item, carol, justification="please")
    assert sr.requested_by == carol
    # The audience team opens submit, not sight: a member of it who cannot
    # read the organization still sees nothing.
    item.organization.auditor_teams.remove(audit_team)
    decision = authz.decide(carol, "submit", item=item)
    assert (decision.allowed, decision.visible, decision.reason) == (False, False, "not_org_reader")


def test_members_and_admins_submit(item, alice, org_admin):
    assert lifecycle.submit(item, alice).requested_by == alice
    assert lifecycle.submit(item, org_admin).requested_by == org_admin
