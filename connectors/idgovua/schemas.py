"""The membership requests' API in and out."""

from datetime import datetime
from typing import Annotated

from ninja import Schema
from pydantic import Field


class MembershipRequestOut(Schema):
    """A request to join an organisation, as its administrators see it."""

    id: int
    username: Annotated[str, Field(description="The account asking to join.")]
    full_name: Annotated[str, Field(description="The name the person signed in with; shown to administrators only.")]
    email: str
    organisation_edrpou: str
    organisation_name: str
    role: Annotated[str, Field(description="The role asked for.")]
    status: Annotated[str, Field(description="pending, approved or refused.")]
    requested_at: datetime
    decided_at: datetime | None
    reason: str


class RefusalIn(Schema):
    """Why a request is refused."""

    reason: Annotated[str, Field(description="The reason the person will read; required.")] = ""
