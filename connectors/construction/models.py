"""What ЄДЕССБ says: the permits, notices, declarations and certificates of construction works."""

from django.db import models

from connectors.construction.codes import ConsequenceClass, DocumentKind


class ConstructionDocument(models.Model):
    """A document of ЄДЕССБ, the construction e-system, as its latest export gives it."""

    registration_number = models.CharField(
        max_length=14, unique=True, help_text="The number ЄДЕССБ registered it under, such as ІУ013230712345."
    )
    kind = models.CharField(max_length=32, choices=DocumentKind.choices, help_text="What the document is.")
    consequence_class = models.CharField(
        max_length=3, choices=ConsequenceClass.choices, help_text="The class of consequences of the works."
    )
    object_name = models.TextField(help_text="The name of the object built or restored, as in the document.")
    territory = models.ForeignKey(
        "territories.Territory",
        on_delete=models.PROTECT,
        related_name="construction_documents",
        help_text="The KATOTTG unit the object lies in.",
    )
    address = models.TextField(blank=True, help_text="The object's address.")
    issued_on = models.DateField(help_text="The date the document was issued or registered.")
    valid_until = models.DateField(null=True, blank=True, help_text="The last day a permit is valid, if it expires.")
    commissioned_on = models.DateField(
        null=True, blank=True, help_text="The date the object was taken into use, on a declaration or certificate."
    )
    issuing_authority = models.TextField(help_text="The body that issued or registered the document.")
    issuing_authority_edrpou = models.CharField(max_length=8, blank=True, help_text="The body's EDRPOU code.")
    project = models.ForeignKey(
        "projects.Project",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="construction_documents",
        help_text="The DREAM project the works belong to.",
    )
    damaged_asset = models.ForeignKey(
        "damage.DamagedAsset",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="construction_documents",
        help_text="The damaged asset the works restore.",
    )
    source_file = models.TextField(help_text="The export file this version was first read from.")
    source_row = models.PositiveIntegerField(help_text="The row of that file.")
    updated_at = models.DateTimeField(help_text="The time of the document's latest audit event.")

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.registration_number
