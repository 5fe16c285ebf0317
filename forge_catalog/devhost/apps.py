from django.apps import AppConfig


class DevhostConfig(AppConfig):
    name = "forge_catalog.devhost"
    label = "devhost"
    verbose_name = "Devhost (embedded controller)"
    default_auto_field = "django.db.models.BigAutoField"
