"""Template filters of the public pages."""

from django import template
from django.utils import translation

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
