"""A fake spending.gov.ua on a local server, answering the transactions API from the real samples and made-up rows."""

import json
from dataclasses import dataclass, field
from typing import Any

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from tests.conftest import SHARED_DIR

SAMPLES = SHARED_DIR / "samples" / "spending"
OFFICIAL_EXAMPLE = SAMPLES / "transactions-response.official-example.json"
FULL_KEYS = SAMPLES / "transactions-response.full-keys.json"
PAGE_SHAPE = SAMPLES / "transactions-page-response.shape.json"
BASE = "/api/v2"
TRANSACTIONS = f"{BASE}/api/transactions/"

# The official example: the State Treasury's allocation account pays the Ministry of Finance.
SAMPLE_PAYER = "37567646"
SAMPLE_RECIPIENT = "00013480"
SAMPLE_DAY = "2023-05-10"


def sample_body(path=OFFICIAL_EXAMPLE) -> str:
    """Return a sample document's text exactly as the shared samples hold it."""
    return path.read_text(encoding="utf-8")


def transaction(number: int, day: str, **fields: Any) -> dict[str, Any]:
    """Return a transaction of a day with every key the portal sends, filled in plausibly, with the fields given."""
    row = json.loads(sample_body(FULL_KEYS))[0]
    return {
        **row,
        "id": 900_000_000 + number,
        "doc_date": day,
        "doc_v_date": day,
        "trans_date": day,
        "doc_number": f"{number}/24",
        "amount": 1234.56,
        "amount_cop": 123456,
        **fields,
    }


@dataclass
class FakePortal:
    """The portal's transactions, answered by payer or recipient code and date window (of the document's date).

    A window whose transactions are exactly those of a sample document is answered with that document's text, byte
    for byte; any other window with its transactions serialised.
    """

    rows: list[dict[str, Any]] = field(default_factory=list)
    verbatim: list[str] = field(default_factory=list)
    requests: list[dict[str, str]] = field(default_factory=list)

    def add_document(self, body: str) -> None:
        """Serve a document's transactions, and the document itself for the window that holds exactly them."""
        self.verbatim.append(body)
        self.rows.extend(json.loads(body))

    def matching(self, args: dict[str, str]) -> list[dict[str, Any]]:
        payer, recipient = args.get("payers_edrpous"), args.get("recipt_edrpous")
        return [
            row
            for row in self.rows
            if (payer is None or row["payer_edrpou"] == payer)
            and (recipient is None or row["recipt_edrpou"] == recipient)
            and args["startdate"] <= row["doc_date"] <= args["enddate"]
        ]

    def body_for(self, args: dict[str, str]) -> str:
        found = self.matching(args)
        for body in self.verbatim:
            if json.loads(body) == found:
                return body
        return json.dumps(found, ensure_ascii=False)

    def answer(self, request: Request) -> Response:
        args = dict(request.args)
        self.requests.append(args)
        return Response(self.body_for(args), content_type="application/json")

    def install(self, server: HTTPServer) -> None:
        server.expect_request(TRANSACTIONS).respond_with_handler(self.answer)
