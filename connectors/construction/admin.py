from django.contrib import admin

from connectors.admin import ReadOnly
from connectors.construction.models import ConstructionDocument


@admin.register(ConstructionDocument)
class ConstructionDocumentAdmin(ReadOnly):
    list_display = [
        "registration_number",
        "kind",
        "consequence_class",
        "object_name",
        "territory",
        "issued_on",
        "project",
        "damaged_asset",
        "source_file",
        "source_row",
    ]
    list_filter = ["kind", "consequence_class"]
    list_select_related = ["territory", "project", "damaged_asset"]
    search_fields = ["registration_number", "object_name", "territory__code", "project__code"]
    date_hierarchy = "issued_on"
    readonly_fields = [field.name for field in ConstructionDocument._meta.fields]  # noqa: SLF001 - Django's documented model API.
