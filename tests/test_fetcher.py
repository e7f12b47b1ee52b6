"""The fetcher against real HTTP servers on 127.0.0.1 (pytest-httpserver)."""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from monitor.errors import FetchError
from monitor.fetcher import FetchLimits, build_client, fetch
from monitor.types import CachingInfo

LIMITS = FetchLimits(connect_timeout=2, read_timeout=1, total_timeout=3, max_bytes=100_000)


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with build_client("horizon-monitor-test", LIMITS) as http:
        yield http


def test_conditional_get_round_trip(httpserver: HTTPServer, client: httpx.Client) -> None:
    httpserver.expect_ordered_request("/feed", headers={"User-Agent": "horizon-monitor-test"}
                                      ).respond_with_data(
        "<rss/>", headers={"ETag": '"v1"', "Last-Modified": "Tue, 24 Nov 2026 10:00:00 GMT"}
    )  # fmt: skip
    httpserver.expect_ordered_request(
        "/feed",
        headers={"If-None-Match": '"v1"', "If-Modified-Since": "Tue, 24 Nov 2026 10:00:00 GMT"},
    ).respond_with_data("", status=304)
    first = fetch(client, httpserver.url_for("/feed"), CachingInfo(), LIMITS)
    assert (first.status, first.content, first.caching.etag) == (200, b"<rss/>", '"v1"')
    second = fetch(client, httpserver.url_for("/feed"), first.caching, LIMITS)
    assert second.not_modified and second.status == 304
    assert second.caching == first.caching
    httpserver.check_assertions()


def test_server_error_is_a_fetch_error_with_status(
    httpserver: HTTPServer, client: httpx.Client
) -> None:
    httpserver.expect_request("/boom").respond_with_data("oops", status=500)
    with pytest.raises(FetchError, match="HTTP 500") as caught:
        fetch(client, httpserver.url_for("/boom"), CachingInfo(), LIMITS)
    assert caught.value.status == 500


def test_slow_server_times_out(httpserver: HTTPServer, client: httpx.Client) -> None:
    finished = threading.Event()

    def slow(_request: Request) -> Response:
        time.sleep(2.5)
        finished.set()
        return Response("<rss/>")

    httpserver.expect_request("/slow").respond_with_handler(slow)
    started = time.monotonic()
    with pytest.raises(FetchError, match="timed out"):
        fetch(client, httpserver.url_for("/slow"), CachingInfo(), LIMITS)
    assert time.monotonic() - started < 2.4
    finished.wait(5)  # the test server handles one request at a time


def test_body_over_the_cap_is_refused_after_decompression(
    httpserver: HTTPServer, client: httpx.Client
) -> None:
    bomb = gzip.compress(b"<" * 5_000_000)
    assert len(bomb) < LIMITS.max_bytes
    httpserver.expect_request("/bomb").respond_with_data(
        bomb, headers={"Content-Encoding": "gzip", "Content-Type": "application/rss+xml"}
    )
    with pytest.raises(FetchError, match="too large"):
        fetch(client, httpserver.url_for("/bomb"), CachingInfo(), LIMITS)


def test_gzip_is_decoded(httpserver: HTTPServer, client: httpx.Client) -> None:
    httpserver.expect_request("/gz").respond_with_data(
        gzip.compress(b"<rss>ok</rss>"), headers={"Content-Encoding": "gzip"}
    )
    assert (
        fetch(client, httpserver.url_for("/gz"), CachingInfo(), LIMITS).content == b"<rss>ok</rss>"
    )


def test_redirect_loop_and_non_http_redirects_are_refused(
    httpserver: HTTPServer, client: httpx.Client
) -> None:
    httpserver.expect_request("/loop").respond_with_data(
        "", status=302, headers={"Location": "/loop"}
    )
    with pytest.raises(FetchError, match="redirects"):
        fetch(client, httpserver.url_for("/loop"), CachingInfo(), LIMITS)
    httpserver.expect_request("/to-file").respond_with_data(
        "", status=302, headers={"Location": "file:///etc/passwd"}
    )
    with pytest.raises(FetchError, match="refused"):
        fetch(client, httpserver.url_for("/to-file"), CachingInfo(), LIMITS)
    with pytest.raises(FetchError, match="refused"):
        fetch(client, "file:///etc/passwd", CachingInfo(), LIMITS)


def test_dead_server_is_a_fetch_error(client: httpx.Client) -> None:
    with pytest.raises(FetchError, match="ConnectError"):
        fetch(client, "http://127.0.0.1:9/feed", CachingInfo(), LIMITS)


def test_dribbling_server_hits_the_total_time_cap(
    httpserver: HTTPServer, client: httpx.Client
) -> None:
    finished = threading.Event()

    def dribble() -> Iterator[bytes]:
        for _ in range(8):
            time.sleep(0.5)
            yield b"<"
        finished.set()

    httpserver.expect_request("/dribble").respond_with_response(Response(dribble()))
    started = time.monotonic()
    with pytest.raises(FetchError, match="total time cap"):
        fetch(client, httpserver.url_for("/dribble"), CachingInfo(), LIMITS)
    assert time.monotonic() - started < LIMITS.total_timeout + 1
    finished.wait(5)
