"""The audit log: every change as an event chained by SHA-256 to the event before it."""

from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    """One change made through a service: who, when, what, before and after."""

    position = models.PositiveBigIntegerField(unique=True, help_text="Place in the chain, from 1 without gaps.")
    occurred_at = models.DateTimeField(help_text="When the service made the change.")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The user who acted; empty for the system itself (imports, demonstration data).",
    )
    actor_label = models.TextField(help_text="The actor's user name when the event was written.")
    actor_organisation = models.TextField(
        blank=True, help_text="EDRPOU code of the organisation on whose behalf the actor acted, if any."
    )
    action = models.TextField(help_text="The domain verb, such as project.submitted_for_appraisal.")
    object_type = models.TextField(help_text="The kind of object changed, such as project.")
    object_id = models.TextField(help_text="The identifier of the changed object, such as a project code.")
    before = models.JSONField(null=True, blank=True, help_text="The object's relevant fields before the change.")
    after = models.JSONField(null=True, blank=True, help_text="The object's relevant fields after the change.")
    comment = models.TextField(blank=True, help_text="The reason or remark the actor gave.")
    is_public = models.BooleanField(
        default=True,
        help_text="Whether the event belongs to the object's public history (nothing personal or restricted).",
    )
    previous_hash = models.CharField(max_length=64, help_text="The hash of the event before this one.")
    hash = models.CharField(max_length=64, unique=True, help_text="SHA-256 of this event's content and previous_hash.")

    class Meta:
        ordering = ["position"]
        indexes = [models.Index(fields=["object_type", "object_id", "position"], name="audit_event_object_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["occurred_at"],
                name="audit_event_unique_time",
                violation_error_message="Two audit events cannot share a time.",
            )
        ]

    def __str__(self) -> str:
        return f"#{self.position} {self.action} {self.object_type}:{self.object_id}"


class ChainHead(models.Model):
    """The single row that holds the chain's last position and hash, locked while an event is appended."""

    singleton = models.PositiveSmallIntegerField(primary_key=True, default=1)
    position = models.PositiveBigIntegerField(default=0, help_text="Position of the last event written.")
    hash = models.CharField(max_length=64, help_text="Hash of the last event written.")
    occurred_at = models.DateTimeField(null=True, blank=True, help_text="Time of the last event written.")

    def __str__(self) -> str:
        return f"head #{self.position}"
