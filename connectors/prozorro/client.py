"""Reading the Prozorro public API 2.5: the pages of its change feeds, and each document they name.

A feed (``/tenders``, ``/contracts``, ``/plans``) lists documents by id and dateModified, oldest change first, and
names the ``offset`` of the page after it. The offset is opaque: it is kept as it was given and sent back unread. A
page that lists nothing means the feed is caught up.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from connectors.exceptions import SourceUnavailable
from connectors.http import Fetched, SourceClient
from connectors.prozorro.models import DocumentKind

# Each kind of document and the feed (and path) it comes from.
FEEDS = {DocumentKind.TENDER: "tenders", DocumentKind.CONTRACT: "contracts", DocumentKind.PLAN: "plans"}


@dataclass(frozen=True)
class FeedEntry:
    """One line of a feed page: a document's internal id and the time of its latest change."""

    prozorro_id: str
    date_modified: str


@dataclass(frozen=True)
class FeedPage:
    """One page of a feed: the offset it was asked for, its entries, and the offset of the page after it."""

    offset: str | None
    entries: list[FeedEntry]
    next_offset: str | None


def _entries(data: Any, url: str) -> list[FeedEntry]:
    if not isinstance(data, dict) or not isinstance(data.get("data"), list):
        raise SourceUnavailable(f"{url} answered with something other than a feed page: no list under 'data'.")
    entries = []
    for item in data["data"]:
        identifier = item.get("id") if isinstance(item, dict) else None
        if not isinstance(identifier, str) or not identifier:
            raise SourceUnavailable(f"{url} lists an entry without an id: {str(item)[:200]}.")
        modified = item.get("dateModified")
        entries.append(FeedEntry(identifier, modified if isinstance(modified, str) else ""))
    return entries


def _next_offset(data: dict[str, Any]) -> str | None:
    next_page = data.get("next_page")
    offset = next_page.get("offset") if isinstance(next_page, dict) else None
    if isinstance(offset, int | float) and not isinstance(offset, bool):
        return str(offset)
    return offset if isinstance(offset, str) and offset else None


class ProzorroClient:
    """The Prozorro API seen through a source client, which keeps to the rate limit and retries faults."""

    def __init__(self, source: SourceClient) -> None:
        self.source = source

    def feed_page(self, kind: DocumentKind, offset: str | None) -> FeedPage:
        """Fetch one page of a feed, from its beginning when no offset is given."""
        fetched = self.source.get_json(FEEDS[kind], {"offset": offset} if offset else None)
        entries = _entries(fetched.data, fetched.url)
        return FeedPage(offset, entries, _next_offset(fetched.data))

    def feed_pages(self, kind: DocumentKind, offset: str | None) -> Iterator[FeedPage]:
        """Yield the pages of a feed from an offset on, until a page lists nothing.

        A page whose next offset is the one it was asked for would be asked for forever: the feed ends there too.
        """
        while True:
            page = self.feed_page(kind, offset)
            if not page.entries:
                return
            yield page
            if page.next_offset is None or page.next_offset == offset:
                return
            offset = page.next_offset

    def document(self, kind: DocumentKind, prozorro_id: str) -> Fetched:
        """Fetch one tender, contract or plan by its internal id."""
        return self.source.get_json(f"{FEEDS[kind]}/{prozorro_id}")
