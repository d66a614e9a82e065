import logging

from django.apps import AppConfig


class IdgovuaConfig(AppConfig):
    """id.gov.ua, the state's identity provider: sign-in by the authorization-code flow."""

    name = "connectors.idgovua"
    label = "idgovua"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Keep the client secret and the tokens id.gov.ua takes in its query out of the HTTP client's log."""
        from connectors.idgovua.client import RedactSecretsFilter  # noqa: PLC0415 - apps load before their modules.

        logging.getLogger("httpx").addFilter(RedactSecretsFilter())
