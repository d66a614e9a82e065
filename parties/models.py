"""Organisations and the roles their people hold in the system."""

from django.conf import settings
from django.db import models


class OrganisationKind(models.TextChoices):
    """What an organisation is, which decides what its members may do."""

    COMMUNITY = "community", "territorial community (hromada council)"
    REGIONAL_ADMINISTRATION = "regional_administration", "regional (oblast) administration"
    MINISTRY = "ministry", "ministry"
    AGENCY = "agency", "central executive agency"
    STATE_ENTERPRISE = "state_enterprise", "state enterprise"
    MUNICIPAL_ENTERPRISE = "municipal_enterprise", "municipal enterprise"
    DONOR = "donor", "donor or international financial institution"
    INVESTOR = "investor", "private investor"
    CONTRACTOR = "contractor", "contractor"
    DESIGNER = "designer", "design organisation"
    OTHER = "other", "other legal entity"


class Role(models.TextChoices):
    """A role a user holds within one organisation."""

    COMMUNITY_EDITOR = "community_editor", "community editor"
    REGIONAL_APPROVER = "regional_approver", "regional approver"
    MINISTRY_APPROVER = "ministry_approver", "ministry approver"
    DONOR = "donor", "donor"
    AUDITOR = "auditor", "auditor"
    OPERATOR = "operator", "operator"


class Organisation(models.Model):
    """A legal entity identified by its EDRPOU code (scheme UA-EDR)."""

    edrpou = models.CharField(max_length=8, unique=True, help_text="EDRPOU code: eight digits with a check digit.")
    name_uk = models.TextField(help_text="Full name in Ukrainian, as in the register of legal entities.")
    name_en = models.TextField(blank=True, help_text="Name in English, where the organisation uses one.")
    search_name = models.TextField(blank=True, editable=False, help_text="Both names case-folded, for search.")
    kind = models.CharField(max_length=32, choices=OrganisationKind.choices, help_text="What the organisation is.")
    territory = models.ForeignKey(
        "territories.Territory",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The unit the organisation serves: a hromada for a community, an oblast for its administration.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name_uk"]

    def __str__(self) -> str:
        return f"{self.name_uk} ({self.edrpou})"


class Membership(models.Model):
    """A user's role within an organisation."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(
        max_length=32, choices=Role.choices, help_text="What the user may do for the organisation."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"],
                name="membership_unique_role",
                violation_error_message="The user already holds this role in this organisation.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.organisation.edrpou}"
