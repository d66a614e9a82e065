"""The cabinet's pages of conversations: the list, opening one, reading and answering, and attached files."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import User
from conversations import services
from conversations.exceptions import ConversationNotFound
from conversations.models import Thread
from conversations.queries import attachment_of, donor_organisations, messages_of, thread_for, threads_of
from dream.errors import DreamError
from parties.models import Organisation
from projects.exceptions import ProjectNotFound
from projects.queries import get_project


def _acting_user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - login_required has already turned anonymous visitors away.
    return user


def _uploads(request: HttpRequest) -> list[services.FileInput]:
    return [
        services.FileInput(content=item.read(), filename=item.name or "file")
        for item in request.FILES.getlist("files")
    ]


@login_required
@require_GET
def thread_list(request: HttpRequest) -> HttpResponse:
    """List the conversations the person takes part in, the latest first."""
    return render(request, "conversations/thread_list.html", {"threads": list(threads_of(_acting_user(request)))})


@login_required
@require_http_methods(["GET", "POST"])
def open_thread(request: HttpRequest) -> HttpResponse:
    """Ask a donor's user for the first message to a project's initiator, and open the conversation."""
    user = _acting_user(request)
    code = request.POST.get("project") or request.GET.get("project", "")
    try:
        project = get_project(code)
    except ProjectNotFound as error:
        raise Http404(error.message) from error
    donors = list(donor_organisations(user))
    existing = Thread.objects.filter(project=project, donor__in=donors).first() if len(donors) == 1 else None
    if existing is not None:
        return redirect("conversations:thread", existing.pk)

    body = request.POST.get("body", "")
    context = {"project": project, "donors": donors, "body": body, "error": ""}
    if request.method == "POST":
        donor = next((item for item in donors if item.edrpou == request.POST.get("donor")), None)
        try:
            thread = services.open_thread(actor=user, project=project, donor=donor, body=body, files=_uploads(request))
        except DreamError as error:
            context["error"] = error.message
            return render(request, "conversations/open_thread.html", context, status=error.status)
        messages.success(request, _("Your message was sent to the initiator of the project."))
        return redirect("conversations:thread", thread.pk)
    return render(request, "conversations/open_thread.html", context)


def _thread_page(thread: Thread, side: Organisation, body: str = "", error: str = "") -> dict[str, Any]:
    return {"thread": thread, "side": side, "posts": messages_of(thread), "body": body, "error": error}


@login_required
@require_http_methods(["GET", "POST"])
def thread(request: HttpRequest, thread_id: int) -> HttpResponse:
    """Show a conversation to its participants, and take their answer."""
    user = _acting_user(request)
    try:
        found, side = thread_for(user, thread_id)
    except ConversationNotFound as error:
        raise Http404(error.message) from error
    except DreamError as error:
        return render(request, "conversations/refused.html", {"error": error.message}, status=error.status)

    if request.method == "POST":
        body = request.POST.get("body", "")
        try:
            services.post_message(actor=user, thread=found, body=body, files=_uploads(request))
        except DreamError as error:
            context = _thread_page(found, side, body, error.message)
            return render(request, "conversations/thread.html", context, status=error.status)
        messages.success(request, _("Your message was sent."))
        return redirect("conversations:thread", found.pk)
    return render(request, "conversations/thread.html", _thread_page(found, side))


@login_required
@require_GET
def attachment(request: HttpRequest, thread_id: int, attachment_id: int) -> FileResponse:
    """Send a file attached in a conversation to one of its participants."""
    try:
        found, _side = thread_for(_acting_user(request), thread_id)
        attached = attachment_of(found, attachment_id)
    except DreamError as error:
        raise Http404(error.message) from error
    return FileResponse(attached.file.open("rb"), content_type=attached.media_type, filename=attached.filename)
