"""OCDS releases for the tests: small hand-written ones, and the real Prozorro package from the shared samples."""

import json
from typing import Any

from parties.models import Organisation, OrganisationKind
from tests.conftest import SHARED_DIR
from tests.factories import OrganisationFactory

PREFIX = "ocds-be6bcu-"
TENDER_ID = "UA-2025-03-04-000123-a"
OCID = PREFIX + TENDER_ID
PROZORRO_PACKAGE = SHARED_DIR / "samples" / "prozorro" / "ocds-release-package-UA-2018-06-22-001789-a.json"
PROZORRO_OCID = "ocds-be6bcu-UA-2018-06-22-001789-a"


def prozorro_package() -> dict[str, Any]:
    """Return the real OCDS release package that Prozorro published for a street-lighting repair."""
    return json.loads(PROZORRO_PACKAGE.read_text(encoding="utf-8"))


def organisation_party(organisation: Organisation, *roles: str) -> dict[str, Any]:
    """Return an OCDS party for an organisation, identified by its EDRPOU code."""
    return {
        "id": f"UA-EDR-{organisation.edrpou}",
        "name": organisation.name_uk,
        "identifier": {"scheme": "UA-EDR", "id": organisation.edrpou, "legalName": organisation.name_uk},
        "roles": list(roles),
    }


def release(
    release_id: str = "r-1",
    *,
    ocid: str = OCID,
    date: str = "2025-03-04T10:00:00+02:00",
    tag: tuple[str, ...] = ("tender",),
    **sections: Any,
) -> dict[str, Any]:
    """Return an OCDS release with the fields every release has, and the sections given."""
    return {"ocid": ocid, "id": release_id, "date": date, "tag": list(tag), "initiationType": "tender", **sections}


def tender_release(
    procuring_entity: Organisation,
    release_id: str = "r-1",
    *,
    amount: float = 950_000,
    status: str = "active",
    title: str = "Капітальний ремонт даху ліцею",
    **fields: Any,
) -> dict[str, Any]:
    """Return a tender release of a procuring entity, with the tender's title, status and value."""
    reference = {"id": f"UA-EDR-{procuring_entity.edrpou}", "name": procuring_entity.name_uk}
    return release(
        release_id,
        parties=[organisation_party(procuring_entity, "buyer", "procuringEntity")],
        buyer=reference,
        tender={
            "id": "t-1",
            "title": title,
            "status": status,
            "procuringEntity": reference,
            "value": {"amount": amount, "currency": "UAH"},
            "procurementMethod": "open",
            "mainProcurementCategory": "works",
        },
        **fields,
    )


def register_contractors(count: int = 2) -> list[Organisation]:
    """Register contractors, as the demonstration data has them."""
    return [
        OrganisationFactory(kind=OrganisationKind.CONTRACTOR, name_uk=f"ТОВ «Будівельник-{number}»")
        for number in range(count)
    ]
