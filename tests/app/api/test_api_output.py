"""GET /service_requests/{id}/output/ (issue 11 item 7): whoever may see a
request reads its job's output there, through the controller's model API
(job events), secrets masked, paged, for a workflow per node's job; the
controller's own output page is linked only for callers it would show it to.
"""

import pytest
from apihelpers import body, url

from forge_catalog import lifecycle
from forge_catalog.devhost import models as dh
from forge_catalog.devhost.worker import Worker

SECRET = "hunter2-very-secret"


def output(api, sr, user, expect=200, **query):
    return body(api.get(url("service_request-output", sr.pk), user=user, expect=expect, **query))


def add_events(job, lines):
    """Events as the controller's callback receiver stores them."""
    for counter, text in enumerate(lines, start=1):
        dh.JobEvent.objects.create(
            job=job, counter=counter, event="runner_on_ok", stdout=text,
            start_line=counter - 1, end_line=counter,
        )


@pytest.fixture
def launched(catalog_item_factory, job_template_factory, request_factory):
    jt = job_template_factory(
        survey_spec=[{"variable": "hostname"}, {"variable": "token", "type": "password", "required": False}]
    )
    item = catalog_item_factory(jt)
    sr = request_factory(item, extra_vars={"hostname": "web01", "token": SECRET})
    assert sr.status == "running"
    return sr


def test_requester_reads_the_output_in_pages(api, launched, alice):
    job = launched.job.get_real_instance()
    add_events(job, [f"line {i}" for i in range(1, 6)] + [""])
    first = output(api, launched, alice, page_size=2)
    assert [j["id"] for j in first["jobs"]] == [job.pk] and first["job"] == job.pk
    assert [e["stdout"] for e in first["events"]] == ["line 1", "line 2"]
    assert first["next"] == 2 and first["complete"] is False
    rest = output(api, launched, alice, after=first["next"], page_size=10)
    assert [e["stdout"] for e in rest["events"]] == ["line 3", "line 4", "line 5"]  # no empty events
    # Still running: nothing more yet, ask again from the same place.
    assert rest["next"] == 5 and rest["complete"] is False
    job.status = "successful"
    job.save()
    done = output(api, launched, alice, after=5)
    assert done["events"] == [] and done["next"] is None and done["complete"] is True


def test_secret_answers_are_masked_in_output(api, launched, alice):
    add_events(launched.job.get_real_instance(), [f"token is {SECRET}", f"again {SECRET}{SECRET}"])
    events = output(api, launched, alice)["events"]
    assert [e["stdout"] for e in events] == ["token is $encrypted$", "again $encrypted$$encrypted$"]


def test_controller_link_only_for_who_may_see_the_job_there(api, launched, alice, org_admin, admin):
    # The requester launched it through the catalog only: the controller
    # would show them nothing, so no link; its admins get the page.
    assert output(api, launched, alice)["jobs"][0]["controller_url"] is None
    for user in (org_admin, admin):
        link = output(api, launched, user)["jobs"][0]["controller_url"]
        assert link == f"/devhost/jobs/{launched.job_id}/stdout/"


def test_output_is_as_hidden_as_the_request(api, launched, rando, bob, catalog_item_factory, request_factory):
    for user in (rando, bob):
        missing = api.get(url("service_request-output", 999999), user=user, expect=404)
        hidden = api.get(url("service_request-output", launched.pk), user=user, expect=404)
        assert hidden.content == missing.content
    api.get(url("service_request-output", launched.pk), expect=401)


def test_a_job_that_is_not_the_requests_answers_404(api, launched, alice, job_template_factory):
    other = job_template_factory().create_unified_job()
    output(api, launched, alice, expect=404, job=other.pk)


@pytest.mark.parametrize(
    "query, field",
    [
        ({"page_size": 0}, "page_size"),
        ({"page_size": 1001}, "page_size"),
        ({"after": -1}, "after"),
        ({"job": "abc"}, "job"),
        ({"after": "1.5"}, "after"),
    ],
)
def test_bad_query_is_a_400_at_its_field(api, launched, alice, query, field):
    errors = output(api, launched, alice, expect=400, **query)
    assert field in str(errors)


def test_a_request_without_a_job_has_no_output(api, catalog_item_factory, request_factory, alice):
    sr = request_factory(catalog_item_factory(requires_approval=True))
    assert output(api, sr, alice) == {"jobs": [], "job": None, "events": [], "next": None, "complete": False}


@pytest.mark.django_db(transaction=True)
def test_a_workflow_serves_each_node_jobs_real_output(
    api, job_template_factory, workflow_factory, catalog_item_factory, alice, org_admin
):
    first = job_template_factory(playbook="ping.yml", survey_spec=[{"variable": "note", "required": False}])
    second = job_template_factory(playbook="hello.yml")
    wfjt = workflow_factory(nodes={"build": first, "deploy": second})
    item = catalog_item_factory(wfjt)
    sr = lifecycle.submit(item, alice, node_survey_data={"build": {"note": "from the node"}})
    assert sr.status == "running"
    worker = Worker(log=lambda msg: None)
    while worker.run_once():
        pass
    sr.refresh_from_db()
    assert sr.status == "successful", sr.failure_reason
    data = output(api, sr, alice)
    assert [j["node"] for j in data["jobs"]] == ["build", "deploy"]
    assert all(j["finished"] and j["status"] == "successful" for j in data["jobs"])
    # The first node's job by default: the worker saved its events.
    text = "\n".join(e["stdout"] for e in data["events"])
    assert "Hello from the devhost worker - from the node" in text
    assert data["complete"] is True
    deploy = output(api, sr, alice, job=data["jobs"][1]["id"])
    assert deploy["job"] == data["jobs"][1]["id"] and deploy["events"]
    counters = [e["counter"] for e in deploy["events"]]
    assert counters == sorted(counters)


def test_auditors_read_the_output_masked(api, launched, user_factory, organization, other_organization):
    # AWX: a system auditor reads every job, an org auditor its organization's;
    # an auditor of another organization sees nothing of this one.
    auditor, sysauditor, elsewhere = (user_factory(n) for n in ("auditor", "sysauditor", "elsewhere"))
    organization.auditors.add(auditor)
    other_organization.auditors.add(elsewhere)
    sysauditor.is_system_auditor = True
    add_events(launched.job.get_real_instance(), [f"token is {SECRET}"])
    for user in (auditor, sysauditor):
        data = output(api, launched, user)
        assert [e["stdout"] for e in data["events"]] == ["token is $encrypted$"]
        # The controller shows its auditors the job page too (can_see_job).
        assert data["jobs"][0]["controller_url"] == f"/devhost/jobs/{launched.job_id}/stdout/"
    output(api, launched, elsewhere, expect=404)
