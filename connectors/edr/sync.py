"""The ЄДР sync: organisations checked against the register again once their last check has grown old."""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from connectors.edr.exceptions import NotInRegister, UnreadableEntry
from connectors.edr.services import SEARCH_KIND, fetch_entry, record_verification
from connectors.exceptions import BadPayload
from connectors.services import quarantine, read_cursor, save_cursor
from connectors.sync import Connector, SyncReport
from parties.models import Organisation

logger = logging.getLogger(__name__)

# The feed whose cursor is the last EDRPOU code checked in the current round.
ROUND = "round"


def organisations_due() -> QuerySet[Organisation]:
    """Return the organisations never checked against the register, or last checked too long ago."""
    stale_before = timezone.now() - timedelta(days=settings.DREAM_CONNECTORS["edr"]["reverify_days"])
    return Organisation.objects.filter(Q(edr_verified_at=None) | Q(edr_verified_at__lt=stale_before))


class EdrConnector(Connector):
    """Check organisations against ЄДР in EDRPOU order, resuming a round after the last code done."""

    system = "edr"

    def sync(self, report: SyncReport) -> None:
        """Verify every organisation that is due, after the cursor; a finished round clears the cursor."""
        after = read_cursor(self.system, ROUND) or ""
        due = organisations_due().filter(edrpou__gt=after).order_by("edrpou")
        codes = list(due.values_list("edrpou", flat=True))
        for done, code in enumerate(codes, start=1):
            if self.limit is not None and done > self.limit:
                return
            self._verify(code, report)
            self.progress(done, len(codes))

        with transaction.atomic():
            save_cursor(system=self.system, feed=ROUND, value=None)
        logger.info("Checked %s organisations against ЄДР", len(codes))

    def _verify(self, code: str, report: SyncReport) -> None:
        """Verify one organisation; a code the register lacks, or an answer that does not read, is quarantined."""
        report.fetched += 1
        try:
            answer = fetch_entry(self.client, code)
        except (NotInRegister, UnreadableEntry) as error:
            self._quarantine(code, body=error.document.body, url=error.document.url, reason=error.message)
            report.quarantined += 1
            return
        except BadPayload as error:
            self._quarantine(code, body=error.raw, url=error.url, reason=error.message)
            report.quarantined += 1
            return

        with transaction.atomic():
            first = Organisation.objects.filter(edrpou=code, edr_verified_at=None).exists()
            _, changed = record_verification(answer)
            save_cursor(system=self.system, feed=ROUND, value=code)
        if first:
            report.created += 1
        elif changed:
            report.updated += 1
        else:
            report.unchanged += 1

    def _quarantine(self, code: str, *, body: str, url: str, reason: str) -> None:
        """Put the register's answer about a code aside with the reason, and move the round past the code."""
        with transaction.atomic():
            quarantine(system=self.system, kind=SEARCH_KIND, external_id=code, body=body, url=url, reason=reason)
            save_cursor(system=self.system, feed=ROUND, value=code)
        logger.warning("Quarantined the ЄДР answer about %s: %s", code, reason)
