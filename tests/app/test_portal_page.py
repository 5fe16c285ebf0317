"""The portal page and the devhost job output page: who gets what."""

import json
from pathlib import Path

import pytest
from django.test import Client

from forge_catalog import lifecycle
from forge_catalog.devhost import models as dh


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_portal_needs_a_login(client):
    resp = client.get("/portal/")
    assert resp.status_code == 302
    assert resp["Location"].startswith("/login/?next=/portal/")


@pytest.mark.django_db
def test_portal_page_carries_its_config_and_the_csrf_cookie(alice):
    resp = client_for(alice).get("/portal/")
    assert resp.status_code == 200
    assert "csrftoken" in resp.cookies
    html = resp.content.decode()
    assert "forge_catalog/dist/portal.js" in html
    start = html.index('<script id="fc-portal-config" type="application/json">') + len(
        '<script id="fc-portal-config" type="application/json">'
    )
    config = json.loads(html[start : html.index("</script>", start)])
    assert config["apiRoot"] == "/api/v2/"
    # Job output and links come from the API and the host adapter.
    assert "jobOutputUrl" not in config
    assert config["logoutUrl"] == "/logout/"
    assert config["user"] == {"id": alice.pk, "username": "alice", "is_superuser": False}
    assert config["portalRoot"] == "/portal/"


@pytest.mark.django_db
def test_an_item_page_is_the_portal_page_on_reload(alice, client):
    """/portal/items/<id>/ serves the page (which reads the path); whether
    the item exists or may be seen is the API's answer, never the page's."""
    resp = client_for(alice).get("/portal/items/12345/")
    assert resp.status_code == 200
    assert "fc-portal-config" in resp.content.decode()
    assert client.get("/portal/items/1/")["Location"].startswith("/login/?next=/portal/items/1/")


@pytest.fixture
def finished_request(catalog_item_factory, job_template_factory, alice, team):
    jt = job_template_factory(playbook="ping.yml")
    item = catalog_item_factory(jt, requires_approval=True, approver_team=team)
    sr = lifecycle.submit(item, alice, justification="x")
    # the launch and the run, as the lifecycle and the worker would leave them
    job = jt.create_unified_job()
    job.status, job.result_stdout = "successful", "PLAY RECAP ok=1"
    job.save()
    sr.job = job
    sr.save(update_fields=["job"])
    return sr


@pytest.mark.django_db
@pytest.mark.parametrize(
    "who, status",
    [
        ("alice", 200),
        ("approver", 200),
        ("org_admin", 200),
        ("admin", 200),
        ("rando", 404),
        ("other_org_admin", 404),
        ("bob", 404),
    ],
)
def test_job_output_follows_request_visibility(finished_request, request, who, status):
    user = request.getfixturevalue(who)
    resp = client_for(user).get(f"/devhost/jobs/{finished_request.job_id}/stdout/")
    assert resp.status_code == status
    if status == 200:
        assert b"PLAY RECAP ok=1" in resp.content
        text = client_for(user).get(f"/devhost/jobs/{finished_request.job_id}/stdout/?format=txt")
        assert text["Content-Type"].startswith("text/plain") and text.content == b"PLAY RECAP ok=1"


@pytest.mark.django_db
def test_job_output_of_a_workflow_node_follows_the_workflow_request(
    catalog_item_factory, job_template_factory, workflow_factory, alice, rando
):
    jt = job_template_factory(playbook="hello.yml")
    wf = workflow_factory(nodes={"only": jt})
    sr = lifecycle.submit(catalog_item_factory(wf), alice, justification="x")
    sr.refresh_from_db()
    wj = sr.job.get_real_instance()
    node = wj.workflow_job_nodes.get()
    node.job = jt.create_unified_job()
    node.save()
    url = f"/devhost/jobs/{node.job.pk}/stdout/"
    assert client_for(alice).get(url).status_code == 200
    assert client_for(rando).get(url).status_code == 404
    page = client_for(alice).get(f"/devhost/jobs/{wj.pk}/stdout/")
    assert page.status_code == 200 and b"only" in page.content  # the node table


@pytest.mark.django_db
def test_unknown_job_is_404(alice):
    assert client_for(alice).get("/devhost/jobs/999999/stdout/").status_code == 404
    assert dh.UnifiedJob.objects.count() == 0


def test_the_portal_knows_no_devhost_url():
    # Job output and the controller's page come from the API and the host
    # adapter (issue 11 item 6): no devhost URL or URL name in the page.
    root = Path(__file__).resolve().parents[2]
    sources = [
        *(root / "forge_catalog" / "portal").rglob("*.py"),
        *(root / "forge_catalog" / "portal" / "templates").rglob("*.html"),
        *(root / "ui" / "src").glob("*.ts*"),
    ]
    assert len(sources) > 10
    assert [str(p) for p in sources if "devhost" in p.read_text()] == []


@pytest.mark.django_db
def test_logout_defaults_to_awxs_where_the_host_names_none(alice, rf, monkeypatch):
    # In AWX no URL is named "logout" and /logout/ is the UI's catch-all: the
    # portal must post to AWX's /api/logout/ (found inside a real AWX).
    from django.urls import NoReverseMatch

    from forge_catalog.portal import views

    real = views.reverse

    def reverse(name, *args, **kwargs):
        if name == "logout":
            raise NoReverseMatch(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(views, "reverse", reverse)
    request = rf.get("/portal/")
    request.user = alice
    assert views.portal_config(request)["logoutUrl"] == "/api/logout/"


@pytest.mark.django_db
def test_the_page_names_its_own_icon_and_it_is_served(alice):
    # The browser asks for /favicon.ico only when a page names no icon (issue 10 item 6).
    import re

    html = client_for(alice).get("/portal/").content.decode()
    match = re.search(r'<link rel="icon" type="image/svg\+xml" href="([^"]+)">', html)
    assert match, "the portal page names no icon"
    icon = Client().get(match.group(1))
    assert icon.status_code == 200
    assert b"<svg" in b"".join(icon.streaming_content if icon.streaming else [icon.content])


@pytest.mark.django_db
def test_favicon_ico_is_answered_as_awxs_web_server_does(client):
    # AWX's nginx serves /favicon.ico; the login page names no icon, so the browser asks for it.
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200
    assert icon["Content-Type"].startswith("image/")
    assert b"<svg" in b"".join(icon.streaming_content)
