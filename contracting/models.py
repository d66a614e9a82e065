"""Contracting processes (Prozorro tenders and their awards and contracts) and the OCDS releases that describe them."""

from django.db import models

from contracting.codes import PaymentSource, ReleaseSource


class ContractingProcess(models.Model):
    """A contracting process, known by its OCDS ocid, with a summary of its compiled record."""

    ocid = models.CharField(
        max_length=64, unique=True, help_text="Open Contracting ID: the publisher's prefix and the Prozorro tender id."
    )
    tender_id = models.CharField(max_length=32, db_index=True, help_text="Prozorro tender id, UA-YYYY-MM-DD-NNNNNN-x.")
    project = models.ForeignKey(
        "projects.Project",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contracting_processes",
        help_text="The project the process serves; empty while nobody has linked it to one.",
    )
    title = models.TextField(blank=True, help_text="The tender's title, or the first contract's, in the record.")
    status = models.TextField(blank=True, help_text="The tender's status in the record (OCDS tenderStatus codelist).")
    procuring_entity_edrpou = models.CharField(
        max_length=8, blank=True, db_index=True, help_text="EDRPOU code of the procuring entity, when it has one."
    )
    procuring_entity_name = models.TextField(blank=True, help_text="The procuring entity's name in the record.")
    value_amount = models.DecimalField(
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="The tender's estimated value, or the total of its contracts when no tender value is known.",
    )
    value_currency = models.CharField(max_length=3, blank=True, help_text="ISO 4217 currency of the value.")
    source = models.CharField(max_length=16, choices=ReleaseSource.choices, help_text="Where its releases come from.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(
        unique=True,
        help_text="When its latest release was recorded here (that audit event's time): unique, so feeds order by it.",
    )

    class Meta:
        ordering = ["-updated_at"]
        verbose_name_plural = "contracting processes"

    def __str__(self) -> str:
        return self.ocid


class Release(models.Model):
    """One OCDS release of a contracting process, kept as it was received."""

    process = models.ForeignKey(ContractingProcess, on_delete=models.PROTECT, related_name="releases")
    release_id = models.TextField(help_text="The release's id, unique within its ocid.")
    date = models.DateTimeField(help_text="The release's date: when the information it gives became true.")
    tags = models.TextField(help_text="The release's tags (OCDS releaseTag codes), separated by spaces.")
    document = models.JSONField(help_text="The release as received.")
    recorded_at = models.DateTimeField(
        unique=True,
        help_text="When it was recorded or replaced here (its audit event's time): unique, so feeds order by it.",
    )

    class Meta:
        ordering = ["date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["process", "release_id"],
                name="release_unique_id_per_process",
                violation_error_message="The contracting process already has a release with this id.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.process_id} {self.release_id}"

    @property
    def tag_list(self) -> list[str]:
        """Return the release's tags in their order."""
        return self.tags.split()


class Payment(models.Model):
    """Money paid from a payer's account to a recipient's, as its source reports it."""

    source = models.CharField(max_length=16, choices=PaymentSource.choices)
    external_id = models.CharField(max_length=128, help_text="The transaction's identifier in its source.")
    contract_id = models.CharField(
        max_length=64, blank=True, db_index=True, help_text="The Prozorro contract it pays, when the source says."
    )
    process = models.ForeignKey(
        ContractingProcess,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="payments",
        help_text="The contracting process of that contract, once it is known here.",
    )
    payer_edrpou = models.CharField(max_length=8, blank=True, db_index=True)
    payer_name = models.TextField(blank=True)
    recipient_edrpou = models.CharField(
        max_length=8, blank=True, db_index=True, help_text="Empty when the recipient is a private person."
    )
    recipient_name = models.TextField(blank=True, help_text="Empty when the recipient is a private person.")
    recipient_is_private = models.BooleanField(
        default=False, help_text="A private person (or sole trader) whose identity is never kept or published here."
    )
    amount = models.DecimalField(max_digits=18, decimal_places=2)
    currency = models.CharField(max_length=3, default="UAH")
    paid_on = models.DateField()
    purpose = models.TextField(blank=True, help_text="The payment's purpose as the payer wrote it.")
    recorded_at = models.DateTimeField(help_text="When it was recorded or last changed here (its audit event's time).")

    class Meta:
        ordering = ["-paid_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_id"],
                name="payment_unique_per_source",
                violation_error_message="This source's transaction is already recorded.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.external_id}"


class ProcessContract(models.Model):
    """A contract of a contracting process, by its id in the source, so payments find the process they pay."""

    process = models.ForeignKey(ContractingProcess, on_delete=models.CASCADE, related_name="contracts")
    contract_id = models.CharField(max_length=64, unique=True, help_text="The contract's id in its releases.")
    status = models.TextField(blank=True, help_text="OCDS contractStatus in the compiled record.")
    value_amount = models.DecimalField(max_digits=18, decimal_places=2, null=True, blank=True)
    value_currency = models.CharField(max_length=3, blank=True)

    class Meta:
        ordering = ["process", "contract_id"]

    def __str__(self) -> str:
        return self.contract_id
