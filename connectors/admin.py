from typing import Any

from django.contrib import admin

from connectors.models import Quarantined, RawDocument, SyncState


class ReadOnly(admin.ModelAdmin[Any]):
    """The connectors write these; operators read them (changes go through ``dream sync`` and its services)."""

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(SyncState)
class SyncStateAdmin(ReadOnly):
    list_display = [
        "system",
        "last_outcome",
        "last_success_at",
        "last_finished_at",
        "fetched",
        "quarantined",
        "last_error",
    ]
    readonly_fields = [field.name for field in SyncState._meta.fields]  # noqa: SLF001 - Django\'s documented model API.


@admin.register(RawDocument)
class RawDocumentAdmin(ReadOnly):
    list_display = ["system", "kind", "external_id", "received_at", "sha256"]
    list_filter = ["system", "kind"]
    search_fields = ["external_id"]
    readonly_fields = [field.name for field in RawDocument._meta.fields]  # noqa: SLF001 - Django\'s documented model API.


@admin.register(Quarantined)
class QuarantinedAdmin(ReadOnly):
    list_display = ["system", "kind", "external_id", "reason", "attempts", "last_seen_at", "resolved_at"]
    list_filter = ["system", "kind", ("resolved_at", admin.EmptyFieldListFilter)]
    search_fields = ["external_id", "reason"]
    readonly_fields = [field.name for field in Quarantined._meta.fields]  # noqa: SLF001 - Django\'s documented model API.
