from django.contrib import admin
from django.http import HttpRequest

from contracting.models import ContractingProcess, Release


class ReleaseInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Release
    extra = 0
    can_delete = False
    fields = ["release_id", "date", "tags", "recorded_at", "document"]

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(ContractingProcess)
class ContractingProcessAdmin(admin.ModelAdmin[ContractingProcess]):
    """Operators read contracting processes here; releases arrive only through the services, which audit them."""

    list_display = ["ocid", "title", "status", "procuring_entity_edrpou", "value_amount", "value_currency", "project"]
    list_filter = ["status", "source"]
    search_fields = ["ocid", "title", "procuring_entity_edrpou", "project__code"]
    list_select_related = ["project"]
    inlines = [ReleaseInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ContractingProcess | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: ContractingProcess | None = None) -> bool:
        return False
