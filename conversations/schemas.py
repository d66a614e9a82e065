"""The shapes of conversations in the API."""

from datetime import datetime
from typing import Annotated

from ninja import Schema
from pydantic import Field


class Side(Schema):
    """An organisation on one side of a conversation."""

    edrpou: str
    name_uk: str


class ThreadRow(Schema):
    """A conversation as a list shows it."""

    id: int
    project: Annotated[str, Field(description="The project's code.")]
    project_title: str
    donor: Side
    initiator: Side
    opened_at: datetime
    last_message_at: datetime
    message_count: int
    url: Annotated[str, Field(description="The conversation's page in the cabinet.")]


class AttachmentOut(Schema):
    """A file attached to a message; its address serves it to the participants only."""

    id: int
    filename: str
    media_type: str
    size: int
    sha256: str
    url: str


class MessageOut(Schema):
    """One message of a conversation."""

    id: int
    author: Annotated[str, Field(description="The author's user name.")]
    side: Side
    body: str
    sent_at: datetime
    attachments: list[AttachmentOut]


class ThreadOut(ThreadRow):
    """A conversation with its messages, oldest first."""

    messages: list[MessageOut]


class ThreadOpen(Schema):
    """What a donor's user gives to open a conversation."""

    project: Annotated[str, Field(description="The code of a project that seeks money.")]
    donor: Annotated[
        str, Field(description="EDRPOU of the donor you act for; needed only if you act for several.")
    ] = ""
    body: Annotated[str, Field(description="The first message.")]
