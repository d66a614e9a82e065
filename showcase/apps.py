from django.apps import AppConfig


class ShowcaseConfig(AppConfig):
    """What donors see: the projects that seek money, and the portfolio of their own pledges."""

    name = "showcase"
    label = "showcase"
    default_auto_field = "django.db.models.BigAutoField"
