from django.apps import AppConfig


class CallsConfig(AppConfig):
    """Funding calls: their rules and criteria, the applications, scores, bonuses, decisions and rankings."""

    name = "calls"
    verbose_name = "Funding calls"
