from django.apps import AppConfig


class PortalConfig(AppConfig):
    """Installed so the page's template and built static files are found
    (APP_DIRS / AppDirectoriesFinder look inside installed apps only)."""

    name = "forge_catalog.portal"
    label = "forge_catalog_portal"
    verbose_name = "forge-catalog portal"
