from typing import Any

from django.contrib import admin

from calls.models import Application, BonusPoints, Call, Criterion, Decision, EligibilityRule, RankingEntry, Score


class ReadOnly(admin.ModelAdmin[Any]):
    """Operators read calls here; every change goes through the calls' services, which audit it."""

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):  # type: ignore[type-arg]
    extra = 0
    can_delete = False

    def has_add_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False


class RuleInline(ReadOnlyInline):
    model = EligibilityRule


class CriterionInline(ReadOnlyInline):
    model = Criterion


class ScoreInline(ReadOnlyInline):
    model = Score


class BonusInline(ReadOnlyInline):
    model = BonusPoints


@admin.register(Call)
class CallAdmin(ReadOnly):
    list_display = ["code", "name", "status", "opens_at", "closes_at", "budget_uah"]
    list_filter = ["status"]
    search_fields = ["code", "name"]
    inlines = [RuleInline, CriterionInline]


@admin.register(Application)
class ApplicationAdmin(ReadOnly):
    list_display = ["id", "call", "project", "applicant", "status", "applied_at"]
    list_filter = ["status", "call"]
    search_fields = ["project__code", "applicant__edrpou"]
    list_select_related = ["call", "project", "applicant"]
    inlines = [ScoreInline, BonusInline]


@admin.register(Decision)
class DecisionAdmin(ReadOnly):
    list_display = ["application", "decision", "decided_for", "decided_at"]
    list_filter = ["decision"]


@admin.register(RankingEntry)
class RankingEntryAdmin(ReadOnly):
    list_display = ["call", "position", "application", "automatic_points", "bonus_points", "total_points", "decision"]
    list_filter = ["call"]
