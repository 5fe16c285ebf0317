"""The portal, clicked through in Chromium against the live devhost with real
workers (ansible-runner). Seed data: forge_catalog/devhost/management/commands/devhost_seed.py."""

import json
import re
from pathlib import Path

from conftest import UNDER_LOAD
from playwright.sync_api import expect

from tests.e2e.axe import assert_accessible

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


def shot(page, name):
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def open_item(page, name):
    page.locator(f'li.card[data-item="{name}"]').get_by_role("button", name=f"Request {name}").click()
    dialog = page.get_by_role("dialog", name=f"Request: {name}")
    expect(dialog).to_be_visible()
    expect(dialog.locator(".step-title")).to_contain_text("Justification")
    return dialog


def step(dialog, title):
    expect(dialog.locator(".step-title")).to_contain_text(title)


def request_row(page, request_id):
    return page.locator(f'li.row[data-request="{request_id}"]')


def submitted_id(dialog):
    done = dialog.get_by_role("heading", name=re.compile(r"Request #\d+ submitted"))
    expect(done).to_be_visible()
    return int(re.search(r"#(\d+)", done.inner_text()).group(1))


def test_catalog_shows_enabled_items_with_filters(as_user):
    page = as_user("requester")
    cards = page.locator("li.card")
    expect(cards.first).to_be_visible()
    names = cards.evaluate_all("els => els.map(e => e.dataset.item)")
    assert "Virtual machine" in names and "Release pipeline" in names
    assert "Legacy mainframe batch" not in names  # disabled
    assert "Store health check" not in names  # another organization's
    page.wait_for_load_state("networkidle")  # the lazy icon chunk
    shot(page, "catalog-grid")
    page.get_by_label("Category").select_option("Diagnostics")
    expect(cards).to_have_count(3)
    page.get_by_label("Category").select_option("")
    page.get_by_role("searchbox", name="Search the catalog").fill("backup")
    expect(cards).to_have_count(1)
    expect(cards.first).to_have_attribute("data-item", "Database backup")
    page.get_by_role("button", name="List").click()
    expect(page.locator("ul.cards.list")).to_be_visible()
    expect(page.get_by_role("button", name="List")).to_have_attribute("aria-pressed", "true")
    page.get_by_role("button", name="Log out").click()  # the session is the host's
    page.wait_for_url("**/login/**")
    page.goto("/portal/")
    expect(page).to_have_url(re.compile(r"/login/\?next=/portal/"))


def test_approval_flow_runs_the_playbook(as_user, live):
    page = as_user("requester")
    dialog = open_item(page, "Virtual machine")
    dialog.get_by_label("Why do you need this?").fill("Load test environment for the shop")
    dialog.get_by_role("button", name="Next").click()
    step(dialog, "Virtual machine")
    # defaults pre-filled with the right controls
    expect(dialog.get_by_label("vCPUs")).to_have_value("2")
    expect(dialog.get_by_role("radio", name="medium")).to_be_checked()
    expect(dialog.get_by_role("checkbox", name="backup")).to_be_checked()
    # the server's checks, asked by the dialog's dry-run: required, integer
    dialog.get_by_label("vCPUs").fill("2.5")
    dialog.get_by_role("button", name="Next").click()
    expect(dialog.get_by_text("Host name is required")).to_be_visible()
    expect(dialog.get_by_text("vCPUs must be an integer")).to_be_visible()
    expect(dialog.get_by_label("Host name")).to_be_focused()  # the first invalid field
    dialog.get_by_label("vCPUs").fill("4")
    expect(dialog.get_by_label("vCPUs")).to_be_focused()  # fixing a field keeps the focus there
    expect(dialog.get_by_text("vCPUs must be an integer")).to_have_count(0)
    dialog.get_by_label("Host name").fill("web-e2e")
    dialog.get_by_role("radio", name="large").check()
    dialog.get_by_role("checkbox", name="monitoring").check()
    dialog.get_by_label("Root password").fill("hunter2-very-secret")
    shot(page, "request-dialog-survey")
    assert_accessible(page, "the dialog's survey step")
    dialog.get_by_role("button", name="Next").click()
    step(dialog, "Confirm")
    expect(dialog.locator('dd[data-variable="root_password"]')).to_have_text("••••••••")
    expect(dialog).not_to_contain_text("hunter2-very-secret")
    shot(page, "request-dialog-confirm")
    assert_accessible(page, "the dialog's confirm step")
    dialog.get_by_role("button", name="Submit request").click()
    request_id = submitted_id(dialog)
    expect(dialog).to_contain_text("pending approval")
    dialog.get_by_role("button", name="Go to My requests").click()
    row = request_row(page, request_id)
    expect(row.locator(".status")).to_have_attribute("data-status", "pending_approval")

    approver = as_user("approver1")
    expect(approver.get_by_test_id("inbox-count")).to_be_visible()
    approver.get_by_role("link", name=re.compile("Approvals")).click()
    arow = request_row(approver, request_id)
    expect(arow).to_contain_text("Load test environment for the shop")
    expect(arow).not_to_contain_text("hunter2-very-secret")
    arow.get_by_role("button", name="Approve").click()
    decide = approver.get_by_role("dialog")
    decide.get_by_label("Comment (optional)").fill("ok for one week")
    assert_accessible(approver, "the approve dialog")
    decide.get_by_role("button", name="Approve").click()
    expect(approver.locator(".notice")).to_contain_text(f"Request #{request_id} approved")

    # The requester's page follows the job by polling until it ends.
    expect(row.locator(".status")).to_have_attribute("data-status", "successful", timeout=UNDER_LOAD)
    shot(page, "my-requests-successful")
    if row.get_by_role("button", name=re.compile(f"#{request_id}")).get_attribute("aria-expanded") != "true":
        row.get_by_role("button", name=re.compile(f"#{request_id}")).click()
    timeline = row.get_by_role("list", name="Timeline")
    expect(timeline).to_contain_text("approve")
    expect(timeline).to_contain_text("ok for one week")
    # The output is served by the request itself, in place: the requester
    # has no access to the job in the controller, so no link to it either.
    output = row.get_by_role("region", name="Job output")
    expect(output.locator("pre.output")).to_contain_text(
        "Provisioning web-e2e: size=large cpus=4", timeout=UNDER_LOAD
    )
    expect(output.locator("pre.output")).not_to_contain_text("hunter2-very-secret")
    expect(output.get_by_role("link", name="Open in the controller")).to_have_count(0)


def test_rejection_reason_reaches_the_requester(as_user):
    page = as_user("requester")
    dialog = open_item(page, "Rotate a credential")
    dialog.get_by_label("Why do you need this?").fill("The smtp password leaked")
    dialog.get_by_role("button", name="Next").click()
    dialog.get_by_role("radio", name="smtp-relay").check()
    dialog.get_by_label("New secret").fill("short")
    dialog.get_by_role("button", name="Next").click()
    expect(dialog.get_by_text("New secret must be at least 12 characters")).to_be_visible()
    dialog.get_by_label("New secret").fill("a-much-longer-secret")
    dialog.get_by_role("button", name="Next").click()
    dialog.get_by_role("button", name="Submit request").click()
    request_id = submitted_id(dialog)
    dialog.get_by_role("button", name="Close", exact=True).click()

    admin = as_user("orgadmin")  # no approver team on this item: the org admins decide
    admin.get_by_role("link", name=re.compile("Approvals")).click()
    request_row(admin, request_id).get_by_role("button", name="Reject").click()
    decide = admin.get_by_role("dialog")
    decide.get_by_role("button", name="Reject").click()
    expect(decide.get_by_text("Give the requester a reason.")).to_be_visible()
    decide.get_by_label("Reason").fill("Use the vault rotation job instead")
    decide.get_by_role("button", name="Reject").click()
    expect(admin.locator(".notice")).to_contain_text(f"Request #{request_id} rejected")

    page.get_by_role("link", name="My requests").click()
    row = request_row(page, request_id)
    expect(row.locator(".status")).to_have_attribute("data-status", "rejected")
    expect(row).to_contain_text("Use the vault rotation job instead")


def test_workflow_server_error_then_node_answers(as_user, live):
    from forge_catalog.devhost.models import JobTemplate, WorkflowJob

    page = as_user("requester")
    dialog = open_item(page, "Release pipeline")
    dialog.get_by_role("button", name="Next").click()
    step(dialog, "Build")
    dialog.get_by_label("Version to build").fill("7.1.0")
    dialog.get_by_role("button", name="Next").click()
    step(dialog, "Deploy")
    dialog.get_by_label("Version to deploy").fill("7.1.0-rc1")
    dialog.get_by_role("radio", name="production").check()
    dialog.get_by_role("button", name="Next").click()
    step(dialog, "Notification")
    dialog.get_by_role("button", name="Next").click()
    step(dialog, "Confirm")

    # The deploy template's survey tightens while the dialog is open: the
    # dry-run passed at that step, submit does not, and its error must land
    # on the deploy step, at the version field.
    deploy = JobTemplate.objects.get(name="Deploy application")
    original = json.loads(json.dumps(deploy.survey_spec))
    spec = json.loads(json.dumps(original))
    next(q for q in spec["spec"] if q["variable"] == "version")["max"] = 5
    deploy.survey_spec = spec
    deploy.save()
    try:
        dialog.get_by_role("button", name="Submit request").click()
        step(dialog, "Deploy")
        field = dialog.get_by_label("Version to deploy")
        expect(field).to_have_attribute("aria-invalid", "true")
        expect(field).to_be_focused()
        # The server's message names the question by its label (issue 10 item 3).
        error = dialog.locator("#f-node_deploy-version-err")
        expect(error).to_contain_text("Version to deploy must be at most 5")
        shot(page, "request-dialog-server-error")
    finally:
        deploy.survey_spec = original
        deploy.save()
    dialog.get_by_role("button", name="Next").click()
    dialog.get_by_role("button", name="Next").click()
    dialog.get_by_role("button", name="Submit request").click()
    request_id = submitted_id(dialog)
    dialog.get_by_role("button", name="Go to My requests").click()
    row = request_row(page, request_id)
    expect(row.locator(".status")).to_have_attribute("data-status", "successful", timeout=UNDER_LOAD)

    from forge_catalog.models import ServiceRequest

    wj = WorkflowJob.objects.get(pk=ServiceRequest.objects.get(pk=request_id).job_id)
    assert wj.status == "successful"
    jobs = {n.identifier: n.job for n in wj.workflow_job_nodes.select_related("job")}
    build, deploy_job, notify = (
        jobs["build"].decrypted_extra_vars(),
        jobs["deploy"].decrypted_extra_vars(),
        jobs["notify"].decrypted_extra_vars(),
    )
    assert build["version"] == "7.1.0" and "environment_name" not in build
    assert deploy_job["version"] == "7.1.0-rc1" and deploy_job["environment_name"] == "production"
    assert "run_tests" not in deploy_job and "version" not in notify
    assert "deploy: app=shop version=7.1.0-rc1 environment=production" in jobs["deploy"].result_stdout
    assert "build: app=shop version=7.1.0" in jobs["build"].result_stdout


def test_requester_cannot_approve_own_request(as_user, live):
    page = as_user("approver1")  # an approver of the item, but also its requester here
    dialog = open_item(page, "Deploy to production")
    dialog.get_by_label("Why do you need this?").fill("hotfix 7.1.1")
    dialog.get_by_role("button", name="Next").click()
    dialog.get_by_label("Version to deploy").fill("7.1.1")
    dialog.get_by_role("button", name="Next").click()
    expect(dialog).to_contain_text("This request needs 2 approvals before it runs.")
    dialog.get_by_role("button", name="Submit request").click()
    request_id = submitted_id(dialog)
    dialog.get_by_role("button", name="Close", exact=True).click()

    # A fresh load (so the inbox was fetched after the submit), whatever else
    # waits in approver1's inbox from other tests: this request is not in it.
    page.goto("/portal/#/approvals")
    page.reload()  # a hash change alone keeps the page (and its earlier inbox)
    expect(page.get_by_role("heading", name="Approvals")).to_be_visible()
    expect(page.locator('section[data-view="approvals"]')).to_have_attribute("data-state", "loaded")
    expect(request_row(page, request_id)).to_have_count(0)
    inbox = page.request.get("/api/v2/service_requests/pending_approvals/?page_size=200")
    assert inbox.ok, inbox.text()
    assert request_id not in [r["id"] for r in inbox.json()["results"]]
    # Nor through the API with the page's own session.
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    resp = page.request.post(
        f"/api/v2/service_requests/{request_id}/approve/",
        data={"comment": ""},
        headers={"X-CSRFToken": token, "Referer": live.base_url + "/portal/"},
    )
    assert resp.status == 403, resp.text()

    other = as_user("approver2")
    other.get_by_role("link", name=re.compile("Approvals")).click()
    request_row(other, request_id).get_by_role("button", name="Approve").click()
    other.get_by_role("dialog").get_by_role("button", name="Approve").click()
    expect(other.locator(".notice")).to_contain_text("pending approval")  # 1 of 2 approvals


def test_extra_variables_reach_the_job(as_user, live):
    from forge_catalog.devhost.models import JobTemplate
    from forge_catalog.models import ServiceRequest

    page = as_user("requester")
    dialog = open_item(page, "Custom report")
    dialog.get_by_role("button", name="Next").click()
    step(dialog, "Report")
    expect(dialog.get_by_label("Report name")).to_have_value("weekly")
    extra = dialog.get_by_label("Extra variables")
    error = dialog.locator("#f-survey-extra_vars-err")
    # A survey question's name is answered in its own field, not here.
    extra.fill("report_name: other\naudience: finance\n")
    dialog.get_by_role("button", name="Next").click()
    expect(extra).to_have_attribute("aria-invalid", "true")
    expect(extra).to_be_focused()
    expect(error).to_contain_text('"report_name" is a question')
    # YAML the page cannot read is an error on the field, with its place.
    extra.fill("audience: [finance\n")
    expect(error).to_have_count(0)  # typing clears the old message
    dialog.get_by_role("button", name="Next").click()
    expect(error).to_have_text(re.compile(r"line \d+, column \d+\.$"))  # a sentence, no dangling colon
    extra.fill("audience: finance\nreport_format: csv\nshare: yes\n")
    dialog.get_by_role("button", name="Next").click()
    step(dialog, "Confirm")
    shown = dialog.get_by_test_id("confirm-extra-vars")
    expect(shown).to_contain_text('"audience": "finance"')
    expect(shown).to_contain_text('"share": true')

    # The template stops asking for variables while the dialog is open: the
    # server's error about the extra names lands on the free-form field.
    template = JobTemplate.objects.get(name="Generate report")
    template.ask_variables_on_launch = False
    template.save()
    try:
        dialog.get_by_role("button", name="Submit request").click()
        step(dialog, "Report")
        expect(extra).to_have_attribute("aria-invalid", "true")
        expect(error).to_contain_text("audience")
        shot(page, "request-dialog-extra-vars-error")
    finally:
        template.ask_variables_on_launch = True
        template.save()
    dialog.get_by_role("button", name="Next").click()
    dialog.get_by_role("button", name="Submit request").click()
    request_id = submitted_id(dialog)
    dialog.get_by_role("button", name="Go to My requests").click()
    row = request_row(page, request_id)
    expect(row.locator(".status")).to_have_attribute("data-status", "successful", timeout=UNDER_LOAD)

    request = ServiceRequest.objects.select_related("job").get(pk=request_id)
    sent = request.job.decrypted_extra_vars()
    assert sent["report_name"] == "weekly" and sent["audience"] == "finance" and sent["share"] is True
    assert "report: name=weekly audience=finance format=csv" in request.job.result_stdout


def test_dialog_keyboard_and_small_screen(as_user):
    page = as_user("requester", width=375, height=740)
    expect(page.locator("li.card").first).to_be_visible()
    page.wait_for_load_state("networkidle")  # the lazy icon chunk
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the catalog scrolls sideways at 375 px ({width})"
    shot(page, "catalog-375")
    button = page.get_by_role("button", name="Request Ping localhost")
    button.focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Request: Ping localhost")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_label("Why do you need this?")).to_be_focused()
    for _ in range(8):  # focus stays inside the dialog
        page.keyboard.press("Tab")
        assert page.evaluate("!!document.activeElement.closest('[role=dialog]')")
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("!!document.activeElement.closest('[role=dialog]')")
    shot(page, "request-dialog-375")
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    expect(button).to_be_focused()


def test_cancel_a_running_request(as_user):
    page = as_user("requester")
    dialog = open_item(page, "Long maintenance task")
    dialog.get_by_role("button", name="Next").click()
    dialog.get_by_label("Duration (seconds)").fill("120")
    dialog.get_by_role("button", name="Next").click()
    dialog.get_by_role("button", name="Submit request").click()
    request_id = submitted_id(dialog)
    dialog.get_by_role("button", name="Go to My requests").click()
    row = request_row(page, request_id)
    job_status = row.locator("[data-job-status]")
    expect(job_status).to_have_attribute("data-job-status", "running", timeout=UNDER_LOAD)
    row.get_by_role("button", name="Cancel request").click()
    confirm = page.get_by_role("dialog", name=f"Cancel request #{request_id}?")
    expect(confirm.get_by_role("button", name="Keep it")).to_be_focused()
    shot(page, "cancel-confirm")
    confirm.get_by_role(
        "button", name="Cancel request"
    ).click()  # the app's own confirmation, not the browser's
    expect(row.get_by_role("button", name="Cancel request")).to_have_count(0)  # no second cancel
    expect(row.locator(".status")).to_have_attribute("data-status", "canceled", timeout=30_000)
    expect(row.get_by_role("list", name="Timeline")).to_contain_text("canceled")
