"""Issue 12 in the portal, in Chromium against the live devhost: a request's
own page (the notifications' deep link, also on reload), an expired request
with no buttons anywhere, at 375 px and by keyboard. Requests are made
through the real lifecycle in this process (same database as the server)."""

from datetime import timedelta

import pytest
from conftest import UNDER_LOAD
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


@pytest.fixture
def two_steps(world):
    """An item of two serial steps: Platform approvers (approver1), then an
    E2E security team whose only member is approver2."""
    from forge_catalog import approval
    from forge_catalog.devhost.models import Team

    users, item = world
    platform = Team.objects.get(name="Platform approvers")
    security, _ = Team.objects.get_or_create(organization=platform.organization, name="E2E security")
    security.members.add(get_user("approver2"))
    made = item()
    approval.replace_item_steps(
        made,
        [
            {"title": "Platform review", "approver_team": platform, "quorum": 1},
            {"title": "Security review", "approver_team": security, "quorum": 1},
        ],
    )
    return users, made


def get_user(name):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=name)


def _decide_on_page(page, sr, button, field, text, notice):
    view = page.locator(f'section.request-page[data-request="{sr.pk}"]')
    view.get_by_role("button", name=button, exact=True).click()
    decide = page.get_by_role("dialog")
    decide.get_by_label(field).fill(text)
    decide.locator('button[type="submit"]').click()
    expect(page.locator(".notice")).to_contain_text(notice)
    return view


def test_two_steps_approved_by_two_teams_and_run(as_user, two_steps):
    users, item = two_steps
    sr = _submit(users, item, justification="two teams please")
    first = as_user("approver1")
    first.goto(f"/portal/requests/{sr.pk}/")
    approved = f"Request #{sr.pk} approved"
    view = _decide_on_page(first, sr, "Approve", "Comment (optional)", "platform ok", approved)
    step1 = view.locator('li.plan-step[data-step="0"]')
    expect(step1).to_have_attribute("data-state", "approved")
    expect(view.locator('li.plan-step[data-step="1"]')).to_have_attribute("data-state", "pending")
    # Separation of duties: who approved step 1 has no buttons at step 2.
    first.reload()
    expect(view.locator('li.plan-step[data-step="1"]')).to_have_attribute("data-state", "pending")
    expect(view.get_by_role("button", name="Approve")).to_have_count(0)
    second = as_user("approver2")
    second.goto(f"/portal/requests/{sr.pk}/")
    view2 = _decide_on_page(second, sr, "Approve", "Comment (optional)", "security ok", approved)
    expect(view2.locator('li.plan-step[data-step="1"]')).to_have_attribute("data-state", "approved")
    expect(view2).to_have_attribute("data-status", "successful", timeout=UNDER_LOAD)
    expect(view2.locator('li.plan-step[data-step="0"]')).to_contain_text("approver1 approved")
    expect(view2.locator('li.plan-step[data-step="1"]')).to_contain_text("approver2 approved")


def test_needs_info_round_trip(as_user, world):
    users, item = world
    sr = _submit(users, item(), justification="need a ping")
    approver = as_user("approver1")
    approver.goto(f"/portal/requests/{sr.pk}/")
    view = _decide_on_page(
        approver, sr, "Ask for information", "Question", "Which host, and why today?",
        "sent back with a question",
    )
    expect(view).to_have_attribute("data-status", "needs_info")
    expect(view.get_by_role("button", name="Approve")).to_have_count(0)

    requester = as_user("requester")
    requester.goto(f"/portal/requests/{sr.pk}/")
    mine = requester.locator(f'section.request-page[data-request="{sr.pk}"]')
    expect(mine).to_have_attribute("data-status", "needs_info")
    expect(mine.locator(".thread")).to_contain_text("Which host, and why today?")
    mine.get_by_role("button", name="Answer the question").click()
    dialog = requester.get_by_role("dialog")
    expect(dialog.locator(".question")).to_contain_text("Which host, and why today?")
    expect(dialog.get_by_label("Why do you need this?")).to_have_value("need a ping")
    # The answer is required: Next without it names the field.
    dialog.get_by_role("button", name="Next").click()
    expect(dialog.locator("#reply-err")).to_contain_text("Answer the question.")
    dialog.get_by_label("Your answer").fill("web-01, the release is tonight")
    # Next through the steps (each waits for the dry-run) to the confirmation.
    send = dialog.get_by_role("button", name="Send answer")
    for _ in range(4):
        dialog.get_by_role("button", name="Next").click()
        try:
            send.wait_for(timeout=5000)
            break
        except Exception:
            continue
    send.click()
    expect(dialog.get_by_role("status")).to_contain_text(f"Request #{sr.pk} answered")
    dialog.get_by_role("button", name="Back to the request").click()
    expect(mine).to_have_attribute("data-status", "pending_approval")
    expect(mine.locator('.thread li[data-kind="reply"]')).to_contain_text("web-01, the release is tonight")

    approver.reload()
    expect(view).to_have_attribute("data-status", "pending_approval")
    expect(view.locator('.thread li[data-kind="question"]')).to_contain_text("Which host")
    expect(view.locator('.thread li[data-kind="reply"]')).to_contain_text("web-01")
    _decide_on_page(approver, sr, "Approve", "Comment (optional)", "thanks", f"Request #{sr.pk} approved")
    expect(view).not_to_have_attribute("data-status", "pending_approval")


def test_requester_sees_the_plan(as_user, two_steps):
    from forge_catalog import lifecycle

    users, item = two_steps
    item.expire_after = 3600
    item.save(update_fields=["expire_after"])
    sr = _submit(users, item, justification="show me the plan")
    lifecycle.approve(sr, get_user("approver1"), comment="looks fine")
    page = as_user("requester")
    page.goto(f"/portal/requests/{sr.pk}/")
    view = page.locator(f'section.request-page[data-request="{sr.pk}"]')
    plan = view.locator("section.plan")
    expect(plan.locator("li.plan-step")).to_have_count(2)
    first = plan.locator('li.plan-step[data-step="0"]')
    second = plan.locator('li.plan-step[data-step="1"]')
    expect(first).to_have_attribute("data-state", "approved")
    expect(first).to_contain_text("Step 1: Platform review")
    expect(first).to_contain_text("Platform approvers · 1 of 1 approval")
    expect(first).to_contain_text("approver1 approved")
    expect(first).to_contain_text("looks fine")
    expect(second).to_have_attribute("data-state", "pending")
    expect(second).to_have_attribute("aria-current", "step")
    expect(second).to_contain_text("Step 2: Security review")
    expect(second).to_contain_text("E2E security · 0 of 1 approval")
    expect(second).to_contain_text("expires")
    # The requester decides nothing.
    expect(view.get_by_role("button", name="Approve")).to_have_count(0)
    expect(view.get_by_role("button", name="Ask for information")).to_have_count(0)
