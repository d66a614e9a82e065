"""The buttons of watching a project: start on its public page, stop there or in the cabinet.

Each answers a POST with a redirect back where the person was, and a message saying what it did.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from cabinet import services
from projects.models import Project


def _person(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - login_required has already turned anonymous visitors away.
    return user


def _back(request: HttpRequest, project: Project) -> HttpResponseRedirect:
    """Return to the page the button was on, if it is one of ours; otherwise to the project's page."""
    following = request.POST.get("next", "")
    ours = url_has_allowed_host_and_scheme(following, {request.get_host()}, require_https=request.is_secure())
    if ours:
        return redirect(following)
    return redirect("portal:project", project.code)


@login_required
@require_POST
def watch(request: HttpRequest, code: str) -> HttpResponseRedirect:
    """Start watching the project, so that its changes come by e-mail."""
    person = _person(request)
    project = get_object_or_404(Project, code=code)
    services.watch_project(actor=person, project=project)
    if person.email:
        messages.success(
            request,
            _("You watch project %(code)s: what changes in it will come to %(email)s.")
            % {"code": project.code, "email": person.email},
        )
    else:
        messages.warning(
            request,
            _("You watch project %(code)s, but your account has no e-mail address, so nothing can be sent to you yet.")
            % {"code": project.code},
        )
    return _back(request, project)


@login_required
@require_POST
def stop_watching(request: HttpRequest, code: str) -> HttpResponseRedirect:
    """Stop watching the project."""
    project = get_object_or_404(Project, code=code)
    services.stop_watching(actor=_person(request), project=project)
    messages.success(request, _("You no longer watch project %(code)s.") % {"code": project.code})
    return _back(request, project)
