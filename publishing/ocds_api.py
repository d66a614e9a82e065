"""The OCDS API: release and record packages of each contracting process, and their change feeds."""

from collections.abc import Callable
from datetime import datetime
from typing import Annotated

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Query, Router, Schema
from pydantic import Field

from contracting.queries import get_process
from publishing.http import public_json
from publishing.ocds import record_feed, record_package, release_feed, release_package
from publishing.queries import decode_cursor, encode_cursor, parse_since

router = Router()


class OcdsFeedQuery(Schema):
    """Where a change feed starts, and how much it returns."""

    since: Annotated[str, Field(description="Only what changed after this time (ISO 8601 with offset).")] = ""
    cursor: Annotated[str, Field(description="The cursor of the next page, as the previous page gave it.")] = ""
    limit: Annotated[int, Field(ge=1, le=1000)] = 100


def _after(query: OcdsFeedQuery) -> datetime | None:
    if query.cursor:
        return decode_cursor(query.cursor)
    return parse_since(query.since) if query.since else None


def _next_uri(request: HttpRequest, name: str, limit: int) -> Callable[[datetime], str]:
    def uri(after: datetime) -> str:
        return request.build_absolute_uri(f"{reverse(name)}?cursor={encode_cursor(after)}&limit={limit}")

    return uri


def _release_url(request: HttpRequest) -> Callable[[str], str]:
    def url(ocid: str) -> str:
        return request.build_absolute_uri(reverse("api:ocds_release_package", args=[ocid]))

    return url


@router.get(
    "/releases", summary="The OCDS release change feed", response={200: dict, 304: None}, url_name="ocds_release_feed"
)
def releases(request: HttpRequest, query: Query[OcdsFeedQuery]) -> HttpResponse:
    """Return the releases recorded after `since` (or the cursor), oldest first, as an OCDS release package.

    Follow `links.next` until it is absent; keep the time of the last page to resume later with `since`.
    """
    page = release_feed(
        after=_after(query),
        limit=query.limit,
        uri=request.build_absolute_uri(),
        next_uri=_next_uri(request, "api:ocds_release_feed", query.limit),
    )
    return public_json(request, page.package, last_modified=page.last_modified)


@router.get(
    "/releases/{ocid}",
    summary="An OCDS release package",
    response={200: dict, 304: None},
    url_name="ocds_release_package",
)
def process_releases(request: HttpRequest, ocid: str) -> HttpResponse:
    """Return every release of the contracting process as an OCDS 1.1 release package, with ETag and Last-Modified."""
    process = get_process(ocid)
    uri = request.build_absolute_uri(reverse("api:ocds_release_package", args=[ocid]))
    return public_json(request, release_package([process], uri=uri), last_modified=process.updated_at)


@router.get(
    "/records", summary="The OCDS record change feed", response={200: dict, 304: None}, url_name="ocds_record_feed"
)
def records(request: HttpRequest, query: Query[OcdsFeedQuery]) -> HttpResponse:
    """Return the records of processes changed after `since` (or the cursor), in the order they changed.

    Each record links its releases and gives its compiled release. Follow `links.next` until it is absent.
    """
    page = record_feed(
        after=_after(query),
        limit=query.limit,
        uri=request.build_absolute_uri(),
        next_uri=_next_uri(request, "api:ocds_record_feed", query.limit),
        release_url=_release_url(request),
    )
    return public_json(request, page.package, last_modified=page.last_modified)


@router.get(
    "/records/{ocid}", summary="An OCDS record package", response={200: dict, 304: None}, url_name="ocds_record"
)
def process_record(request: HttpRequest, ocid: str) -> HttpResponse:
    """Return the contracting process's record (linked releases and compiled release) as an OCDS record package."""
    process = get_process(ocid)
    uri = request.build_absolute_uri(reverse("api:ocds_record", args=[ocid]))
    package = record_package([process], uri=uri, release_url=_release_url(request))
    return public_json(request, package, last_modified=process.updated_at)
