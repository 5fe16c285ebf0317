"""Demo data for the devhost: ``manage.py devhost_seed``.

Idempotent: every object is found by its natural key and brought to the state
below, so running it again changes nothing and duplicates nothing. Catalog
items go through ``full_clean()``, so the core judges them like any other.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from forge_catalog.devhost import seed_forms
from forge_catalog.devhost.models import JobTemplate, Organization, Team, WorkflowJobTemplate
from forge_catalog.devhost.models import WorkflowJobTemplateNode as Node
from forge_catalog.devhost.secrets import decrypt_value, encrypt_value, is_encrypted
from forge_catalog.models import ServiceCatalogItem
from forge_catalog.secrets import SecretError

ACME = "Acme Engineering"
GLOBEX = "Globex Retail"
APPROVERS = "Platform approvers"
DEFAULT_PASSWORD = "forge-demo"

# username -> (first name, role in words)
USERS = {
    "requester": ("Dana", "requester (member of Acme Engineering)"),
    "approver1": ("Ari", "approver (Platform approvers team)"),
    "approver2": ("Bo", "approver (Platform approvers team)"),
    "orgadmin": ("Olga", "admin of Acme Engineering"),
    "admin": ("Ada", "superuser"),
    "globex": ("Gil", "member of Globex Retail (sees none of Acme's items)"),
}


def q(qtype, variable, name, *, required=False, default=None, description="", **extra):
    question = {
        "type": qtype,
        "variable": variable,
        "question_name": name,
        "question_description": description,
        "required": required,
    }
    if default is not None:
        question["default"] = default
    question.update(extra)
    return question


def survey(name, *questions):
    return {"name": name, "description": "", "spec": list(questions)}


def stored_spec(spec, old_spec):
    """The spec as AWX's survey_spec view stores it: a password default
    encrypted (encrypt_value). A default already stored for the same
    plaintext is kept, so seeding again changes nothing."""
    if spec is None:
        return {}
    old = {q.get("variable"): q.get("default") for q in (old_spec or {}).get("spec", [])}
    spec = {**spec, "spec": [dict(question) for question in spec["spec"]]}
    for question in spec["spec"]:
        plain = question.get("default")
        if question["type"] != "password" or not isinstance(plain, str) or not plain:
            continue
        kept = old.get(question["variable"])
        try:
            same = is_encrypted(kept) and decrypt_value(kept) == plain
        except SecretError:
            same = False
        question["default"] = kept if same else encrypt_value(plain)
    return spec


# name -> (playbook, template extra_vars, survey or None)
JOB_TEMPLATES = {
    "Generate report": (
        "report.yml",
        "",
        survey("Report", q("text", "report_name", "Report name", required=True, default="weekly", max=64)),
    ),
    "Provision VM": (
        "provision_vm.yml",
        '{"provision_seconds": 2}',
        survey(
            "Virtual machine",
            q(
                "text",
                "hostname",
                "Host name",
                required=True,
                min=3,
                max=63,
                description="Lower-case, e.g. web03",
            ),
            q(
                "multiplechoice",
                "size",
                "Size",
                required=True,
                choices="small\nmedium\nlarge",
                default="medium",
            ),
            q("integer", "cpus", "vCPUs", required=True, min=1, max=16, default=2),
            q("float", "memory_gb", "Memory (GB)", required=True, min=1, max=64, default=4),
            q("multiselect", "features", "Extras", choices="backup\nmonitoring\npublic-ip", default="backup"),
            q("textarea", "notes", "Notes for the operators", max=500),
            q(
                "password",
                "root_password",
                "Root password",
                required=True,
                min=8,
                description="At least 8 characters; never shown again",
            ),
        ),
    ),
    "Build application": (
        "build_app.yml",
        "",
        survey(
            "Build",
            q("text", "version", "Version to build", required=True, min=1, max=32, default="1.0.0"),
            q(
                "multiplechoice",
                "run_tests",
                "Run the tests",
                required=True,
                choices="yes\nno",
                default="yes",
            ),
            q("multiplechoice", "fail_build", "Simulate a failing build", choices="no\nyes", default="no"),
        ),
    ),
    "Deploy application": (
        "deploy_app.yml",
        '{"deploy_seconds": 1}',
        survey(
            "Deploy",
            q(
                "multiplechoice",
                "app_name",
                "Application",
                required=True,
                choices="shop\napi\nsearch",
                default="shop",
            ),
            q("text", "version", "Version to deploy", required=True, min=1, max=32),
            q(
                "multiplechoice",
                "environment_name",
                "Environment",
                required=True,
                choices="staging\nproduction",
                default="staging",
            ),
            q("integer", "replicas", "Replicas", required=True, min=1, max=10, default=2),
        ),
    ),
    "Notify team": (
        "notify.yml",
        "",
        survey(
            "Notification",
            q("text", "channel", "Chat channel", required=True, default="#deployments", max=80),
            q("textarea", "message", "Message", default="Release finished", max=500),
        ),
    ),
    "Restart service": (
        "restart_service.yml",
        "",
        survey(
            "Service",
            q("multiplechoice", "service_name", "Service", required=True, choices="nginx\npostgresql\nredis"),
            q("text", "target_host", "Host", required=True, default="web01", max=63),
        ),
    ),
    "Rotate credential": (
        "rotate_credentials.yml",
        "",
        survey(
            "Credential",
            q(
                "multiplechoice",
                "credential_name",
                "Credential",
                required=True,
                choices="shop-db\napi-token\nsmtp-relay",
            ),
            q("password", "new_secret", "New secret", required=True, min=12, max=128),
        ),
    ),
    "Database backup": (
        "db_backup.yml",
        "",
        survey(
            "Backup",
            q("multiplechoice", "database", "Database", required=True, choices="shop\ninventory\nanalytics"),
            q("integer", "retention_days", "Keep for (days)", required=True, min=1, max=90, default=7),
            q("multiplechoice", "compression", "Compression", choices="gzip\nzstd\nnone", default="zstd"),
            q(
                "password",
                "backup_passphrase",
                "Backup passphrase",
                min=12,
                default="demo-backup-passphrase",
                description="Leave empty to use the team's stored passphrase",
            ),
        ),
    ),
    "Ping": ("ping.yml", "", survey("Ping", q("text", "note", "Note", max=100))),
    "Long maintenance": (
        "long_task.yml",
        "",
        survey(
            "Maintenance",
            q("integer", "steps", "Duration (seconds)", required=True, min=5, max=600, default=30),
        ),
    ),
    "Dependency check": (
        "always_fail.yml",
        "",
        survey("Check", q("text", "dependency", "Dependency", required=True, default="libmissing")),
    ),
}

# The release workflow: build -(success)-> deploy -(always)-> notify, and
# build -(failure)-> notify, so the team hears about a broken build too.
WORKFLOW = "Release pipeline"
WORKFLOW_NODES = [("build", "Build application"), ("deploy", "Deploy application"), ("notify", "Notify team")]
WORKFLOW_EDGES = [
    ("build", "success_nodes", "deploy"),
    ("deploy", "always_nodes", "notify"),
    ("build", "failure_nodes", "notify"),
]

# Templates that ask for variables on launch (the portal adds a free-form field).
ASK_VARIABLES = {"Generate report"}

# name -> fields; "template" names a JT, "workflow" the WFJT; "team" the approver team.
ITEMS = {
    "Virtual machine": dict(
        template="Provision VM",
        icon="server",
        category="Infrastructure",
        tags=["vm", "compute"],
        description=(
            "A Linux VM with the size, memory and extras you pick. Approved by the platform team.\n\n"
            "## What you get\n\n"
            "- a host name of your choice, **2 vCPUs** by default\n"
            "- snapshots every night, monitoring if you ask\n\n"
            "See the [platform handbook](https://example.com/platform/vms) for quotas."
        ),
        contact="Platform team, #platform-help",
        requires_approval=True,
        team=True,
    ),
    "Release pipeline": dict(
        workflow=WORKFLOW,
        icon="workflow",
        category="Applications",
        tags=["release", "workflow", "staging"],
        description="Build a version, deploy it, tell the team: one request, three steps.",
    ),
    "Deploy to production": dict(
        template="Deploy application",
        icon="rocket",
        category="Applications",
        tags=["deploy", "production"],
        description="Roll a released version out to an environment. Needs two approvers.",
        requires_approval=True,
        team=True,
        approvals_required=2,
    ),
    "Restart a service": dict(
        template="Restart service",
        icon="rotate-ccw",
        category="Infrastructure",
        tags=["ops", "restart"],
        description="Restart nginx, PostgreSQL or Redis on a host.",
    ),
    "Rotate a credential": dict(
        template="Rotate credential",
        icon="key-round",
        category="Security",
        tags=["secrets", "rotation"],
        description="Replace an application secret. The organization's admins approve.",
        requires_approval=True,
    ),
    "Database backup": dict(
        template="Database backup",
        icon="database-backup",
        category="Databases",
        tags=["backup", "postgres"],
        description="Take an on-demand backup with the retention you need.",
    ),
    "Ping localhost": dict(
        template="Ping",
        icon="activity",
        category="Diagnostics",
        tags=["health"],
        description="The quickest job there is: checks the automation host answers.",
    ),
    "Long maintenance task": dict(
        template="Long maintenance",
        icon="timer",
        category="Diagnostics",
        tags=["demo", "cancel"],
        description="Runs for a while, one step a second: watch it move, or cancel it.",
    ),
    "Dependency check": dict(
        template="Dependency check",
        icon="bug",
        category="Diagnostics",
        tags=["demo", "failure"],
        description="A check that always fails, to see what a failed request looks like.",
    ),
    "Custom report": dict(
        template="Generate report",
        icon="file-chart-column",
        category="Reporting",
        tags=["report", "extra-vars"],
        description="A report by name; add any other variables (audience, report_format...) as YAML or JSON.",
    ),
    "Legacy mainframe batch": dict(
        template="Ping",
        icon="archive",
        category="Infrastructure",
        tags=["legacy"],
        description="Retired: disabled, so the portal does not show it.",
        enabled=False,
    ),
}


class Command(BaseCommand):
    help = "Create or update the devhost demo data: organizations, users, templates, catalog items."

    def add_arguments(self, parser):
        parser.add_argument("--password", default=DEFAULT_PASSWORD, help="password of every demo user")
        parser.add_argument("--quiet", action="store_true", help="do not print the logins")

    @transaction.atomic
    def handle(self, *args, **options):
        users = self.seed_users(options["password"])
        acme, _ = Organization.objects.get_or_create(name=ACME)
        globex, _ = Organization.objects.get_or_create(name=GLOBEX)
        acme.admins.add(users["orgadmin"])
        acme.members.add(users["requester"], users["approver1"], users["approver2"])
        globex.members.add(users["globex"])
        team, _ = Team.objects.get_or_create(organization=acme, name=APPROVERS)
        team.members.add(users["approver1"], users["approver2"])

        seed_forms.seed_inventory(acme, [users["requester"]])
        templates = {}
        form_templates = {
            name: (playbook, "", spec)
            for name, (playbook, spec) in seed_forms.form_templates(q, survey).items()
        }
        for name, (playbook, extra_vars, spec) in {**JOB_TEMPLATES, **form_templates}.items():
            stored = JobTemplate.objects.filter(organization=acme, name=name).first()
            templates[name], _ = JobTemplate.objects.update_or_create(
                organization=acme,
                name=name,
                defaults=dict(
                    playbook=playbook,
                    extra_vars=extra_vars,
                    survey_enabled=spec is not None,
                    survey_spec=stored_spec(spec, stored.survey_spec if stored else None),
                    ask_variables_on_launch=name in ASK_VARIABLES,
                ),
            )
        workflow = self.seed_workflow(acme, templates)

        for name, fields in ITEMS.items():
            self.seed_item(acme, name, fields, templates, workflow, team)
        for name, fields in seed_forms.ITEMS.items():
            overlay = seed_forms.OVERLAYS[name]
            self.seed_item(acme, name, {**fields, "form_overlay": overlay}, templates, workflow, team)
        globex_ping, _ = JobTemplate.objects.update_or_create(
            organization=globex, name="Ping", defaults=dict(playbook="ping.yml", survey_enabled=False)
        )
        self.seed_item(
            globex,
            "Store health check",
            dict(
                icon="store",
                category="Diagnostics",
                tags=["health"],
                description="Globex's own item: Acme's users never see it.",
            ),
            {"Ping": globex_ping},
            None,
            None,
            template_name="Ping",
        )

        if not options["quiet"]:
            self.print_logins(options["password"])

    def seed_users(self, password):
        User = get_user_model()
        users = {}
        for username, (first, _) in USERS.items():
            user, _ = User.objects.get_or_create(username=username)
            user.first_name = first
            user.email = f"{username}@example.com"
            user.is_superuser = user.is_staff = username == "admin"
            user.set_password(password)
            user.save()
            users[username] = user
        return users

    def seed_workflow(self, org, templates):
        wf, _ = WorkflowJobTemplate.objects.update_or_create(
            organization=org, name=WORKFLOW, defaults=dict(survey_enabled=False, survey_spec={})
        )
        nodes = {}
        for identifier, jt_name in WORKFLOW_NODES:
            nodes[identifier], _ = Node.objects.update_or_create(
                workflow_job_template=wf,
                identifier=identifier,
                defaults=dict(unified_job_template=templates[jt_name]),
            )
        for node in nodes.values():
            for edge in ("success_nodes", "failure_nodes", "always_nodes"):
                targets = [nodes[t] for s, e, t in WORKFLOW_EDGES if s == node.identifier and e == edge]
                getattr(node, edge).set(targets)
        return wf

    def seed_item(self, org, name, fields, templates, workflow, team, template_name=None):
        fields = dict(fields)
        jt_name = fields.pop("template", template_name)
        is_workflow = bool(fields.pop("workflow", None))
        use_team = fields.pop("team", False)
        item = ServiceCatalogItem.objects.filter(organization=org, name=name).first() or ServiceCatalogItem(
            organization=org, name=name
        )
        item.job_template = None if is_workflow else templates[jt_name]
        item.workflow_job_template = workflow if is_workflow else None
        item.approver_team = team if use_team else None
        item.requires_approval = fields.pop("requires_approval", False)
        item.approvals_required = fields.pop("approvals_required", 1)
        item.enabled = fields.pop("enabled", True)
        for key, value in fields.items():
            setattr(item, key, value)
        item.full_clean()
        item.save()
        return item

    def print_logins(self, password):
        self.stdout.write(f"Demo logins (password for all: {password}):")
        for username, (_, role) in USERS.items():
            self.stdout.write(f"  {username:<10} {role}")
