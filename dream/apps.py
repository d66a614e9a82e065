from django.apps import AppConfig


class DreamConfig(AppConfig):
    """The project package: shared errors, the API root and the command line."""

    name = "dream"
    verbose_name = "DREAM"
