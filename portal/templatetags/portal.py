"""Template filters of the public pages."""

from typing import Any

import orjson
from django import template
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

register = template.Library()

# The real system's code lists name each code "Українською / In English"; a page shows the half of its language.
SEPARATOR = " / "


@register.filter
def in_language(label: str) -> str:
    """Return the half of a bilingual label in the language of the page, or the label whole if it has one part."""
    ukrainian, separator, english = str(label).partition(SEPARATOR)
    if not separator:
        return str(label)
    return english if translation.get_language() == "en" else ukrainian


# What must not appear raw inside a <script> element, written as JSON escapes instead.
SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def figure_json(value: Any, element_id: str) -> str:
    """Write a figure as JSON in a script element, its text in UTF-8 rather than escaped: a third of the weight."""
    text = orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode().translate(SCRIPT_ESCAPES)
    # The JSON is escaped for a script element above; format_html escapes the id.
    return format_html('<script id="{}" type="application/json">{}</script>', element_id, mark_safe(text))


def _action_labels() -> dict[str, str]:
    return {
        "project.registered": gettext("registered"),
        "project.passport_updated": gettext("passport changed"),
        "project.locations_set": gettext("places set"),
        "project.budget_set": gettext("cost estimate set"),
        "project.finance_set": gettext("funding sources set"),
        "project.phases_set": gettext("phase plan set"),
        "project.indicators_set": gettext("indicators set"),
        "project.party_added": gettext("party added"),
        "project.document_attached": gettext("document attached"),
        "project.begin_definition": gettext("definition begun"),
        "project.complete_definition": gettext("definition completed"),
        "project.submit_for_appraisal": gettext("submitted for appraisal"),
        "project.appraise": gettext("appraisal approved"),
        "project.refuse": gettext("refused"),
        "project.revise": gettext("taken back for revision"),
        "project.begin_structuring": gettext("structuring begun"),
        "project.complete_structuring": gettext("structuring completed"),
        "project.apply_for_funding": gettext("applied for funding"),
        "project.approve": gettext("approved"),
        "project.start_implementation": gettext("works started"),
        "project.complete": gettext("completed"),
        "project.cancel": gettext("cancelled"),
        "project.terminate": gettext("terminated"),
    }


@register.filter
def action_label(action: str) -> str:
    """Name a recorded action in words of the page's language; an action without a name shows its code."""
    return _action_labels().get(action, action)
