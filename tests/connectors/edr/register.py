"""A fake ЄДР on a local server answering from the real NAIS EDR API 1.0 samples, and the organisations they name."""

import json
import re
from dataclasses import dataclass, field
from typing import Any

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from parties.models import Organisation, OrganisationKind
from tests.conftest import SHARED_DIR
from tests.factories import OrganisationFactory

SAMPLES = SHARED_DIR / "samples" / "edr"
SEARCH = SAMPLES / "nais-edr-api-1.0-subjects-search.json"
DETAILS = SAMPLES / "nais-edr-api-1.0-subject-details.json"

STATE_ADMINISTRATION = "00037256"  # ДЕРЖАВНЕ УПРАВЛІННЯ СПРАВАМИ
SCHOOL_MEALS = "13313462"  # КП "ШКОЛЯР"
SCHOOL_10 = "21725150"  # ЗАГАЛЬНООСВІТНЯ ШКОЛА I-III СТУПЕНІВ №10
CODES = (STATE_ADMINISTRATION, SCHOOL_MEALS, SCHOOL_10)
BASE = "/1.0"


def searches() -> dict[str, list[dict[str, Any]]]:
    """Return the register's search answers, keyed by the code searched, as the samples hold them."""
    return json.loads(SEARCH.read_text(encoding="utf-8"))


def details() -> dict[str, list[dict[str, Any]]]:
    """Return the register's details answers, keyed by code, as the samples hold them."""
    return json.loads(DETAILS.read_text(encoding="utf-8"))


@dataclass
class FakeRegister:
    """The answers the fake register gives; tests change them to make a subject terminated or a code unknown."""

    search: dict[str, Any] = field(default_factory=searches)
    subjects: dict[int, Any] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)

    def __post_init__(self) -> None:
        for entries in details().values():
            for entry in entries:
                self.subjects[entry["id"]] = entry

    def answer_search(self, request: Request) -> Response:
        self.requests.append(request)
        found = self.search.get(request.args.get("code", ""), [])
        return Response(json.dumps(found, ensure_ascii=False), content_type="application/json")

    def answer_details(self, request: Request) -> Response:
        self.requests.append(request)
        register_id = int(request.path.rsplit("/", 1)[1])
        if register_id not in self.subjects:
            return Response('{"errors": [{"code": 404, "message": "not found"}]}', status=404)
        return Response(json.dumps(self.subjects[register_id], ensure_ascii=False), content_type="application/json")

    def install(self, server: HTTPServer) -> None:
        """Serve the register's two calls on the server, under /1.0."""
        server.expect_request(f"{BASE}/subjects").respond_with_handler(self.answer_search)
        server.expect_request(re.compile(rf"^{BASE}/subjects/\d+$")).respond_with_handler(self.answer_details)


def register_sample_organisations() -> list[Organisation]:
    """Register the three organisations of the samples, under names of our own, not yet verified."""
    return [
        OrganisationFactory(edrpou=code, kind=OrganisationKind.AGENCY, name_uk=f"Організація {code}") for code in CODES
    ]
