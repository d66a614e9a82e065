from django.apps import AppConfig


class DamageConfig(AppConfig):
    """The damage register: damaged and destroyed assets, imported from its export files."""

    name = "connectors.damage"
    label = "damage"
    default_auto_field = "django.db.models.BigAutoField"
