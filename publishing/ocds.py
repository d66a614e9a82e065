"""OCDS 1.1 release and record packages of the contracting processes, validated before anyone sees them.

Releases are published as they were received, less the personal data of natural persons (publishing.ocds_privacy).
A record lists its releases and gives the compiled release: the published releases merged by ocdsmerge-rs with the
merge rules of the pinned release schema, which the tests hold equal to what the reference implementation
(ocdsmerge) gives. A package that breaks its schema is refused, naming the ocid and the path that is wrong.
"""

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from operator import itemgetter
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jsonschema_rs
import ocdsmerge_rs
from django.conf import settings
from django.utils import timezone

from contracting.models import ContractingProcess
from contracting.queries import changed_processes, recorded_releases
from publishing.exceptions import InvalidPackage
from publishing.ocds_privacy import natural_person_ids, without_personal_data
from publishing.standards import (
    OCDS_VERSION,
    Problem,
    ocds_record_package_validator,
    ocds_release_package_validator,
    ocds_release_schema,
    schema_problems,
    standards_dir,
)

# The OCDS API extension declares `links.next`, which pages of a change feed carry (as Prozorro's packages do).
API_EXTENSION = (
    "https://raw.githubusercontent.com/open-contracting/api_extension/eeb2cb400c6f1d1352130bd65b314ab00a96d6ad/"
    "extension.json"
)
SHOWN_PROBLEMS = 5


@dataclass(frozen=True)
class FeedPage:
    """One page of a change feed: its package, when its last item changed, and where the next page starts."""

    package: dict[str, Any]
    last_modified: datetime | None
    next_after: datetime | None


def _datetime(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def release_package_uri(ocid: str) -> str:
    """Return the public address of a process's release package, where its releases can be read."""
    return f"{settings.DREAM_PUBLIC_URL}/api/v1/ocds/releases/{quote(ocid)}"


@functools.cache
def _merger(standards: Path) -> ocdsmerge_rs.Merger:
    """Build the merger once for a folder of standards: its rules come from the pinned release schema."""
    schema = ocds_release_schema()
    return ocdsmerge_rs.Merger(rules=ocdsmerge_rs.Merger.get_rules(ocdsmerge_rs.Merger.dereference(schema)))


def compile_releases(releases: list[dict[str, Any]]) -> dict[str, Any]:
    """Merge the releases of one process into its compiled release."""
    # Releases merge in the order of their dates as written, as the reference implementation orders them (a stable
    # sort, so releases of the same date keep the order they were given in).
    ordered = sorted(releases, key=itemgetter("date"))
    compiled: dict[str, Any] = _merger(standards_dir()).create_compiled_release(ordered)
    return compiled


def _natural_persons(process: ContractingProcess) -> set[str]:
    return natural_person_ids(release.document for release in process.releases.all())


def published_releases(process: ContractingProcess) -> list[dict[str, Any]]:
    """Return the process's releases as published, oldest first."""
    persons = _natural_persons(process)
    return [without_personal_data(release.document, natural_persons=persons) for release in process.releases.all()]


def _metadata(uri: str, published: datetime) -> dict[str, Any]:
    return {
        "uri": uri,
        "version": OCDS_VERSION,
        "publishedDate": _datetime(published),
        "publisher": {"name": "DREAM", "uri": settings.DREAM_PUBLIC_URL},
        "license": "https://creativecommons.org/licenses/by/4.0/",
        "publicationPolicy": f"{settings.DREAM_PUBLIC_URL}/api/v1/docs",
    }


def _located(problem: Problem, package: dict[str, Any], key: str) -> str:
    """Name the ocid of the release or record a problem lies in, beside its path."""
    parts = problem.path.split("/")
    if len(parts) > 2 and parts[1] == key and parts[2].isdigit():  # noqa: PLR2004 - "", the key, the index.
        item = package[key][int(parts[2])]
        ocid = item.get("ocid") if isinstance(item, dict) else None
        return f"{ocid or 'no ocid'} at {problem.path}: {problem.message}"
    return str(problem)


def _require_valid(
    validator: jsonschema_rs.Validator, package: dict[str, Any], *, key: str, kind: str, feed: bool = False
) -> None:
    """Refuse a package that breaks its schema, naming the ocid and path of the first problems."""
    problems = schema_problems(validator, package)
    if feed and not package[key]:
        # A package holds at least one release or record; an empty page of a feed is the one package that cannot,
        # and is held to every other rule.
        problems = [problem for problem in problems if problem.path != f"/{key}"]
    if problems:
        shown = "; ".join(_located(problem, package, key) for problem in problems[:SHOWN_PROBLEMS])
        more = f" (and {len(problems) - SHOWN_PROBLEMS} more)" if len(problems) > SHOWN_PROBLEMS else ""
        raise InvalidPackage(f"The OCDS {kind} package is not valid: {shown}{more}.")


def release_package(processes: Iterable[ContractingProcess], *, uri: str) -> dict[str, Any]:
    """Return the releases of one or more processes as a valid release package, oldest release of each first."""
    processes = list(processes)
    body = {
        **_metadata(uri, max(process.updated_at for process in processes)),
        "releases": [release for process in processes for release in published_releases(process)],
    }
    _require_valid(ocds_release_package_validator(), body, key="releases", kind="release")
    return body


def record(
    process: ContractingProcess, *, release_url: Callable[[str], str] = release_package_uri, embed: bool = False
) -> dict[str, Any]:
    """Return the process's record: its releases, linked (or embedded), and its compiled release."""
    releases = published_releases(process)
    listed = (
        releases
        if embed
        else [
            {
                "url": f"{release_url(process.ocid)}#{quote(str(release['id']))}",
                "date": release["date"],
                "tag": release["tag"],
            }
            for release in releases
        ]
    )
    return {"ocid": process.ocid, "releases": listed, "compiledRelease": compile_releases(releases)}


def record_package(
    processes: Iterable[ContractingProcess],
    *,
    uri: str,
    release_url: Callable[[str], str] = release_package_uri,
    embed_releases: bool = False,
) -> dict[str, Any]:
    """Return the records of one or more processes as a valid record package."""
    processes = list(processes)
    body = {
        **_metadata(uri, max(process.updated_at for process in processes)),
        "records": [record(process, release_url=release_url, embed=embed_releases) for process in processes],
    }
    _require_valid(ocds_record_package_validator(), body, key="records", kind="record")
    return body


def release_feed(*, after: datetime | None, limit: int, uri: str, next_uri: Callable[[datetime], str]) -> FeedPage:
    """Return the releases recorded (or replaced) after a time, oldest first, as a release package."""
    rows = list(recorded_releases(after=after, limit=limit + 1))
    more = len(rows) > limit
    rows = rows[:limit]
    last = rows[-1].recorded_at if rows else None
    persons = {row.process_id: _natural_persons(row.process) for row in rows}
    body = {
        **_metadata(uri, last or after or timezone.now()),
        "releases": [without_personal_data(row.document, natural_persons=persons[row.process_id]) for row in rows],
    }
    if more and last is not None:
        body["extensions"] = [API_EXTENSION]
        body["links"] = {"next": next_uri(last)}
    _require_valid(ocds_release_package_validator(), body, key="releases", kind="release", feed=True)
    return FeedPage(body, last, last if more else None)


def record_feed(
    *,
    after: datetime | None,
    limit: int,
    uri: str,
    next_uri: Callable[[datetime], str],
    release_url: Callable[[str], str] = release_package_uri,
) -> FeedPage:
    """Return the records of the processes changed after a time, in the order they changed, as a record package."""
    processes = list(changed_processes(after=after, limit=limit + 1))
    more = len(processes) > limit
    processes = processes[:limit]
    last = processes[-1].updated_at if processes else None
    body = {
        **_metadata(uri, last or after or timezone.now()),
        "records": [record(process, release_url=release_url) for process in processes],
    }
    if more and last is not None:
        body["extensions"] = [API_EXTENSION]
        body["links"] = {"next": next_uri(last)}
    _require_valid(ocds_record_package_validator(), body, key="records", kind="record", feed=True)
    return FeedPage(body, last, last if more else None)
