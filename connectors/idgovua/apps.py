from django.apps import AppConfig


class IdgovuaConfig(AppConfig):
    """id.gov.ua, the state's identity provider: sign-in by the authorization-code flow."""

    name = "connectors.idgovua"
    label = "idgovua"
    default_auto_field = "django.db.models.BigAutoField"
