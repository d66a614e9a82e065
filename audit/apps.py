from django.apps import AppConfig


class AuditConfig(AppConfig):
    """The append-only, hash-chained log of every change."""

    name = "audit"
    verbose_name = "Audit log"
