"""The cabinet: what waits for a signed-in person, the guided passport of a project, and an approver's review.

Every write goes through a service of the projects app; a refusal comes back beside the field it names and nothing
is kept of the refused step.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.models import User
from cabinet import forms
from cabinet.notifications import notify_step
from cabinet.queries import (
    DECISIONS,
    changes_since_last_action,
    connector_states,
    editable_projects,
    pending_membership_requests,
    waiting_for_decision,
)
from cabinet.starters import STARTERS
from dream.errors import DreamError
from parties.models import Organisation, Role
from parties.queries import organisations_where
from portal.templatetags.portal import in_language
from projects import lifecycle, services
from projects.codes import StatusDetail
from projects.exceptions import ProjectNotFound
from projects.models import Project
from projects.queries import get_project

PASSPORT_STEPS = (
    ("basics", gettext_lazy("What it is")),
    ("place", gettext_lazy("Where")),
    ("budget", gettext_lazy("Cost estimate")),
    ("finance", gettext_lazy("Funding sources")),
    ("phases", gettext_lazy("Phase plan")),
    ("documents", gettext_lazy("Documents and photos")),
    ("review", gettext_lazy("Check and submit")),
)
STEP_NAMES = [name for name, _label in PASSPORT_STEPS]
# The steps a community takes to hand its project to the approvers, from where the project stands.
TO_APPRAISAL: dict[str, tuple[str, ...]] = {
    StatusDetail.INITIATED: ("begin_definition", "complete_definition", "submit_for_appraisal"),
    StatusDetail.DEFINITION: ("complete_definition", "submit_for_appraisal"),
    StatusDetail.DEFINED: ("submit_for_appraisal",),
    StatusDetail.REFUSED: ("revise", "complete_definition", "submit_for_appraisal"),
}
# The requirements the review shows as a checklist before a submission: each with what to do when it is not met,
# in the page's language (the life cycle's own refusals are worded for the API and the log).
CHECKLIST = (
    (
        gettext_lazy("Titles, description and classification"),
        lifecycle.needs_passport,
        "basics",
        gettext_lazy("Give the title and the description in Ukrainian, the purpose, the type and the sector."),
    ),
    (
        gettext_lazy("A place by its KATOTTG code"),
        lifecycle.needs_location,
        "place",
        gettext_lazy("Give at least one place by its KATOTTG code."),
    ),
    (
        gettext_lazy("A cost estimate above zero"),
        lifecycle.needs_cost_estimate,
        "budget",
        gettext_lazy("Give the lines of the cost estimate; their sum must be above zero."),
    ),
    (
        gettext_lazy("Funding sources"),
        lifecycle.needs_finance_plan,
        "finance",
        gettext_lazy("Name at least one funding source with its amount."),
    ),
    (
        gettext_lazy("A phase plan"),
        lifecycle.needs_phase_plan,
        "phases",
        gettext_lazy("Plan at least one phase with its start and end."),
    ),
)


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise Http404
    return user


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Show what waits for the person: their projects, the decisions that are theirs, and their other work."""
    user = _user(request)
    roles = set(user.memberships.values_list("role", flat=True))
    context = {
        "roles": roles,
        "projects": list(editable_projects(user)[:50]) if Role.COMMUNITY_EDITOR in roles else [],
        "waiting": waiting_for_decision(user),
        "is_editor": Role.COMMUNITY_EDITOR in roles,
        "is_donor": Role.DONOR in roles,
        "is_operator": Role.OPERATOR in roles,
        "connectors": connector_states() if Role.OPERATOR in roles else [],
        "membership_requests": pending_membership_requests() if Role.OPERATOR in roles else 0,
    }
    return render(request, "cabinet/home.html", context)


def _initiators(user: User) -> list[Organisation]:
    return list(organisations_where(user, Role.COMMUNITY_EDITOR).order_by("name_uk"))


@login_required
def new_project(request: HttpRequest) -> HttpResponse:
    """Start a project: its first step of the passport, blank or from a template, saved as a draft."""
    user = _user(request)
    initiators = _initiators(user)
    if not initiators:
        messages.error(request, _("Only a community editor registers projects; your account edits for no community."))
        return redirect("cabinet:home")

    chosen = STARTERS.get(request.GET.get("template", ""))
    form = forms.BasicsForm(request.POST or None, initial=chosen.initial() if chosen else None)
    if request.method == "POST" and form.is_valid():
        initiator = next((item for item in initiators if item.edrpou == request.POST.get("initiator")), initiators[0])
        try:
            project = services.register_project(actor=user, initiator=initiator, **form.cleaned_data)
        except DreamError as error:
            form.add_domain_error(error.field, error.message)
        else:
            messages.success(request, _("The draft of project %(code)s is saved.") % {"code": project.code})
            return redirect("cabinet:passport", project.code, "place")
    context = {
        "form": form,
        "initiators": initiators,
        "starters": STARTERS,
        "steps": PASSPORT_STEPS,
        "current": "basics",
        "project": None,
    }
    return render(request, "cabinet/passport_basics.html", context)


def _editable(request: HttpRequest, code: str) -> tuple[User, Project]:
    user = _user(request)
    try:
        project = get_project(code)
    except ProjectNotFound as error:
        raise Http404(error.message) from error
    if not user.memberships.filter(role=Role.COMMUNITY_EDITOR, organisation_id=project.initiator_id).exists():
        raise Http404(_("This project is not one of your community's."))
    return user, project


@dataclass
class StepPage:
    """What one step of the passport shows and how it saves."""

    template: str
    forms: dict[str, Any]
    save: Callable[[], Any] | None


def _filled(formset: Any) -> list[Any]:
    """Return the rows of a valid formset that hold anything, in order; the service numbers its lines by these."""
    return [
        form
        for form in formset.forms
        if form.cleaned_data and any(value not in (None, "", False) for value in form.cleaned_data.values())
    ]


def _lines(formset: Any, build: Callable[[dict[str, Any]], Any]) -> list[Any]:
    """Turn the filled rows of a formset into inputs of a service; empty rows are skipped."""
    return [build(form.cleaned_data) for form in _filled(formset)]


def _step_page(request: HttpRequest, user: User, project: Project, step: str) -> StepPage:  # noqa: C901, PLR0911
    data = request.POST if request.method == "POST" else None
    if step == "basics":
        basics = forms.BasicsForm(data, initial={name: getattr(project, name) for name in services.PASSPORT_FIELDS})

        def save_basics() -> Any:
            changed = {name: value for name, value in basics.cleaned_data.items() if getattr(project, name) != value}
            return services.update_passport(actor=user, project=project, **changed) if changed else project

        return StepPage("cabinet/passport_basics.html", {"form": basics}, save_basics)
    if step == "place":
        first = next(iter(project.locations.all()), None)
        initial = (
            {
                "territory": first.territory_id,
                "address": first.address,
                "latitude": first.latitude,
                "longitude": first.longitude,
            }
            if first
            else {}
        )
        place = forms.LocationForm(data, initial=initial)

        def save_place() -> Any:
            return services.set_locations(
                actor=user, project=project, locations=[services.LocationInput(**place.cleaned_data)]
            )

        return StepPage("cabinet/passport_place.html", {"form": place}, save_place)
    if step == "budget":
        budget = forms.BudgetFormSet(
            data,
            prefix="budget",
            initial=[
                {"cost_item": line.cost_item, "year": line.year, "amount": line.amount}
                for line in project.budget_lines.all()
            ],
        )

        def save_budget() -> Any:
            lines = _lines(budget, lambda row: services.BudgetLineInput(**row))
            return services.set_budget(actor=user, project=project, lines=lines)

        return StepPage("cabinet/passport_lines.html", {"formset": budget}, save_budget)
    if step == "finance":
        finance = forms.FinanceFormSet(
            data,
            prefix="finance",
            initial=[
                {
                    "source_category": line.source_category,
                    "funding_type": line.funding_type,
                    "amount": line.amount,
                    "is_committed": line.is_committed,
                }
                for line in project.finance_lines.all()
            ],
        )

        def save_finance() -> Any:
            lines = _lines(finance, lambda row: services.FinanceLineInput(**row))
            return services.set_finance(actor=user, project=project, lines=lines)

        return StepPage("cabinet/passport_lines.html", {"formset": finance}, save_finance)
    if step == "phases":
        phase_plan = forms.PhaseFormSet(
            data,
            prefix="phases",
            initial=[
                {"phase": item.phase, "planned_start": item.planned_start, "planned_end": item.planned_end}
                for item in project.phases.all()
            ],
        )

        def save_phases() -> Any:
            phases = _lines(phase_plan, lambda row: services.PhaseInput(**row))
            return services.set_phase_plan(actor=user, project=project, phases=phases)

        return StepPage("cabinet/passport_lines.html", {"formset": phase_plan}, save_phases)
    if step == "documents":
        document = forms.DocumentForm(data, request.FILES if data is not None else None)

        def save_document() -> Any:
            upload = document.cleaned_data["file"]
            return services.attach_document(
                actor=user,
                project=project,
                title=document.cleaned_data["title"],
                document_type=document.cleaned_data["document_type"],
                access_level=document.cleaned_data["access_level"],
                content=upload.read(),
                filename=upload.name,
            )

        return StepPage("cabinet/passport_documents.html", {"form": document}, save_document)
    return StepPage("cabinet/passport_review.html", {}, None)


def _valid(page: StepPage) -> bool:
    return all(item.is_valid() for item in page.forms.values())


# A service names a field of a list as "budget[1].year": the list, the line's index and the field.
FIELD_OF_A_LINE = re.compile(r"^\w+\[(?P<index>\d+)\]\.(?P<name>\w+)$")


def _show_refusal(page: StepPage, error: DreamError) -> None:
    """Put a service's refusal beside the field it names, on the line it names; otherwise above the form."""
    target = next(iter(page.forms.values()))
    line = FIELD_OF_A_LINE.match(error.field or "")
    if isinstance(target, forms.TipsForm):
        target.add_domain_error(line["name"] if line else error.field, error.message)
    elif line and int(line["index"]) < len(filled := _filled(target)):
        filled[int(line["index"])].add_domain_error(line["name"], error.message)


@login_required
def passport(request: HttpRequest, code: str, step: str) -> HttpResponse:
    """Show one step of a project's passport; save it as a draft, then stay or go on to the next step."""
    if step not in STEP_NAMES:
        raise Http404
    user, project = _editable(request, code)
    page = _step_page(request, user, project, step)
    refused = ""
    if request.method == "POST" and page.save is not None:
        if _valid(page):
            try:
                page.save()
            except DreamError as error:
                _show_refusal(page, error)
                refused = error.message
            else:
                messages.success(request, _("Saved."))
                following = STEP_NAMES[STEP_NAMES.index(step) + 1] if "continue" in request.POST else step
                return redirect("cabinet:passport", project.code, following)
        else:
            refused = _("Some fields need fixing; each says what to change.")

    project = get_project(project.code)
    context = {
        "project": project,
        "steps": PASSPORT_STEPS,
        "current": step,
        "refused": refused,
        "checklist": [(label, to_do if check(project) else None, target) for label, check, target, to_do in CHECKLIST],
        "to_appraisal": project.status_details in TO_APPRAISAL,
        "editor_steps": [
            name
            for name in lifecycle.steps_from((project.status, project.status_details))
            if lifecycle.STEPS[name].actor == lifecycle.Actor.EDITOR and name not in {"revise", "withdraw"}
        ],
        "documents": list(project.documents.all()),
        "refusal": project.transitions.filter(step="refuse").order_by("-id").first(),
        **page.forms,
    }
    return render(request, page.template, context, status=400 if refused else 200)


def _after_step(request: HttpRequest, project: Project, step: str) -> None:
    notify_step(project, step=step, base_url=_base_url(request))


@login_required
@require_POST
def submit(request: HttpRequest, code: str) -> HttpResponseRedirect:
    """Hand the project to the approvers: every step from where it stands to appraisal, all or none."""
    user, project = _editable(request, code)
    steps = TO_APPRAISAL.get(project.status_details)
    if steps is None:
        messages.error(request, _("This project is not at a stage that is submitted for appraisal."))
        return redirect("cabinet:passport", project.code, "review")
    try:
        project = services.take_steps(actor=user, project=project, steps=steps)
    except DreamError as error:
        messages.error(request, error.message)
        return redirect("cabinet:passport", project.code, "review")
    _after_step(request, project, steps[-1])
    messages.success(request, _("Project %(code)s is submitted for appraisal.") % {"code": project.code})
    return redirect("cabinet:home")


@login_required
@require_POST
def editor_step(request: HttpRequest, code: str) -> HttpResponseRedirect:
    """Take one step of the life cycle that is the community's, such as beginning structuring."""
    user, project = _editable(request, code)
    step = request.POST.get("step", "")
    try:
        project = services.take_step(actor=user, project=project, step=step, comment=request.POST.get("comment", ""))
    except DreamError as error:
        messages.error(request, error.message)
    else:
        _after_step(request, project, step)
        status = in_language(project.get_status_details_display())
        messages.success(request, _("Done: %(status)s.") % {"status": status})
    return redirect("cabinet:passport", project.code, "review")


@login_required
def review(request: HttpRequest, code: str) -> HttpResponse:
    """Show an approver the project, what changed since they last acted on it, and the decisions open to them."""
    user = _user(request)
    try:
        project = get_project(code)
    except ProjectNotFound as error:
        raise Http404(error.message) from error
    form = forms.DecisionForm(request.POST or None)
    decisions = DECISIONS.get(project.status_details, ())
    status = 200
    if request.method == "POST" and form.is_valid():
        step = request.POST.get("decision", "")
        if step not in decisions:
            form.add_error(None, _("This decision is not open for the project at its stage."))
            status = 400
        else:
            try:
                project = services.take_step(
                    actor=user, project=project, step=step, comment=form.cleaned_data["comment"]
                )
            except DreamError as error:
                form.add_domain_error("comment" if error.code == "missing_data" else None, error.message)
                status = 400
            else:
                _after_step(request, project, step)
                messages.success(
                    request,
                    _("Decision recorded: project %(code)s is now %(status)s.")
                    % {"code": project.code, "status": in_language(project.get_status_details_display())},
                )
                return redirect("cabinet:home")
    last, changes = changes_since_last_action(user, project)
    context = {
        "project": project,
        "form": form,
        "decisions": decisions,
        "last": last,
        "changes": changes,
        "documents": list(project.documents.all()),
    }
    return render(request, "cabinet/review.html", context, status=status)
