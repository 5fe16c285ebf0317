"""The request lists that scale, request again, errors and accessibility
(issue 10 items 3-7), in Chromium against the live devhost: paging and status
tabs over 300 requests, search, item filter and clear filters, bulk reject
with each result shown, the Approvals tab only for approvers, request again
prefilled against a changed survey, a 5xx that shows no server text, and an
axe-core scan of each screen."""

import re
from pathlib import Path

import pytest
from conftest import PASSWORD
from playwright.sync_api import expect

from tests.e2e.axe import assert_accessible

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
# (status, how many) of the 300 requests the paging test's user has.
MIX = [("successful", 150), ("failed", 60), ("rejected", 40), ("canceled", 20), ("pending_approval", 30)]


def shot(page, name):
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)


def tab(page, key):
    return page.locator(f'[role="tab"][data-tab="{key}"]')


def rows(page):
    return page.locator("li.row")


@pytest.fixture(scope="module")
def many(live):
    """300 requests of one new Acme user ("pager") for Virtual machine."""
    from django.contrib.auth import get_user_model

    from forge_catalog.devhost.models import Organization
    from forge_catalog.models import ServiceCatalogItem, ServiceRequest

    user = get_user_model().objects.create_user("pager", password=PASSWORD)
    acme = Organization.objects.get(name="Acme Engineering")
    acme.members.add(user)
    item = ServiceCatalogItem.objects.get(name="Virtual machine")
    made = []
    for status, n in MIX:
        for i in range(n):
            made.append(
                ServiceRequest(
                    catalog_item=item,
                    catalog_item_name=item.name,
                    organization_id=acme.pk,
                    organization_name=acme.name,
                    requested_by=user,
                    status=status,
                    justification=f"batch {status} {i}",
                    extra_vars={"hostname": f"web{i:03}", "size": "small"},
                )
            )
    ServiceRequest.objects.bulk_create(made)
    return {
        "user": user,
        "item": item,
        "ids": sorted(r.pk for r in ServiceRequest.objects.filter(requested_by=user)),
    }


def test_my_requests_page_tabs_search_over_300(as_user, many):
    page = as_user("pager")
    page.get_by_role("link", name="My requests").click()
    expect(page.locator('section[data-view="requests"]')).to_have_attribute("data-state", "loaded")
    expect(tab(page, "all").locator(".tab-count")).to_have_text("300")
    expect(tab(page, "pending").locator(".tab-count")).to_have_text("30")
    expect(tab(page, "failed").locator(".tab-count")).to_have_text("60")
    expect(rows(page)).to_have_count(25)
    pager = page.get_by_test_id("requests-page")
    expect(pager).to_have_text("Page 1 of 12")
    # Labels, not variable names, on the answers.
    first = rows(page).first
    first.get_by_role("button", name=re.compile(r"^#\d+")).click()
    expect(first.locator("dt").first).to_have_text("Host name")
    shot(page, "my-requests-tabs")
    page.set_viewport_size({"width": 375, "height": 740})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    shot(page, "my-requests-tabs-375")
    page.set_viewport_size({"width": 1280, "height": 860})
    assert_accessible(page, "My requests with tabs")
    newest = rows(page).first.get_attribute("data-request")
    page.get_by_role("button", name="Next").click()
    expect(pager).to_have_text("Page 2 of 12")
    expect(rows(page).first).not_to_have_attribute("data-request", newest)
    # A tab: its count, its pages, only its rows; arrow keys move along the tabs.
    tab(page, "failed").click()
    expect(tab(page, "failed")).to_have_attribute("aria-selected", "true")
    expect(pager).to_have_text("Page 1 of 3")
    statuses = page.locator("li.row .status").evaluate_all("els => els.map(e => e.dataset.status)")
    assert set(statuses) == {"failed"} and len(statuses) == 25
    tab(page, "failed").press("ArrowRight")
    expect(tab(page, "rejected")).to_be_focused()
    expect(tab(page, "rejected")).to_have_attribute("aria-selected", "true")
    expect(pager).to_have_text("Page 1 of 2")
    # Search runs on the server; the counts follow it.
    tab(page, "all").click()
    search = page.get_by_role("searchbox", name="Search my requests")
    search.fill("failed 42")  # every word must match: "batch failed 42" only
    expect(page.locator('section[data-view="requests"]')).to_have_attribute("data-search", "failed 42")
    expect(tab(page, "all").locator(".tab-count")).to_have_text("1")
    expect(rows(page)).to_have_count(1)
    expect(rows(page).first).to_contain_text("failed")
    search.fill("no such request")
    expect(page.get_by_text("Nothing matches.")).to_be_visible()
    page.locator('[data-view="requests"] .empty').get_by_role("button", name="Clear filters").click()
    expect(search).to_have_value("")
    expect(rows(page)).to_have_count(25)
    page.get_by_label("Catalog item").select_option(label="Virtual machine")
    expect(tab(page, "all").locator(".tab-count")).to_have_text("300")
    # A requester approves nothing: no Approvals tab.
    expect(page.get_by_role("link", name=re.compile("Approvals"))).to_have_count(0)


def test_approvals_paging_and_bulk_reject(as_user, many):
    page = as_user("approver1")
    page.get_by_role("link", name=re.compile("Approvals")).click()
    section = page.locator('section[data-view="approvals"]')
    expect(section).to_have_attribute("data-state", "loaded")
    expect(tab(page, "decide")).to_have_attribute("aria-selected", "true")
    waiting = int(tab(page, "decide").locator(".tab-count").inner_text())
    assert waiting >= 30
    badge = page.get_by_test_id("inbox-count")
    expect(badge).to_have_text(str(waiting))
    expect(rows(page)).to_have_count(25)
    page.get_by_role("searchbox", name="Search approvals").fill("pager")
    expect(section).to_have_attribute("data-search", "pager", timeout=20_000)  # the page read with it
    expect(tab(page, "decide").locator(".tab-count")).to_have_text("30")
    expect(page.get_by_test_id("approvals-page")).to_have_text("Page 1 of 2")
    picked = [int(r.get_attribute("data-request")) for r in rows(page).all()[:3]]
    for pk in picked:
        page.get_by_role("checkbox", name=f"Select request #{pk}").check()
    page.get_by_role("button", name="Reject selected (3)").click()
    dialog = page.get_by_role("dialog", name="Reject 3 requests")
    dialog.get_by_role("button", name="Reject all").click()
    expect(dialog.get_by_text("Give the requesters a reason.")).to_be_visible()
    dialog.get_by_label("Reason").fill("Batch clean-up")
    assert_accessible(page, "the bulk decision dialog")
    dialog.get_by_role("button", name="Reject all").click()
    results = dialog.get_by_role("list", name="Results")
    expect(results.locator("li")).to_have_count(3)
    expect(dialog.get_by_role("status")).to_have_text("3 of 3 rejected.")
    for pk in picked:
        expect(results.locator(f'li[data-request="{pk}"]')).to_contain_text("rejected, now rejected")
    shot(page, "approvals-bulk-results")
    page.set_viewport_size({"width": 375, "height": 740})
    shot(page, "approvals-bulk-results-375")
    page.set_viewport_size({"width": 1280, "height": 860})
    dialog.get_by_role("button", name="Done").click()
    # The list and the badge are read again (three calls; slow on a loaded machine).
    expect(tab(page, "decide").locator(".tab-count")).to_have_text("27", timeout=20_000)
    expect(badge).to_have_text(str(waiting - 3), timeout=20_000)
    # The status tabs list the others' requests the approver may see.
    tab(page, "rejected").click()
    expect(page.locator("li.row .status").first).to_have_attribute("data-status", "rejected")
    shot(page, "approvals-tabs")
    assert_accessible(page, "Approvals, a status tab")
    page.set_viewport_size({"width": 375, "height": 740})
    tab(page, "decide").click()
    expect(rows(page).first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    shot(page, "approvals-375")
    assert_accessible(page, "Approvals at 375 px")


def test_request_again_prefills_against_the_changed_survey(as_user, live):
    import json

    from forge_catalog.devhost.models import JobTemplate

    page = as_user("requester")
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    from forge_catalog.models import ServiceCatalogItem

    item = ServiceCatalogItem.objects.get(name="Virtual machine")
    answers = {
        "hostname": "web-again",
        "size": "large",
        "cpus": 4,
        "memory_gb": 8,
        "features": ["backup", "monitoring"],
        "notes": "same as last time",
        "root_password": "a-secret-never-shown",
    }
    resp = page.request.post(
        f"/api/v2/service_catalog_items/{item.pk}/submit/",
        data={"justification": "Second environment", "extra_vars": answers},
        headers={"X-CSRFToken": token, "Referer": live.base_url + "/portal/"},
    )
    assert resp.status == 201, resp.text()
    request_id = resp.json()["id"]

    template = JobTemplate.objects.get(name="Provision VM")
    original = json.loads(json.dumps(template.survey_spec))
    spec = json.loads(json.dumps(original))
    # "large" is no longer offered, the notes question goes away.
    next(q for q in spec["spec"] if q["variable"] == "size")["choices"] = "small\nmedium"
    spec["spec"] = [q for q in spec["spec"] if q["variable"] != "notes"]
    template.survey_spec = spec
    template.save()
    try:
        page.get_by_role("link", name="My requests").click()
        row = page.locator(f'li.row[data-request="{request_id}"]')
        row.get_by_role("button", name=re.compile(f"#{request_id}")).click()
        expect(row.locator('dd[data-variable="root_password"]')).to_have_text("••••••••")
        expect(row.locator("dt", has_text="Root password")).to_be_visible()
        row.get_by_role("button", name="Request again").click()
        dialog = page.get_by_role("dialog", name="Request: Virtual machine")
        expect(dialog.get_by_test_id("again-source")).to_contain_text(f"request #{request_id}")
        expect(dialog.get_by_label("Why do you need this?")).to_have_value("Second environment")
        dialog.get_by_role("button", name="Next").click()
        notes = dialog.get_by_role("note", name=f"Changed since request #{request_id}")
        expect(notes.locator('[data-variable="size"]')).to_have_attribute("data-change", "changed")
        expect(notes.locator('[data-variable="size"]')).to_contain_text("Size")
        expect(notes.locator('[data-variable="notes"]')).to_have_attribute("data-change", "removed")
        expect(notes.locator('[data-variable="root_password"]')).to_have_attribute("data-change", "secret")
        expect(dialog.get_by_label("Host name")).to_have_value("web-again")
        expect(dialog.get_by_label("vCPUs")).to_have_value("4")
        expect(dialog.get_by_role("checkbox", name="monitoring")).to_be_checked()
        expect(dialog.get_by_label("Root password")).to_have_value("")
        expect(dialog).not_to_contain_text("a-secret-never-shown")
        shot(page, "request-again")
        assert_accessible(page, "the request-again dialog")
        page.set_viewport_size({"width": 375, "height": 740})
        shot(page, "request-again-375")
        page.set_viewport_size({"width": 1280, "height": 860})
        dialog.get_by_role("radio", name="medium").check()
        dialog.get_by_label("Root password").fill("another-secret-1")
        dialog.get_by_role("button", name="Next").click()
        dialog.get_by_role("button", name="Submit request").click()
        done = dialog.get_by_role("heading", name=re.compile(r"Request #\d+ submitted"))
        expect(done).to_be_visible()
    finally:
        template.survey_spec = original
        template.save()


def test_a_server_error_shows_a_sentence_and_the_request_id(as_user):
    page = as_user("requester")

    def crash(route):
        route.fulfill(
            status=500,
            headers={"Content-Type": "text/html", "X-Request-ID": "e2e-crash-42"},
            body="<h1>Traceback (most recent call last)</h1><pre>KeyError: 'secret-internals'</pre>",
        )

    page.route("**/api/v2/service_catalog_items/*/submit/", crash)
    page.locator('li.card[data-item="Ping localhost"]').get_by_role(
        "button", name="Request Ping localhost"
    ).click()
    dialog = page.get_by_role("dialog", name="Request: Ping localhost")
    title = dialog.locator(".step-title")
    for n in range(1, 5):  # its steps keep their defaults
        expect(title).to_contain_text(f"Step {n} of")
        if "Confirm" in title.inner_text():
            break
        dialog.get_by_role("button", name="Next").click()
    dialog.get_by_role("button", name="Submit request").click()
    box = dialog.locator(".error-box")
    expect(box).to_contain_text("Something went wrong on the server. (request id e2e-crash-42)")
    expect(dialog).not_to_contain_text("Traceback")
    expect(dialog).not_to_contain_text("secret-internals")
    shot(page, "server-error-5xx")
    page.set_viewport_size({"width": 375, "height": 740})
    shot(page, "server-error-5xx-375")
    assert_accessible(page, "the dialog with a server error")


def test_cancel_is_confirmed_in_the_app_and_small_screens(as_user):
    page = as_user("requester", width=375, height=740)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the catalog scrolls sideways at 375 px ({width})"
    nav = page.get_by_role("navigation", name="Portal")
    box = nav.bounding_box()
    assert box and box["height"] < 50, f"the nav wraps at 375 px ({box})"
    page.locator('li.card[data-item="Virtual machine"]').get_by_role(
        "button", name="Request Virtual machine"
    ).click()
    dialog = page.get_by_role("dialog", name="Request: Virtual machine")
    dialog.get_by_role("button", name="Next").click()
    dialog.get_by_label("Host name").fill("web-375")
    dialog.get_by_label("Root password").fill("small-screen-pw")
    dialog.get_by_role("button", name="Next").click()
    dialog.get_by_role("button", name="Submit request").click()
    request_id = int(
        re.search(r"#(\d+)", dialog.get_by_role("heading", name=re.compile("submitted")).inner_text()).group(
            1
        )
    )
    dialog.get_by_role("button", name="Go to My requests").click()
    row = page.locator(f'li.row[data-request="{request_id}"]')
    expect(row.locator(".status")).to_have_attribute("data-status", "pending_approval")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"My requests scrolls sideways at 375 px ({width})"
    shot(page, "my-requests-375")
    assert_accessible(page, "My requests at 375 px")
    if row.get_by_role("button", name=re.compile(f"#{request_id}")).get_attribute("aria-expanded") != "true":
        row.get_by_role("button", name=re.compile(f"#{request_id}")).click()
    row.get_by_role("button", name="Cancel request").click()
    confirm = page.get_by_role("dialog", name=f"Cancel request #{request_id}?")
    expect(confirm.get_by_role("button", name="Keep it")).to_be_focused()
    shot(page, "cancel-confirm-375")
    assert_accessible(page, "the cancel confirmation")
    page.keyboard.press("Escape")
    expect(confirm).to_have_count(0)
    row.get_by_role("button", name="Cancel request").click()
    confirm.get_by_role("button", name="Cancel request").click()
    expect(row.locator(".status")).to_have_attribute("data-status", "canceled")
    expect(row.get_by_role("button", name="Cancel request")).to_have_count(0)
