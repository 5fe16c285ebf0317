"""Issue 10's small issues and live updates, in Chromium against the live
devhost: search placeholders not cut at 1280 px, no placeholder icon while
the icon set loads, /favicon.ico answered, "Nothing matches" in the catalog
offering to clear the filters, the login page scanned by axe, and the live
updates of a stuck request stopping (the page's clock run forward)."""

import re
from pathlib import Path

import pytest
from conftest import PASSWORD
from playwright.sync_api import expect

from tests.e2e.axe import assert_accessible

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"

# The text of a search box's placeholder against the room its input gives it.
PLACEHOLDER_FIT = """el => {
    const cs = getComputedStyle(el);
    const ctx = document.createElement('canvas').getContext('2d');
    ctx.font = `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
    const room = el.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
    return { text: ctx.measureText(el.placeholder).width, room };
}"""


# The focused element's outline, and how many elements have had the focus.
FOCUS = """() => {
    const el = document.activeElement, cs = getComputedStyle(el);
    (window.__focused = window.__focused || new Set()).add(el);
    return { what: el.outerHTML.slice(0, 80), style: cs.outlineStyle, width: parseFloat(cs.outlineWidth),
             seen: window.__focused.size };
}"""


def shot(page, name):
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def assert_placeholder_fits(search, what):
    fit = search.evaluate(PLACEHOLDER_FIT)
    assert fit["text"] <= fit["room"], f"the {what} placeholder is cut ({fit})"


def test_search_placeholders_fit_at_1280(as_user):
    page = as_user("approver1")
    search = page.get_by_role("searchbox", name="Search the catalog")
    expect(search).to_be_visible()
    assert_placeholder_fits(search, "catalog")
    page.get_by_role("link", name="My requests").click()
    assert_placeholder_fits(page.get_by_role("searchbox", name="Search my requests"), "My requests")
    page.get_by_role("link", name=re.compile("Approvals")).click()
    assert_placeholder_fits(page.get_by_role("searchbox", name="Search approvals"), "Approvals")


def test_no_placeholder_icon_while_the_icons_load(as_user):
    page = as_user("requester")
    # The lazy icon chunk never arrives: each card keeps an empty slot, no
    # stand-in icon that would flash and be replaced.
    page.route(re.compile(r"/dist/portal-icons[^/]*\.js"), lambda route: route.abort())
    page.reload()
    cards = page.locator("li.card")
    expect(cards.first).to_be_visible()
    expect(page.locator("li.card .card-icon .icon-slot")).to_have_count(cards.count())
    assert page.locator("li.card .card-icon svg").count() == 0
    page.unroute(re.compile(r"/dist/portal-icons[^/]*\.js"))
    page.reload()
    expect(page.locator("li.card .card-icon svg").first).to_be_visible()
    assert page.locator("li.card .card-icon .icon-slot").count() == 0


def test_keyboard_focus_is_always_visible(as_user):
    page = as_user("requester")
    expect(page.locator("li.card").first).to_be_visible()
    page.locator("body").focus()
    for n in range(1, 13):  # the skip link, the nav, the filters, the first cards
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS)
        assert focus["style"] != "none" and focus["width"] >= 2, f"no visible focus on {focus}"
        assert focus["seen"] == n, "Tab did not move the focus"


def test_favicon_is_served(as_user):
    page = as_user("requester")
    icon = page.request.get("/favicon.ico")
    assert icon.status == 200, icon.status
    assert icon.headers["content-type"].startswith("image/")


def test_catalog_nothing_matches_offers_to_clear_the_filters(as_user):
    page = as_user("requester")
    cards = page.locator("li.card")
    expect(cards.first).to_be_visible()
    everything = cards.count()
    page.get_by_label("Category").select_option("Diagnostics")
    search = page.get_by_role("searchbox", name="Search the catalog")
    search.fill("no such service anywhere")
    expect(page.get_by_text("Nothing matches.")).to_be_visible()
    page.get_by_role("button", name="Clear filters").click()
    expect(search).to_have_value("")
    expect(page.get_by_label("Category")).to_have_value("")
    expect(cards).to_have_count(everything)


def test_the_login_page_is_accessible(live, browser):
    ctx = browser.new_context(viewport={"width": 375, "height": 740}, base_url=live.base_url)
    try:
        page = ctx.new_page()
        page.goto("/login/?next=/portal/")
        assert_accessible(page, "the login page at 375 px")
        page.set_viewport_size({"width": 1280, "height": 860})
        page.get_by_label("Username").fill("requester")
        page.get_by_label("Password").fill("not the password")
        page.get_by_role("button", name="Sign in").click()
        expect(page.locator("form")).to_be_visible()
        assert_accessible(page, "the login page with an error")
    finally:
        ctx.close()


@pytest.fixture
def stuck(live):
    """A user whose one request waits for an approval nobody gives."""
    from django.contrib.auth import get_user_model

    from forge_catalog.devhost.models import Organization
    from forge_catalog.models import ServiceCatalogItem, ServiceRequest

    user = get_user_model().objects.create_user("stuck", password=PASSWORD)
    acme = Organization.objects.get(name="Acme Engineering")
    acme.members.add(user)
    item = ServiceCatalogItem.objects.get(name="Virtual machine")
    return ServiceRequest.objects.create(
        catalog_item=item,
        catalog_item_name=item.name,
        organization_id=acme.pk,
        organization_name=acme.name,
        requested_by=user,
        status="pending_approval",
        justification="waits for ever",
        extra_vars={"hostname": "stuck01", "size": "small"},
    )


def test_live_updates_of_a_stuck_request_stop(as_user, stuck):
    page = as_user("stuck")
    polls = []

    def is_poll(request):
        return re.search(rf"/service_requests/\?(.*&)?id={stuck.pk}(&|$)", request.url) is not None

    page.on("request", lambda r: polls.append(r.url) if is_poll(r) else None)
    page.clock.install()  # time still flows; the test runs it forward too
    # It asks for exactly the moving row...
    with page.expect_request(is_poll):
        page.goto("/portal/#/requests")
        page.reload()
        row = page.locator(f'li.row[data-request="{stuck.pk}"]')
        expect(row.locator(".status")).to_have_attribute("data-status", "pending_approval")
    note = page.locator('[data-live="stopped"]')
    expect(note).to_have_count(0)
    # ...and gives up after 10 minutes without a change.
    page.clock.fast_forward("11:00")
    expect(note).to_have_text(re.compile("Live updates paused"))
    shot(page, "live-updates-paused")
    page.set_viewport_size({"width": 375, "height": 740})
    shot(page, "live-updates-paused-375")
    assert_accessible(page, "My requests with live updates paused at 375 px")
    page.set_viewport_size({"width": 1280, "height": 860})
    asked = len(polls)
    for _ in range(3):  # no timer is left: however far the clock runs, nothing is asked
        page.clock.fast_forward("10:00")
    with page.expect_request(lambda r: r.url.endswith("/portal/?sync")):
        page.evaluate("() => fetch('/portal/?sync')")  # the page's requests before it are in
    assert len(polls) == asked, polls[asked:]
    # Refresh now: the page is read again and follows the row again.
    with page.expect_request(is_poll):
        note.get_by_role("button", name="Refresh now").click()
        expect(note).to_have_count(0)
