"""The help section: how a project's route works, who does what, the rules behind each step, templates and tips."""

import csv
import io

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _

from cabinet.tips import TIPS
from projects.codes import CostItem

# The files a community may download to prepare its passport offline, each a header and an example row.
TEMPLATES = {
    "budget": (
        ("cost_item", "year", "amount_uah", "note"),
        (CostItem.CONSTRUCTION, "2027", "12500000.00", "Будівельні роботи за зведеним кошторисним розрахунком"),
    ),
    "locations": (
        ("katottg", "address", "latitude", "longitude"),
        ("UA32080070000050759", "вул. Шевченка, 12", "50.543100", "30.212800"),
    ),
}


def help_index(request: HttpRequest) -> HttpResponse:
    """Show the route of a project step by step, the roles, the rules behind each step and the common questions."""
    language = "en" if translation.get_language() == "en" else "uk"
    return render(request, f"portal/help/index_{language}.html", {"templates": TEMPLATES})


def help_fields(request: HttpRequest) -> HttpResponse:
    """List the tip of every field of the guided passport, each at an anchor its field links to."""
    return render(request, "portal/help/fields.html", {"tips": TIPS.values()})


def help_template(request: HttpRequest, name: str) -> HttpResponse:
    """Send a template as CSV in UTF-8 with a byte order mark, for a spreadsheet to open."""
    if name not in TEMPLATES:
        raise Http404(_("No such template."))
    buffer = io.StringIO()
    buffer.write("\ufeff")
    csv.writer(buffer).writerows(TEMPLATES[name])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="dream-template-{name}.csv"'
    return response
