"""Cursor pagination over a query ordered by descending id, with the total count."""

import base64
import binascii
from dataclasses import dataclass
from typing import Generic, TypeVar

from django.db.models import Model, QuerySet

from dream.errors import InvalidInput

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Page(Generic[M]):
    """One page of results, how many match in all, and the cursor of the next page."""

    count: int
    next_cursor: str | None
    results: list[M]


def _encode(last_id: int) -> str:
    return base64.urlsafe_b64encode(f"id:{last_id}".encode()).decode().rstrip("=")


def _decode(cursor: str) -> int:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        kind, _, value = text.partition(":")
        last_id = int(value) if kind == "id" else -1
    except (binascii.Error, UnicodeDecodeError, ValueError):
        last_id = -1
    if last_id < 0:
        raise InvalidInput(
            "The cursor is not one this API gave; start again without it.", code="invalid_cursor", field="cursor"
        )
    return last_id


def paginate(queryset: QuerySet[M], *, cursor: str | None, limit: int) -> Page[M]:
    """Return the page after the cursor; the queryset must be ordered by descending id."""
    count = queryset.count()
    if cursor:
        queryset = queryset.filter(id__lt=_decode(cursor))
    rows = list(queryset[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return Page(count=count, next_cursor=_encode(rows[-1].pk) if more and rows else None, results=rows)
