from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    """Private conversations between a donor and the initiator of a project that seeks money."""

    name = "conversations"
    label = "conversations"
    default_auto_field = "django.db.models.BigAutoField"
