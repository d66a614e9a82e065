"""Conversations between a donor and a project's initiator: threads, messages and their attached files."""

from django.conf import settings
from django.db import models


class Thread(models.Model):
    """The one private conversation of a donor organisation with the initiator of a project."""

    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT, related_name="conversations")
    donor = models.ForeignKey(
        "parties.Organisation",
        on_delete=models.PROTECT,
        related_name="conversations",
        help_text="The donor organisation on one side; the project's initiator is on the other.",
    )
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(auto_now_add=True)
    last_message_at = models.DateTimeField(
        help_text="When the latest message was written, to list busy threads first."
    )

    class Meta:
        ordering = ["-last_message_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "donor"],
                name="conversation_unique_project_donor",
                violation_error_message="This donor already has a conversation about this project.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.project_id} ↔ {self.donor_id}"


class Message(models.Model):
    """What one participant wrote in a conversation, for one side of it."""

    thread = models.ForeignKey(Thread, on_delete=models.PROTECT, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    author_organisation = models.ForeignKey(
        "parties.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The side the author wrote for: the donor or the project's initiator.",
    )
    body = models.TextField(blank=True, help_text="The text of the message; may be empty when files are attached.")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["sent_at", "id"]

    def __str__(self) -> str:
        return f"{self.thread_id} #{self.pk}"


class Attachment(models.Model):
    """A file attached to a message, stored under its SHA-256 and served only to the participants."""

    message = models.ForeignKey(Message, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(max_length=255, help_text="Where the bytes are stored, named by their SHA-256.")
    filename = models.TextField(help_text="The file's name as uploaded.")
    media_type = models.TextField(help_text="The MIME type found from the file's content.")
    size = models.PositiveBigIntegerField(help_text="Bytes.")
    sha256 = models.CharField(max_length=64, help_text="SHA-256 of the file's bytes.")

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.filename
