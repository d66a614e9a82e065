from django.contrib import admin
from django.http import HttpRequest

from projects.models import BudgetLine, FinanceLine, Location, PhasePlan, Project, Transition


class ReadOnlyInline(admin.TabularInline):  # type: ignore[type-arg]
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class LocationInline(ReadOnlyInline):
    model = Location


class BudgetLineInline(ReadOnlyInline):
    model = BudgetLine


class FinanceLineInline(ReadOnlyInline):
    model = FinanceLine


class PhaseInline(ReadOnlyInline):
    model = PhasePlan


class TransitionInline(ReadOnlyInline):
    model = Transition


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin[Project]):
    """Operators read projects here; every change goes through the services, which audit it."""

    list_display = ["code", "title_uk", "status", "status_details", "sector", "initiator", "estimated_cost_uah"]
    list_filter = ["status", "status_details", "purpose", "type"]
    search_fields = ["code", "title_uk", "initiator__edrpou"]
    list_select_related = ["initiator"]
    inlines = [LocationInline, BudgetLineInline, FinanceLineInline, PhaseInline, TransitionInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Project | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Project | None = None) -> bool:
        return False
