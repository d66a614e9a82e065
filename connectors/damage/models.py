"""What the damage register says: each damaged or destroyed asset, where it is, and what its loss is."""

from django.db import models

from connectors.damage.codes import DamageCategory, ObjectType


class DamagedAsset(models.Model):
    """An asset the damage register lists as damaged or destroyed, as its latest export gives it."""

    register_id = models.CharField(max_length=64, unique=True, help_text="The asset's identifier in the register.")
    territory = models.ForeignKey(
        "territories.Territory",
        on_delete=models.PROTECT,
        related_name="damaged_assets",
        help_text="The KATOTTG unit the asset lies in.",
    )
    address = models.TextField(
        blank=True, help_text="The address; never published for an asset owned by a private person."
    )
    object_type = models.CharField(max_length=32, choices=ObjectType.choices, help_text="What kind of object it is.")
    damage_category = models.CharField(
        max_length=16, choices=DamageCategory.choices, help_text="Damaged or destroyed, as the register classes it."
    )
    damaged_on = models.DateField(help_text="The date the damage was done.")
    estimated_loss_uah = models.DecimalField(
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="The loss the register estimates, in hryvnias; empty until it is assessed.",
    )
    owner_is_private = models.BooleanField(
        default=False,
        help_text="Whether a private person owns it: then only its place, type, category, date and loss are public.",
    )
    projects = models.ManyToManyField(
        "projects.Project",
        blank=True,
        related_name="damaged_assets",
        help_text="The DREAM projects that restore it.",
    )
    source_file = models.TextField(help_text="The export file this version was first read from.")
    source_row = models.PositiveIntegerField(help_text="The row of that file.")
    updated_at = models.DateTimeField(help_text="The time of the asset's latest audit event.")

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["territory", "object_type"], name="damaged_asset_place_type")]

    def __str__(self) -> str:
        return self.register_id
