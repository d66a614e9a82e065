"""The codelists of funding calls: statuses, eligibility rules, scoring criteria and decisions."""

from django.db import models


class CallStatus(models.TextChoices):
    """Where a call stands: drafted, taking applications, closed to them, or with its ranking published."""

    DRAFT = "draft", "Чернетка / Draft"
    OPEN = "open", "Приймає заявки / Open"
    CLOSED = "closed", "Прийом завершено / Closed"
    PUBLISHED = "published", "Рейтинг оприлюднено / Ranking published"


class RuleKind(models.TextChoices):
    """An eligibility rule a call sets; each is checked on the project when it applies."""

    MIN_COFINANCING_SHARE = "min_cofinancing_share", "Співфінансування не менше, % / Co-financing at least, %"
    MAX_IMPLEMENTATION_MONTHS = (
        "max_implementation_months",
        "Строк реалізації не більше, місяців / Implementation at most, months",
    )
    DESIGN_WITH_EXPERTISE = (
        "design_with_expertise",
        "Проєктна документація з експертизою / Design documents with expertise",
    )
    IN_TERRITORY_PORTFOLIO = "in_territory_portfolio", "У портфелі області / In the oblast's portfolio"
    MAX_COST_UAH = "max_cost_uah", "Вартість не більше, грн / Cost at most, UAH"


# The rules that need a number: the others are met or not by the project alone.
RULES_WITH_PARAMETER = frozenset(
    {RuleKind.MIN_COFINANCING_SHARE, RuleKind.MAX_IMPLEMENTATION_MONTHS, RuleKind.MAX_COST_UAH}
)


class CriterionKind(models.TextChoices):
    """What a criterion of a call measures on the project."""

    COFINANCING_SHARE = "cofinancing_share", "Частка співфінансування, % / Co-financing share, %"
    COST_PER_BENEFICIARY = "cost_per_beneficiary", "Вартість на одного користувача, грн / Cost per person served, UAH"
    PEOPLE_SERVED = "people_served", "Кількість користувачів / People served"
    READINESS = "readiness", "Готовність документації / Readiness of the documents"
    DAMAGE_SEVERITY = "damage_severity", "Збитки від пошкоджень, грн / Loss from the damage, UAH"
    IMPLEMENTATION_MONTHS = "implementation_months", "Строк реалізації, місяців / Implementation, months"


class Direction(models.TextChoices):
    """Whether a larger value of a criterion earns more points or fewer."""

    HIGHER = "higher", "Більше — краще / Higher is better"
    LOWER = "lower", "Менше — краще / Lower is better"


class ApplicationStatus(models.TextChoices):
    """Where an application stands: found eligible or not, then accepted, rejected or kept in reserve."""

    INELIGIBLE = "ineligible", "Не відповідає умовам / Ineligible"
    ELIGIBLE = "eligible", "Відповідає умовам / Eligible"
    ACCEPTED = "accepted", "Підтримано / Accepted"
    REJECTED = "rejected", "Відхилено / Rejected"
    RESERVE = "reserve", "Резерв / Reserve"


class DecisionKind(models.TextChoices):
    """What the commission decides on an eligible application."""

    ACCEPTED = "accepted", "Підтримати / Accept"
    REJECTED = "rejected", "Відхилити / Reject"
    RESERVE = "reserve", "До резерву / Reserve"
