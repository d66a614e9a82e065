"""Funding calls: a call with its rules and criteria, the projects that apply, their scores and the ranking."""

from django.conf import settings
from django.db import models

from calls.codes import ApplicationStatus, CallStatus, CriterionKind, DecisionKind, Direction, RuleKind


class Call(models.Model):
    """A call for funding: its budget, its window, which projects may apply and how they are ranked."""

    code = models.SlugField(max_length=64, unique=True, help_text="A short name in the address, such as school-2026.")
    name = models.TextField(help_text="The call's name, in Ukrainian.")
    description = models.TextField(blank=True, help_text="What the call funds and why.")
    budget_uah = models.DecimalField(max_digits=18, decimal_places=2, help_text="Money the call gives, in hryvnias.")
    opens_at = models.DateTimeField(help_text="From when applications are taken.")
    closes_at = models.DateTimeField(help_text="Until when applications are taken (exclusive).")
    project_types = models.JSONField(
        default=list, blank=True, help_text="Project types (initiationTypes codes) that may apply; empty means any."
    )
    territory_prefixes = models.JSONField(
        default=list,
        blank=True,
        help_text="KATOTTG codes or prefixes (such as UA32) the project must lie within; empty means all Ukraine.",
    )
    bonus_per_application = models.DecimalField(
        max_digits=8,
        decimal_places=2,
        default=0,
        help_text="The most bonus points a regional administration may add to one application.",
    )
    bonus_per_oblast = models.DecimalField(
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="The most bonus points one oblast's administration may give in the whole call; empty means no cap.",
    )
    status = models.CharField(max_length=16, choices=CallStatus.choices, default=CallStatus.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True, help_text="When the ranking was published.")

    class Meta:
        ordering = ["-opens_at", "code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="call_window_not_empty",
                violation_error_message="A call must close after it opens.",
            )
        ]

    def __str__(self) -> str:
        return self.code


class EligibilityRule(models.Model):
    """A condition every project must meet to be ranked in the call."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="rules")
    kind = models.CharField(max_length=32, choices=RuleKind.choices)
    parameter = models.DecimalField(
        max_digits=18, decimal_places=2, null=True, blank=True, help_text="The number the rule compares against."
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "kind"],
                name="eligibility_rule_unique_kind",
                violation_error_message="The call already has this rule.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.call_id} {self.kind} {self.parameter}"


class Criterion(models.Model):
    """A measure of the project that earns points: from 0 to its weight, linearly between two bounds."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    kind = models.CharField(max_length=32, choices=CriterionKind.choices)
    direction = models.CharField(max_length=8, choices=Direction.choices, default=Direction.HIGHER)
    weight = models.DecimalField(max_digits=8, decimal_places=2, help_text="The most points the criterion gives.")
    min_value = models.DecimalField(
        max_digits=20, decimal_places=4, help_text="The value at or beyond which the worst score is given."
    )
    max_value = models.DecimalField(
        max_digits=20, decimal_places=4, help_text="The value at or beyond which the best score is given."
    )

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "criteria"
        constraints = [
            models.UniqueConstraint(
                fields=["call", "kind"],
                name="criterion_unique_kind",
                violation_error_message="The call already has this criterion.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.call_id} {self.kind} ×{self.weight}"


class Application(models.Model):
    """A project's application to a call, with the eligibility check made when it was submitted."""

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="applications")
    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT, related_name="call_applications")
    applicant = models.ForeignKey(
        "parties.Organisation", on_delete=models.PROTECT, related_name="+", help_text="The project's initiator."
    )
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    applied_at = models.DateTimeField()
    status = models.CharField(max_length=16, choices=ApplicationStatus.choices)
    eligibility = models.JSONField(
        default=list,
        help_text="Each rule checked: {rule, parameter, value, passed, message}, as evaluated on submission.",
    )

    class Meta:
        ordering = ["applied_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "project"],
                name="application_unique_project",
                violation_error_message="The project has already applied to this call.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.call_id} · {self.project_id}"


class Score(models.Model):
    """The points an application earns on one criterion, with the value measured and the rule applied."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    value = models.DecimalField(
        max_digits=20, decimal_places=4, null=True, blank=True, help_text="The measure; empty when it is unknown."
    )
    rule = models.TextField(help_text="How the points were found, in words a person can check.")
    points = models.DecimalField(max_digits=8, decimal_places=2)

    class Meta:
        ordering = ["criterion_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "criterion"],
                name="score_unique_criterion",
                violation_error_message="The application already has a score on this criterion.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.application_id} {self.criterion_id}: {self.points}"


class BonusPoints(models.Model):
    """Points a regional administration adds to an application in its oblast, within the call's quota."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="bonuses")
    points = models.DecimalField(max_digits=8, decimal_places=2)
    region = models.ForeignKey("parties.Organisation", on_delete=models.PROTECT, related_name="+")
    given_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    given_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["given_at", "id"]
        verbose_name_plural = "bonus points"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(points__gt=0),
                name="bonus_points_positive",
                violation_error_message="Bonus points must be above zero.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.application_id} +{self.points}"


class Decision(models.Model):
    """The commission's decision on an eligible application, with its reason."""

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="decision")
    decision = models.CharField(max_length=16, choices=DecisionKind.choices)
    reason = models.TextField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_for = models.ForeignKey(
        "parties.Organisation", on_delete=models.PROTECT, related_name="+", help_text="The commission's organisation."
    )
    decided_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.application_id}: {self.decision}"


class RankingEntry(models.Model):
    """One line of a call's published ranking, frozen when it was published."""

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="ranking")
    position = models.PositiveIntegerField()
    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="ranking_entry")
    automatic_points = models.DecimalField(max_digits=8, decimal_places=2)
    bonus_points = models.DecimalField(max_digits=8, decimal_places=2)
    total_points = models.DecimalField(max_digits=8, decimal_places=2)
    decision = models.CharField(max_length=16, choices=DecisionKind.choices)

    class Meta:
        ordering = ["call_id", "position"]
        verbose_name_plural = "ranking entries"
        constraints = [
            models.UniqueConstraint(
                fields=["call", "position"],
                name="ranking_entry_unique_position",
                violation_error_message="The ranking already has an entry at this position.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.call_id} #{self.position}"
