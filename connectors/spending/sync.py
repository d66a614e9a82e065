"""The spending sync: the treasury's transactions of every registered organisation, as payer and as recipient.

Each organisation has two feeds, ``payer:{EDRPOU}`` and ``recipient:{EDRPOU}``, whose cursor is the last day fully
synced. A feed is pulled in windows of up to 31 days from the day after its cursor (or from the start date) to
yesterday; each window's payments and the feed's cursor are stored in one transaction.
"""

import json
import logging
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import orjson
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from connectors.exceptions import BadPayload, Unmappable
from connectors.http import Fetched
from connectors.models import Quarantined
from connectors.services import keep_raw, quarantine, read_cursor, save_cursor
from connectors.spending.mapping import map_transaction, transaction_id
from connectors.sync import Connector, SyncReport
from contracting.exceptions import InvalidPayment
from contracting.services import Outcome, record_payment
from parties.models import Organisation

logger = logging.getLogger(__name__)

TRANSACTIONS = "api/transactions/"
TRANSACTION_KIND = "transaction"
WINDOW_KIND = "window"
WINDOW_DAYS = 31


@dataclass(frozen=True)
class Feed:
    """One organisation's transactions in one role, and the query parameter that asks for them."""

    role: str
    parameter: str
    edrpou: str

    @property
    def name(self) -> str:
        """Return the feed's name, under which its cursor is kept."""
        return f"{self.role}:{self.edrpou}"


ROLES = (("payer", "payers_edrpous"), ("recipient", "recipt_edrpous"))


def windows(first: date, last: date) -> list[tuple[date, date]]:
    """Split the days from first to last, both included, into windows of at most WINDOW_DAYS days."""
    spans = []
    while first <= last:
        end = min(first + timedelta(days=WINDOW_DAYS - 1), last)
        spans.append((first, end))
        first = end + timedelta(days=1)
    return spans


def transactions_in(fetched: Fetched) -> list[Any]:
    """Return the transactions of an answer, their numbers read exactly as Decimal, never as float.

    The portal answers a list; its paged endpoint wraps the list in an object under ``transactions``. An answer of
    another shape is refused.
    """
    data = json.loads(fetched.body, parse_float=Decimal)
    if isinstance(data, dict) and isinstance(data.get("transactions"), list):
        data = data["transactions"]
    if not isinstance(data, list):
        raise Unmappable(f"The portal answered a {type(data).__name__}, not a list of transactions.")
    return data


def _exact_number(value: Any) -> orjson.Fragment:
    if isinstance(value, Decimal):
        return orjson.Fragment(str(value))
    raise TypeError(type(value).__name__)


def transaction_body(row: Any) -> str:
    """Return one transaction as JSON, its numbers written exactly as the portal wrote them."""
    return orjson.dumps(row, default=_exact_number).decode()


def last_day_to_sync() -> date:
    """Return yesterday: the treasury's day is complete only once it is over."""
    return timezone.localdate() - timedelta(days=1)


class SpendingConnector(Connector):
    """Pull the treasury's transactions of every organisation registered here, window by window."""

    system = "spending"

    def sync(self, report: SyncReport) -> None:
        """Bring each organisation's feeds up to yesterday, in EDRPOU order, stopping after ``limit`` transactions."""
        start = date.fromisoformat(settings.DREAM_CONNECTORS[self.system]["start_date"])
        yesterday = last_day_to_sync()
        codes = list(Organisation.objects.order_by("edrpou").values_list("edrpou", flat=True))
        for code in codes:
            for role, parameter in ROLES:
                self._pull(Feed(role, parameter, code), start, yesterday, report)
                if self.limit is not None and report.fetched >= self.limit:
                    return
        logger.info("Synced %s transactions of %s organisations from spending", report.fetched, len(codes))

    def _pull(self, feed: Feed, start: date, last: date, report: SyncReport) -> None:
        """Pull one feed window by window; a window whose answer stays broken is quarantined and ends the feed."""
        synced = read_cursor(self.system, feed.name)
        first = date.fromisoformat(synced) + timedelta(days=1) if synced else start
        for window_start, window_end in windows(first, last):
            params = {
                feed.parameter: feed.edrpou,
                "startdate": window_start.isoformat(),
                "enddate": window_end.isoformat(),
            }
            window = f"{feed.name}:{window_start.isoformat()}:{window_end.isoformat()}"
            try:
                fetched = self.client.get_json(TRANSACTIONS, params)
                rows = transactions_in(fetched)
            except BadPayload as error:
                self._quarantine_window(window, body=error.raw, url=error.url, reason=error.message, report=report)
                return
            except Unmappable as error:
                self._quarantine_window(
                    window, body=fetched.body, url=fetched.url, reason=error.message, report=report
                )
                return

            with transaction.atomic():
                # An answer that was broken before reads now: keeping it resolves the window's quarantine.
                if self._quarantined(window):
                    keep_raw(
                        system=self.system, kind=WINDOW_KIND, external_id=window, body=fetched.body, url=fetched.url
                    )
                for place, row in enumerate(rows):
                    self._record(row, transaction_body(row), fetched.url, f"{window}#{place}", report)
                save_cursor(system=self.system, feed=feed.name, value=window_end.isoformat())
            if self.limit is not None and report.fetched >= self.limit:
                return

    def _record(self, row: Any, body: str, url: str, place: str, report: SyncReport) -> None:
        """Keep one transaction and record its payment; a transaction that does not map is quarantined."""
        report.fetched += 1
        try:
            external_id = transaction_id(row)
        except Unmappable as error:
            self._quarantine_row(place, body=body, url=url, reason=error.message, report=report)
            return
        try:
            with transaction.atomic():
                facts = map_transaction(row)
                keep_raw(system=self.system, kind=TRANSACTION_KIND, external_id=external_id, body=body, url=url)
                _, outcome = record_payment(facts)
        except (Unmappable, InvalidPayment) as error:
            self._quarantine_row(external_id, body=body, url=url, reason=error.message, report=report)
            return
        if outcome is Outcome.CREATED:
            report.created += 1
        elif outcome is Outcome.REPLACED:
            report.updated += 1
        else:
            report.unchanged += 1
        self.progress(report.fetched, None)

    def _quarantined(self, window: str) -> bool:
        return Quarantined.objects.filter(
            system=self.system, kind=WINDOW_KIND, external_id=window, resolved_at=None
        ).exists()

    def _quarantine_row(self, external_id: str, *, body: str, url: str, reason: str, report: SyncReport) -> None:
        quarantine(
            system=self.system, kind=TRANSACTION_KIND, external_id=external_id, body=body, url=url, reason=reason
        )
        report.quarantined += 1
        logger.warning("Quarantined spending transaction %s: %s", external_id, reason)

    def _quarantine_window(self, window: str, *, body: str, url: str, reason: str, report: SyncReport) -> None:
        quarantine(system=self.system, kind=WINDOW_KIND, external_id=window, body=body, url=url, reason=reason)
        report.quarantined += 1
        logger.warning("Quarantined the spending window %s, to be asked again next sync: %s", window, reason)
