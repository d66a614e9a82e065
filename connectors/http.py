"""The HTTP client every connector uses: timeouts, the source's rate limit, and retries that honour Retry-After."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, Self

import httpx
import orjson
from django.conf import settings
from pyrate_limiter import Duration, Limiter, Rate
from tenacity import RetryCallState, Retrying, retry_if_exception_type, stop_after_attempt, wait_exponential_jitter

from connectors.exceptions import BadPayload, SourceUnavailable

RETRIED_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})


@dataclass(frozen=True)
class Fetched:
    """A JSON document as parsed, with its body exactly as received and the address it came from."""

    data: Any
    body: str
    url: str


class RetryableStatus(Exception):
    """The source answered with a status worth asking again about, perhaps after the time it named."""

    def __init__(self, status: int, url: str, retry_after: float | None) -> None:
        super().__init__(f"{url} answered HTTP {status}")
        self.status = status
        self.retry_after = retry_after


def retry_after_seconds(value: str | None) -> float | None:
    """Read a Retry-After header, given in seconds or as an HTTP date; None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def source_rate(per_second: float) -> Rate:
    """Return the limiter's rate for requests a second: never more in any one second, nor a burst beyond it.

    From one a second up, it is that many in any one-second window (a fraction rounded down, so the source's
    limit is never exceeded); below one a second, one request in each interval of 1 / rate seconds.
    """
    if per_second <= 0:
        message = f"A source's rate must be positive, not {per_second} requests a second."
        raise ValueError(message)
    if per_second >= 1:
        return Rate(int(per_second), Duration.SECOND)
    return Rate(1, round(Duration.SECOND.value / per_second))


class SourceClient:
    """A client of one source system, with its base address, headers, rate limit and retry policy from settings."""

    def __init__(
        self,
        system: str,
        base_url: str,
        *,
        headers: Mapping[str, str] | None = None,
        rate_per_second: float | None = None,
        attempts: int | None = None,
        timeout: float | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.system = system
        self.base_url = base_url.rstrip("/")
        self.attempts = attempts or settings.DREAM_CONNECTOR_ATTEMPTS
        self.backoff = settings.DREAM_CONNECTOR_BACKOFF_SECONDS
        self.max_wait = settings.DREAM_CONNECTOR_MAX_WAIT_SECONDS
        self.limiter = Limiter(source_rate(rate_per_second or settings.DREAM_CONNECTOR_RATE_PER_SECOND))
        self.http = httpx.Client(
            headers={"Accept": "application/json", "User-Agent": "DREAM connector", **(headers or {})},
            timeout=timeout or settings.DREAM_CONNECTOR_TIMEOUT_SECONDS,
            transport=transport,
            follow_redirects=True,
        )

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.http.close()
        # The limiter leaks its bucket from a thread of its own, which would otherwise outlive the client.
        self.limiter.close()

    def url(self, path_or_url: str) -> str:
        """Return an absolute address: a path is taken from the base address, a full address as it is."""
        if path_or_url.startswith(("http://", "https://")):
            return path_or_url
        return f"{self.base_url}/{path_or_url.lstrip('/')}"

    def _wait(self, state: RetryCallState) -> float:
        error = state.outcome.exception() if state.outcome is not None else None
        if isinstance(error, RetryableStatus) and error.retry_after is not None:
            return min(error.retry_after, self.max_wait)
        exponential = wait_exponential_jitter(multiplier=self.backoff, max=self.max_wait, jitter=self.backoff)
        return float(exponential(state))

    def _get_once(self, url: str, params: Mapping[str, Any] | None) -> Fetched:
        self.limiter.try_acquire(self.system)
        response = self.http.get(url, params=params)
        if response.status_code in RETRIED_STATUSES:
            raise RetryableStatus(
                response.status_code, str(response.url), retry_after_seconds(response.headers.get("Retry-After"))
            )
        if response.status_code >= 400:  # noqa: PLR2004 - HTTP client and server errors.
            raise SourceUnavailable(
                f"{response.url} answered HTTP {response.status_code}: {response.text[:300]}",
                answered=response.status_code,
            )
        body = response.content.decode("utf-8", errors="replace")
        try:
            data = orjson.loads(response.content)
        except orjson.JSONDecodeError as error:
            raise BadPayload(
                f"{response.url} answered with a body that is not JSON ({error}); {len(body)} characters received.",
                raw=body,
                url=str(response.url),
            ) from error
        return Fetched(data, body, str(response.url))

    def get_json(self, path_or_url: str, params: Mapping[str, Any] | None = None) -> Fetched:
        """Fetch a JSON document, asking again on timeouts, dropped connections, 429, 5xx and truncated bodies.

        After the last attempt a body that is still not JSON raises BadPayload (with the body, for the quarantine);
        anything else raises SourceUnavailable naming the address and the last fault.
        """
        url = self.url(path_or_url)
        retrying = Retrying(
            stop=stop_after_attempt(self.attempts),
            wait=self._wait,
            retry=retry_if_exception_type((httpx.TransportError, RetryableStatus, BadPayload)),
            reraise=True,
        )
        try:
            return retrying(self._get_once, url, params)
        except RetryableStatus as error:
            raise SourceUnavailable(
                f"{error} {self.attempts} times; giving up for now.", answered=error.status
            ) from error
        except httpx.TransportError as error:
            reason = type(error).__name__
            raise SourceUnavailable(
                f"{url} could not be reached after {self.attempts} attempts ({reason}: {error})."
            ) from error
