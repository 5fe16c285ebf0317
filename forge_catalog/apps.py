from django.apps import AppConfig


class ForgeCatalogConfig(AppConfig):
    name = "forge_catalog"
    label = "forge_catalog"
    verbose_name = "Service catalog"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.core.checks import register

        from forge_catalog import checks, signals

        signals.connect_job_receivers()
        signals.connect_removal_receivers()
        register(checks.check_url_mount, "urls")
        register(checks.check_expiry_settings)
