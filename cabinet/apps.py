from django.apps import AppConfig


class CabinetConfig(AppConfig):
    """The signed-in pages: the guided passport, the queues of decisions, watched projects, and notices by e-mail."""

    name = "cabinet"
    verbose_name = "Cabinet"
