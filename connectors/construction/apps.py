from django.apps import AppConfig


class ConstructionConfig(AppConfig):
    """ЄДЕССБ, the construction e-system: permits and commissioning certificates, imported from its exports."""

    name = "connectors.construction"
    label = "construction"
    default_auto_field = "django.db.models.BigAutoField"
