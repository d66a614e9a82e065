"""The KATOTTG codifier of administrative-territorial units and territories of hromadas."""

from django.db import models


class Category(models.TextChoices):
    """The codifier's one-letter category of a unit."""

    OBLAST = "O", "oblast / Autonomous Republic of Crimea"
    SPECIAL_CITY = "K", "city with special status"
    RAION = "P", "raion"
    HROMADA = "H", "territorial hromada"
    CITY = "M", "city"
    URBAN_SETTLEMENT = "X", "settlement"
    VILLAGE = "C", "village"
    URBAN_TYPE_SETTLEMENT = "T", "urban-type settlement"
    CITY_DISTRICT = "B", "city district"


# The number of leading characters of a code that identify a unit of each category: every unit inside it
# shares them, so a prefix filter finds everything within a unit.
PREFIX_LENGTH = {"O": 4, "K": 4, "P": 6, "H": 9, "M": 12, "X": 12, "C": 12, "T": 12, "B": 14}
LEVEL = {"O": 1, "K": 1, "P": 2, "H": 3, "M": 4, "X": 4, "C": 4, "T": 4, "B": 5}


class Territory(models.Model):
    """One unit of the KATOTTG codifier, identified by its ``UA`` + 17-digit code."""

    code = models.CharField(max_length=19, primary_key=True, help_text="KATOTTG code: UA followed by 17 digits.")
    category = models.CharField(max_length=1, choices=Category.choices, help_text="The codifier's category letter.")
    name_uk = models.TextField(help_text="Name in Ukrainian, as in the codifier.")
    name_en = models.TextField(help_text="Name in English, by the official Ukrainian-Latin transliteration.")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", help_text="The unit above."
    )
    level = models.PositiveSmallIntegerField(help_text="1 oblast, 2 raion, 3 hromada, 4 settlement, 5 city district.")
    prefix = models.CharField(
        max_length=19, db_index=True, help_text="Leading characters shared by every unit within."
    )
    search_name = models.TextField(blank=True, editable=False, help_text="Both names case-folded, for search.")
    is_current = models.BooleanField(default=True, help_text="Whether the latest loaded edition still lists the unit.")

    class Meta:
        ordering = ["code"]
        verbose_name_plural = "territories"

    def __str__(self) -> str:
        return f"{self.name_uk} ({self.code})"

    @property
    def oblast_code(self) -> str:
        """Return the code prefix of the oblast (or special-status city) the unit lies in."""
        return self.code[:4]


class CodifierEdition(models.Model):
    """One load of the codifier: which edition, from where, and how many units it held."""

    edition_date = models.DateField(help_text="The date of the codifier edition.")
    source = models.TextField(help_text="The file the edition was read from.")
    unit_count = models.PositiveIntegerField(help_text="Units in the edition.")
    created = models.PositiveIntegerField(help_text="Units new in this load.")
    updated = models.PositiveIntegerField(help_text="Units whose name, category or parent changed.")
    retired = models.PositiveIntegerField(help_text="Units no longer listed.")
    loaded_at = models.DateTimeField(auto_now_add=True, help_text="When the load finished.")

    class Meta:
        ordering = ["-loaded_at"]

    def __str__(self) -> str:
        return f"KATOTTG {self.edition_date}"
