"""What the organisations API takes and gives."""

from datetime import datetime
from typing import Annotated

from ninja import Schema
from pydantic import Field


class ActivityCode(Schema):
    """A kind of economic activity (КВЕД) the register lists for an organisation."""

    code: Annotated[str, Field(description="КВЕД code, such as 84.11.")]
    name: str
    primary: Annotated[bool, Field(description="Whether it is the organisation's main activity.")]


class OrganisationOut(Schema):
    """A registered organisation, with what ЄДР said about it at its last check."""

    edrpou: str
    name_uk: str
    name_en: str
    kind: str
    territory_code: str | None
    edr_name: Annotated[str, Field(description="The full name in ЄДР; empty until verified.")]
    legal_form_code: Annotated[str, Field(description="КОПФГ code of the legal form in ЄДР.")]
    legal_form: Annotated[str, Field(description="The legal form as ЄДР names it.")]
    register_status: Annotated[str, Field(description="The status in ЄДР, in its own words.")]
    is_active: Annotated[
        bool | None, Field(description="Whether ЄДР holds it as registered and not terminated; null until verified.")
    ]
    address: Annotated[str, Field(description="The registered address, postcode first.")]
    activity_codes: list[ActivityCode]
    edr_verified_at: Annotated[datetime | None, Field(description="When it was last checked against ЄДР.")]


class RegisterEntryOut(Schema):
    """What ЄДР says about an EDRPOU code, to pre-fill an organisation before it is registered here."""

    edrpou: str
    register_id: Annotated[int, Field(description="The subject's id in ЄДР.")]
    edr_name: str
    short_name: str
    legal_form_code: str
    legal_form: str
    register_status: str
    is_active: bool
    address: str
    activity_codes: list[ActivityCode]


class OrganisationPage(Schema):
    """One page of organisations with the total that match."""

    count: int
    next_cursor: str | None
    results: list[OrganisationOut]


class OrganisationIn(Schema):
    """An organisation to register."""

    edrpou: Annotated[str, Field(description="Eight digits with a check digit.")]
    name_uk: Annotated[str, Field(min_length=1)]
    name_en: str = ""
    kind: str
    territory: Annotated[str | None, Field(description="KATOTTG code of the unit it serves.")] = None
