"""The forms of the guided passport: each field with its tip, checked before a service is called.

The forms check what a form can (a field is there, a number is a number, a date is a date); the services check the
rules of the domain and their refusals come back to the field they name.
"""

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import TextChoices
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from cabinet.tips import TIPS
from portal.templatetags.portal import in_language
from projects.codes import (
    AccessLevel,
    CostItem,
    DocumentType,
    FundingSourceCategory,
    FundingType,
    Phase,
    ProjectType,
    Purpose,
)
from projects.sectors import WB_ECO_SECTORS


def _choices(codes: type[TextChoices]) -> list[tuple[str, str]]:
    return [(code, in_language(label)) for code, label in codes.choices]


class LazyChoices:
    """Choices named in the language of the request that renders them, not of the one that loaded the module."""

    def __init__(self, codes: type[TextChoices], *, blank: bool = False) -> None:
        self.codes = codes
        self.blank = blank

    def __iter__(self) -> Any:
        if self.blank:
            yield ("", "—")
        yield from _choices(self.codes)


class SectorChoices:
    """The WB-ECO sectors by group, each named in the request's language."""

    def __iter__(self) -> Any:
        english = translation.get_language() == "en"
        yield ("", "—")
        for code, names in WB_ECO_SECTORS.items():
            if len(code) > 1:
                yield (code, f"{code} · {names[english]}")


class TipsForm(forms.Form):
    """A form whose every field carries its tip and example, for the page and for the help."""

    tip_names: dict[str, str] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            tip = TIPS.get(self.tip_names.get(name, name))
            if tip is None:
                continue
            field.label = tip.label
            field.help_text = tip.tip
            field.widget.attrs.setdefault("aria-describedby", f"{self.prefix or 'id'}-{name}-tip")
            field.tip_anchor = f"tip-{tip.field}"  # type: ignore[attr-defined]
            field.example = tip.example  # type: ignore[attr-defined]

    def add_domain_error(self, field: str | None, message: str) -> None:
        """Show a refusal of a service beside the field it names, or above the form if it names none here."""
        self.add_error(field if field in self.fields else None, message)


class BasicsForm(TipsForm):
    """The first step: what the project is."""

    title_uk = forms.CharField(max_length=500)
    title_en = forms.CharField(max_length=500, required=False)
    description_uk = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}))
    description_en = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)
    purpose = forms.ChoiceField(choices=LazyChoices(Purpose))
    type = forms.ChoiceField(choices=LazyChoices(ProjectType))
    sector = forms.ChoiceField(choices=SectorChoices())


class LocationForm(TipsForm):
    """The second step: where it is."""

    territory = forms.CharField(max_length=19, min_length=19)
    address = forms.CharField(max_length=500, required=False)
    latitude = forms.DecimalField(max_digits=9, decimal_places=6, min_value=44, max_value=53, required=False)
    longitude = forms.DecimalField(max_digits=9, decimal_places=6, min_value=22, max_value=41, required=False)

    def clean_territory(self) -> str:
        """Accept the code in any case, with spaces around it."""
        return str(self.cleaned_data["territory"]).strip().upper()

    def clean(self) -> dict[str, Any]:
        """Refuse half a point: a latitude needs its longitude, and the other way round."""
        cleaned = super().clean() or {}
        if (cleaned.get("latitude") is None) != (cleaned.get("longitude") is None):
            raise ValidationError(_("Give both the latitude and the longitude, or neither."))
        return cleaned


class BudgetLineForm(TipsForm):
    """One line of the cost estimate."""

    cost_item = forms.ChoiceField(choices=LazyChoices(CostItem, blank=True), required=False)
    year = forms.IntegerField(min_value=2014, max_value=2100, required=False)
    amount = forms.DecimalField(max_digits=18, decimal_places=2, min_value=Decimal(0), required=False)

    def clean(self) -> dict[str, Any]:
        """Take a line whole or not at all: an empty line is skipped, a half-filled one is refused."""
        cleaned = super().clean() or {}
        filled = [name for name in ("cost_item", "year", "amount") if cleaned.get(name) not in (None, "")]
        if filled and len(filled) < 3:  # noqa: PLR2004 - the three fields of the line.
            raise ValidationError(_("Fill the cost item, the year and the amount of this line, or clear all three."))
        return cleaned


class FinanceLineForm(TipsForm):
    """One funding source."""

    source_category = forms.ChoiceField(choices=LazyChoices(FundingSourceCategory, blank=True), required=False)
    funding_type = forms.ChoiceField(choices=LazyChoices(FundingType, blank=True), required=False)
    amount = forms.DecimalField(max_digits=18, decimal_places=2, min_value=Decimal(0), required=False)
    is_committed = forms.BooleanField(required=False)

    def clean(self) -> dict[str, Any]:
        """Take a source whole or not at all."""
        cleaned = super().clean() or {}
        filled = [
            name for name in ("source_category", "funding_type", "amount") if cleaned.get(name) not in (None, "")
        ]
        if filled and len(filled) < 3:  # noqa: PLR2004 - the three fields of the line.
            raise ValidationError(
                _("Fill the source, the kind of money and the amount of this line, or clear all three.")
            )
        return cleaned


class PhaseForm(TipsForm):
    """One phase of the plan."""

    phase = forms.ChoiceField(choices=LazyChoices(Phase, blank=True), required=False)
    planned_start = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    planned_end = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, Any]:
        """Take a phase whole, with an end not before its start."""
        cleaned = super().clean() or {}
        filled = [name for name in ("phase", "planned_start", "planned_end") if cleaned.get(name) not in (None, "")]
        if filled and len(filled) < 3:  # noqa: PLR2004 - the three fields of the phase.
            raise ValidationError(_("Fill the phase and both its planned days, or clear all three."))
        start, end = cleaned.get("planned_start"), cleaned.get("planned_end")
        if start and end and end < start:
            self.add_error("planned_end", _("The planned end comes before the planned start."))
        return cleaned


class DocumentForm(TipsForm):
    """A document or photo to attach."""

    tip_names = {"title": "document_title"}

    title = forms.CharField(max_length=500)
    document_type = forms.ChoiceField(choices=LazyChoices(DocumentType))
    access_level = forms.ChoiceField(choices=LazyChoices(AccessLevel), initial=AccessLevel.OPEN)
    file = forms.FileField()


class DecisionForm(TipsForm):
    """An approver's decision, with the reason a refusal must give."""

    comment = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)


BudgetFormSet = forms.formset_factory(BudgetLineForm, extra=3, max_num=40)
FinanceFormSet = forms.formset_factory(FinanceLineForm, extra=2, max_num=20)
PhaseFormSet = forms.formset_factory(PhaseForm, extra=2, max_num=12)
