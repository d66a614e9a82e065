from django.contrib import admin

from connectors.admin import ReadOnly
from connectors.damage.models import DamagedAsset


@admin.register(DamagedAsset)
class DamagedAssetAdmin(ReadOnly):
    list_display = [
        "register_id",
        "territory",
        "object_type",
        "damage_category",
        "damaged_on",
        "estimated_loss_uah",
        "owner_is_private",
        "source_file",
        "source_row",
    ]
    list_filter = ["object_type", "damage_category", "owner_is_private"]
    list_select_related = ["territory"]
    search_fields = ["register_id", "territory__code", "address"]
    date_hierarchy = "damaged_on"
    exclude = ["projects"]
    readonly_fields = [
        *(field.name for field in DamagedAsset._meta.fields),  # noqa: SLF001 - Django's documented model API.
        "project_codes",
    ]

    @admin.display(description="DREAM projects")
    def project_codes(self, asset: DamagedAsset) -> str:
        return ", ".join(project.code for project in asset.projects.all())
