from django.apps import AppConfig


class CabinetConfig(AppConfig):
    """The signed-in pages: the guided passport, the queues of decisions, and the notices of what waits."""

    name = "cabinet"
    verbose_name = "Cabinet"
