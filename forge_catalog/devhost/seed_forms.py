"""Demo data for request forms (docs/forms.md): an inventory the requester may
read, and the form overlays of the items that use conditions, a pattern, a
date and an inventory picker. Called by ``devhost_seed``; idempotent."""

from .inventory import Group, Host, Inventory

INVENTORY = "Production"
# group -> host names
GROUPS = {
    "web": [f"web{i:02d}" for i in range(1, 13)],
    "db": ["db01", "db02", "db03"],
    "cache": ["cache01", "cache02"],
}
DISABLED_HOSTS = {"web12"}


def seed_inventory(org, readers):
    """The Production inventory of ``org``; ``readers`` hold its read_role
    (a requester must see an inventory to pick from it)."""
    inventory, _ = Inventory.objects.get_or_create(organization=org, name=INVENTORY)
    inventory.readers.add(*readers)
    for group_name, host_names in GROUPS.items():
        group, _ = Group.objects.get_or_create(inventory=inventory, name=group_name)
        hosts = []
        for name in host_names:
            host, _ = Host.objects.update_or_create(
                inventory=inventory, name=name, defaults={"enabled": name not in DISABLED_HOSTS}
            )
            hosts.append(host)
        group.hosts.set(hosts)
    return inventory


# Job template name -> (playbook, survey questions): the templates behind the
# form items. Questions are built by the seed's q() helper.
def form_templates(q, survey):
    return {
        "Schedule maintenance": (
            "restart_service.yml",
            survey(
                "Maintenance window",
                q(
                    "multiplechoice",
                    "service_name",
                    "Service",
                    required=True,
                    choices="nginx\npostgresql\nredis",
                ),
                q("text", "target_host", "Host", required=True, max=255),
                q("multiplechoice", "when", "When", required=True, choices="now\nscheduled", default="now"),
                q("text", "window_date", "Maintenance date", required=True, max=10),
                q("text", "change_ticket", "Change ticket", required=True, max=9),
                q("text", "contact", "Contact e-mail", max=254),
            ),
        ),
        "Open firewall port": (
            "ping.yml",
            survey(
                "Firewall rule",
                q("text", "target_group", "Host group", required=True, max=255),
                q("text", "source_cidr", "Source network", required=True, max=43),
                q("integer", "port", "Port", required=True, min=1, max=65535, default=443),
                q(
                    "multiplechoice",
                    "temporary",
                    "Temporary rule",
                    required=True,
                    choices="no\nyes",
                    default="no",
                ),
                q("text", "expires_on", "Remove the rule on", required=True, max=10),
                q("text", "reason_url", "Ticket link", max=500),
            ),
        ),
    }


# Item name -> overlay. Both items use conditions, a pattern, a date and an
# inventory picker.
OVERLAYS = {
    "Schedule maintenance": {
        "service_name": {"section": "What", "order": 1},
        "target_host": {
            "section": "What",
            "order": 2,
            "choices_from": {"inventory": INVENTORY, "kind": "hosts"},
            "help": "Hosts of the Production inventory you may see.",
        },
        "when": {"section": "When", "order": 3},
        "window_date": {
            "section": "When",
            "order": 4,
            "visible_if": 'when == "scheduled"',
            "format": "date",
            "min_days": 0,
            "max_days": 30,
            "help": "Within the next 30 days.",
        },
        "change_ticket": {
            "section": "Paperwork",
            "order": 5,
            "pattern": "CHG[0-9]{6}",
            "pattern_message": "A change ticket number: CHG and six digits, e.g. CHG004211.",
            "placeholder": "CHG000000",
        },
        "contact": {"section": "Paperwork", "order": 6, "format": "email", "placeholder": "you@example.com"},
    },
    "Open firewall port": {
        "target_group": {
            "choices_from": {"inventory": INVENTORY, "kind": "groups"},
            "help": "A group of the Production inventory.",
        },
        "source_cidr": {"format": "cidr", "placeholder": "10.0.0.0/24"},
        "port": {"help": "443 unless the application says otherwise."},
        "expires_on": {
            "visible_if": 'temporary == "yes"',
            "format": "date",
            "min_days": 0,
            "max_days": 30,
        },
        "reason_url": {
            "format": "url",
            "pattern": "https://tickets\\.example\\.com/.*",
            "pattern_message": "A link into tickets.example.com.",
        },
    },
}

ITEMS = {
    "Schedule maintenance": dict(
        template="Schedule maintenance",
        icon="calendar-clock",
        category="Infrastructure",
        tags=["ops", "maintenance", "form"],
        description="Restart a service on a host of the Production inventory, now or on a date.",
    ),
    "Open firewall port": dict(
        template="Open firewall port",
        icon="shield",
        category="Security",
        tags=["network", "firewall", "form"],
        description="Open a port to a host group, for good or until a date. Org admins approve.",
        requires_approval=True,
    ),
}
