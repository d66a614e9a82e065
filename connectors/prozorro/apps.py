from django.apps import AppConfig


class ProzorroConfig(AppConfig):
    """Prozorro, the public procurement system: tenders, contracts and plans."""

    name = "connectors.prozorro"
    label = "prozorro"
    default_auto_field = "django.db.models.BigAutoField"
