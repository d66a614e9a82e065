"""Organisations looked up in ЄДР, the register of legal entities, and their register details kept up to date.

The register answers in the NAIS EDR API 1.0 format: ``subjects?code=`` finds the subjects registered under an EDRPOU
code, and ``subjects/{id}`` gives one subject's details.
"""

import logging
from contextlib import nullcontext
from dataclasses import asdict, dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from audit.services import record_event
from connectors.edr.exceptions import NotInRegister, UnreadableEntry
from connectors.http import Fetched, SourceClient
from connectors.services import keep_raw
from parties.models import Organisation
from parties.queries import get_organisation
from parties.services import clean_edrpou

logger = logging.getLogger(__name__)

SYSTEM = "edr"
SEARCH_KIND = "subjects"
DETAILS_KIND = "subject"

# The register's state of a subject that is registered and not being terminated; any other state (in termination,
# terminated, cancelled, in bankruptcy) marks the organisation as no longer active.
REGISTERED_STATE = 1


@dataclass(frozen=True)
class RegisterEntry:
    """What ЄДР says about one legal entity, read from its own format into the organisation's fields."""

    edrpou: str
    register_id: int
    edr_name: str
    short_name: str
    legal_form_code: str
    legal_form: str
    register_status: str
    is_active: bool
    address: str
    activity_codes: list[dict[str, Any]]

    def organisation_fields(self) -> dict[str, Any]:
        """Return the values of the organisation's register fields."""
        return {
            "edr_name": self.edr_name,
            "legal_form_code": self.legal_form_code,
            "legal_form": self.legal_form,
            "register_status": self.register_status,
            "is_active": self.is_active,
            "address": self.address,
            "activity_codes": self.activity_codes,
        }

    def as_dict(self) -> dict[str, Any]:
        """Return the entry as plain values, for an API answer."""
        return asdict(self)


@dataclass(frozen=True)
class RegisterAnswer:
    """An entry with the two documents it was read from, kept as provenance when the entry is recorded."""

    entry: RegisterEntry
    search: Fetched
    details: Fetched


def register_client(base_url: str | None = None) -> SourceClient:
    """Return a client of ЄДР with the address, token and rate limit from settings."""
    options = settings.DREAM_CONNECTORS[SYSTEM]
    return SourceClient(
        SYSTEM,
        base_url or options["base_url"],
        headers=options.get("headers"),
        rate_per_second=options.get("rate_per_second"),
    )


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _subject_found(search: Fetched, edrpou: str) -> dict[str, Any]:
    """Return the subject a search names under this code, preferring one still registered; refuse when none is."""
    if not isinstance(search.data, list):
        raise UnreadableEntry(f"The register's search for {edrpou} is not a list of subjects.", document=search)
    subjects = [item for item in search.data if isinstance(item, dict) and _text(item.get("code")) == edrpou]
    if not subjects:
        raise NotInRegister(
            f"ЄДР holds no legal entity with EDRPOU {edrpou}; check the code.", document=search, field="edrpou"
        )
    subjects.sort(key=lambda subject: subject.get("state") != REGISTERED_STATE)
    subject = subjects[0]
    if not isinstance(subject.get("id"), int) or isinstance(subject.get("id"), bool):
        raise UnreadableEntry(
            f"The register's subject with EDRPOU {edrpou} has no numeric id to ask its details by.", document=search
        )
    return subject


def _details_of(details: Fetched, register_id: int) -> dict[str, Any]:
    """Return the details of one subject, whether the register sent the object or a list that holds it."""
    candidates = details.data if isinstance(details.data, list) else [details.data]
    for candidate in candidates:
        if isinstance(candidate, dict) and candidate.get("id") == register_id:
            return candidate
    raise UnreadableEntry(
        f"The register's details of subject {register_id} do not describe that subject.", document=details
    )


def _address(value: Any) -> str:
    """Return the registered address as one line, its postcode first."""
    if not isinstance(value, dict):
        return ""
    parts = [_text(value.get("zip")), _text(value.get("address"))]
    return ", ".join(part for part in parts if part)


def _activity_codes(value: Any) -> list[dict[str, Any]]:
    """Return the kinds of activity (КВЕД) as {code, name, primary}, the primary one first."""
    kinds = [
        {"code": _text(kind.get("code")), "name": _text(kind.get("name")), "primary": kind.get("is_primary") is True}
        for kind in (value if isinstance(value, list) else [])
        if isinstance(kind, dict) and _text(kind.get("code"))
    ]
    return sorted(kinds, key=lambda kind: not kind["primary"])


def map_subject(edrpou: str, subject: dict[str, Any], details: dict[str, Any]) -> RegisterEntry:
    """Read a subject's search entry and details into a register entry."""
    names = details.get("names")
    if not isinstance(names, dict):
        names = {}
    name = _text(names.get("name")) or _text(details.get("name")) or _text(subject.get("name"))
    state = details.get("state", subject.get("state"))
    return RegisterEntry(
        edrpou=edrpou,
        register_id=subject["id"],
        edr_name=name,
        short_name=_text(names.get("short")),
        legal_form_code=_text(details.get("olf_code")),
        legal_form=_text(details.get("olf_name")),
        register_status=_text(details.get("state_text")) or _text(subject.get("state_text")),
        is_active=state == REGISTERED_STATE,
        address=_address(details.get("address")),
        activity_codes=_activity_codes(details.get("activity_kinds")),
    )


def fetch_entry(client: SourceClient, edrpou: str) -> RegisterAnswer:
    """Ask the register about one code: find its subject, then read the subject's details."""
    search = client.get_json("subjects", {"code": edrpou})
    subject = _subject_found(search, edrpou)
    details = client.get_json(f"subjects/{subject['id']}")
    entry = map_subject(edrpou, subject, _details_of(details, subject["id"]))
    if not entry.edr_name:
        raise UnreadableEntry(f"The register's details of EDRPOU {edrpou} give no name.", document=details)
    return RegisterAnswer(entry, search, details)


def lookup(edrpou: str, *, client: SourceClient | None = None) -> RegisterEntry:
    """Return what ЄДР says about an EDRPOU code without keeping anything, as a form pre-filling an organisation needs.

    Raises InvalidEdrpou for a malformed code, NotInRegister when the register has none, and SourceUnavailable
    when the register does not answer.
    """
    code = clean_edrpou(edrpou)
    with nullcontext(client) if client is not None else register_client() as asking:
        return fetch_entry(asking, code).entry


def record_verification(answer: RegisterAnswer, *, actor: User | None = None) -> tuple[Organisation, list[str]]:
    """Keep the register's documents and write its entry onto the organisation, auditing the fields that changed.

    The first check, and every check that changes a field, is an audit event with the fields before and after.
    Return the organisation and the names of the register fields that changed.
    """
    entry = answer.entry
    with transaction.atomic():
        for kind, fetched in ((SEARCH_KIND, answer.search), (DETAILS_KIND, answer.details)):
            keep_raw(system=SYSTEM, kind=kind, external_id=entry.edrpou, body=fetched.body, url=fetched.url)
        organisation = Organisation.objects.select_for_update().get(edrpou=entry.edrpou)
        fields = entry.organisation_fields()
        changed = {key: value for key, value in fields.items() if getattr(organisation, key) != value}
        before = {key: getattr(organisation, key) for key in changed}
        first = organisation.edr_verified_at is None
        for key, value in changed.items():
            setattr(organisation, key, value)
        organisation.edr_verified_at = timezone.now()
        organisation.save(update_fields=[*changed, "edr_verified_at", "updated_at"])
        # A check that finds what the register said before only moves the time of the check: nothing to audit.
        if first or changed:
            record_event(
                actor=actor,
                action="parties.organisation_verified",
                object_type="organisation",
                object_id=entry.edrpou,
                before=before,
                after={**changed, "edr_verified_at": organisation.edr_verified_at.isoformat()},
            )
    if not entry.is_active:
        logger.info("Organisation %s is %s in ЄДР", entry.edrpou, entry.register_status or "not active")
    return organisation, list(changed)


def verify_organisation(edrpou: str, *, actor: User | None = None, client: SourceClient | None = None) -> Organisation:
    """Check a registered organisation against ЄДР and keep the register's name, form, status, address and activities.

    An organisation the register holds as terminated is kept, marked as not active. A code the register does not
    hold raises NotInRegister and changes nothing.
    """
    code = clean_edrpou(edrpou)
    get_organisation(code)
    with nullcontext(client) if client is not None else register_client() as asking:
        answer = fetch_entry(asking, code)
    organisation, _ = record_verification(answer, actor=actor)
    return organisation
