"""List querysets agree with the core's per-object decisions for every user
and object of a fixture (DESIGN.md "Authority and visibility")."""

import pytest
from django.contrib.auth.models import AnonymousUser

from forge_catalog import approval, authz, lifecycle
from forge_catalog.models import ServiceCatalogItem, ServiceRequest


@pytest.fixture
def world(
    organization,
    other_organization,
    team,
    admin,
    alice,
    bob,
    rando,
    org_admin,
    approver,
    other_org_admin,
    user_factory,
    job_template_factory,
    catalog_item_factory,
    request_factory,
    settings,
):
    auditor = user_factory("auditor")
    organization.auditors.add(auditor)
    sysauditor = user_factory("sysauditor")
    sysauditor.is_system_auditor = True
    # "Organization Audit" held by a team (DAB RBAC allows it) passes to its members.
    team_auditor = user_factory("team_auditor")
    other_member = user_factory("other_member")
    other_organization.members.add(other_member)
    settings.FORGE_CATALOG = {**settings.FORGE_CATALOG, "ALLOW_SELF_APPROVAL": False}

    other_team = type(team).objects.create(organization=other_organization, name="other approvers")
    other_team.members.add(other_member)
    audit_team = type(team).objects.create(organization=other_organization, name="audit")
    audit_team.members.add(team_auditor)
    other_organization.auditor_teams.add(audit_team)
    items = [
        catalog_item_factory(requires_approval=True, approver_team=team),
        catalog_item_factory(requires_approval=True),  # org admins approve
        catalog_item_factory(enabled=False, requires_approval=True, approver_team=team),
        catalog_item_factory(),
        catalog_item_factory(
            job_template_factory(organization=other_organization),
            organization=other_organization,
            requires_approval=True,
            approver_team=other_team,
        ),
    ]
    # Requests in several states, by several requesters (approver included).
    r = [
        request_factory(items[0], alice),
        request_factory(items[0], approver),
        request_factory(items[1], bob),
        request_factory(items[1], org_admin),
        request_factory(items[3], alice),
        request_factory(items[4], other_member),
        request_factory(items[0], bob),
        request_factory(items[1], alice),
    ]
    lifecycle.reject(r[6], approver, "no")
    lifecycle.approve(r[7], org_admin)
    # Two steps (docs/approvals.md): "approvers" then "second approvers";
    # "both" is in both teams, carol only in the second.
    second = type(team).objects.create(organization=organization, name="second approvers")
    carol = user_factory("carol")
    both = user_factory("both")
    for user in (carol, both):
        organization.members.add(user)
        second.members.add(user)
    team.members.add(both)
    two_step = catalog_item_factory(requires_approval=True, approver_team=team)
    approval.replace_item_steps(
        two_step,
        [
            {"title": "first", "approver_team": team, "quorum": 1},
            {"approver_team": second, "quorum": 1},
        ],
    )
    request_factory(two_step, alice)  # waits at step 1
    at_second = request_factory(two_step, bob)
    lifecycle.approve(at_second, both)  # waits at step 2; "both" approved step 1
    lifecycle.request_info(request_factory(two_step, alice), approver, "why?")  # needs_info
    lifecycle.approve(request_factory(two_step, carol), approver)  # carol's own, at step 2
    # Requests whose item was deleted (removals.py): one per organization.
    gone = catalog_item_factory(requires_approval=True, approver_team=team)
    lifecycle.reject(request_factory(gone, bob), approver, "no")
    other_gone = catalog_item_factory(
        job_template_factory(organization=other_organization),
        organization=other_organization,
        requires_approval=True,
    )
    request_factory(other_gone, other_member)  # pending: canceled with its item
    gone.delete()
    other_gone.delete()
    assert ServiceRequest.objects.filter(catalog_item__isnull=True).count() == 2
    users = [
        AnonymousUser(),
        admin,
        alice,
        bob,
        rando,
        org_admin,
        approver,
        other_org_admin,
        auditor,
        sysauditor,
        team_auditor,
        other_member,
        carol,
        both,
    ]
    return users


def ids(qs):
    return set(qs.values_list("pk", flat=True))


def test_visible_items_agree_with_decide(world):
    items = list(ServiceCatalogItem.objects.all())
    for user in world:
        expected = {i.pk for i in items if authz.decide(user, "see_item", item=i).allowed}
        assert ids(authz.visible_items(user)) == expected, user


def test_visible_requests_agree_with_decide(world):
    requests = list(ServiceRequest.objects.all())
    for user in world:
        expected = {r.pk for r in requests if authz.decide(user, "see_request", request=r).allowed}
        assert ids(authz.visible_requests(user)) == expected, user


def test_inbox_agrees_with_decide(world):
    requests = list(ServiceRequest.objects.all())
    seen_nonempty = False
    for user in world:
        expected = {
            r.pk
            for r in requests
            if r.status == "pending_approval"
            and authz.decide(user, "approve", request=r).allowed
            and not r.approvals.filter(user_id=getattr(user, "pk", None)).exists()
        }
        # What the API offers as can_approve is exactly the inbox.
        assert expected == {r.pk for r in requests if authz.request_actions(user, r)["can_approve"]}, user
        seen_nonempty |= bool(expected)
        assert ids(authz.approvable_requests(user)) == expected, user
    assert seen_nonempty


def test_inbox_with_self_approval(world, settings):
    settings.FORGE_CATALOG = {**settings.FORGE_CATALOG, "ALLOW_SELF_APPROVAL": True}
    approver = next(u for u in world if getattr(u, "username", "") == "approver")
    own = ServiceRequest.objects.filter(requested_by=approver, status="pending_approval")
    assert own.exists()
    assert ids(own) <= ids(authz.approvable_requests(approver))


def test_fixture_covers_every_outcome(world):
    """The agreement above means something only if the fixture mixes allowed
    and refused, visible and hidden, for the list actions."""
    items = list(ServiceCatalogItem.objects.all())
    outcomes = {
        (d.allowed, d.visible) for u in world for i in items for d in [authz.decide(u, "see_item", item=i)]
    }
    assert {(True, True), (False, False)} <= outcomes
    requests = list(ServiceRequest.objects.all())
    reasons = {authz.decide(u, "approve", request=r).reason for u in world for r in requests}
    assert {
        "allowed",
        "not_visible",
        "not_approver",
        "self_approval",
        "anonymous",
        "approved_other_step",
    } <= reasons
    assert {r.status for r in requests} >= {"pending_approval", "needs_info", "rejected", "running"}


def test_inbox_shows_only_the_waiting_step_s_approvers(world):
    by_name = {getattr(u, "username", ""): u for u in world}
    at_first = (
        ServiceRequest.objects.filter(
            status="pending_approval",
            catalog_item__approval_steps__position=1,
            requested_by__username="alice",
        )
        .distinct()
        .get()
    )
    at_second = ServiceRequest.objects.get(
        status="pending_approval", requested_by__username="bob", current_step__position=1
    )
    approver, carol, both = by_name["approver"], by_name["carol"], by_name["both"]
    assert at_first.pk in ids(authz.approvable_requests(approver))
    assert at_first.pk not in ids(authz.approvable_requests(carol))  # a later step's approver
    assert at_second.pk in ids(authz.approvable_requests(carol))
    assert at_second.pk not in ids(authz.approvable_requests(approver))  # step 1 is done
    assert at_second.pk not in ids(authz.approvable_requests(both))  # approved step 1
    # ... but both still sees it, and so do the first step's approvers.
    assert at_second.pk in ids(authz.visible_requests(both))
    assert at_second.pk in ids(authz.visible_requests(approver))
    assert authz.decide(both, "approve", request=at_second).reason == "approved_other_step"


def test_auditors_read_their_organizations_requests_and_decide_none(world, organization):
    """AWX's access.py: a system auditor reads every row, an organization
    auditor (a user, or a team holding "Organization Audit") its
    organization's; neither decides anything (docs/approvals.md)."""
    by_name = {getattr(u, "username", ""): u for u in world}
    everything = set(ServiceRequest.objects.values_list("pk", flat=True))
    ours = ids(
        ServiceRequest.objects.filter(catalog_item__organization=organization)
        | ServiceRequest.objects.filter(catalog_item__isnull=True, organization=organization)
    )
    assert ids(authz.visible_requests(by_name["sysauditor"])) == everything
    assert ids(authz.visible_requests(by_name["auditor"])) == ours
    assert ids(authz.visible_requests(by_name["team_auditor"])) == everything - ours
    assert ours and everything - ours
    for name in ("sysauditor", "auditor", "team_auditor"):
        user = by_name[name]
        assert not authz.approvable_requests(user).exists()
        for sr in authz.visible_requests(user):
            assert not any(authz.request_actions(user, sr).values()), (name, sr.pk)
            assert authz.decide(user, "approve", request=sr).reason == "not_approver"
