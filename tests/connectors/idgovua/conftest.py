"""A fake id.gov.ua on a local server, and a browser that walks through its sign-in."""

import json
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import pytest
from stdnum.ua import rntrc
from werkzeug import Request, Response

CLIENT_ID = "dream-test-client"
CLIENT_SECRET = "test-client-secret-7f3a"
CODE = "code-from-id-gov-ua-4411"
ACCESS_TOKEN = "access-token-9c2e51"
USER_ID = "52187"


def valid_rnokpp(base: str) -> str:
    """Return a ten-digit RNOKPP made of nine digits and their check digit."""
    number = base + rntrc.calc_check_digit(base)
    assert rntrc.is_valid(number)
    return number


RNOKPP = valid_rnokpp("318720561")
OTHER_RNOKPP = valid_rnokpp("291204437")
INVALID_RNOKPP = RNOKPP[:-1] + str((int(RNOKPP[-1]) + 1) % 10)


@dataclass
class FakeIdGovUa:
    """id.gov.ua as its documentation describes it: authorize, get-access-token and get-user-info."""

    base_url: str
    person: dict[str, str] = field(default_factory=dict)
    # Statuses the token endpoint answers with before it answers properly, one per request.
    token_failures: list[int] = field(default_factory=list)
    # A status the user-info endpoint always answers with, instead of the person.
    user_info_status: int | None = None
    calls: dict[str, int] = field(default_factory=lambda: {"authorize": 0, "token": 0, "user_info": 0})

    def authorize(self, request: Request) -> Response:
        self.calls["authorize"] += 1
        query = request.args
        assert query["response_type"] == "code"
        assert query["client_id"] == CLIENT_ID
        assert query["auth_type"] == "dig_sign,bank_id,diia_id"
        back = f"{query['redirect_uri']}?{urlencode({'code': CODE, 'state': query['state']})}"
        return Response(status=302, headers={"Location": back})

    def token(self, request: Request) -> Response:
        self.calls["token"] += 1
        if self.token_failures:
            return Response("upstream trouble", status=self.token_failures.pop(0))
        query = request.args
        if (
            query.get("grant_type") != "authorization_code"
            or query.get("client_id") != CLIENT_ID
            or query.get("client_secret") != CLIENT_SECRET
            or query.get("code") != CODE
        ):
            return Response(json.dumps({"error": "invalid_grant"}), status=401, content_type="application/json")
        body = {
            "access_token": ACCESS_TOKEN,
            "token_type": "bearer",
            "expires_in": 3600,
            "refresh_token": "refresh-1",
            "user_id": USER_ID,
        }
        return Response(json.dumps(body), content_type="application/json")

    def user_info(self, request: Request) -> Response:
        self.calls["user_info"] += 1
        if self.user_info_status is not None:
            return Response("unavailable", status=self.user_info_status)
        query = request.args
        if query.get("access_token") != ACCESS_TOKEN or query.get("user_id") != USER_ID:
            return Response(json.dumps({"error": "invalid_token"}), status=401, content_type="application/json")
        assert "drfocode" in query["fields"].split(",")
        assert "edrpoucode" in query["fields"].split(",")
        return Response(json.dumps(self.person, ensure_ascii=False), content_type="application/json")


@pytest.fixture
def provider(httpserver, settings) -> FakeIdGovUa:
    base_url = httpserver.url_for("/").rstrip("/")
    fake = FakeIdGovUa(
        base_url=base_url,
        person={
            "givenname": "Оксана",
            "middlename": "Петрівна",
            "lastname": "Коваленко",
            "email": "oksana.kovalenko@example.org",
            "drfocode": RNOKPP,
            "edrpoucode": "",
            "o": "",
        },
    )
    httpserver.expect_request("/", method="GET").respond_with_handler(fake.authorize)
    httpserver.expect_request("/get-access-token", method="GET").respond_with_handler(fake.token)
    httpserver.expect_request("/get-user-info", method="GET").respond_with_handler(fake.user_info)
    settings.DREAM_IDGOVUA = {
        "base_url": base_url,
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "auth_types": "dig_sign,bank_id,diia_id",
        "attempts": 3,
        "timeout_seconds": 5,
    }
    settings.DREAM_PUBLIC_URL = "http://localhost"
    settings.DREAM_CONNECTOR_BACKOFF_SECONDS = 0.01
    settings.DREAM_CONNECTOR_MAX_WAIT_SECONDS = 0.05
    return fake


def callback_path(location: str) -> str:
    """Return the path and query of our callback from the address the provider sent the browser to."""
    parts = urlsplit(location)
    assert parts.path == "/accounts/idgovua/callback/"
    return f"{parts.path}?{parts.query}"


def go_to_provider(client) -> str:
    """Start a sign-in and return the address of id.gov.ua the browser is sent to."""
    response = client.get("/accounts/idgovua/start/")
    assert response.status_code == 302
    return response["Location"]


def come_back(location: str) -> str:
    """Let the provider answer the browser, and return where it sends the browser back to."""
    answer = httpx.get(location, follow_redirects=False)
    assert answer.status_code == 302
    return callback_path(answer.headers["Location"])


def sign_in(client):
    """Walk the whole flow and return the callback's response."""
    return client.get(come_back(go_to_provider(client)))


def query_of(address: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(address).query).items()}
