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
    edr_name = models.TextField(blank=True, help_text="The full name as ЄДР, the register of legal entities, has it.")
    legal_form_code = models.CharField(
        max_length=8, blank=True, help_text="Code of the organisational and legal form (КОПФГ) in ЄДР."
    )
    legal_form = models.TextField(blank=True, help_text="The organisational and legal form as ЄДР names it.")
    register_status = models.TextField(
        blank=True, help_text="The status ЄДР gives, in its own words, such as «зареєстровано» or «припинено»."
    )
    is_active = models.BooleanField(
        null=True,
        blank=True,
        help_text="Whether ЄДР holds it as registered and not terminated; unknown until it is first verified.",
    )
    address = models.TextField(blank=True, help_text="The registered address (postcode first), as in ЄДР.")
    activity_codes = models.JSONField(
        default=list,
        blank=True,
        help_text="Kinds of economic activity (КВЕД) in ЄДР: a list of {code, name, primary}.",
    )
    edr_verified_at = models.DateTimeField(
        null=True, blank=True, help_text="When the organisation was last checked against ЄДР; empty until it is."
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
