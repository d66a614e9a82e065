from django.contrib import admin

from connectors.admin import ReadOnly
from connectors.prozorro.models import MappedVersion, PlanRecord


@admin.register(PlanRecord)
class PlanRecordAdmin(ReadOnly):
    list_display = ["plan_id", "status", "buyer_edrpou", "budget_amount", "budget_currency", "project_code", "project"]
    list_filter = ["status", ("project", admin.EmptyFieldListFilter)]
    search_fields = ["plan_id", "prozorro_id", "buyer_edrpou", "project_code", "katottg_codes"]
    list_select_related = ["project"]
    readonly_fields = [field.name for field in PlanRecord._meta.fields]  # noqa: SLF001 - Django's documented model API.


@admin.register(MappedVersion)
class MappedVersionAdmin(ReadOnly):
    list_display = ["kind", "prozorro_id", "tender_id", "date_modified"]
    list_filter = ["kind"]
    search_fields = ["prozorro_id", "tender_id"]
    readonly_fields = [field.name for field in MappedVersion._meta.fields]  # noqa: SLF001 - Django's documented model API.
