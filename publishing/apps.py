from django.apps import AppConfig


class PublishingConfig(AppConfig):
    """Open data: OC4IDS and OCDS packages, validation, bulk files, feeds and the DREAM-compatible API."""

    name = "publishing"
    verbose_name = "Publishing"
