"""The conversations API: a donor's private threads with project initiators, for their participants only."""

from typing import Any

from django.http import FileResponse, HttpRequest
from django.urls import reverse
from ninja import File, Form, Router
from ninja.files import UploadedFile

from conversations import services
from conversations.models import Message, Thread
from conversations.queries import attachment_of, messages_of, thread_for, threads_of
from conversations.schemas import ThreadOpen, ThreadOut, ThreadRow
from dream.auth import SIGNED_IN, acting_user
from parties.queries import get_organisation
from projects.queries import get_project

router = Router(auth=SIGNED_IN)


def _side(organisation: Any) -> dict[str, str]:
    return {"edrpou": organisation.edrpou, "name_uk": organisation.name_uk}


def thread_row(thread: Thread, message_count: int | None = None) -> dict[str, Any]:
    """Return what the API shows of a thread in a list."""
    return {
        "id": thread.pk,
        "project": thread.project.code,
        "project_title": thread.project.title_uk,
        "donor": _side(thread.donor),
        "initiator": _side(thread.project.initiator),
        "opened_at": thread.opened_at,
        "last_message_at": thread.last_message_at,
        "message_count": message_count if message_count is not None else getattr(thread, "message_count", 0),
        "url": reverse("conversations:thread", args=[thread.pk]),
    }


def message_out(message: Message) -> dict[str, Any]:
    """Return what the API shows of a message."""
    return {
        "id": message.pk,
        "author": message.author.get_username(),
        "side": _side(message.author_organisation),
        "body": message.body,
        "sent_at": message.sent_at,
        "attachments": [
            {
                "id": item.pk,
                "filename": item.filename,
                "media_type": item.media_type,
                "size": item.size,
                "sha256": item.sha256,
                "url": reverse("api:conversation_attachment", args=[message.thread_id, item.pk]),
            }
            for item in message.attachments.all()
        ],
    }


def _thread_out(thread: Thread) -> dict[str, Any]:
    messages = messages_of(thread)
    return {**thread_row(thread, len(messages)), "messages": [message_out(message) for message in messages]}


@router.get("", response=list[ThreadRow], summary="List my conversations")
def list_(request: HttpRequest) -> Any:
    """Return the conversations of the caller's donor organisations and initiated projects, the latest first."""
    return [thread_row(thread) for thread in threads_of(acting_user(request))]


@router.post("", response={201: ThreadOut}, summary="Open a conversation")
def open_(request: HttpRequest, payload: ThreadOpen) -> Any:
    """Open a donor's conversation with the initiator of a project that seeks money, with its first message."""
    thread = services.open_thread(
        actor=acting_user(request),
        project=get_project(payload.project),
        donor=get_organisation(payload.donor, field="donor") if payload.donor else None,
        body=payload.body,
    )
    return 201, _thread_out(thread)


@router.get("/{thread_id}", response=ThreadOut, summary="Read a conversation")
def read(request: HttpRequest, thread_id: int) -> Any:
    """Return a conversation with every message; only its participants may read it."""
    thread, _ = thread_for(acting_user(request), thread_id)
    return _thread_out(thread)


@router.post("/{thread_id}/messages", response={201: ThreadOut}, summary="Write in a conversation")
def post(
    request: HttpRequest,
    thread_id: int,
    *,
    body: Form[str] = "",
    files: File[list[UploadedFile]] = None,  # type: ignore[assignment]
) -> Any:
    """Add a message, with files if any (multipart); the other side is told by e-mail."""
    user = acting_user(request)
    thread, _ = thread_for(user, thread_id)
    uploads = [services.FileInput(content=item.read(), filename=item.name or "file") for item in files or []]
    services.post_message(actor=user, thread=thread, body=body, files=uploads)
    return 201, _thread_out(thread)


@router.get(
    "/{thread_id}/attachments/{attachment_id}",
    url_name="conversation_attachment",
    summary="Download an attached file",
    response={200: None},
)
def attachment(request: HttpRequest, thread_id: int, attachment_id: int) -> FileResponse:
    """Send a file attached in a conversation; only its participants may download it."""
    thread, _ = thread_for(acting_user(request), thread_id)
    found = attachment_of(thread, attachment_id)
    return FileResponse(found.file.open("rb"), content_type=found.media_type, filename=found.filename)
