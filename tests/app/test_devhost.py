"""The devhost keeps the controller contract (docs/controller-contract.md)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from forge_catalog.devhost import models as dh
from forge_catalog.hosts import get_host


def test_organization_roles(organization, other_organization, admin, alice, org_admin, rando, user_factory):
    auditor = user_factory("auditor")
    organization.auditors.add(auditor)
    assert alice in organization.read_role and alice in organization.member_role
    assert alice not in organization.admin_role
    assert org_admin in organization.admin_role and org_admin in organization.read_role
    assert auditor in organization.read_role and auditor not in organization.member_role
    assert admin in organization.admin_role  # superusers pass every check
    assert rando not in organization.read_role and AnonymousUser() not in organization.read_role
    assert org_admin not in other_organization.read_role


def test_accessible_pk_qs(organization, other_organization, admin, alice, org_admin, rando):
    Org = dh.Organization
    assert set(Org.objects.filter(pk__in=Org.accessible_pk_qs(alice, "read_role"))) == {organization}
    assert set(Org.accessible_pk_qs(alice, "admin_role")) == set()
    assert set(Org.accessible_pk_qs(org_admin, "admin_role")) == {organization.pk}
    assert set(Org.accessible_pk_qs(admin, "read_role")) == {organization.pk, other_organization.pk}
    assert set(Org.accessible_pk_qs(rando, "read_role")) == set()
    assert set(Org.accessible_pk_qs(AnonymousUser(), "read_role")) == set()


def test_auditor_roles_as_in_awx(
    organization, other_organization, team, alice, org_admin, admin, user_factory
):
    """AWX: Organization.auditor_role's parent is the system auditor
    singleton, read_role holds auditor_role, a team may hold "Organization
    Audit" (never "Organization Member"); admins are not auditors, superusers
    pass every check. The host adapter reads exactly these."""
    host = get_host()
    auditor, sysauditor, team_auditor = (user_factory(n) for n in ("auditor", "sysauditor", "team_auditor"))
    organization.auditors.add(auditor)
    sysauditor.is_system_auditor = True
    audit_team = dh.Team.objects.create(organization=other_organization, name="audit")
    audit_team.members.add(team_auditor)
    other_organization.auditor_teams.add(audit_team)
    Org = dh.Organization
    both = {organization.pk, other_organization.pk}
    assert set(Org.accessible_pk_qs(auditor, "auditor_role")) == {organization.pk}
    assert set(Org.accessible_pk_qs(sysauditor, "auditor_role")) == both
    assert set(Org.accessible_pk_qs(team_auditor, "auditor_role")) == {other_organization.pk}
    assert set(Org.accessible_pk_qs(alice, "auditor_role")) == set()
    assert set(Org.accessible_pk_qs(org_admin, "auditor_role")) == set()
    for user in (auditor, sysauditor, team_auditor):
        assert user not in organization.member_role and user not in other_organization.member_role
    assert sysauditor in organization.read_role and sysauditor in team.read_role
    assert host.is_system_auditor(sysauditor) and not host.is_system_auditor(auditor)
    assert not host.is_system_auditor(AnonymousUser())
    assert host.is_org_auditor(auditor, organization) and not host.is_org_auditor(auditor, other_organization)
    assert host.is_org_auditor(sysauditor, other_organization)
    assert not host.is_org_auditor(alice, organization) and not host.is_org_auditor(auditor, None)
    assert host.is_org_auditor(admin, organization)
    # A fresh instance reads the role from the database, as AWX's property does.
    assert host.is_system_auditor(type(sysauditor).objects.get(pk=sysauditor.pk))


def test_team_member_role_follows_awx_parents(team, approver, org_admin, alice):
    assert approver in team.member_role
    assert org_admin in team.member_role  # Team.admin_role's parent is organization.admin_role
    assert alice not in team.member_role
    assert set(dh.Team.accessible_pk_qs(approver, "member_role")) == {team.pk}


def test_create_unified_job_and_signal_start(job_template_factory, alice):
    jt = job_template_factory(extra_vars='{"a": 1}')
    job = jt.create_unified_job(extra_vars={"b": 2}, _eager_fields={"created_by": alice})
    assert isinstance(job, dh.Job) and job.pk and job.status == "new"
    assert job.created_by == alice and job.decrypted_extra_vars() == {"a": 1, "b": 2}
    assert job.signal_start() is True and job.status == "pending"
    assert job.signal_start() is False  # already started


def test_cancel(job_template_factory):
    pending = job_template_factory().create_unified_job()
    pending.signal_start()
    assert pending.cancel() is True
    pending.refresh_from_db()
    assert pending.status == "canceled" and pending.cancel_flag
    running = job_template_factory().create_unified_job()
    running.status = "running"
    running.save()
    running.cancel(job_explanation="stop")
    running.refresh_from_db()
    assert running.status == "running" and running.cancel_flag  # the worker stops it
    done = job_template_factory().create_unified_job()
    done.status = "successful"
    done.save()
    assert done.cancel() is False


def test_workflow_nodes_and_edges(job_template_factory, workflow_factory):
    a, b = job_template_factory(), job_template_factory()
    wfjt = workflow_factory(nodes={"first": a, "second": b})
    nodes = get_host().workflow_nodes(wfjt)
    assert [(ident, jt) for _, ident, jt in nodes] == [("first", a), ("second", b)]
    wj = wfjt.create_unified_job()
    first = wj.workflow_job_nodes.get(identifier="first")
    assert [n.identifier for n in first.success_nodes.all()] == ["second"]
    assert first.unified_job_template == a and wj.status == "new"


def test_unified_job_models(settings):
    assert set(get_host().unified_job_models()) == {dh.UnifiedJob, dh.Job, dh.WorkflowJob}


def test_devhost_encryption_is_awx_shaped(settings):
    from forge_catalog.devhost import secrets as dh_secrets
    from forge_catalog.secrets import SecretError

    token = dh_secrets.encrypt_value("s3cret-value")
    assert token.startswith("$encrypted$UTF8$AESCBC$") and "s3cret" not in token
    assert dh_secrets.encrypt_value("s3cret-value") != token  # random IV
    assert dh_secrets.decrypt_value(token) == "s3cret-value"
    assert dh_secrets.encrypt_value(token) == token  # never encrypted twice (AWX's encrypt_field)
    assert dh_secrets.encrypt_value("") == ""
    with_pk = dh_secrets.encrypt_field_value("v", "password", pk=7)
    assert dh_secrets.decrypt_field_value(with_pk, "password", pk=7) == "v"
    for bad in (
        lambda: dh_secrets.decrypt_field_value(with_pk, "password", pk=8),  # another row's key
        lambda: dh_secrets.decrypt_value(token[:-6] + "AAAA=="),  # tampered
        lambda: dh_secrets.decrypt_value("$encrypted$UTF8$AESCBC$not base64!"),
        lambda: dh_secrets.decrypt_value("$encrypted$"),
    ):
        with pytest.raises(SecretError):
            bad()
    settings.SECRET_KEY = "another key entirely"
    with pytest.raises(SecretError):
        dh_secrets.decrypt_value(token)


@pytest.mark.django_db
def test_only_playbook_jobs_have_events_as_in_awx(job_template_factory, workflow_factory):
    # AWX: UnifiedJob.event_class raises NotImplementedError and WorkflowJob
    # inherits it; the host adapter must ask without tripping on it.
    from forge_catalog.hosts.base import has_events

    wj = workflow_factory(nodes={"a": job_template_factory()}).create_unified_job()
    with pytest.raises(NotImplementedError):
        wj.event_class  # noqa: B018 - the property itself raises
    job = job_template_factory().create_unified_job()
    assert job.event_class is dh.JobEvent
    assert has_events(job) and not has_events(wj)
