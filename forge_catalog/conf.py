"""forge-catalog settings.

One lazy object, ``fc_settings``, over the ``FORGE_CATALOG`` dict, with every
default in one place (the django-filter / DRF pattern). It is read on first
use, never at import time, and dropped on ``setting_changed`` so
``override_settings`` works in tests.

The controller models are swappable like ``AUTH_USER_MODEL``: top-level
settings name them as ``app_label.Model`` and default to the AWX ``main.*``
models; ``get_host_model(kind)`` resolves one.
"""

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed

DEFAULTS = {
    # The host adapter class (hosts/base.py): AWX/Forge, or the devhost.
    "HOST": "forge_catalog.hosts.awx.AWXHost",
    # DESIGN.md "Authority and visibility": the requester may not approve
    # their own request unless this is on.
    "ALLOW_SELF_APPROVAL": False,
    # Request body limits (issue 3: "Size limits on bodies with clear 400s").
    "MAX_EXTRA_VARS_BYTES": 256 * 1024,
    "MAX_JUSTIFICATION_LENGTH": 4096,
    "MAX_REASON_LENGTH": 4096,
    "MAX_COMMENT_LENGTH": 4096,
    # Job output served by a request (joboutput.py): events per page by
    # default, and the most a caller may ask for with page_size.
    "OUTPUT_PAGE_SIZE": 200,
    "MAX_OUTPUT_PAGE_SIZE": 1000,
    # Expiry of a pending approval step and reminders (docs/approvals.md):
    # the default of every item that leaves a field unset, per
    # organization (by name) in APPROVAL_EXPIRY_BY_ORGANIZATION, else
    # APPROVAL_EXPIRY. Seconds; 0 means never. Outcome "reject", "escalate"
    # or "approve" (only on items with auto_approve_allowed).
    "APPROVAL_EXPIRY": {"expire_after": 0, "outcome": "reject", "remind_every": 0},
    "APPROVAL_EXPIRY_BY_ORGANIZATION": {},
    # The tick (tick.py): requests handled per transaction, and how often
    # the devhost's worker runs it (seconds).
    "TICK_BATCH_SIZE": 200,
    "TICK_INTERVAL": 30,
    # The inbox badge (api/request_lists.py) counts exactly up to this many
    # waiting requests and says "more" beyond, so it stops early at scale.
    "INBOX_BADGE_CAP": 99,
    # Requests one bulk approve/reject may name (api/bulk.py): a page's worth.
    "MAX_BULK_DECISIONS": 100,
    # Compiled surveys kept in memory (surveys.py), per template version.
    "SURVEY_CACHE_SIZE": 512,
    # choices_from (forms.py): computed choices a form lists by default, the most a
    # caller may ask for with ``limit``, and the longest ``search`` text.
    "CHOICES_PAGE_SIZE": 50,
    "MAX_CHOICES_PAGE_SIZE": 200,
    "MAX_CHOICES_SEARCH_LENGTH": 128,
    # Notifications (notify.py, notify_delivery.py; docs/notifications.md).
    # The portal's absolute base URL (scheme, host, the host's path prefix),
    # for the deep link every message carries; "" leaves the link relative.
    "PORTAL_BASE_URL": "",
    # A delivery is tried this many times before it is given up as failed,
    # waiting RETRY_SECONDS * 2**(attempt-1) (at most RETRY_MAX_SECONDS) between.
    "NOTIFICATION_MAX_ATTEMPTS": 8,
    "NOTIFICATION_RETRY_SECONDS": 15.0,
    "NOTIFICATION_RETRY_MAX_SECONDS": 3600.0,
    # A sender holds a claimed delivery this long; past it, another sender
    # takes it over (the first one is taken as gone).
    "NOTIFICATION_LEASE_SECONDS": 120.0,
    # How many deliveries one deliver_pending() call takes on.
    "NOTIFICATION_BATCH_SIZE": 50,
}

# kind -> (top-level setting, AWX default)
HOST_MODELS = {
    "ORGANIZATION": ("FORGE_CATALOG_ORGANIZATION_MODEL", "main.Organization"),
    "TEAM": ("FORGE_CATALOG_TEAM_MODEL", "main.Team"),
    "JOB_TEMPLATE": ("FORGE_CATALOG_JOB_TEMPLATE_MODEL", "main.JobTemplate"),
    "WORKFLOW_JOB_TEMPLATE": ("FORGE_CATALOG_WORKFLOW_JOB_TEMPLATE_MODEL", "main.WorkflowJobTemplate"),
    "UNIFIED_JOB": ("FORGE_CATALOG_UNIFIED_JOB_MODEL", "main.UnifiedJob"),
    "INVENTORY": ("FORGE_CATALOG_INVENTORY_MODEL", "main.Inventory"),
    "HOST": ("FORGE_CATALOG_HOST_MODEL", "main.Host"),
    "GROUP": ("FORGE_CATALOG_GROUP_MODEL", "main.Group"),
}
# Controller models forge-catalog reads and writes but holds no foreign key
# to (so its migrations do not depend on them): kind -> (setting, AWX default).
CONTROLLER_MODELS = {
    "NOTIFICATION_TEMPLATE": ("FORGE_CATALOG_NOTIFICATION_TEMPLATE_MODEL", "main.NotificationTemplate"),
    "NOTIFICATION": ("FORGE_CATALOG_NOTIFICATION_MODEL", "main.Notification"),
}


def host_model_label(kind):
    """'app_label.Model' of a controller model (used for ForeignKey targets)."""
    setting, default = HOST_MODELS.get(kind) or CONTROLLER_MODELS[kind]
    label = getattr(settings, setting, default)
    if not isinstance(label, str) or label.count(".") != 1:
        raise ImproperlyConfigured(f"{setting} must be of the form 'app_label.model_name', got {label!r}")
    return label


def get_host_model(kind):
    setting, _ = HOST_MODELS.get(kind) or CONTROLLER_MODELS[kind]
    label = host_model_label(kind)
    try:
        return apps.get_model(label, require_ready=False)
    except LookupError:
        raise ImproperlyConfigured(
            f"{setting} refers to model {label!r} that has not been installed"
        ) from None


class ForgeCatalogSettings:
    """Attribute access to FORGE_CATALOG with defaults; unknown names are errors."""

    def __init__(self, defaults=None):
        self.defaults = defaults or DEFAULTS
        self._cached = set()

    @property
    def user_settings(self):
        if not hasattr(self, "_user_settings"):
            value = getattr(settings, "FORGE_CATALOG", {}) or {}
            if not isinstance(value, dict):
                raise ImproperlyConfigured("FORGE_CATALOG must be a dict")
            unknown = set(value) - set(self.defaults)
            if unknown:
                raise ImproperlyConfigured(f"Unknown FORGE_CATALOG keys: {', '.join(sorted(unknown))}")
            self._user_settings = value
        return self._user_settings

    def __getattr__(self, attr):
        if attr not in self.defaults:
            raise AttributeError(f"Invalid FORGE_CATALOG setting: {attr!r}")
        value = self.user_settings.get(attr, self.defaults[attr])
        self._cached.add(attr)
        setattr(self, attr, value)
        return value

    def reload(self):
        for attr in self._cached:
            delattr(self, attr)
        self._cached.clear()
        if hasattr(self, "_user_settings"):
            delattr(self, "_user_settings")


fc_settings = ForgeCatalogSettings()


def _reload(*, setting, **kwargs):
    names = {s for s, _ in HOST_MODELS.values()} | {s for s, _ in CONTROLLER_MODELS.values()}
    if setting == "FORGE_CATALOG" or setting in names:
        fc_settings.reload()
        # The adapter instance is built from settings too.
        from forge_catalog.hosts import reset_host

        reset_host()


setting_changed.connect(_reload)
