"""HTTP for public reads of open data: conditional requests (ETag, Last-Modified) and open CORS."""

import hashlib
from datetime import datetime
from typing import Any

import orjson
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.http import http_date, parse_http_date_safe

JSON_OPTIONS = orjson.OPT_NON_STR_KEYS


def open_cors(response: HttpResponse) -> HttpResponse:
    """Let any web page read the response: open data has no origin restrictions."""
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = "ETag, Last-Modified"
    return response


def public_json(request: HttpRequest, body: Any, *, last_modified: datetime | None = None) -> HttpResponse:
    """Answer with JSON and its validators, or 304 when the client already holds this version."""
    content = orjson.dumps(body, option=JSON_OPTIONS)
    etag = f'"{hashlib.sha256(content).hexdigest()[:32]}"'

    not_modified = False
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        not_modified = etag in {tag.strip() for tag in if_none_match.split(",")} or if_none_match.strip() == "*"
    elif last_modified is not None and (since := parse_http_date_safe(request.headers.get("If-Modified-Since", ""))):
        not_modified = int(last_modified.timestamp()) <= since

    response: HttpResponse = (
        HttpResponseNotModified() if not_modified else HttpResponse(content, content_type="application/json")
    )
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified.timestamp())
    response["Cache-Control"] = "public, max-age=60"
    return open_cors(response)
