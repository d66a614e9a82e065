"""The pinned official schemas and codelists, read from DREAM_STANDARDS_DIR, and validation against them."""

import csv
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema_rs
import orjson
from django.conf import settings

from publishing.exceptions import InvalidPackage, StandardsMissing

OC4IDS_VERSION = "0.9"
OC4IDS_SCHEMA_VERSION = "0.9.5"
OCDS_VERSION = "1.1"
OCDS_SCHEMA_VERSION = "1.1.5"


@dataclass(frozen=True)
class Problem:
    """One way a document breaks its schema or a codelist."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path or '/'}: {self.message}"


def standards_dir() -> Path:
    """Return the folder of the pinned standards, as the setting names it."""
    return Path(settings.DREAM_STANDARDS_DIR)


def _load(relative: str) -> dict[str, Any]:
    path = standards_dir() / relative
    if not path.is_file():
        raise StandardsMissing(
            f"{path} is missing: point DREAM_STANDARDS_DIR at the pinned standards, or run `dream standards download`."
        )
    document: dict[str, Any] = orjson.loads(path.read_bytes())
    return document


def _schema_id(schema: dict[str, Any]) -> str:
    return str(schema.get("id") or schema.get("$id") or "")


@functools.cache
def _validator(standard: str, name: str, *referenced: str) -> jsonschema_rs.Validator:
    """Build a validator once, resolving the schemas it refers to from the local folder, never the network."""
    schema = _load(f"{standard}/{name}")
    resources = [(_schema_id(document), document) for document in (_load(f"{standard}/{ref}") for ref in referenced)]
    registry = jsonschema_rs.Registry(resources) if resources else None
    return jsonschema_rs.validator_for(schema, registry=registry, validate_formats=True)


def oc4ids_project_validator() -> jsonschema_rs.Validator:
    """Return the validator of one OC4IDS project."""
    return _validator("oc4ids", "project-schema.json")


def oc4ids_package_validator() -> jsonschema_rs.Validator:
    """Return the validator of an OC4IDS project package."""
    return _validator("oc4ids", "project-package-schema.json", "project-schema.json")


def ocds_release_package_validator() -> jsonschema_rs.Validator:
    """Return the validator of an OCDS release package."""
    return _validator("ocds", "release-package-schema.json", "release-schema.json")


def ocds_record_package_validator() -> jsonschema_rs.Validator:
    """Return the validator of an OCDS record package."""
    return _validator(
        "ocds", "record-package-schema.json", "release-schema.json", "versioned-release-validation-schema.json"
    )


def ocds_release_schema() -> dict[str, Any]:
    """Return the OCDS release schema, for merging releases into records."""
    return _load("ocds/release-schema.json")


@functools.cache
def codelist(standard: str, name: str) -> frozenset[str]:
    """Return the codes of one codelist file, such as ("oc4ids", "projectStatus")."""
    path = standards_dir() / standard / "codelists" / f"{name}.csv"
    if not path.is_file():
        raise StandardsMissing(f"{path} is missing: point DREAM_STANDARDS_DIR at the pinned standards.")
    with path.open(encoding="utf-8", newline="") as handle:
        return frozenset(row["Code"].strip() for row in csv.DictReader(handle) if row.get("Code"))


def schema_problems(validator: jsonschema_rs.Validator, document: Any) -> list[Problem]:
    """Return every way the document breaks the schema, each with its JSON path."""
    return [
        Problem("/" + "/".join(str(part) for part in error.instance_path), error.message)
        for error in validator.iter_errors(document)
    ]


def require_valid(validator: jsonschema_rs.Validator, document: Any, *, what: str) -> None:
    """Refuse a document that breaks its schema, naming what it is and the first paths that are wrong."""
    problems = schema_problems(validator, document)
    if problems:
        shown = "; ".join(str(problem) for problem in problems[:5])
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""  # noqa: PLR2004 - enough to act on.
        raise InvalidPackage(f"{what} is not valid: {shown}{more}.")


def clear_caches() -> None:
    """Forget loaded schemas and codelists, after DREAM_STANDARDS_DIR changes."""
    _validator.cache_clear()
    codelist.cache_clear()
