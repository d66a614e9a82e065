from django.apps import AppConfig


class ConnectorsConfig(AppConfig):
    """Connectors to the state's first-level systems: what they hold is pulled here, never typed in twice."""

    name = "connectors"
    default_auto_field = "django.db.models.BigAutoField"
