"""Request forms in Chromium (issue 9): the dialog asks the server's dry-run
as the person types, so questions appear and errors show as the server
decides; a date picked and a host picked from the inventory reach the job.
Seed: forge_catalog/devhost/seed_forms.py ("Schedule maintenance")."""

import datetime
import json

from conftest import UNDER_LOAD
from playwright.sync_api import expect
from test_portal import open_item, shot, submitted_id

ITEM = "Schedule maintenance"


def to_survey(page):
    dialog = open_item(page, ITEM)
    dialog.get_by_label("Why do you need this?").fill("Kernel update")
    dialog.get_by_role("button", name="Next").click()
    expect(dialog.locator(".step-title")).to_contain_text("Maintenance window", timeout=UNDER_LOAD)
    return dialog


def job_vars(request_id):
    from forge_catalog.devhost.models import Job
    from forge_catalog.models import ServiceRequest

    sr = ServiceRequest.objects.get(pk=request_id)
    assert sr.job_id is not None, sr.failure_reason
    return json.loads(Job.objects.get(pk=sr.job_id).extra_vars)


def test_a_question_appears_and_a_pattern_error_shows_on_its_field(as_user):
    page = as_user("requester")
    dialog = to_survey(page)
    date = dialog.get_by_label("Maintenance date")
    expect(date).to_have_count(0)  # hidden while "When" is "now"
    dialog.get_by_role("radio", name="scheduled").check()
    expect(date).to_be_visible(timeout=UNDER_LOAD)  # the dry-run says its condition holds
    expect(date).to_have_attribute("type", "date")
    dialog.get_by_role("radio", name="now").check()
    expect(date).to_have_count(0, timeout=UNDER_LOAD)

    ticket = dialog.get_by_label("Change ticket")
    expect(ticket).to_have_attribute("placeholder", "CHG000000")
    ticket.fill("12345")
    error = dialog.locator('[data-error-for="change_ticket"]')
    # As the person types, on that field.
    expect(error).to_contain_text("CHG and six digits", timeout=UNDER_LOAD)
    expect(ticket).to_have_attribute("aria-invalid", "true")
    expect(dialog.locator('[data-error-for="target_host"]')).to_have_count(0)  # untouched: not yet
    shot(page, "form-pattern-error")
    ticket.fill("CHG004211")
    expect(error).to_have_count(0, timeout=UNDER_LOAD)


def test_a_picked_date_and_inventory_host_reach_the_job(as_user, live):
    page = as_user("requester")
    dialog = to_survey(page)
    dialog.get_by_role("radio", name="redis").check()
    picker = dialog.get_by_role("combobox", name="Host")
    picker.fill("web0")
    options = dialog.get_by_role("option")
    expect(options.first).to_have_text("web01", timeout=UNDER_LOAD)
    expect(dialog.get_by_role("option", name="db01")).to_have_count(0)  # narrowed by the server
    dialog.get_by_role("option", name="web03").click()
    expect(dialog.locator('[data-picked="web03"]')).to_be_visible()

    dialog.get_by_role("radio", name="scheduled").check()
    expect(dialog.get_by_label("Maintenance date")).to_be_visible(timeout=UNDER_LOAD)
    day = (datetime.date.today() + datetime.timedelta(days=5)).isoformat()
    dialog.get_by_label("Maintenance date").fill(day)
    dialog.get_by_label("Change ticket").fill("CHG004211")
    dialog.get_by_label("Contact e-mail").fill("dana@example.com")
    dialog.get_by_role("button", name="Next").click()
    expect(dialog.locator(".step-title")).to_contain_text("Confirm", timeout=UNDER_LOAD)
    expect(dialog.locator('dd[data-variable="target_host"]')).to_have_text("web03")
    expect(dialog.locator('dd[data-variable="window_date"]')).to_have_text(day)
    dialog.get_by_role("button", name="Submit request").click()
    request_id = submitted_id(dialog)
    values = job_vars(request_id)
    assert values["target_host"] == "web03"
    assert values["window_date"] == day
    assert values["change_ticket"] == "CHG004211"


def test_the_form_is_usable_at_375_px(as_user):
    page = as_user("requester", width=375, height=740)
    dialog = to_survey(page)
    dialog.get_by_role("radio", name="scheduled").check()
    expect(dialog.get_by_label("Maintenance date")).to_be_visible(timeout=UNDER_LOAD)
    dialog.get_by_role("combobox", name="Host").fill("db")
    expect(dialog.get_by_role("option", name="db01")).to_be_visible(timeout=UNDER_LOAD)
    # Nothing wider than the screen: no sideways scrolling inside the dialog.
    overflow = dialog.evaluate("el => el.scrollWidth - el.clientWidth")
    assert overflow <= 0, overflow
    for name in ("Maintenance date", "Change ticket"):
        box = dialog.get_by_label(name).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 375, (name, box)
    shot(page, "form-375px")
