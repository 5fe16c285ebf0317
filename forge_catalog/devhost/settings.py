"""The devhost Django project: forge-catalog inside a miniature controller.

Database: DATABASE_URL (postgres://user:password@host:port/name), else SQLite
at FORGE_DEVHOST_SQLITE (default ./demo/devhost.sqlite3).
"""

import importlib.util
import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

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


def _has_module(name):
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


DEBUG = os.environ.get("FORGE_DEVHOST_DEBUG", "1") == "1"
SECRET_KEY = os.environ.get("FORGE_DEVHOST_SECRET_KEY", "devhost-insecure-secret-key-change-me")
ALLOWED_HOSTS = os.environ.get("FORGE_DEVHOST_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": database_from_url(os.environ["DATABASE_URL"])}
else:
    _sqlite = Path(os.environ.get("FORGE_DEVHOST_SQLITE", Path.cwd() / "demo" / "devhost.sqlite3"))
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(_sqlite)}}

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
WSGI_APPLICATION = None

AUTH_PASSWORD_VALIDATORS = []
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

# The devhost worker (defaults: devhost/conf.py).
if os.environ.get("FORGE_DEVHOST_JOB_LEASE_SECONDS"):
    FORGE_DEVHOST_JOB_LEASE_SECONDS = float(os.environ["FORGE_DEVHOST_JOB_LEASE_SECONDS"])
if os.environ.get("FORGE_DEVHOST_JOB_DIR"):
    FORGE_DEVHOST_JOB_DIR = os.environ["FORGE_DEVHOST_JOB_DIR"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "forge_catalog": {"handlers": ["console"], "level": os.environ.get("FORGE_LOG_LEVEL", "INFO")}
    },
}
