"""What the cabinet keeps of its own: the projects a signed-in person watches."""

from django.conf import settings
from django.db import models


class Watch(models.Model):
    """A person's wish to be told by e-mail when a project's public history grows."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="watches",
        help_text="The person who watches; the digest goes to their e-mail address.",
    )
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.CASCADE,
        related_name="watches",
        help_text="The project watched.",
    )
    created_at = models.DateTimeField(auto_now_add=True, help_text="When the person started watching.")
    reported_up_to = models.ForeignKey(
        "audit.AuditEvent",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=(
            "The latest event of the project's public history already reported to the person (or already there when "
            "they started watching); the next digest carries only the events after it. Empty: nothing yet."
        ),
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "project"],
                name="watch_unique_user_project",
                violation_error_message="This person already watches this project.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.project_id}"
