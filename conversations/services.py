"""Every write to conversations: opening one and posting a message, each audited as private and never published."""

import hashlib
import logging
import mimetypes
import smtplib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath

import puremagic
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.mail import send_mass_mail
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import record_event
from conversations.exceptions import (
    ConversationExists,
    EmptyMessage,
    InvalidAttachment,
    NotADonor,
    NotParticipant,
    NotSeekingMoney,
)
from conversations.models import Attachment, Message, Thread
from conversations.queries import donor_organisations, side_of
from parties.models import Organisation, Role
from projects.models import Project
from projects.services import DOCUMENT_TYPES
from showcase.seeking import seeks_money

logger = logging.getLogger(__name__)

# The longest message accepted, in characters: a letter, not a document (documents travel as attachments).
MAX_BODY_CHARS = 20_000
MAX_FILES = 10


@dataclass(frozen=True)
class FileInput:
    """A file as uploaded: its bytes and the name it came with."""

    content: bytes
    filename: str


@dataclass(frozen=True)
class _CheckedFile:
    content: bytes
    filename: str
    media_type: str
    sha256: str


def _check_file(index: int, upload: FileInput) -> _CheckedFile:
    """Check a file's size and what its bytes really are, as project documents are checked."""
    field = f"files[{index}]"
    name = PurePath(upload.filename).name[:255] or "file"
    if not upload.content:
        raise InvalidAttachment(f"{name} is empty.", field=field)
    if len(upload.content) > settings.DREAM_MAX_UPLOAD_BYTES:
        raise InvalidAttachment(
            f"{name} is larger than {filesizeformat(settings.DREAM_MAX_UPLOAD_BYTES)}.", field=field
        )
    try:
        media_type = puremagic.from_string(upload.content, mime=True)
    except puremagic.PureError:
        media_type = ""
    if media_type not in DOCUMENT_TYPES:
        found = media_type or "an unrecognised format"
        raise InvalidAttachment(
            f"{name} is {found}; an attachment must be one of: {', '.join(sorted(DOCUMENT_TYPES))}.", field=field
        )
    return _CheckedFile(upload.content, name, media_type, hashlib.sha256(upload.content).hexdigest())


def _check_message(body: str, files: Sequence[FileInput]) -> list[_CheckedFile]:
    if not body.strip() and not files:
        raise EmptyMessage("Write something or attach a file: the message is empty.", field="body")
    if len(body) > MAX_BODY_CHARS:
        raise EmptyMessage(
            f"The message is longer than {MAX_BODY_CHARS} characters; attach a document instead.",
            code="message_too_long",
            field="body",
        )
    if len(files) > MAX_FILES:
        raise InvalidAttachment(f"Attach at most {MAX_FILES} files to one message.", field="files")
    return [_check_file(index, upload) for index, upload in enumerate(files)]


def _store(checked: _CheckedFile) -> str:
    """Store the bytes under their SHA-256 and return the stored name; the same bytes are stored once."""
    stored_name = (
        f"conversations/{checked.sha256[:2]}/{checked.sha256}{mimetypes.guess_extension(checked.media_type) or ''}"
    )
    if not default_storage.exists(stored_name):
        stored_name = default_storage.save(stored_name, ContentFile(checked.content))
    return stored_name


def _write(thread: Thread, author: User, side: Organisation, body: str, files: Sequence[_CheckedFile]) -> Message:
    # Files are written before the rows that name them: a failure in between leaves a file no row names, which the
    # same upload reuses, never a row naming a missing file.
    stored = [_store(checked) for checked in files]
    message = Message.objects.create(thread=thread, author=author, author_organisation=side, body=body.strip())
    Attachment.objects.bulk_create(
        Attachment(
            message=message,
            file=name,
            filename=checked.filename,
            media_type=checked.media_type,
            size=len(checked.content),
            sha256=checked.sha256,
        )
        for name, checked in zip(stored, files, strict=True)
    )
    thread.last_message_at = message.sent_at
    thread.save(update_fields=["last_message_at"])
    return message


def _audit(thread: Thread, message: Message, actor: User, side: Organisation, action: str) -> None:
    record_event(
        actor=actor,
        actor_organisation=side.edrpou,
        action=action,
        object_type="conversation",
        object_id=str(thread.pk),
        after={
            "project": thread.project.code,
            "donor": thread.donor.edrpou,
            "message": message.pk,
            "body": message.body,
            "attachments": [{"filename": item.filename, "sha256": item.sha256} for item in message.attachments.all()],
        },
        # A conversation is private to its two sides: its events never join a public history.
        is_public=False,
    )


def _choose_donor(actor: User, donor: Organisation | None) -> Organisation:
    organisations = list(donor_organisations(actor))
    if donor is not None:
        if donor in organisations:
            return donor
        raise NotADonor(f"You do not act as a donor for {donor.name_uk} (EDRPOU {donor.edrpou}).", field="donor")
    if not organisations:
        raise NotADonor("Only users who act for a donor organisation open conversations with project initiators.")
    if len(organisations) > 1:
        names = ", ".join(f"{item.name_uk} ({item.edrpou})" for item in organisations)
        raise NotADonor(f"You act for several donors; say which one writes: {names}.", field="donor")
    return organisations[0]


def open_thread(
    *,
    actor: User,
    project: Project,
    body: str,
    donor: Organisation | None = None,
    files: Sequence[FileInput] = (),
) -> Thread:
    """Open a donor's conversation with the initiator of a project that seeks money, with its first message."""
    checked = _check_message(body, files)
    donor = _choose_donor(actor, donor)
    if not seeks_money(project):
        raise NotSeekingMoney(
            f"Project {project.code} is {project.status}:{project.status_details}; donors open conversations only "
            "about projects that seek money (structured, applied for funding or approved)."
        )
    existing = Thread.objects.filter(project=project, donor=donor).first()
    if existing is not None:
        raise ConversationExists(
            f"{donor.name_uk} already has conversation {existing.pk} about project {project.code}; write in it.",
        )

    with transaction.atomic():
        thread = Thread.objects.create(project=project, donor=donor, opened_by=actor, last_message_at=timezone.now())
        message = _write(thread, actor, donor, body, checked)
        _audit(thread, message, actor, donor, "conversation.opened")
        transaction.on_commit(lambda: notify(message.pk))
    logger.info("Conversation %s opened about project %s", thread.pk, project.code)
    return thread


def post_message(*, actor: User, thread: Thread, body: str, files: Sequence[FileInput] = ()) -> Message:
    """Add a message to a conversation, from the side the author acts for."""
    checked = _check_message(body, files)

    with transaction.atomic():
        thread = Thread.objects.select_for_update().select_related("project", "donor").get(pk=thread.pk)
        side = side_of(actor, thread)
        if side is None:
            raise NotParticipant(
                f"Only the donor users of {thread.donor.name_uk} and the editors of the initiator of project "
                f"{thread.project.code} write in conversation {thread.pk}."
            )
        message = _write(thread, actor, side, body, checked)
        _audit(thread, message, actor, side, "conversation.message_posted")
        transaction.on_commit(lambda: notify(message.pk))
    return message


def recipients(message: Message) -> list[str]:
    """Return the addresses of the other side's members: the initiator's editors or the donor's users."""
    thread = message.thread
    if message.author_organisation_id == thread.donor_id:
        organisation_id, role = thread.project.initiator_id, Role.COMMUNITY_EDITOR
    else:
        organisation_id, role = thread.donor_id, Role.DONOR
    users = User.objects.filter(
        memberships__organisation_id=organisation_id, memberships__role=role, is_active=True
    ).exclude(email="")
    return sorted(set(users.exclude(pk=message.author_id).values_list("email", flat=True)))


def notify(message_id: int) -> int:
    """E-mail the other side that a message arrived; return how many were sent. A mail failure loses no message."""
    message = Message.objects.select_related(
        "thread__project", "thread__donor", "author_organisation", "thread__project__initiator"
    ).get(pk=message_id)
    addresses = recipients(message)
    if not addresses:
        return 0
    thread = message.thread
    link = settings.DREAM_PUBLIC_URL + reverse("conversations:thread", args=[thread.pk])
    subject = _("DREAM: a message about project %(code)s from %(sender)s") % {
        "code": thread.project.code,
        "sender": message.author_organisation.name_uk,
    }
    text = _("%(sender)s wrote about project %(code)s (%(title)s):\n\n%(body)s\n\nRead and answer: %(link)s\n") % {
        "sender": message.author_organisation.name_uk,
        "code": thread.project.code,
        "title": thread.project.title_uk,
        "body": message.body,
        "link": link,
    }
    try:
        # One e-mail per person, so nobody learns the others' addresses.
        return send_mass_mail([(subject, text, None, [address]) for address in addresses])
    except (OSError, smtplib.SMTPException):
        logger.exception("Could not e-mail the notice of message %s in conversation %s", message.pk, thread.pk)
        return 0
