from typing import Any

from django.contrib import admin

from finance.models import Commitment, ExchangeRate, Pledge, Tranche


class ReadOnly(admin.ModelAdmin[Any]):
    """The finance services write these; operators read them (changes go through the services and the API)."""

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(ExchangeRate)
class ExchangeRateAdmin(ReadOnly):
    list_display = ["currency", "on", "uah_per_unit", "source"]
    list_filter = ["currency"]
    date_hierarchy = "on"


@admin.register(Pledge)
class PledgeAdmin(ReadOnly):
    list_display = ["id", "project", "donor", "source_category", "amount", "currency", "pledged_on"]
    list_filter = ["currency", "source_category"]
    search_fields = ["project__code", "donor__name_uk", "donor__edrpou"]


@admin.register(Commitment)
class CommitmentAdmin(ReadOnly):
    list_display = ["id", "pledge", "agreement_reference", "amount", "currency", "committed_on", "status"]
    list_filter = ["status", "currency"]
    search_fields = ["agreement_reference", "pledge__project__code"]


@admin.register(Tranche)
class TrancheAdmin(ReadOnly):
    list_display = ["id", "commitment", "amount", "currency", "planned_on", "released_on", "milestone_met_on"]
    list_filter = ["currency"]
