from django.contrib import admin
from django.http import HttpRequest

from connectors.idgovua.models import MembershipRequest


@admin.register(MembershipRequest)
class MembershipRequestAdmin(admin.ModelAdmin[MembershipRequest]):
    """Read requests here; they are decided through their services, which grant the role and write the audit event."""

    list_display = ["user", "organisation", "role", "status", "requested_at", "decided_by", "decided_at"]
    list_filter = ["status", "role"]
    search_fields = ["organisation__edrpou", "user__username"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: MembershipRequest | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: MembershipRequest | None = None) -> bool:
        return False
