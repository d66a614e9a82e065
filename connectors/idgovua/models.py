"""What signing in with id.gov.ua leaves behind besides the account: requests to join an organisation."""

from django.conf import settings
from django.db import models

from parties.models import Role


class MembershipRequestStatus(models.TextChoices):
    """Where a request to join an organisation stands."""

    PENDING = "pending", "waiting for a decision"
    APPROVED = "approved", "approved"
    REFUSED = "refused", "refused"


class MembershipRequest(models.Model):
    """A person's request to hold a role in the organisation whose signing key they signed in with.

    id.gov.ua names the organisation (its EDRPOU) when the person's qualified key belongs to it; that proves the
    person works there, not what they may do here, so one of the organisation's administrators decides.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership_requests")
    organisation = models.ForeignKey(
        "parties.Organisation", on_delete=models.PROTECT, related_name="membership_requests"
    )
    role = models.CharField(
        max_length=32, choices=Role.choices, help_text="The role asked for, chosen from the organisation's kind."
    )
    status = models.CharField(
        max_length=16,
        choices=MembershipRequestStatus.choices,
        default=MembershipRequestStatus.PENDING,
        help_text="Whether the request waits, or was approved or refused.",
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The administrator who approved or refused the request.",
    )
    decided_at = models.DateTimeField(null=True, blank=True, help_text="When the request was approved or refused.")
    reason = models.TextField(blank=True, help_text="Why the request was refused, as the administrator wrote it.")

    class Meta:
        ordering = ["requested_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"],
                condition=models.Q(status="pending"),
                name="membership_request_one_pending",
                violation_error_message="The person already has a request waiting to join this organisation.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.organisation.edrpou} · {self.role} · {self.status}"
