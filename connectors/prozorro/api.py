"""Linking a Prozorro tender to a project by its tender id, for the community that runs the project."""

from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import Field

from connectors.prozorro.client import ProzorroClient
from connectors.prozorro.services import ensure_tender
from connectors.prozorro.sync import ProzorroConnector
from contracting.services import link_process_to_project
from dream.auth import SIGNED_IN, acting_user
from projects.authority import editor_organisation
from projects.queries import get_project

router = Router(auth=SIGNED_IN)


class TenderLinkIn(Schema):
    """The tender to link to the project."""

    tender_id: Annotated[
        str,
        Field(
            description=(
                "The Prozorro tender id (UA-YYYY-MM-DD-NNNNNN-x) of a tender held here, or the tender's internal id "
                "in the Prozorro API (32 hexadecimal characters), which fetches it from Prozorro if it is not held."
            ),
            min_length=1,
            max_length=64,
        ),
    ]


class LinkedProcessOut(Schema):
    """The contracting process now linked to the project."""

    ocid: str
    tender_id: str
    project: str
    title: str
    status: str
    procuring_entity_edrpou: str
    procuring_entity_name: str


@router.post("/{code}/tenders", response=LinkedProcessOut, summary="Link a Prozorro tender to a project")
def link_tender(request: HttpRequest, code: str, payload: TenderLinkIn) -> dict[str, Any]:
    """Link the contracting process of a Prozorro tender to the project, fetching the tender if it is not held yet.

    For an editor of the project's initiator; the tender must have been procured by one of the project's parties.
    """
    actor = acting_user(request)
    # Refuse who may not link before asking Prozorro anything.
    editor_organisation(actor, get_project(code))
    with ProzorroConnector.make_client() as source:
        ocid = ensure_tender(payload.tender_id, client=ProzorroClient(source))
    process = link_process_to_project(actor=actor, ocid=ocid, project_code=code)
    return {
        "ocid": process.ocid,
        "tender_id": process.tender_id,
        "project": code,
        "title": process.title,
        "status": process.status,
        "procuring_entity_edrpou": process.procuring_entity_edrpou,
        "procuring_entity_name": process.procuring_entity_name,
    }
