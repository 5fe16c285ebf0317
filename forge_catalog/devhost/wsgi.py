"""WSGI entry point of the devhost: ``gunicorn forge_catalog.devhost.wsgi``.

The settings come from DJANGO_SETTINGS_MODULE when set (a test may point at
its own), else the devhost's.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forge_catalog.devhost.settings")

application = get_wsgi_application()
