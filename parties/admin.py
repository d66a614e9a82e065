from django.contrib import admin
from django.http import HttpRequest

from parties.models import Membership, Organisation


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    """Operators read organisations here; registration goes through the service, which audits it."""

    list_display = ["edrpou", "name_uk", "kind", "territory", "is_active", "edr_verified_at"]
    list_filter = ["kind", "is_active"]
    search_fields = ["edrpou", "name_uk"]

    def has_change_permission(self, request: HttpRequest, obj: Organisation | None = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin[Membership]):
    list_display = ["user", "organisation", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__username", "organisation__edrpou"]

    def has_change_permission(self, request: HttpRequest, obj: Membership | None = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
