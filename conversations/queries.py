"""Reads of conversations: whose they are, and who sits on which side."""

from django.db.models import Count, Q, QuerySet

from accounts.models import User
from conversations.exceptions import ConversationNotFound, NotParticipant
from conversations.models import Attachment, Message, Thread
from parties.models import Organisation, Role


def donor_organisations(user: User) -> QuerySet[Organisation]:
    """Return the organisations for which the user acts as a donor."""
    return Organisation.objects.filter(memberships__user=user, memberships__role=Role.DONOR).distinct()


def side_of(user: User, thread: Thread) -> Organisation | None:
    """Return the side the user writes for in the thread: its donor, the project's initiator, or none."""
    memberships = user.memberships.filter(
        Q(role=Role.DONOR, organisation_id=thread.donor_id)
        | Q(role=Role.COMMUNITY_EDITOR, organisation_id=thread.project.initiator_id)
    )
    roles = set(memberships.values_list("role", flat=True))
    if Role.DONOR in roles:
        return thread.donor
    if Role.COMMUNITY_EDITOR in roles:
        return thread.project.initiator
    return None


def threads_of(user: User) -> QuerySet[Thread]:
    """Return the threads the user takes part in, the busiest first, with what a list row shows."""
    donor_of = user.memberships.filter(role=Role.DONOR).values("organisation_id")
    editor_of = user.memberships.filter(role=Role.COMMUNITY_EDITOR).values("organisation_id")
    return (
        Thread.objects.filter(Q(donor_id__in=donor_of) | Q(project__initiator_id__in=editor_of))
        .select_related("project", "project__initiator", "donor")
        .annotate(message_count=Count("messages"))
        .order_by("-last_message_at", "-id")
    )


def get_thread(thread_id: int) -> Thread:
    """Return a thread with its project, initiator and donor."""
    thread = Thread.objects.select_related("project", "project__initiator", "donor").filter(pk=thread_id).first()
    if thread is None:
        raise ConversationNotFound(f"There is no conversation {thread_id}.")
    return thread


def thread_for(user: User, thread_id: int) -> tuple[Thread, Organisation]:
    """Return a thread and the side the user writes for, or refuse a user who takes no part in it."""
    thread = get_thread(thread_id)
    side = side_of(user, thread)
    if side is None:
        raise NotParticipant(
            f"Conversation {thread_id} is between {thread.donor.name_uk} and the initiator of project "
            f"{thread.project.code}; only their donor users and the initiator's editors may read or write in it."
        )
    return thread, side


def messages_of(thread: Thread) -> list[Message]:
    """Return the thread's messages, oldest first, with their authors, sides and files."""
    return list(thread.messages.select_related("author", "author_organisation").prefetch_related("attachments").all())


def attachment_of(thread: Thread, attachment_id: int) -> Attachment:
    """Return a file attached in this thread, or say there is none."""
    found = Attachment.objects.filter(pk=attachment_id, message__thread=thread).first()
    if found is None:
        raise ConversationNotFound(f"Conversation {thread.pk} has no attached file {attachment_id}.")
    return found
