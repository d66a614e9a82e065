"""The open data API: OC4IDS project packages, one by one and as a change feed."""

from typing import Annotated

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from ninja import Query, Router, Schema
from pydantic import Field

from publishing.http import public_json
from publishing.oc4ids import package
from publishing.queries import decode_cursor, encode_cursor, parse_since, project_feed, published_project

router = Router()


class FeedQuery(Schema):
    """Where a change feed starts, and how much it returns."""

    since: Annotated[str, Field(description="Only projects changed after this time (ISO 8601 with offset).")] = ""
    cursor: Annotated[str, Field(description="The cursor of the next page, as the previous page gave it.")] = ""
    limit: Annotated[int, Field(ge=1, le=1000)] = 100


@router.get(
    "/projects/{code}", summary="An OC4IDS project package", response={200: dict, 304: None}, url_name="oc4ids_project"
)
def project(request: HttpRequest, code: str) -> HttpResponse:
    """Return the project as an OC4IDS 0.9 project package, with ETag and Last-Modified."""
    document, changed = published_project(code)
    uri = request.build_absolute_uri(reverse("api:oc4ids_project", args=[code]))
    return public_json(request, package([document], uri=uri, published=changed), last_modified=changed)


@router.get("/projects", summary="The OC4IDS change feed", response={200: dict, 304: None}, url_name="oc4ids_feed")
def feed(request: HttpRequest, query: Query[FeedQuery]) -> HttpResponse:
    """Return projects changed after `since` (or the cursor) in the order they changed, as an OC4IDS package.

    Follow `links.next` until it is absent; keep the last project's `updated` to resume later with `since`.
    """
    after = decode_cursor(query.cursor) if query.cursor else parse_since(query.since) if query.since else None
    page = project_feed(after=after, limit=query.limit)
    body = package(page.items, uri=request.build_absolute_uri(), published=page.last_modified or timezone.now())
    if page.next_after is not None:
        next_url = f"{reverse('api:oc4ids_feed')}?cursor={encode_cursor(page.next_after)}&limit={query.limit}"
        body["links"] = {"next": request.build_absolute_uri(next_url)}
    return public_json(request, body, last_modified=page.last_modified)
