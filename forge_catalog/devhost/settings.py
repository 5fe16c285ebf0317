"""The devhost Django project: forge-catalog inside a miniature controller.

Database: DATABASE_URL (postgres://user:password@host:port/name), else SQLite
at FORGE_DEVHOST_SQLITE (default ./demo/devhost.sqlite3).
"""

import importlib.util
import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

import django
from django.core.exceptions import ImproperlyConfigured


def database_from_url(url):
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql"):
        raise ImproperlyConfigured(f"DATABASE_URL: only postgres:// URLs are supported, got {parts.scheme!r}")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parts.path.lstrip("/")) or "postgres",
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
        "CONN_MAX_AGE": 0,
    }


def sqlite_database(path):
    """The demo's SQLite, for several users at once (devhost/sqlite3/base.py):
    a write transaction takes the lock at BEGIN and waits up to ``timeout``
    seconds for it; past that the API answers 503 with Retry-After."""
    options = {"timeout": float(os.environ.get("FORGE_DEVHOST_SQLITE_TIMEOUT", "10"))}
    if django.VERSION >= (5, 1):
        options["transaction_mode"] = "IMMEDIATE"
    return {"ENGINE": "forge_catalog.devhost.sqlite3", "NAME": str(path), "OPTIONS": options}


def _has_module(name):
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


# DEBUG only when asked for (make demo does); off, errors are logged, not shown.
DEBUG = os.environ.get("FORGE_DEVHOST_DEBUG", "0") == "1"
# SECRET_KEY also keys the encryption of stored secrets, so a known constant is
# tolerated only in DEBUG runs; anything else must bring its own key.
SECRET_KEY = os.environ.get("FORGE_DEVHOST_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "FORGE_DEVHOST_SECRET_KEY is not set: give the devhost a secret key "
            "(or set FORGE_DEVHOST_DEBUG=1 for a development run)"
        )
    SECRET_KEY = "devhost-insecure-debug-only-key"
ALLOWED_HOSTS = os.environ.get("FORGE_DEVHOST_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": database_from_url(os.environ["DATABASE_URL"])}
    # As AWX (awx/settings/defaults.py), which runs on PostgreSQL only: every
    # view is one transaction, so what a view defers with on_commit runs after
    # its answer is built. Not on the demo's SQLite: one writer at a time, and
    # a view-long write lock (login's password hash included) would queue
    # every page behind every other.
    DATABASES["default"]["ATOMIC_REQUESTS"] = True
else:
    _sqlite = Path(os.environ.get("FORGE_DEVHOST_SQLITE", Path.cwd() / "demo" / "devhost.sqlite3"))
    DATABASES = {"default": sqlite_database(_sqlite)}

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI assets for the API docs page, served locally
    "forge_catalog.devhost",
    "forge_catalog",
]
# The portal ships its own app config when it has templates/static of its own.
if _has_module("forge_catalog.portal.apps"):
    INSTALLED_APPS.append("forge_catalog.portal")

MIDDLEWARE = [
    "forge_catalog.request_id.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # AWX's per-request urlconf (devhost/middleware.py), then forge-catalog's
    # mount in front of it: the one line an AWX operator adds.
    "forge_catalog.devhost.middleware.OptionalURLPrefixPath",
    "forge_catalog.urlmount.URLMountMiddleware",
]
# AWX's setting (awx/settings/defaults.py): "controller" serves the API at
# /api/controller/v2/ as well as /api/v2/.
OPTIONAL_API_URLPATTERN_PREFIX = os.environ.get("FORGE_DEVHOST_API_PREFIX", "")

ROOT_URLCONF = "forge_catalog.devhost.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]
WSGI_APPLICATION = "forge_catalog.devhost.wsgi.application"

AUTH_PASSWORD_VALIDATORS = []
# ModelBackend that turns away a username the database cannot compare.
AUTHENTICATION_BACKENDS = ["forge_catalog.devhost.auth.DevhostModelBackend"]
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
STATIC_URL = "/static/"
STATIC_ROOT = os.environ.get("FORGE_DEVHOST_STATIC_ROOT", str(Path.cwd() / "demo" / "static"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LOGIN_URL = "/login/"
LOGIN_REDIRECT_URL = "/portal/"
LOGOUT_REDIRECT_URL = "/login/"

# The controller's API conventions (AWX uses session + basic auth).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.BasicAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "forge-catalog",
    "DESCRIPTION": "Self-service automation catalog with approvals",
    "VERSION": "0.1.0",
}

# forge-catalog on the devhost: its models stand in for the controller's.
FORGE_CATALOG = {"HOST": "forge_catalog.hosts.devhost.DevhostHost"}
FORGE_CATALOG_ORGANIZATION_MODEL = "devhost.Organization"
FORGE_CATALOG_TEAM_MODEL = "devhost.Team"
FORGE_CATALOG_JOB_TEMPLATE_MODEL = "devhost.JobTemplate"
FORGE_CATALOG_WORKFLOW_JOB_TEMPLATE_MODEL = "devhost.WorkflowJobTemplate"
FORGE_CATALOG_UNIFIED_JOB_MODEL = "devhost.UnifiedJob"
FORGE_CATALOG_INVENTORY_MODEL = "devhost.Inventory"
FORGE_CATALOG_HOST_MODEL = "devhost.Host"
FORGE_CATALOG_GROUP_MODEL = "devhost.Group"
FORGE_CATALOG_NOTIFICATION_TEMPLATE_MODEL = "devhost.NotificationTemplate"
FORGE_CATALOG_NOTIFICATION_MODEL = "devhost.Notification"
# Notification delivery (conf.py); the tests shorten the sender's lease.
if os.environ.get("FORGE_DEVHOST_NOTIFICATION_LEASE_SECONDS"):
    _lease = os.environ["FORGE_DEVHOST_NOTIFICATION_LEASE_SECONDS"]
    FORGE_CATALOG["NOTIFICATION_LEASE_SECONDS"] = float(_lease)
# The portal's address in the links of notifications (conf.py PORTAL_BASE_URL).
if os.environ.get("FORGE_DEVHOST_PORTAL_BASE_URL"):
    FORGE_CATALOG["PORTAL_BASE_URL"] = os.environ["FORGE_DEVHOST_PORTAL_BASE_URL"]

# The devhost worker (defaults: devhost/conf.py).
if os.environ.get("FORGE_DEVHOST_JOB_LEASE_SECONDS"):
    FORGE_DEVHOST_JOB_LEASE_SECONDS = float(os.environ["FORGE_DEVHOST_JOB_LEASE_SECONDS"])
if os.environ.get("FORGE_DEVHOST_JOB_DIR"):
    FORGE_DEVHOST_JOB_DIR = os.environ["FORGE_DEVHOST_JOB_DIR"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "forge_catalog.request_id.RequestIdFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": "plain"}
    },
    "loggers": {
        "forge_catalog": {"handlers": ["console"], "level": os.environ.get("FORGE_LOG_LEVEL", "INFO")},
        # Every 5xx with its traceback, whatever DEBUG is (Django's default
        # sends them to the console only in DEBUG, else to mail_admins).
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}
