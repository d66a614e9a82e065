from django.apps import AppConfig


class SpendingConfig(AppConfig):
    """The treasury's spending portal: payments from public budgets."""

    name = "connectors.spending"
    label = "spending"
    default_auto_field = "django.db.models.BigAutoField"
