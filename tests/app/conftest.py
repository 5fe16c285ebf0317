"""Django app tests on real PostgreSQL (awx-facts.md "How AWX tests").

Database, in order: DATABASE_URL; a server on 127.0.0.1:5432 (user postgres,
trust auth); else a throwaway cluster started here with Debian's
initdb/pg_ctl in a temp dir (as a non-root user) and stopped at exit, so
`make test` passes on a fresh machine. pytest-django creates and drops the
test database (test_<name>) on that server.

Factory fixtures in the style of AWX's tests: users ``admin`` (superuser),
``alice`` (organization member, the usual requester), ``bob`` (another
member), ``rando`` (no roles), ``org_admin``, ``approver`` (approver team
member), ``other_org_admin``; ``organization``, ``other_organization``,
``team``; ``job_template_factory``, ``workflow_factory``,
``catalog_item_factory``, ``request_factory``, ``survey_spec_factory``.
"""

import os

import pytest

from tests import pgcluster

DEFAULT_DB = "fc_app"


def _ensure_database():
    """pytest-django creates test_<name> on the server pgcluster finds."""
    if os.environ.get("DATABASE_URL") and os.environ.get("FC_APP_THROWAWAY_PG") != "1":
        return
    url = pgcluster.server_url()
    if url == pgcluster.LOCAL:
        url = url.rsplit("/", 1)[0] + "/" + DEFAULT_DB
    os.environ["DATABASE_URL"] = url


_ensure_database()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forge_catalog.devhost.settings")
# The devhost refuses to start without a key when DEBUG is off (its default).
os.environ.setdefault("FORGE_DEVHOST_SECRET_KEY", "tests-app-secret-key")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

# Test users need no real password hashing (PBKDF2 costs ~0.3 s a user).
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

from django.contrib.auth import get_user_model  # noqa: E402

from forge_catalog import lifecycle, surveys  # noqa: E402
from forge_catalog.devhost import models as dh  # noqa: E402
from forge_catalog.devhost import secrets as dh_secrets  # noqa: E402
from forge_catalog.models import ServiceCatalogItem  # noqa: E402

PASSWORD = "pw"


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """FC_APP_TEST_DB_SUFFIX names a test database of the suite's own
    (mk/compat.mk: test_fc_app_compat), so the app suite on AWX's pins can
    run beside the one on .venv's releases (`make test` runs them at once)."""
    suffix = os.environ.get("FC_APP_TEST_DB_SUFFIX")
    if not suffix:
        return
    for db in settings.DATABASES.values():
        test = db.setdefault("TEST", {})
        test["NAME"] = f"{test.get('NAME') or 'test_' + db['NAME']}_{suffix}"


@pytest.fixture(autouse=True)
def _fresh_survey_cache():
    surveys.clear_cache()
    yield
    surveys.clear_cache()


# -- users ---------------------------------------------------------------------


@pytest.fixture
def user_factory(db):
    User = get_user_model()
    counter = iter(range(1, 10**6))

    def make(username=None, *, superuser=False, **kwargs):
        username = username or f"user{next(counter)}"
        user = User.objects.create_user(username=username, password=PASSWORD, **kwargs)
        if superuser:
            user.is_superuser = user.is_staff = True
            user.save()
        return user

    return make


@pytest.fixture
def organization(db):
    return dh.Organization.objects.create(name="Default")


@pytest.fixture
def other_organization(db):
    return dh.Organization.objects.create(name="Other")


@pytest.fixture
def admin(user_factory):
    return user_factory("admin", superuser=True)


@pytest.fixture
def alice(user_factory, organization):
    user = user_factory("alice")
    organization.members.add(user)
    return user


@pytest.fixture
def bob(user_factory, organization):
    user = user_factory("bob")
    organization.members.add(user)
    return user


@pytest.fixture
def rando(user_factory):
    return user_factory("rando")


@pytest.fixture
def org_admin(user_factory, organization):
    user = user_factory("org_admin")
    organization.admins.add(user)
    return user


@pytest.fixture
def other_org_admin(user_factory, other_organization):
    user = user_factory("other_org_admin")
    other_organization.admins.add(user)
    return user


@pytest.fixture
def team(organization):
    return dh.Team.objects.create(organization=organization, name="approvers")


@pytest.fixture
def approver(user_factory, organization, team):
    user = user_factory("approver")
    organization.members.add(user)
    team.members.add(user)
    return user


# -- templates -----------------------------------------------------------------


@pytest.fixture
def survey_spec_factory():
    """survey_spec_factory(["a", "b"]) or a list of question dicts (type
    text and required by default, as AWX's factory). A password default is
    stored encrypted, as AWX's survey_spec view stores it (encrypt_value)."""

    def make(questions):
        spec = []
        for q in questions:
            if isinstance(q, str):
                q = {"variable": q}
            q = dict(q)
            q.setdefault("type", "text")
            q.setdefault("required", True)
            q.setdefault("question_name", q["variable"])
            if q["type"] == "password" and isinstance(q.get("default"), str):
                q["default"] = dh_secrets.encrypt_value(q["default"])
            spec.append(q)
        return {"name": "survey", "description": "", "spec": spec}

    return make


@pytest.fixture
def job_template_factory(organization, survey_spec_factory):
    counter = iter(range(1, 10**6))

    def make(name=None, *, organization=organization, survey_spec=None, survey_enabled=None, **kwargs):
        if isinstance(survey_spec, list):
            survey_spec = survey_spec_factory(survey_spec)
        return dh.JobTemplate.objects.create(
            name=name or f"jt{next(counter)}",
            organization=organization,
            playbook=kwargs.pop("playbook", "hello.yml"),
            survey_spec=survey_spec or {},
            survey_enabled=bool(survey_spec) if survey_enabled is None else survey_enabled,
            **kwargs,
        )

    return make


@pytest.fixture
def workflow_factory(organization, survey_spec_factory):
    """workflow_factory(nodes={"identifier": job_template, ...}) chains the
    nodes on success in the order given."""
    counter = iter(range(1, 10**6))

    def make(name=None, *, nodes=None, organization=organization, survey_spec=None, **kwargs):
        if isinstance(survey_spec, list):
            survey_spec = survey_spec_factory(survey_spec)
        wfjt = dh.WorkflowJobTemplate.objects.create(
            name=name or f"wf{next(counter)}",
            organization=organization,
            survey_spec=survey_spec or {},
            survey_enabled=bool(survey_spec),
            **kwargs,
        )
        previous = None
        for identifier, jt in (nodes or {}).items():
            node = dh.WorkflowJobTemplateNode.objects.create(
                workflow_job_template=wfjt, identifier=identifier, unified_job_template=jt
            )
            if previous is not None:
                previous.success_nodes.add(node)
            previous = node
        return wfjt

    return make


@pytest.fixture
def catalog_item_factory(organization, job_template_factory):
    counter = iter(range(1, 10**6))

    def make(template=None, *, organization=organization, validate=True, **kwargs):
        if template is None:
            template = job_template_factory(organization=organization)
        key = "workflow_job_template" if isinstance(template, dh.WorkflowJobTemplate) else "job_template"
        kwargs.setdefault("name", f"item{next(counter)}")
        kwargs.setdefault("icon", "server")
        kwargs.setdefault("category", "general")
        item = ServiceCatalogItem(organization=organization, **{key: template}, **kwargs)
        if validate:
            item.full_clean()
        item.save()
        return item

    return make


@pytest.fixture
def gated(catalog_item_factory, team):
    """Items that need the team's approval, with an expiry policy (the tick's tests)."""

    def make(**policy):
        return catalog_item_factory(requires_approval=True, approver_team=team, **policy)

    return make


@pytest.fixture
def request_factory(catalog_item_factory, alice):
    """Submits through the real lifecycle; ``user`` defaults to alice."""

    def make(item=None, user=None, *, justification="please", extra_vars=None, node_survey_data=None):
        return lifecycle.submit(
            item if item is not None else catalog_item_factory(),
            user or alice,
            justification=justification,
            extra_vars=extra_vars,
            node_survey_data=node_survey_data,
        )

    return make
