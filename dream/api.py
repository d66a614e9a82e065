"""The project's versioned API: each app's router under /api/v1, with one error shape for all."""

from typing import Any

import orjson
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.renderers import BaseRenderer

from connectors.api import router as connectors_router
from connectors.damage.api import router as project_registers_router
from connectors.prozorro.api import router as prozorro_router
from dream.errors import DreamError
from finance.api import project_router as money_chain_router
from finance.api import router as finance_router
from parties.api import router as parties_router
from projects.api import router as projects_router
from publishing.api import router as oc4ids_router
from publishing.ocds_api import router as ocds_router
from territories.api import router as territories_router


class OrjsonRenderer(BaseRenderer):
    """Render UTF-8 JSON without escaping, quickly."""

    media_type = "application/json"

    def render(self, request: HttpRequest, data: Any, *, response_status: int) -> bytes:
        """Serialise the response body."""
        return orjson.dumps(data, default=str)


api = NinjaAPI(
    title="DREAM API",
    version="1",
    description=(
        "The bank of reconstruction projects of Ukraine: projects and their life cycle, territories (KATOTTG) and "
        "organisations (EDRPOU). Reads are public; writes need a signed-in user or an API token. Every error is "
        '`{"detail": ..., "code": ...}`.'
    ),
    renderer=OrjsonRenderer(),
    urls_namespace="api",
)
api.add_router("/projects", projects_router, tags=["projects"])
api.add_router("/projects", prozorro_router, tags=["projects"])
api.add_router("/projects", project_registers_router, tags=["projects"])
api.add_router("/projects", money_chain_router, tags=["money chain"])
api.add_router("", finance_router, tags=["money chain"])
api.add_router("/territories", territories_router, tags=["territories"])
api.add_router("/organisations", parties_router, tags=["organisations"])
api.add_router("/oc4ids", oc4ids_router, tags=["open data"])
api.add_router("/ocds", ocds_router, tags=["ocds"])
api.add_router("/connectors", connectors_router, tags=["connectors"])
api.add_router("/membership-requests", "connectors.idgovua.api.router", tags=["membership requests"])
api.add_router("", "calls.api.router", tags=["funding calls"])
api.add_router("/conversations", "conversations.api.router", tags=["conversations"])
api.add_router("", "showcase.api.router", tags=["donors"])


@api.exception_handler(DreamError)
def domain_error(request: HttpRequest, error: DreamError) -> HttpResponse:
    """Render a domain error with its status, code and message."""
    return api.create_response(request, error.as_dict(), status=error.status)


@api.exception_handler(NinjaValidationError)
def validation_error(request: HttpRequest, error: NinjaValidationError) -> HttpResponse:
    """Render a malformed request in the same shape, naming the first field that is wrong."""
    problems = []
    for item in error.errors:
        location = ".".join(str(part) for part in item.get("loc", ()) if part not in {"body", "payload", "query"})
        problems.append({"field": location, "message": item.get("msg", "")})
    first = problems[0] if problems else {"field": "", "message": "the request is malformed"}
    body = {
        "detail": f"{first['field']}: {first['message']}" if first["field"] else first["message"],
        "code": "invalid_request",
        "errors": problems,
    }
    return api.create_response(request, body, status=422)


@api.exception_handler(AuthenticationError)
def not_authenticated(request: HttpRequest, error: AuthenticationError) -> HttpResponse:
    """Tell an anonymous caller how to sign in."""
    body = {
        "detail": "Sign in, or send an API token as 'Authorization: Bearer <token>'.",
        "code": "not_authenticated",
    }
    return api.create_response(request, body, status=401)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
    """Render Ninja's own HTTP errors in the same shape."""
    return api.create_response(request, {"detail": str(error), "code": "http_error"}, status=error.status_code)
