from django.apps import AppConfig


class PartiesConfig(AppConfig):
    """Organisations identified by EDRPOU, and the memberships that give users their roles."""

    name = "parties"
    verbose_name = "Parties"
