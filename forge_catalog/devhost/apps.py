from django.apps import AppConfig


class DevhostConfig(AppConfig):
    name = "forge_catalog.devhost"
    label = "devhost"
    verbose_name = "Devhost (embedded controller)"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # As AWX does (User.add_to_class('is_system_auditor', ...)).
        from django.contrib.auth import get_user_model

        from .models import set_user_is_system_auditor, user_is_system_auditor

        get_user_model().add_to_class(
            "is_system_auditor", property(user_is_system_auditor, set_user_is_system_auditor)
        )
