"""A fake Prozorro API 2.5: feeds of pages and documents held in memory, served with faults injected on demand."""

import copy
import time
from collections import defaultdict, deque
from collections.abc import Callable
from typing import Any

import orjson
from werkzeug import Request, Response

from tests.conftest import SHARED_DIR

SAMPLES = SHARED_DIR / "samples" / "prozorro"
PREFIX = "/api/2.5"

# A fault answers one request in place of the document: it returns the response to send.
Fault = Callable[[Request], Response]


def sample(name: str) -> dict[str, Any]:
    """Return a sample document of the shared folder, read now."""
    return orjson.loads((SAMPLES / name).read_bytes())


def sample_bytes(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def json_response(document: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(orjson.dumps(document), status=status, headers=headers, content_type="application/json")


def sleeping(seconds: float) -> Fault:
    """Answer the request only after a wait longer than the client's timeout."""

    def answer(request: Request) -> Response:
        time.sleep(seconds)
        return json_response({"data": {}})

    return answer


def status(code: int, headers: dict[str, str] | None = None) -> Fault:
    def answer(request: Request) -> Response:
        return json_response({"errors": [{"description": "fault"}]}, status=code, headers=headers)

    return answer


def truncated(body: bytes) -> Fault:
    """Answer with the first half of the body, as a connection cut mid-way leaves it."""

    def answer(request: Request) -> Response:
        return Response(body[: len(body) // 2], content_type="application/json")

    return answer


class FakeProzorro:
    """Feeds of pages of (id, dateModified) and the documents they name, each path's faults served before it."""

    def __init__(self, base_url: str = "") -> None:
        self.base_url = base_url
        self.pages: dict[str, list[list[dict[str, str]]]] = defaultdict(list)
        # Each path's bodies, served in turn; the last one is served again and again.
        self.documents: dict[str, list[bytes]] = {}
        self.faults: dict[str, deque[Fault]] = defaultdict(deque)
        self.requests: list[str] = []

    def page(self, feed: str, entries: list[dict[str, str]]) -> None:
        """Add a page to a feed; the feed ends with an empty page after the last one added."""
        self.pages[feed].append([{"id": entry["id"], "dateModified": entry["dateModified"]} for entry in entries])

    def document(self, path: str, *versions: Any) -> None:
        """Serve a document (or its versions in turn) at a path such as tenders/<id>."""
        self.documents[path] = [v if isinstance(v, bytes) else orjson.dumps(v) for v in versions]

    def fail(self, path: str, *faults: Fault) -> None:
        """Answer the next requests of a path with faults before the document."""
        self.faults[path].extend(faults)

    def count(self, path: str) -> int:
        return sum(1 for requested in self.requests if requested == path)

    def _feed_page(self, feed: str, offset: str | None) -> Response:
        index = int(offset.split(".")[0]) if offset else 0
        pages = self.pages.get(feed, [])
        data = pages[index] if index < len(pages) else []
        following = f"{index + 1}.{feed}" if data else (offset or f"0.{feed}")
        path = f"{PREFIX}/{feed}?offset={following}"
        return json_response(
            {"data": data, "next_page": {"offset": following, "path": path, "uri": f"{self.base_url}{path}"}}
        )

    def handle(self, request: Request) -> Response:
        path = request.path.removeprefix(PREFIX).strip("/")
        self.requests.append(path)
        if self.faults.get(path):
            return self.faults[path].popleft()(request)
        if path in {"tenders", "contracts", "plans"}:
            return self._feed_page(path, request.args.get("offset"))
        versions = self.documents.get(path)
        if not versions:
            return json_response({"status": "error", "errors": [{"description": "Not Found"}]}, status=404)
        body = versions.pop(0) if len(versions) > 1 else versions[0]
        return Response(body, content_type="application/json")


def generated_tender(number: int, *, template: dict[str, Any] | None = None, modified: str = "") -> dict[str, Any]:
    """Return the sample tender as another tender: its ids, tender id and title changed, the rest as it is."""
    answer = copy.deepcopy(template or sample("tender-aboveThreshold-complete.json"))
    tender = answer["data"]
    tender["id"] = f"{number:032x}"
    tender["tenderID"] = f"UA-2027-01-01-{number:06d}-a"
    tender["title"] = f"Закупівля №{number}"
    if modified:
        tender["dateModified"] = modified
    return answer


def feed_entries(answers: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [{"id": a["data"]["id"], "dateModified": a["data"]["dateModified"]} for a in answers]
