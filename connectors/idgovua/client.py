"""The three steps of id.gov.ua's authorization-code flow: where to send the browser, the code's token, the person."""

import logging
import re
from dataclasses import dataclass
from typing import Any, Self
from urllib.parse import urlencode

import httpx
from django.conf import settings

from connectors.exceptions import BadPayload, SourceUnavailable
from connectors.http import SourceClient
from connectors.idgovua.exceptions import ProviderNotAnswering, ProviderRefused

logger = logging.getLogger(__name__)

SYSTEM = "idgovua"

# The attributes asked for: names, e-mail, the person's tax number and, for an organisation's key, its EDRPOU and name.
USER_INFO_FIELDS = "givenname,middlename,lastname,email,drfocode,edrpoucode,o"

# Statuses by which id.gov.ua refuses a code or a token; asking again would not change its mind.
REFUSED_STATUSES = frozenset({400, 401, 403})

# id.gov.ua takes the client secret, the code and the token in the query, so addresses are redacted before logging.
_SECRET_IN_QUERY = re.compile(r"\b(client_secret|access_token|refresh_token|code)=[^&\s\"']*")


def redact(text: str) -> str:
    """Return the text with the values of secret query parameters replaced."""
    return _SECRET_IN_QUERY.sub(r"\1=[hidden]", text)


class RedactSecretsFilter(logging.Filter):
    """Hide the secrets in the addresses the HTTP client logs, before any handler writes them."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Redact the record's message and arguments in place; keep the record."""
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact(str(arg)) if isinstance(arg, str | httpx.URL) else arg for arg in record.args)
        return True


@dataclass(frozen=True)
class AccessToken:
    """What id.gov.ua gives for a code: the token and the identifier of the person's session there."""

    access_token: str
    user_id: str


@dataclass(frozen=True)
class PersonAttributes:
    """The attributes id.gov.ua vouches for, as sent: nothing here is validated yet."""

    rnokpp: str
    edrpou: str
    given_name: str
    middle_name: str
    last_name: str
    email: str
    organisation_name: str


def _text(document: dict[str, Any], key: str) -> str:
    value = document.get(key)
    return str(value).strip() if value is not None else ""


def _refuse_client_errors(response: httpx.Response) -> None:
    if response.status_code in REFUSED_STATUSES:
        response.read()
        raise ProviderRefused(
            f"id.gov.ua refused the sign-in (HTTP {response.status_code}). Start the sign-in again; "
            "if it keeps failing, the deployment's client id or secret may be wrong."
        )


def authorization_url(*, state: str, redirect_uri: str) -> str:
    """Return the address at id.gov.ua where the person chooses how to prove who they are."""
    config = settings.DREAM_IDGOVUA
    query = {
        "response_type": "code",
        "client_id": config["client_id"],
        "auth_type": config["auth_types"],
        "state": state,
        "redirect_uri": redirect_uri,
    }
    return f"{config['base_url'].rstrip('/')}/?{urlencode(query)}"


class IdGovUaClient:
    """A client of id.gov.ua with this deployment's client id and secret, retrying as every connector does."""

    def __init__(self, *, transport: httpx.BaseTransport | None = None) -> None:
        config = settings.DREAM_IDGOVUA
        self.base_url: str = config["base_url"].rstrip("/")
        self.client_id: str = config["client_id"]
        self.client_secret: str = config["client_secret"]
        self.source = SourceClient(
            SYSTEM,
            self.base_url,
            attempts=config["attempts"],
            timeout=config["timeout_seconds"],
            transport=transport,
        )
        self.source.http.event_hooks = {"request": [], "response": [_refuse_client_errors]}

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.source.http.close()

    def _get(self, path: str, params: dict[str, str]) -> dict[str, Any]:
        try:
            fetched = self.source.get_json(path, params)
        except (SourceUnavailable, BadPayload) as error:
            logger.warning("id.gov.ua did not answer %s: %s", path, redact(error.message))
            raise ProviderNotAnswering(
                "id.gov.ua is not answering at the moment. Nothing was saved; try signing in again later."
            ) from None
        if not isinstance(fetched.data, dict):
            logger.warning("id.gov.ua answered %s with a %s, not an object", path, type(fetched.data).__name__)
            raise ProviderRefused("id.gov.ua answered with something other than the expected document. Start again.")
        if fetched.data.get("error"):
            # The provider's own words are shown in the log only: they may echo what was sent.
            logger.info("id.gov.ua refused %s: %s", path, redact(_text(fetched.data, "error")))
            raise ProviderRefused("id.gov.ua refused the sign-in. Start the sign-in again.")
        return fetched.data

    def exchange_code(self, code: str) -> AccessToken:
        """Exchange the code the browser brought back for an access token."""
        document = self._get(
            "get-access-token",
            {
                "grant_type": "authorization_code",
                "client_id": self.client_id,
                "client_secret": self.client_secret,
                "code": code,
            },
        )
        token = AccessToken(access_token=_text(document, "access_token"), user_id=_text(document, "user_id"))
        if not token.access_token or not token.user_id:
            raise ProviderRefused("id.gov.ua gave no access token for this sign-in. Start the sign-in again.")
        return token

    def person(self, token: AccessToken) -> PersonAttributes:
        """Read the attributes of the person the token was issued for."""
        document = self._get(
            "get-user-info",
            {"fields": USER_INFO_FIELDS, "user_id": token.user_id, "access_token": token.access_token},
        )
        return PersonAttributes(
            rnokpp=_text(document, "drfocode"),
            edrpou=_text(document, "edrpoucode"),
            given_name=_text(document, "givenname"),
            middle_name=_text(document, "middlename"),
            last_name=_text(document, "lastname"),
            email=_text(document, "email"),
            organisation_name=_text(document, "o"),
        )
