"""Issue 10 item 1 with issue 12's policy, in Chromium: an org admin sets an
item's serial approval steps (two teams), expiry and reminders in the
editor; the server's dry run puts a team of another organization on its
step's field before saving, and the editor's plan follows the steps as
they are edited and reordered by keyboard; a requester's request then
carries both steps. Screenshots at 1280 and 375 px (docs/portal.md)."""

import re

from playwright.sync_api import expect
from test_portal import step, submitted_id
from test_portal_admin import no_sideways_scroll, shot

from tests.e2e.axe import assert_accessible

NAME = "E2E two-step ping"


def _focused_label(page):
    return page.evaluate("document.activeElement.getAttribute('aria-label')")


def test_org_admin_sets_two_steps_and_an_expiry_and_the_request_plan_has_both(as_user):
    from django.contrib.auth import get_user_model

    from forge_catalog.devhost import models as dh
    from forge_catalog.models import ServiceCatalogItem

    acme = dh.Organization.objects.get(name="Acme Engineering")
    globex = dh.Organization.objects.get(name="Globex Retail")
    dh.Team.objects.get_or_create(organization=acme, name="Editor security")
    orgadmin = get_user_model().objects.get(username="orgadmin")
    globex.admins.add(orgadmin)  # admin of two organizations: the editor offers both
    try:
        admin = as_user("orgadmin")
        admin.goto("/portal/#/admin/new")
        form = admin.get_by_role("form", name="Catalog item")
        form.get_by_label("Organization").select_option(label="Acme Engineering")
        form.get_by_label("Name", exact=True).fill(NAME)
        form.get_by_role("searchbox", name="Template").fill("ping")
        form.get_by_role("button", name=re.compile("^Ping")).click()
        expect(form.get_by_test_id("template-value")).to_contain_text("Ping")

        form.get_by_label("Requests need approval").check()
        form.get_by_label("Step 1 title").fill("Platform")
        form.get_by_label("Step 1 approvers").select_option(label="Platform approvers")
        form.get_by_role("button", name="Add a step").click()
        expect(form.get_by_label("Step 2 title")).to_be_focused()
        admin.keyboard.type("Security")
        form.get_by_label("Step 2 approvers").select_option(label="Editor security")
        plan = admin.get_by_test_id("editor-plan")
        expect(plan.locator("li")).to_have_count(2)
        expect(plan.locator("li").nth(0)).to_contain_text("Platform: one approval from Platform approvers")
        expect(plan.locator("li").nth(1)).to_contain_text("Security: one approval from Editor security")

        # Expiry: the organization's default is the placeholder; approve is
        # offered only once the item permits it (the server's outcomes).
        expires = form.get_by_label("A waiting step expires after", exact=True)
        expect(expires).to_have_attribute("placeholder", "Default: never")
        expires.fill("9000")  # hours: past the core's 366 days, refused on its field
        expect(expires).to_have_attribute("aria-invalid", "true")
        expires.fill("2")
        expect(expires).not_to_have_attribute("aria-invalid", "true")
        outcome = form.get_by_label("When a step expires")
        expect(outcome.locator("option", has_text="Escalate")).to_have_count(1)
        expect(outcome.locator('option[value="approve"]')).to_have_count(0)
        form.get_by_label("Allow a step to be approved when it expires").check()
        expect(outcome.locator('option[value="approve"]')).to_have_count(1)
        form.get_by_label("Allow a step to be approved when it expires").uncheck()
        expect(outcome.locator('option[value="approve"]')).to_have_count(0)
        outcome.select_option("escalate")
        form.get_by_label("Remind the approvers every", exact=True).fill("30")
        form.get_by_label("Remind the approvers every: unit").select_option(label="minutes")
        expect(form.get_by_label("Remind the approvers every", exact=True)).to_have_value("30")

        # Keyboard only: Tab to step 2's "Move up", Enter; focus stays with the step.
        form.get_by_label("Step 2 approvals required").focus()
        admin.keyboard.press("Tab")
        assert _focused_label(admin) == "Move step 2 up"
        admin.keyboard.press("Enter")
        expect(form.get_by_label("Step 1 title")).to_have_value("Security")
        expect(plan.locator("li").nth(0)).to_contain_text("Security: one approval from Editor security")
        assert _focused_label(admin) == "Move step 1 down"
        admin.keyboard.press("Enter")
        expect(form.get_by_label("Step 1 title")).to_have_value("Platform")
        expect(plan.locator("li").nth(0)).to_contain_text("Platform")
        assert _focused_label(admin) == "Move step 2 up"

        # Moved to another organization, the steps' teams are refused on their fields.
        form.get_by_label("Organization").select_option(label="Globex Retail")
        team1 = form.get_by_label("Step 1 approvers")
        expect(team1).to_have_attribute("aria-invalid", "true")
        expect(form.locator('li[data-step-row="0"] .field-error')).to_contain_text("organization")
        expect(form.get_by_label("Step 2 approvers")).to_have_attribute("aria-invalid", "true")
        form.get_by_label("Organization").select_option(label="Acme Engineering")
        expect(team1).not_to_have_attribute("aria-invalid", "true")
        expect(admin.get_by_test_id("problems")).to_contain_text("None: the item can be saved")
        shot(admin, "admin-editor-steps")
        assert_accessible(admin, "the item editor with two approval steps")
        form.get_by_role("button", name="Create item").click()
        expect(admin.get_by_role("heading", name=f"Edit: {NAME}")).to_be_visible()

        item = ServiceCatalogItem.objects.get(name=NAME)
        steps = [(s.title, s.approver_team.name, s.quorum) for s in item.approval_steps.order_by("position")]
        assert steps == [("Platform", "Platform approvers", 1), ("Security", "Editor security", 1)]
        assert (item.expire_after, item.expiry_outcome, item.remind_every) == (7200, "escalate", 1800)
        # The saved item opens with its steps.
        admin.reload()
        expect(form.get_by_label("Step 2 title")).to_have_value("Security")
        expect(form.get_by_label("A waiting step expires after", exact=True)).to_have_value("2")

        small = as_user("orgadmin", width=375, height=740)
        small.goto(f"/portal/#/admin/items/{item.pk}")
        expect(small.get_by_label("Step 2 approvers")).to_be_visible()
        expect(small.get_by_test_id("editor-plan").locator("li")).to_have_count(2)  # the dry run answered
        no_sideways_scroll(small)
        shot(small, "admin-editor-steps-375")
        assert_accessible(small, "the item editor with two steps at 375 px")

        page = as_user("requester")
        page.goto(f"/portal/items/{item.pk}/")
        item_plan = page.locator("section[aria-labelledby=item-plan] li")
        expect(item_plan).to_have_count(2)
        expect(item_plan.nth(1)).to_contain_text("Security: one approval from Editor security")
        page.get_by_role("button", name="Request", exact=True).click()
        dialog = page.get_by_role("dialog", name=f"Request: {NAME}")
        step(dialog, "Justification")
        dialog.get_by_label("Why do you need this?").fill("two teams look at it")
        dialog.get_by_role("button", name="Next").click()
        step(dialog, "Ping")  # the template's survey
        dialog.get_by_role("button", name="Next").click()
        step(dialog, "Confirm")
        expect(dialog).to_contain_text("needs approval in 2 steps before it runs: Platform, then Security")
        dialog.get_by_role("button", name="Submit request").click()
        request_id = submitted_id(dialog)
        page.goto(f"/portal/requests/{request_id}/")
        view = page.locator(f'section.request-page[data-request="{request_id}"]')
        steps_shown = view.locator("section.plan li.plan-step")
        expect(steps_shown).to_have_count(2)
        expect(steps_shown.nth(0)).to_contain_text("Step 1: Platform")
        expect(steps_shown.nth(0)).to_contain_text("Platform approvers")
        expect(steps_shown.nth(0)).to_contain_text("expires")
        expect(steps_shown.nth(1)).to_contain_text("Step 2: Security")
        expect(steps_shown.nth(1)).to_contain_text("Editor security")
    finally:
        globex.admins.remove(orgadmin)
