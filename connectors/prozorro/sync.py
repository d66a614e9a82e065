"""The pull of Prozorro: its tenders, contracts and plans feeds, page by page, each page stored with its cursor."""

import logging

from django.db import transaction

from connectors.exceptions import BadPayload, SourceUnavailable, Unmappable
from connectors.http import Fetched
from connectors.prozorro import mapping
from connectors.prozorro.client import FEEDS, FeedEntry, FeedPage, ProzorroClient
from connectors.prozorro.models import DocumentKind
from connectors.prozorro.services import (
    SYSTEM,
    Recorded,
    known_versions,
    plan_projects,
    record_contract,
    record_plan,
    record_tender,
)
from connectors.services import quarantine, read_cursor, save_cursor
from connectors.sync import Connector, SyncReport
from contracting.services import Outcome
from dream.errors import DreamError

logger = logging.getLogger(__name__)

# The feeds in the order they are pulled: a contract finds its tender, and a plan its tender's process, already held.
ORDER = (DocumentKind.TENDER, DocumentKind.CONTRACT, DocumentKind.PLAN)

# What a fetch gave: the document, or a body that stayed unreadable through every attempt.
Got = Fetched | BadPayload


def _latest_per_id(entries: list[FeedEntry]) -> list[FeedEntry]:
    """Return each document of a page once, at the last version the page lists."""
    return list({entry.prozorro_id: entry for entry in entries}.values())


class ProzorroConnector(Connector):
    """Pull the tenders, contracts and plans changed since each feed's cursor, and record them."""

    system = "prozorro"

    def sync(self, report: SyncReport) -> None:
        """Pull each feed in turn from its cursor; stop at an error that leaves a document unfetched, or the limit."""
        api = ProzorroClient(self.client)
        self.done = 0
        try:
            for kind in ORDER:
                if not self._sync_feed(api, kind, report):
                    return
        except SourceUnavailable as error:
            report.errors.append(error.message)

    def _sync_feed(self, api: ProzorroClient, kind: DocumentKind, report: SyncReport) -> bool:
        """Pull one feed to its end; return False when the limit stopped it."""
        feed = FEEDS[kind]
        for page in api.feed_pages(kind, read_cursor(SYSTEM, feed)):
            self._sync_page(api, kind, page, report)
            if self.limit is not None and self.done >= self.limit:
                logger.info("Stopped the %s feed of %s at the limit of %s documents", feed, SYSTEM, self.limit)
                return False
        logger.info("Caught up with the %s feed of %s", feed, SYSTEM)
        return True

    def _fetch(self, api: ProzorroClient, kind: DocumentKind, prozorro_id: str, report: SyncReport) -> Got:
        try:
            fetched: Got = api.document(kind, prozorro_id)
        except BadPayload as error:
            fetched = error
        report.fetched += 1
        return fetched

    def _sync_page(self, api: ProzorroClient, kind: DocumentKind, page: FeedPage, report: SyncReport) -> None:
        """Fetch the documents of a page that changed, then store them all and the page's cursor in one transaction.

        A document that cannot be fetched at all raises SourceUnavailable before anything is stored, so the cursor
        stays before the page and the next sync fetches it again.
        """
        entries = _latest_per_id(page.entries)
        known = known_versions(kind, [entry.prozorro_id for entry in entries])
        documents: list[tuple[FeedEntry, Got]] = []
        for entry in entries:
            held = known.get(entry.prozorro_id)
            if held is not None and entry.date_modified and held.date_modified == entry.date_modified:
                report.unchanged += 1
            else:
                documents.append((entry, self._fetch(api, kind, entry.prozorro_id, report)))
            self.done += 1
            self.progress(self.done, None)
        tender_ids: dict[str, str] = {}
        tenders: list[tuple[str, Got]] = []
        if kind == DocumentKind.CONTRACT:
            tender_ids, tenders = self._tenders_of_contracts(api, documents, report)
        projects = self._projects_of_tenders(documents) if kind == DocumentKind.TENDER else {}

        with transaction.atomic():
            # A contract whose tender is not held yet brings the tender with it, recorded first.
            for prozorro_id, got in tenders:
                recorded = self._record(DocumentKind.TENDER, prozorro_id, got, report)
                if recorded is not None:
                    tender_ids[prozorro_id] = recorded.tender_id
            for entry, got in documents:
                self._record(kind, entry.prozorro_id, got, report, projects=projects, tender_ids=tender_ids)
            save_cursor(system=SYSTEM, feed=FEEDS[kind], value=page.next_offset or page.offset)

    def _tenders_of_contracts(
        self, api: ProzorroClient, documents: list[tuple[FeedEntry, Got]], report: SyncReport
    ) -> tuple[dict[str, str], list[tuple[str, Got]]]:
        """Return the public ids of the page's contracts' tenders held here, and fetch those not held yet."""
        wanted = set()
        for _, got in documents:
            if isinstance(got, Fetched):
                try:
                    wanted.add(mapping.contract_tender(got.data))
                except DreamError:
                    continue
        known = known_versions(DocumentKind.TENDER, sorted(wanted))
        held = {prozorro_id: version.tender_id for prozorro_id, version in known.items() if version.tender_id}
        fetched = [
            (prozorro_id, self._fetch(api, DocumentKind.TENDER, prozorro_id, report))
            for prozorro_id in sorted(wanted)
            if prozorro_id not in held
        ]
        return held, fetched

    def _projects_of_tenders(self, documents: list[tuple[FeedEntry, Got]]) -> dict[str, str]:
        """Return the DREAM project codes of the page's tenders whose plans name a project held here."""
        tender_ids, plan_ids = [], []
        plans_of: dict[str, list[str]] = {}
        for entry, got in documents:
            if not isinstance(got, Fetched):
                continue
            tender_ids.append(entry.prozorro_id)
            try:
                plans_of[entry.prozorro_id] = mapping.tender_plan_ids(got.data)
            except DreamError:
                continue
            plan_ids.extend(plans_of[entry.prozorro_id])
        codes = plan_projects(tender_ids=tender_ids, plan_ids=plan_ids)
        projects = {}
        for prozorro_id in tender_ids:
            code = codes.get(prozorro_id) or next(
                (codes[plan] for plan in plans_of.get(prozorro_id, []) if plan in codes), ""
            )
            if code:
                projects[prozorro_id] = code
        return projects

    def _record(
        self,
        kind: DocumentKind,
        prozorro_id: str,
        got: Got,
        report: SyncReport,
        *,
        projects: dict[str, str] | None = None,
        tender_ids: dict[str, str] | None = None,
    ) -> Recorded | None:
        """Record one document, or quarantine it with the reason it could not be."""
        if isinstance(got, BadPayload):
            self._quarantine(kind, prozorro_id, got.raw, got.url, got.message, report=report)
            return None
        try:
            # Each service records its document in a savepoint of its own, so a refusal undoes that document only.
            recorded = self._record_one(kind, prozorro_id, got, projects or {}, tender_ids or {})
        except DreamError as error:
            self._quarantine(kind, prozorro_id, got.body, got.url, error.message, report=report)
            return None
        if recorded.outcome == Outcome.CREATED:
            report.created += 1
        elif recorded.outcome == Outcome.REPLACED:
            report.updated += 1
        else:
            report.unchanged += 1
        return recorded

    def _record_one(
        self,
        kind: DocumentKind,
        prozorro_id: str,
        fetched: Fetched,
        projects: dict[str, str],
        tender_ids: dict[str, str],
    ) -> Recorded:
        if kind == DocumentKind.TENDER:
            return record_tender(fetched, prozorro_id=prozorro_id, project_code=projects.get(prozorro_id))
        if kind == DocumentKind.CONTRACT:
            tender = mapping.contract_tender(fetched.data)
            tender_id = tender_ids.get(tender)
            if not tender_id:
                raise Unmappable(
                    f"The contract's tender {tender} could not be mapped (see the quarantined tender), so the "
                    "contracting process it belongs to is unknown.",
                    field="tender_id",
                )
            return record_contract(fetched, prozorro_id=prozorro_id, tender_id=tender_id)
        return record_plan(fetched, prozorro_id=prozorro_id)

    def _quarantine(
        self, kind: DocumentKind, prozorro_id: str, body: str, url: str, reason: str, *, report: SyncReport
    ) -> None:
        quarantine(system=SYSTEM, kind=kind, external_id=prozorro_id, body=body, url=url, reason=reason)
        report.quarantined += 1
        logger.info("Quarantined %s %s of %s: %s", kind, prozorro_id, SYSTEM, reason)
