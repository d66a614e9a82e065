from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The public web: the list of projects and each project's page."""

    name = "portal"
    verbose_name = "Portal"
