"""Template filters of the public pages."""

from typing import Any

import orjson
from django import template
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe

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
