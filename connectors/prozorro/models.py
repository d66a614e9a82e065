"""What the Prozorro connector keeps of its own: the versions it has mapped, and the procurement plans."""

from django.db import models


class DocumentKind(models.TextChoices):
    """The kinds of Prozorro documents the connector pulls, each from a feed of its own."""

    TENDER = "tender", "tender"
    CONTRACT = "contract", "contract"
    PLAN = "plan", "plan"


class MappedVersion(models.Model):
    """The version of a Prozorro document last mapped here, and the public id of the tender it belongs to.

    A feed entry whose version is the one held is not fetched again, and a contract finds its tender's public id
    (the ocid of its contracting process) here.
    """

    kind = models.CharField(max_length=16, choices=DocumentKind.choices)
    prozorro_id = models.CharField(max_length=64, help_text="The document's internal id in the Prozorro API.")
    date_modified = models.CharField(
        max_length=40, help_text="The document's dateModified, as Prozorro wrote it, when it was last mapped."
    )
    tender_id = models.CharField(
        max_length=32,
        blank=True,
        db_index=True,
        help_text="The public tender id (UA-YYYY-MM-DD-NNNNNN-x) of the tender, or of a contract's tender.",
    )

    class Meta:
        ordering = ["kind", "prozorro_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "prozorro_id"],
                name="prozorro_mapped_version_once",
                violation_error_message="This Prozorro document already has its mapped version.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.prozorro_id}"


class PlanRecord(models.Model):
    """A Prozorro procurement plan: the budget a buyer plans to procure with, where, and for which project."""

    prozorro_id = models.CharField(max_length=64, unique=True, help_text="The plan's internal id in the Prozorro API.")
    plan_id = models.CharField(
        max_length=32, db_index=True, help_text="The plan's public id, UA-P-YYYY-MM-DD-NNNNNN-x."
    )
    status = models.TextField(blank=True, help_text="The plan's status in Prozorro: scheduled, complete, cancelled...")
    date_modified = models.DateTimeField(help_text="When Prozorro last changed the plan.")
    buyer_edrpou = models.CharField(
        max_length=8, blank=True, db_index=True, help_text="EDRPOU code of the buyer, when it has one."
    )
    buyer_name = models.TextField(blank=True, help_text="The buyer's name as the plan gives it.")
    budget_amount = models.DecimalField(
        max_digits=18, decimal_places=2, null=True, blank=True, help_text="The planned budget."
    )
    budget_currency = models.CharField(max_length=3, blank=True, help_text="ISO 4217 currency of the budget.")
    katottg_codes = models.TextField(
        blank=True,
        help_text="KATOTTG codes of the places in the budget's breakdown (scheme КАТОТТГ), separated by spaces.",
    )
    project_title = models.TextField(blank=True, help_text="The title of the project the plan names.")
    project_uri = models.TextField(blank=True, help_text="The address of the project the plan names.")
    project_code = models.CharField(
        max_length=26,
        blank=True,
        db_index=True,
        help_text="The DREAM project code (DREAM-UA-DDMMYY-XXXXXXXX) found in the plan's project or description.",
    )
    project = models.ForeignKey(
        "projects.Project",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="procurement_plans",
        help_text="The DREAM project the plan serves, when its code names one held here.",
    )
    tender_prozorro_id = models.CharField(
        max_length=64,
        blank=True,
        db_index=True,
        help_text="The internal Prozorro id of the tender the plan led to (its tender_id), once there is one.",
    )
    raw = models.ForeignKey(
        "connectors.RawDocument",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The version of the plan as received that this record was mapped from.",
    )
    updated_at = models.DateTimeField(help_text="When this record was created or last changed here.")

    class Meta:
        ordering = ["-date_modified", "-id"]

    def __str__(self) -> str:
        return self.plan_id

    @property
    def katottg_code_list(self) -> list[str]:
        """Return the KATOTTG codes in their order."""
        return self.katottg_codes.split()
