"""A connector small enough to exercise the sync machinery: it reads one page of the Prozorro tenders feed."""

from typing import ClassVar

from django.db import transaction

from connectors.services import keep_raw, quarantine, read_cursor, save_cursor
from connectors.sync import Connector, SyncReport
from tests.conftest import SHARED_DIR

FEED_PAGE = SHARED_DIR / "samples" / "prozorro" / "tenders-feed-page.json"


class FeedConnector(Connector):
    """Keep each tender the feed names, quarantine those named in ``refused``, and move the cursor per page."""

    system = "feed"
    refused: ClassVar[set[str]] = set()

    def sync(self, report: SyncReport) -> None:
        """Read one page from the cursor and keep or quarantine what it names."""
        offset = read_cursor(self.system, "tenders")
        page = self.client.get_json("tenders", {"offset": offset} if offset else None)
        items = page.data["data"]
        for done, item in enumerate(items, 1):
            if self.limit is not None and done > self.limit:
                break
            report.fetched += 1
            with transaction.atomic():
                options = {"system": self.system, "kind": "tender", "external_id": item["id"], "url": page.url}
                if item["id"] in self.refused:
                    quarantine(**options, body=str(item), reason="Refused by the test.")
                    report.quarantined += 1
                else:
                    keep_raw(**options, body=str(item))
                    report.created += 1
                save_cursor(system=self.system, feed="tenders", value=item["dateModified"])
            self.progress(done, len(items))


class BrokenConnector(Connector):
    """Fetch one document, then fail the way a mapping bug would."""

    system = "broken"

    def sync(self, report: SyncReport) -> None:
        """Count one document and stop with an error."""
        report.fetched += 1
        raise RuntimeError("the feed's format changed")
