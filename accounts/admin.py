from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db import transaction
from django.http import HttpRequest

from accounts.models import ApiToken, User
from audit.services import record_event


@admin.register(User)
class AuditedUserAdmin(UserAdmin[User]):
    """Operators manage sign-in here; each save and delete is an audit event like any service's write."""

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            record_event(
                actor=request.user if isinstance(request.user, User) else None,
                action="accounts.user_changed" if change else "accounts.user_created",
                object_type="user",
                object_id=str(obj.pk),
                after={
                    "changed_fields": sorted(form.changed_data),
                    "is_active": obj.is_active,
                    "is_staff": obj.is_staff,
                },
                is_public=False,
            )

    def delete_model(self, request: HttpRequest, obj: User) -> None:
        with transaction.atomic():
            record_event(
                actor=request.user if isinstance(request.user, User) else None,
                action="accounts.user_deleted",
                object_type="user",
                object_id=str(obj.pk),
                is_public=False,
            )
            super().delete_model(request, obj)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    list_display = ["name", "user", "key_prefix", "created_at", "last_used_at", "revoked_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ApiToken | None = None) -> bool:
        return False
