"""The donors' pages: the showcase of projects that seek money, pledging to one, and the donor's portfolio."""

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import User
from dream.errors import DreamError
from finance import services as finance
from parties.models import Organisation, Role
from projects.codes import Currency, FundingSourceCategory, ProjectType
from projects.exceptions import ProjectNotFound
from projects.queries import get_project
from projects.sectors import WB_ECO_SECTORS
from showcase.api import XLSX, gap_bound
from showcase.exceptions import InvalidFilter
from showcase.export import portfolio_csv, portfolio_xlsx
from showcase.portfolio import donor_for
from showcase.portfolio import portfolio as donor_portfolio
from showcase.queries import ShowcaseFilters, load_page
from showcase.queries import showcase as showcase_rows
from territories.models import Territory

PAGE_SIZE = 25


def _donors(request: HttpRequest) -> list[Organisation]:
    user = request.user
    if not user.is_authenticated:
        return []
    return list(Organisation.objects.filter(memberships__user=user, memberships__role=Role.DONOR).distinct())


def _acting_user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - login_required has already turned anonymous visitors away.
    return user


@require_GET
def showcase(request: HttpRequest) -> HttpResponse:
    """Show the projects that seek money and still miss some; the filters live in the address, to be shared."""
    get = request.GET
    gap_min, gap_max = get.get("gap_min", ""), get.get("gap_max", "")
    error = ""
    try:
        bounds = (gap_bound(gap_min, "gap_min"), gap_bound(gap_max, "gap_max"))
    except InvalidFilter as refused:
        error, bounds = refused.message, (None, None)
    filters = ShowcaseFilters(
        oblast=get.get("oblast", "").strip(),
        hromada=get.get("hromada", "").strip(),
        sector=get.get("sector", "").strip(),
        type=get.get("type", "").strip(),
        gap_min=bounds[0],
        gap_max=bounds[1],
        has_design=get.get("design") == "1",
        has_expertise=get.get("expertise") == "1",
    )
    paginator = Paginator(showcase_rows(filters), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "rows": load_page(list(page)),
        "filters": filters,
        "gap_min": gap_min,
        "gap_max": gap_max,
        "error": error,
        "query": query.urlencode(),
        "types": ProjectType.choices,
        "sectors": sorted((code, names[0]) for code, names in WB_ECO_SECTORS.items() if len(code) == 1),
        "oblasts": Territory.objects.filter(level=1).order_by("name_uk").values_list("code", "name_uk"),
        "english": translation.get_language() == "en",
        "is_donor": bool(_donors(request)),
    }
    return render(request, "showcase/showcase.html", context, status=400 if error else 200)


def _pledge_form(request: HttpRequest, project: Any, donors: list[Organisation], **extra: Any) -> dict[str, Any]:
    return {
        "project": project,
        "donors": donors,
        "currencies": Currency.choices,
        "sources": FundingSourceCategory.choices,
        "form": request.POST if request.method == "POST" else {"pledged_on": timezone.localdate().isoformat()},
        "error": "",
        **extra,
    }


@login_required
@require_http_methods(["GET", "POST"])
def pledge(request: HttpRequest, code: str) -> HttpResponse:
    """Let a donor's user pledge money to a project from the showcase; a refusal is shown with what was typed."""
    try:
        project = get_project(code)
    except ProjectNotFound as error:
        raise Http404(error.message) from error
    donors = _donors(request)
    if request.method == "GET":
        return render(request, "showcase/pledge.html", _pledge_form(request, project, donors))

    try:
        try:
            pledged_on = date.fromisoformat(request.POST.get("pledged_on", ""))
        except ValueError as error:
            raise InvalidFilter(_("Give the day of the pledge as a date."), field="pledged_on") from error
        finance.pledge(
            actor=_acting_user(request),
            project_code=project.code,
            donor_edrpou=request.POST.get("donor", donors[0].edrpou if len(donors) == 1 else ""),
            source_category=request.POST.get("source_category", ""),
            amount=request.POST.get("amount", "").strip().replace(" ", "").replace(",", "."),
            currency=request.POST.get("currency", ""),
            pledged_on=pledged_on,
            note=request.POST.get("note", ""),
        )
    except DreamError as error:
        context = _pledge_form(request, project, donors, error=error.message)
        return render(request, "showcase/pledge.html", context, status=error.status)
    messages.success(request, _("Your pledge to project %(code)s is recorded.") % {"code": project.code})
    return redirect("showcase:portfolio")


@login_required
@require_GET
def portfolio(request: HttpRequest) -> HttpResponse:
    """Show a donor organisation's pledges and where each stands; ?format=csv or xlsx downloads them."""
    try:
        organisation = donor_for(_acting_user(request), request.GET.get("donor", ""))
    except DreamError as error:
        return render(request, "showcase/portfolio.html", {"error": error.message}, status=error.status)
    rows = donor_portfolio(organisation)
    export = request.GET.get("format", "")
    if export in {"csv", "xlsx"}:
        content, media_type = (
            (portfolio_csv(rows), "text/csv; charset=utf-8")
            if export == "csv"
            else (
                portfolio_xlsx(rows),
                XLSX,
            )
        )
        response = HttpResponse(content, content_type=media_type)
        response["Content-Disposition"] = f'attachment; filename="portfolio-{organisation.edrpou}.{export}"'
        return response
    return render(request, "showcase/portfolio.html", {"donor": organisation, "rows": rows})
