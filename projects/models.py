"""The bank of projects: the passport of each project, its money plan, phases, documents and decisions."""

from django.conf import settings
from django.db import models

from projects.codes import (
    AccessLevel,
    CostItem,
    CostType,
    Currency,
    DocumentType,
    FundingSourceCategory,
    FundingType,
    IndicatorKind,
    PartyRole,
    Phase,
    ProjectType,
    Purpose,
    Status,
    StatusDetail,
)


class Project(models.Model):
    """A reconstruction or development project, from its idea to its commissioning."""

    code = models.CharField(max_length=26, unique=True, help_text="DREAM-UA-DDMMYY-XXXXXXXX, given at registration.")
    title_uk = models.TextField(help_text="Title in Ukrainian.")
    title_en = models.TextField(blank=True, help_text="Title in English.")
    description_uk = models.TextField(blank=True, help_text="What the project does and why, in Ukrainian.")
    description_en = models.TextField(blank=True, help_text="What the project does and why, in English.")
    purpose = models.CharField(max_length=16, choices=Purpose.choices, help_text="Restoration or development.")
    type = models.CharField(max_length=16, choices=ProjectType.choices, help_text="The kind of work.")
    sector = models.CharField(max_length=4, help_text="World Bank economic sector code (WB-ECO), such as ES or HQ.")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    status_details = models.CharField(max_length=16, choices=StatusDetail.choices, default=StatusDetail.INITIATED)
    initiator = models.ForeignKey(
        "parties.Organisation",
        on_delete=models.PROTECT,
        related_name="initiated_projects",
        help_text="Who proposes it.",
    )
    registered_on = models.DateField(help_text="The date the idea was registered, as in the code.")
    estimated_cost_uah = models.DecimalField(
        default=0,
        help_text="Sum of the budget lines in hryvnias, kept current by the services.",
        max_digits=18,
        decimal_places=2,
    )
    search_text = models.TextField(
        blank=True, editable=False, help_text="Code, titles and descriptions case-folded, for search in any alphabet."
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Who last submitted the project for a decision; they may not make that decision.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(
        unique=True, help_text="The time of the project's latest audit event: unique, so change feeds can order by it."
    )

    class Meta:
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["status", "status_details"], name="project_status_idx"),
            models.Index(fields=["sector"], name="project_sector_idx"),
            models.Index(fields=["status", "sector"], name="project_status_sector_idx"),
        ]

    def __str__(self) -> str:
        return self.code


class ProjectParty(models.Model):
    """An organisation's role in a project."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="parties")
    organisation = models.ForeignKey("parties.Organisation", on_delete=models.PROTECT, related_name="project_roles")
    role = models.CharField(max_length=24, choices=PartyRole.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organisation", "role"],
                name="project_party_unique_role",
                violation_error_message="This organisation already has this role in the project.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.project_id} · {self.role} · {self.organisation_id}"


class Location(models.Model):
    """A place where the project works, by KATOTTG code with an optional point."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="locations")
    territory = models.ForeignKey("territories.Territory", on_delete=models.PROTECT, related_name="+")
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True, help_text="WGS 84 degrees.")
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True, help_text="WGS 84 degrees.")
    address = models.TextField(blank=True, help_text="Street address or landmark of an institution.")

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.project_id} @ {self.territory_id}"


class BudgetLine(models.Model):
    """One line of the cost estimate: a cost item in one year."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="budget_lines")
    cost_item = models.CharField(max_length=24, choices=CostItem.choices)
    cost_type = models.CharField(max_length=8, choices=CostType.choices)
    year = models.PositiveSmallIntegerField(help_text="The year the money is spent.")
    amount = models.DecimalField(help_text="Amount, not negative.", max_digits=18, decimal_places=2)
    currency = models.CharField(max_length=3, choices=Currency.choices, default=Currency.UAH)

    class Meta:
        ordering = ["year", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gte=0),
                name="budget_line_amount_not_negative",
                violation_error_message="A budget amount cannot be negative.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.project_id} {self.cost_item} {self.year}: {self.amount} {self.currency}"


class FinanceLine(models.Model):
    """Money expected for the project from one source and financing party."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="finance_lines")
    source_category = models.CharField(max_length=32, choices=FundingSourceCategory.choices)
    funding_type = models.CharField(max_length=24, choices=FundingType.choices)
    financing_party = models.ForeignKey(
        "parties.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="financed_lines"
    )
    amount = models.DecimalField(help_text="Amount, not negative.", max_digits=18, decimal_places=2)
    currency = models.CharField(max_length=3, choices=Currency.choices, default=Currency.UAH)
    is_committed = models.BooleanField(default=False, help_text="Whether the financing party has committed it.")

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gte=0),
                name="finance_line_amount_not_negative",
                violation_error_message="A finance amount cannot be negative.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.project_id} {self.source_category}: {self.amount} {self.currency}"


class PhasePlan(models.Model):
    """A phase of the project with its planned and actual dates."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="phases")
    phase = models.CharField(max_length=24, choices=Phase.choices)
    planned_start = models.DateField()
    planned_end = models.DateField()
    actual_start = models.DateField(null=True, blank=True)
    actual_end = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["planned_start", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "phase"],
                name="phase_plan_unique_phase",
                violation_error_message="The project already plans this phase.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.project_id} {self.phase}"


class Indicator(models.Model):
    """What the project changes, with its baseline and target."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="indicators")
    kind = models.CharField(max_length=24, choices=IndicatorKind.choices)
    name = models.TextField(help_text="What is counted, such as pupils or households.")
    baseline = models.DecimalField(max_digits=14, decimal_places=2)
    target = models.DecimalField(max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.project_id} {self.kind}"


class Document(models.Model):
    """A document or photo of the project, stored as a file with its hash and access level."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="documents")
    document_type = models.CharField(max_length=24, choices=DocumentType.choices)
    access_level = models.CharField(max_length=12, choices=AccessLevel.choices, default=AccessLevel.OPEN)
    title = models.TextField()
    file = models.FileField(max_length=255, help_text="Where the bytes are stored, named by their SHA-256.")
    filename = models.TextField(help_text="The file's name as uploaded.")
    media_type = models.TextField(help_text="The MIME type found from the file's content.")
    size = models.PositiveBigIntegerField(help_text="Bytes.")
    sha256 = models.CharField(max_length=64, help_text="SHA-256 of the file's bytes.")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.project_id} {self.title}"


class Transition(models.Model):
    """One step of the life cycle: from which status to which, by whom, when and why."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="transitions")
    step = models.TextField(help_text="The service's verb, such as submit_for_appraisal.")
    from_status = models.CharField(max_length=16, choices=Status.choices)
    from_details = models.CharField(max_length=16, choices=StatusDetail.choices)
    to_status = models.CharField(max_length=16, choices=Status.choices)
    to_details = models.CharField(max_length=16, choices=StatusDetail.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    acting_for = models.ForeignKey("parties.Organisation", null=True, on_delete=models.PROTECT, related_name="+")
    acted_at = models.DateTimeField(auto_now_add=True)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["acted_at", "id"]

    def __str__(self) -> str:
        return f"{self.project_id}: {self.from_details} → {self.to_details}"
