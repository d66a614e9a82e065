"""The client every connector uses, against a local server: answers, retries, Retry-After, give-ups and the rate."""

import json
import socket
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from connectors.exceptions import BadPayload, SourceUnavailable
from connectors.http import SourceClient, retry_after_seconds, source_rate

TENDER = '{"data": {"id": "UA-2025-03-04-000123-a", "title": "Капітальний ремонт даху ліцею",  "value": 950000.5}}'


@pytest.fixture(autouse=True)
def _fast_retries(settings):
    settings.DREAM_CONNECTOR_BACKOFF_SECONDS = 0.01
    settings.DREAM_CONNECTOR_MAX_WAIT_SECONDS = 5
    settings.DREAM_CONNECTOR_ATTEMPTS = 3
    settings.DREAM_CONNECTOR_TIMEOUT_SECONDS = 2
    settings.DREAM_CONNECTOR_RATE_PER_SECOND = 1000


@pytest.fixture
def threaded_server() -> Iterator[HTTPServer]:
    """A server that answers each request in its own thread, so one held answer does not hold the next."""
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield server
    server.clear()
    server.stop()


def _client(server: HTTPServer, **options) -> SourceClient:
    return SourceClient("test", server.url_for("/api"), **options)


def _truncated(request: Request) -> Response:
    """Promise a longer body than is sent, then close the connection."""

    def body() -> Iterator[bytes]:
        yield TENDER[:20].encode()

    return Response(body(), headers={"Content-Length": str(len(TENDER.encode())), "Content-Type": "application/json"})


def test_a_json_document_comes_back_parsed_with_its_body_exactly_as_sent_and_its_address(httpserver):
    httpserver.expect_request(
        "/api/tenders/UA-2025-03-04-000123-a", query_string="opt_pretty=1", headers={"X-Client": "dream"}
    ).respond_with_data(TENDER, content_type="application/json")

    with _client(httpserver, headers={"X-Client": "dream"}) as client:
        fetched = client.get_json("tenders/UA-2025-03-04-000123-a", {"opt_pretty": 1})

    assert fetched.data == json.loads(TENDER)
    assert fetched.body == TENDER
    assert fetched.url == httpserver.url_for("/api/tenders/UA-2025-03-04-000123-a") + "?opt_pretty=1"


def test_a_full_address_is_fetched_as_it_is_not_under_the_base_address(httpserver):
    httpserver.expect_request("/elsewhere/page", query_string="offset=17").respond_with_json({"data": []})

    with _client(httpserver) as client:
        fetched = client.get_json(httpserver.url_for("/elsewhere/page?offset=17"))

    assert fetched.data == {"data": []}
    assert len(httpserver.log) == 1


def test_a_timeout_is_asked_again_and_the_next_answer_is_taken(threaded_server):
    release = threading.Event()
    calls = []

    def slow_then_quick(request: Request) -> Response:
        calls.append(time.monotonic())
        if len(calls) == 1:
            release.wait(5)
        return Response(TENDER, content_type="application/json")

    threaded_server.expect_request("/api/tender").respond_with_handler(slow_then_quick)

    try:
        with _client(threaded_server, timeout=0.3) as client:
            fetched = client.get_json("tender")
    finally:
        release.set()

    assert fetched.body == TENDER
    assert len(calls) == 2
    assert calls[1] - calls[0] >= 0.3


def test_a_connection_closed_mid_body_is_asked_again(httpserver):
    httpserver.expect_ordered_request("/api/tender").respond_with_handler(_truncated)
    httpserver.expect_ordered_request("/api/tender").respond_with_data(TENDER, content_type="application/json")

    with _client(httpserver) as client:
        fetched = client.get_json("tender")

    assert fetched.body == TENDER
    assert len(httpserver.log) == 2
    httpserver.check_assertions()


def test_a_truncated_json_body_is_asked_again(httpserver):
    httpserver.expect_ordered_request("/api/tender").respond_with_data(TENDER[:40], content_type="application/json")
    httpserver.expect_ordered_request("/api/tender").respond_with_data(TENDER, content_type="application/json")

    with _client(httpserver) as client:
        fetched = client.get_json("tender")

    assert fetched.data["data"]["value"] == 950000.5
    assert len(httpserver.log) == 2
    httpserver.check_assertions()


@pytest.mark.parametrize("status", [408, 425, 500, 502, 503, 504])
def test_a_status_worth_retrying_is_asked_again(httpserver, status):
    httpserver.expect_ordered_request("/api/tender").respond_with_data("busy", status=status)
    httpserver.expect_ordered_request("/api/tender").respond_with_data(TENDER, content_type="application/json")

    with _client(httpserver) as client:
        fetched = client.get_json("tender")

    assert fetched.body == TENDER
    assert len(httpserver.log) == 2
    httpserver.check_assertions()


def test_429_waits_the_seconds_retry_after_names(httpserver):
    httpserver.expect_ordered_request("/api/tender").respond_with_data(
        "slow down", status=429, headers={"Retry-After": "1"}
    )
    httpserver.expect_ordered_request("/api/tender").respond_with_data(TENDER, content_type="application/json")

    started = time.monotonic()
    with _client(httpserver) as client:
        fetched = client.get_json("tender")
    waited = time.monotonic() - started

    assert fetched.body == TENDER
    assert 0.95 <= waited < 5
    httpserver.check_assertions()


def test_429_waits_until_the_http_date_retry_after_names(httpserver):
    # HTTP dates have whole seconds, so two seconds ahead is at least one second away.
    until = format_datetime(datetime.now(UTC) + timedelta(seconds=2), usegmt=True)
    httpserver.expect_ordered_request("/api/tender").respond_with_data(
        "slow down", status=429, headers={"Retry-After": until}
    )
    httpserver.expect_ordered_request("/api/tender").respond_with_data(TENDER, content_type="application/json")

    started = time.monotonic()
    with _client(httpserver) as client:
        client.get_json("tender")
    waited = time.monotonic() - started

    assert 0.95 <= waited < 5
    httpserver.check_assertions()


def test_a_retry_after_beyond_the_longest_wait_is_cut_to_it(httpserver, settings):
    settings.DREAM_CONNECTOR_MAX_WAIT_SECONDS = 0.2
    httpserver.expect_ordered_request("/api/tender").respond_with_data(
        "come back in an hour", status=503, headers={"Retry-After": "3600"}
    )
    httpserver.expect_ordered_request("/api/tender").respond_with_data(TENDER, content_type="application/json")

    started = time.monotonic()
    with _client(httpserver) as client:
        fetched = client.get_json("tender")
    waited = time.monotonic() - started

    assert fetched.body == TENDER
    assert 0.15 <= waited < 1.5


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        (None, None),
        ("", None),
        (" 7 ", 7.0),
        ("soon", None),
        ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0),  # a date already past means at once
    ],
)
def test_retry_after_is_read_as_seconds_or_an_http_date(header, seconds):
    assert retry_after_seconds(header) == seconds


def test_a_source_still_failing_after_every_attempt_is_unavailable_naming_the_address(httpserver):
    httpserver.expect_request("/api/tender").respond_with_data("down", status=503)

    with _client(httpserver, attempts=4) as client, pytest.raises(SourceUnavailable) as raised:
        client.get_json("tender")

    assert len(httpserver.log) == 4
    assert httpserver.url_for("/api/tender") in raised.value.message
    assert "HTTP 503" in raised.value.message
    assert raised.value.code == "source_unavailable"


def test_a_source_that_cannot_be_reached_is_unavailable_naming_the_address():
    # A port that was free a moment ago and that nothing listens on.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    address = f"http://127.0.0.1:{port}/api"

    with SourceClient("test", address, attempts=2) as client, pytest.raises(SourceUnavailable) as raised:
        client.get_json("tender")

    assert f"{address}/tender could not be reached after 2 attempts (ConnectError" in raised.value.message


def test_a_body_still_not_json_after_every_attempt_is_a_bad_payload_carrying_the_body(httpserver):
    page = "<html><body>Технічні роботи</body></html>"
    httpserver.expect_request("/api/tender").respond_with_data(page, content_type="text/html")

    with _client(httpserver) as client, pytest.raises(BadPayload) as raised:
        client.get_json("tender")

    assert len(httpserver.log) == 3
    assert raised.value.raw == page
    assert raised.value.url == httpserver.url_for("/api/tender")
    assert raised.value.code == "bad_payload"


@pytest.mark.parametrize("status", [400, 403, 404, 410])
def test_a_client_error_is_unavailable_at_once_without_asking_again(httpserver, status):
    httpserver.expect_request("/api/tender/missing").respond_with_data("Not Found", status=status)

    with _client(httpserver) as client, pytest.raises(SourceUnavailable) as raised:
        client.get_json("tender/missing")

    assert len(httpserver.log) == 1
    assert f"{httpserver.url_for('/api/tender/missing')} answered HTTP {status}" in raised.value.message


def test_the_rate_per_second_holds_a_burst_back(httpserver):
    httpserver.expect_request("/api/tender").respond_with_json({"data": {}})

    started = time.monotonic()
    with _client(httpserver, rate_per_second=5) as client:
        for _ in range(6):
            client.get_json("tender")
    taken = time.monotonic() - started

    assert len(httpserver.log) == 6
    assert taken >= 0.95


def test_requests_within_the_rate_are_not_held_back(httpserver):
    httpserver.expect_request("/api/tender").respond_with_json({"data": {}})

    started = time.monotonic()
    with _client(httpserver, rate_per_second=5) as client:
        for _ in range(5):
            client.get_json("tender")
    taken = time.monotonic() - started

    assert taken < 0.9


def test_retries_count_against_the_rate(httpserver):
    httpserver.expect_ordered_request("/api/tender").respond_with_data("busy", status=503)
    httpserver.expect_ordered_request("/api/tender").respond_with_data(TENDER, content_type="application/json")

    started = time.monotonic()
    with _client(httpserver, rate_per_second=1) as client:
        client.get_json("tender")
    taken = time.monotonic() - started

    assert taken >= 0.95


@pytest.mark.parametrize(
    ("per_second", "limit", "interval_ms"),
    [
        (10, 10, 1000),
        (5, 5, 1000),
        (2.5, 2, 1000),  # never more than asked
        (1, 1, 1000),
        (0.5, 1, 2000),
        (0.2, 1, 5000),
    ],
)
def test_the_rate_allows_no_more_in_a_second_than_asked(per_second, limit, interval_ms):
    rate = source_rate(per_second)

    assert (rate.limit, rate.interval) == (limit, interval_ms)


@pytest.mark.parametrize("per_second", [0, -1])
def test_a_rate_that_is_not_positive_is_refused(per_second):
    with pytest.raises(ValueError, match="must be positive"):
        source_rate(per_second)


def test_a_closed_client_leaves_no_thread_behind(httpserver):
    httpserver.expect_request("/api/tender").respond_with_json({"data": {}})
    before = {thread.ident for thread in threading.enumerate()}

    for _ in range(3):
        with _client(httpserver) as client:
            client.get_json("tender")

    assert {thread.ident for thread in threading.enumerate()} <= before
