"""Issue 12 in the portal, in Chromium against the live devhost: a request's
own page (the notifications' deep link, also on reload), an expired request
with no buttons anywhere, at 375 px and by keyboard. Requests are made
through the real lifecycle in this process (same database as the server)."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect


@pytest.fixture
def world(live):
    from django.contrib.auth import get_user_model

    from forge_catalog.devhost.models import JobTemplate, Team
    from forge_catalog.models import ServiceCatalogItem

    users = {u.username: u for u in get_user_model().objects.filter(username__in=["requester", "approver1"])}
    team = Team.objects.get(name="Platform approvers")
    ping = JobTemplate.objects.get(name="Ping", organization=team.organization)
    counter = ServiceCatalogItem.objects.count()

    def item(**policy):
        made = ServiceCatalogItem(
            organization=team.organization,
            name=f"e2e gated ping {counter + ServiceCatalogItem.objects.count()}",
            icon="activity",
            category="E2E approvals",  # its own: the catalog test counts Diagnostics
            job_template=ping,
            requires_approval=True,
            approver_team=team,
            **policy,
        )
        made.full_clean()
        made.save()
        return made

    return users, item


def _submit(users, item, justification="e2e please"):
    from forge_catalog import lifecycle

    return lifecycle.submit(item, users["requester"], justification=justification, extra_vars={})


def _age(sr, seconds):
    from django.utils import timezone

    from forge_catalog.models import ServiceRequest

    moment = timezone.now() - timedelta(seconds=seconds)
    ServiceRequest.objects.filter(pk=sr.pk).update(step_entered_at=moment, created=moment)


def test_deep_link_opens_the_request_and_survives_a_reload(as_user, world):
    users, item = world
    sr = _submit(users, item(expire_after=3600))
    page = as_user("approver1")
    page.goto(f"/portal/requests/{sr.pk}/")
    view = page.locator(f'section.request-page[data-request="{sr.pk}"]')
    expect(view).to_have_attribute("data-status", "pending_approval")
    expect(view).to_contain_text("e2e please")
    expect(view.locator(".step-clock")).to_contain_text("Expires")
    expect(view.get_by_role("button", name="Approve")).to_be_visible()
    page.reload()
    expect(view.get_by_role("button", name="Reject")).to_be_visible()
    # Back goes to the portal's views; the browser's back returns to the request.
    view.get_by_role("link", name="Back").click()
    expect(page.locator("section.request-page")).to_have_count(0)
    page.go_back()
    expect(page.locator(f'section.request-page[data-request="{sr.pk}"]')).to_be_visible()


def test_a_stranger_gets_not_found_on_the_deep_link(as_user, world):
    users, item = world
    sr = _submit(users, item())
    page = as_user("globex")  # another organization's user
    page.goto(f"/portal/requests/{sr.pk}/")
    expect(page.get_by_role("alert")).to_contain_text(
        f"Request #{sr.pk} does not exist, or you may not see it."
    )


def test_an_expired_request_shows_no_buttons(as_user, world):
    """Past its deadline the request shows no decision anywhere, whether the
    tick has run yet (status expired) or not (pending, clock expired): the
    devhost's workers tick on their own, so either may be on screen."""
    from forge_catalog import tick

    users, item = world
    sr = _submit(users, item(expire_after=60))
    _age(sr, 120)
    page = as_user("approver1", width=375, height=780)
    page.goto("/portal/#/approvals")
    expect(page.locator('section[data-view="approvals"]')).to_have_attribute("data-state", "loaded")
    row = page.locator(f'li.row[data-request="{sr.pk}"]')
    expect(row.get_by_role("button", name="Approve")).to_have_count(0)
    expect(row.get_by_role("button", name="Reject")).to_have_count(0)
    if row.count():
        expect(row).to_contain_text("The time to decide this request has run out.")
    # The request's own page, reached by keyboard from the portal's header.
    page.goto(f"/portal/requests/{sr.pk}/")
    view = page.locator(f'section.request-page[data-request="{sr.pk}"]')
    expect(view).to_be_visible()
    expect(view.get_by_role("button", name="Approve")).to_have_count(0)
    expect(view.get_by_role("button", name="Reject")).to_have_count(0)
    if view.get_attribute("data-status") == "pending_approval":
        expect(view.locator(".step-clock")).to_have_attribute("data-expired", "true")
    # Nothing of the page is wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    tick.run()
    page.reload()
    expect(view).to_have_attribute("data-status", "expired")
    expect(view.locator(".reason")).to_contain_text("expired: no decision within")
    expect(view.get_by_role("button", name="Approve")).to_have_count(0)
    expect(view.get_by_role("button", name="Reject")).to_have_count(0)
    # Keyboard: Back is a link; Enter follows it to the portal's views.
    view.get_by_role("link", name="Back").focus()
    page.keyboard.press("Enter")
    expect(page.locator("section.request-page")).to_have_count(0)
