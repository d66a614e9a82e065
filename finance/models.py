"""The money chain: the official exchange rates, and donors' pledges, commitments and tranches."""

from django.conf import settings
from django.db import models

from projects.codes import Currency, FundingSourceCategory


class ExchangeRate(models.Model):
    """The official rate of the National Bank of Ukraine for one currency on one day."""

    currency = models.CharField(max_length=3, help_text="ISO 4217 letter code, such as USD or EUR.")
    on = models.DateField(help_text="The day the National Bank set this rate for.")
    uah_per_unit = models.DecimalField(
        max_digits=18, decimal_places=6, help_text="Hryvnias for one unit of the currency."
    )
    source = models.TextField(help_text="Where the rate was read from: the file or address it was loaded from.")

    class Meta:
        ordering = ["currency", "on"]
        constraints = [
            models.UniqueConstraint(
                fields=["currency", "on"],
                name="exchange_rate_unique_day",
                violation_error_message="This currency already has a rate for this day.",
            ),
            models.CheckConstraint(
                condition=models.Q(uah_per_unit__gt=0),
                name="exchange_rate_positive",
                violation_error_message="An exchange rate must be above zero.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.currency} {self.on}: {self.uah_per_unit}"


class Pledge(models.Model):
    """A donor's stated intention to fund a project from one source, before any agreement."""

    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT, related_name="pledges")
    donor = models.ForeignKey(
        "parties.Organisation", on_delete=models.PROTECT, related_name="pledges", help_text="The financing party."
    )
    source_category = models.CharField(
        max_length=32, choices=FundingSourceCategory.choices, help_text="The funding source the money comes from."
    )
    amount = models.DecimalField(max_digits=18, decimal_places=2, help_text="Amount pledged, above zero.")
    currency = models.CharField(max_length=3, choices=Currency.choices)
    pledged_on = models.DateField(help_text="The day of the pledge; its amount converts at that day's rate.")
    note = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pledged_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0),
                name="pledge_amount_positive",
                violation_error_message="A pledged amount must be above zero.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.project_id} ← {self.donor_id}: {self.amount} {self.currency}"


class CommitmentStatus(models.TextChoices):
    """Where a commitment stands: only a confirmed commitment counts as committed."""

    PROPOSED = "proposed", "Запропоновано / Proposed"
    CONFIRMED = "confirmed", "Підтверджено / Confirmed"
    REFUSED = "refused", "Відхилено / Refused"


class Commitment(models.Model):
    """An agreement under a pledge: its reference, conditions and amount, confirmed by the project's owner."""

    pledge = models.ForeignKey(Pledge, on_delete=models.PROTECT, related_name="commitments")
    agreement_reference = models.CharField(max_length=128, help_text="The agreement's number or reference.")
    conditions = models.TextField(blank=True, help_text="The agreement's conditions, as agreed.")
    amount = models.DecimalField(max_digits=18, decimal_places=2, help_text="Amount committed, above zero.")
    currency = models.CharField(max_length=3, choices=Currency.choices, help_text="The pledge's currency.")
    committed_on = models.DateField(help_text="The day of the agreement; its amount converts at that day's rate.")
    status = models.CharField(max_length=16, choices=CommitmentStatus.choices, default=CommitmentStatus.PROPOSED)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True, help_text="Why the commitment was refused.")

    class Meta:
        ordering = ["committed_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0),
                name="commitment_amount_positive",
                violation_error_message="A committed amount must be above zero.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.agreement_reference}: {self.amount} {self.currency} ({self.status})"


class Tranche(models.Model):
    """A disbursement under a commitment, planned and then released, optionally after a milestone is met."""

    commitment = models.ForeignKey(Commitment, on_delete=models.PROTECT, related_name="tranches")
    amount = models.DecimalField(max_digits=18, decimal_places=2, help_text="Amount of the tranche, above zero.")
    currency = models.CharField(max_length=3, choices=Currency.choices, help_text="The commitment's currency.")
    planned_on = models.DateField(null=True, blank=True, help_text="The day the release is planned for.")
    released_on = models.DateField(
        null=True, blank=True, help_text="The day the money was released; empty while it is not released."
    )
    milestone = models.TextField(blank=True, help_text="What must be achieved before the release, if anything.")
    milestone_met_on = models.DateField(null=True, blank=True, help_text="The day the milestone was met.")

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0),
                name="tranche_amount_positive",
                violation_error_message="A tranche must be above zero.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.commitment_id}: {self.amount} {self.currency} released {self.released_on}"
