from django.apps import AppConfig


class EdrConfig(AppConfig):
    """ЄДР, the Unified State Register of legal entities: organisations looked up and verified by EDRPOU."""

    name = "connectors.edr"
    label = "edr"
    default_auto_field = "django.db.models.BigAutoField"
