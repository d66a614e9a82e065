from django.contrib import admin
from django.http import HttpRequest

from territories.models import CodifierEdition, Territory


@admin.register(Territory)
class TerritoryAdmin(admin.ModelAdmin[Territory]):
    list_display = ["code", "name_uk", "name_en", "category", "level", "is_current"]
    list_filter = ["category", "level", "is_current"]
    search_fields = ["code", "name_uk", "name_en"]

    def has_change_permission(self, request: HttpRequest, obj: Territory | None = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(CodifierEdition)
class CodifierEditionAdmin(admin.ModelAdmin[CodifierEdition]):
    list_display = ["edition_date", "source", "unit_count", "created", "updated", "retired", "loaded_at"]
