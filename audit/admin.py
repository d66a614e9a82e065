from django.contrib import admin
from django.http import HttpRequest

from audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin[AuditEvent]):
    list_display = ["position", "occurred_at", "actor_label", "action", "object_type", "object_id", "is_public"]
    list_filter = ["action", "object_type", "is_public"]
    search_fields = ["object_id", "actor_label", "action"]

    # The log is append-only: the admin reads it and never writes it.
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False
