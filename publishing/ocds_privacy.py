"""The personal data of natural persons, taken out of OCDS releases before they are published.

Prozorro publishes a sole trader (ФОП) who wins a contract like any other supplier: the party's name is a person's
name, its identifier is the person's tax number (РНОКПП: ten digits, which Prozorro files under the scheme UA-EDR,
where a legal entity's EDRPOU code has eight), and its address and contact point are the person's own. None of it is
published here.

A party is a natural person when its details say so (a scale such as "sole trader") or when its identifier is an
individual's tax number. Such a party keeps only its roles, its scale, and the region and country of its address. Its
name becomes NATURAL_PERSON_NAME ("natural person") and its id a pseudonym made from the ocid and the original id with
the deployment's secret key: the same person is the same party in every release of one process (and the compiled
release merges them), yet cannot be followed from one process to another, nor traced back to the tax number. Every
reference to the party anywhere in the process's releases (suppliers of awards, tenderers, payees of transactions,
...) becomes the same pseudonym and name, and so does any organisation reference that carries an individual's tax
number itself.
"""

import re
from collections.abc import Iterable
from typing import Any

from django.utils.crypto import salted_hmac

NATURAL_PERSON_NAME = "Фізична особа"
# Scales that name a person rather than a size of business (OCDS partyScale is an open codelist).
NATURAL_PERSON_SCALES = frozenset({"sole trader", "soletrader", "sole_trader", "individual", "natural person"})
# The schemes under which Ukrainian publishers file tax numbers, and the form of an individual's tax number there.
TAX_NUMBER_SCHEMES = frozenset({"UA-EDR", "UA-IPN"})
INDIVIDUAL_TAX_NUMBER = re.compile(r"\d{10}")
INDIVIDUAL_PARTY_ID = re.compile(r"(UA-EDR|UA-IPN)-\d{10}")
KEPT_ADDRESS_FIELDS = ("region", "countryName")


def is_individual_identifier(identifier: Any) -> bool:
    """Tell whether an OCDS identifier is an individual's tax number."""
    if not isinstance(identifier, dict) or identifier.get("scheme") not in TAX_NUMBER_SCHEMES:
        return False
    return bool(INDIVIDUAL_TAX_NUMBER.fullmatch(str(identifier.get("id", "")).strip()))


def is_natural_person(party: dict[str, Any]) -> bool:
    """Tell whether an OCDS party (or organisation reference) is a natural person rather than a legal entity."""
    details = party.get("details")
    scale = details.get("scale") if isinstance(details, dict) else None
    if isinstance(scale, str) and scale.strip().casefold() in NATURAL_PERSON_SCALES:
        return True
    if isinstance(party.get("id"), str) and INDIVIDUAL_PARTY_ID.fullmatch(party["id"].strip()):
        return True
    additional = party.get("additionalIdentifiers")
    identifiers = [party.get("identifier"), *(additional if isinstance(additional, list) else [])]
    return any(is_individual_identifier(identifier) for identifier in identifiers)


def _pseudonym(ocid: str, original: str) -> str:
    digest = salted_hmac("dream.publishing.ocds.natural_person", f"{ocid}\n{original}", algorithm="sha256")
    return f"natural-person-{digest.hexdigest()[:16]}"


def _original_id(party: dict[str, Any]) -> str:
    """Return what identifies the person in the release as received: the party id, else scheme and number."""
    if isinstance(party.get("id"), str | int) and str(party["id"]).strip():
        return str(party["id"]).strip()
    identifier = party.get("identifier")
    if isinstance(identifier, dict):
        return f"{identifier.get('scheme', '')}-{identifier.get('id', '')}"
    return ""


def _parties(release: dict[str, Any]) -> list[dict[str, Any]]:
    parties = release.get("parties")
    return [party for party in parties if isinstance(party, dict)] if isinstance(parties, list) else []


def _reference_id(value: dict[str, Any]) -> str:
    return str(value["id"]).strip() if isinstance(value.get("id"), str | int) else ""


def natural_person_ids(releases: Iterable[dict[str, Any]]) -> set[str]:
    """Return the ids of the parties that are natural persons in any of the releases (of one process)."""
    return {_original_id(party) for release in releases for party in _parties(release) if is_natural_person(party)}


class _Scrubber:
    """Rewrites one release: natural persons become pseudonymous parties, everything else stays as it is."""

    def __init__(self, release: dict[str, Any], natural_persons: Iterable[str]) -> None:
        self.ocid = str(release.get("ocid", ""))
        self.pseudonyms = {original: _pseudonym(self.ocid, original) for original in natural_persons if original}
        for party in _parties(release):
            if is_natural_person(party):
                self._pseudonym_of(party)

    def _pseudonym_of(self, organisation: dict[str, Any]) -> str:
        original = _original_id(organisation)
        if original not in self.pseudonyms:
            self.pseudonyms[original] = _pseudonym(self.ocid, original)
        return self.pseudonyms[original]

    def _is_person(self, value: dict[str, Any]) -> bool:
        identifier = _reference_id(value)
        if identifier and (identifier in self.pseudonyms or INDIVIDUAL_PARTY_ID.fullmatch(identifier)):
            return True
        return is_individual_identifier(value.get("identifier"))

    def party(self, party: dict[str, Any]) -> dict[str, Any]:
        """Return a party of the release's parties as published."""
        if not (is_natural_person(party) or self._is_person(party)):
            return self.value(party)
        kept: dict[str, Any] = {"id": self._pseudonym_of(party), "name": NATURAL_PERSON_NAME}
        if isinstance(party.get("roles"), list):
            kept["roles"] = party["roles"]
        details = party.get("details")
        if isinstance(details, dict) and isinstance(details.get("scale"), str):
            kept["details"] = {"scale": details["scale"]}
        address = party.get("address")
        if isinstance(address, dict) and (region := {k: address[k] for k in KEPT_ADDRESS_FIELDS if k in address}):
            kept["address"] = region
        return kept

    def value(self, value: Any) -> Any:
        """Return any value of the release as published, references to natural persons rewritten."""
        if isinstance(value, list):
            return [self.value(item) for item in value]
        if not isinstance(value, dict):
            return value
        if self._is_person(value):
            return {"id": self._pseudonym_of(value), "name": NATURAL_PERSON_NAME}
        return {key: self.value(item) for key, item in value.items()}


def without_personal_data(release: dict[str, Any], *, natural_persons: Iterable[str] = ()) -> dict[str, Any]:
    """Return the release as published: as received, less the personal data of natural persons.

    A release may refer to a person whom only another release of the process describes: give the ids of the natural
    persons of the whole process (natural_person_ids) so that such references are rewritten too.
    """
    scrubber = _Scrubber(release, natural_persons)
    published = {}
    for key, value in release.items():
        if key == "parties" and isinstance(value, list):
            published[key] = [scrubber.party(party) if isinstance(party, dict) else party for party in value]
        else:
            published[key] = scrubber.value(value)
    return published
