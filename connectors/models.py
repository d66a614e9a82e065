"""What the connectors keep: each system's sync state, every payload as received, and what could not be mapped."""

from django.db import models


class Outcome(models.TextChoices):
    """How the latest sync of a system ended."""

    NEVER = "never", "never run"
    RUNNING = "running", "running (or stopped without finishing)"
    SUCCEEDED = "succeeded", "succeeded"
    FAILED = "failed", "failed"


class SyncState(models.Model):
    """Where a system's incremental pull stands, and what it has done so far."""

    system = models.CharField(max_length=32, unique=True, help_text="The connector's name, such as prozorro.")
    cursor = models.JSONField(
        default=dict, help_text="Where each of the system's feeds resumes: the source's own opaque cursors."
    )
    last_outcome = models.CharField(max_length=16, choices=Outcome.choices, default=Outcome.NEVER)
    last_started_at = models.DateTimeField(null=True, blank=True)
    last_finished_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True, help_text="When a sync last ran to its end.")
    last_error = models.TextField(blank=True, help_text="Why the latest sync failed, if it did.")
    last_run = models.JSONField(default=dict, help_text="The counts of the latest sync that finished.")
    runs = models.PositiveIntegerField(default=0, help_text="Syncs started.")
    failures = models.PositiveIntegerField(default=0, help_text="Syncs that ended in failure.")
    fetched = models.PositiveBigIntegerField(default=0, help_text="Documents fetched by every sync so far.")
    created = models.PositiveBigIntegerField(default=0, help_text="Records created by every sync so far.")
    updated = models.PositiveBigIntegerField(default=0, help_text="Records changed by every sync so far.")
    quarantined = models.PositiveBigIntegerField(default=0, help_text="Documents quarantined by every sync so far.")

    class Meta:
        ordering = ["system"]

    def __str__(self) -> str:
        return self.system


class RawDocument(models.Model):
    """A payload exactly as a source sent it, with where and when it came from (its provenance)."""

    system = models.CharField(max_length=32)
    kind = models.CharField(max_length=32, help_text="What the document is in its source: tender, contract, plan...")
    external_id = models.CharField(max_length=128, help_text="Its identifier in the source.")
    sha256 = models.CharField(max_length=64, help_text="SHA-256 of the body: one row per version received.")
    url = models.TextField(help_text="The address it was fetched from, or the file it was imported from.")
    body = models.TextField(help_text="The body as received, decoded as UTF-8.")
    received_at = models.DateTimeField(help_text="When this version was first received.")

    class Meta:
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["system", "kind", "external_id"], name="raw_document_source_id")]
        constraints = [
            models.UniqueConstraint(
                fields=["system", "kind", "external_id", "sha256"],
                name="raw_document_one_row_per_version",
                violation_error_message="This version of the document is already kept.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.system} {self.kind} {self.external_id}"


class Quarantined(models.Model):
    """A document that could not be mapped, kept with the reason until a later version maps."""

    system = models.CharField(max_length=32)
    kind = models.CharField(max_length=32)
    external_id = models.CharField(max_length=128, help_text="Its identifier in the source, or its place in a file.")
    sha256 = models.CharField(max_length=64, help_text="SHA-256 of the body as received.")
    url = models.TextField()
    body = models.TextField(help_text="The body as received.")
    reason = models.TextField(help_text="Why it could not be mapped, for the operator who fixes it.")
    first_seen_at = models.DateTimeField()
    last_seen_at = models.DateTimeField()
    attempts = models.PositiveIntegerField(default=1, help_text="How many syncs met this very version.")
    resolved_at = models.DateTimeField(
        null=True, blank=True, help_text="When a later version of the document was mapped after all."
    )

    class Meta:
        ordering = ["-last_seen_at", "-id"]
        verbose_name_plural = "quarantined documents"
        constraints = [
            models.UniqueConstraint(
                fields=["system", "kind", "external_id", "sha256"],
                name="quarantined_one_row_per_version",
                violation_error_message="This version of the document is already in the quarantine.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.system} {self.kind} {self.external_id}"
