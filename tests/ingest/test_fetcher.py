"""The fetcher against real HTTP servers on 127.0.0.1 (pytest-httpserver)."""

from __future__ import annotations

import gzip
import itertools
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from urllib.parse import urlsplit

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from monitor.errors import FetchError
from monitor.ingest.fetcher import FetchLimits, FetchRequest, fetch_all, retry_after
from monitor.ingest.hosts import HostLedger, HostPolicy
from monitor.types import CachingInfo, FetchResult

LIMITS = FetchLimits(connect_timeout=2, read_timeout=1, total_timeout=3, max_bytes=100_000)
AGENT = "horizon-monitor-test"


def get(url: str, caching: CachingInfo | None = None, limits: FetchLimits = LIMITS) -> FetchResult:
    """One request; a ``FetchError`` result is raised for ``pytest.raises``."""
    result = fetch_all([FetchRequest("k", url, caching or CachingInfo())], AGENT, limits)["k"]
    if isinstance(result, FetchError):
        raise result
    return result


def test_conditional_get_round_trip(httpserver: HTTPServer) -> None:
    httpserver.expect_ordered_request("/feed", headers={"User-Agent": AGENT}).respond_with_data(
        "<rss/>", headers={"ETag": '"v1"', "Last-Modified": "Tue, 24 Nov 2026 10:00:00 GMT"}
    )
    httpserver.expect_ordered_request(
        "/feed",
        headers={"If-None-Match": '"v1"', "If-Modified-Since": "Tue, 24 Nov 2026 10:00:00 GMT"},
    ).respond_with_data("", status=304)
    first = get(httpserver.url_for("/feed"))
    assert (first.status, first.content, first.caching.etag) == (200, b"<rss/>", '"v1"')
    second = get(httpserver.url_for("/feed"), first.caching)
    assert second.not_modified and second.status == 304
    assert second.caching == first.caching
    httpserver.check_assertions()


def test_server_error_is_a_fetch_error_with_status(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/boom").respond_with_data("oops", status=500)
    with pytest.raises(FetchError, match="HTTP 500") as caught:
        get(httpserver.url_for("/boom"))
    assert caught.value.status == 500


def test_429_and_503_carry_retry_after(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/busy").respond_with_data(
        "slow down", status=429, headers={"Retry-After": "120"}
    )
    with pytest.raises(FetchError, match="HTTP 429") as caught:
        get(httpserver.url_for("/busy"))
    assert caught.value.retry_after == 120
    now = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
    assert retry_after("Wed, 25 Nov 2026 12:05:00 GMT", now) == 300
    assert retry_after("soon") is None


def test_slow_server_times_out(httpserver: HTTPServer) -> None:
    finished = threading.Event()

    def slow(_request: Request) -> Response:
        time.sleep(2.5)
        finished.set()
        return Response("<rss/>")

    httpserver.expect_request("/slow").respond_with_handler(slow)
    started = time.monotonic()
    with pytest.raises(FetchError, match="timed out"):
        get(httpserver.url_for("/slow"))
    assert time.monotonic() - started < 2.4
    finished.wait(5)  # the test server handles one request at a time


def test_body_over_the_cap_is_refused_after_decompression(httpserver: HTTPServer) -> None:
    bomb = gzip.compress(b"<" * 5_000_000)
    assert len(bomb) < LIMITS.max_bytes
    httpserver.expect_request("/bomb").respond_with_data(
        bomb, headers={"Content-Encoding": "gzip", "Content-Type": "application/rss+xml"}
    )
    with pytest.raises(FetchError, match="too large"):
        get(httpserver.url_for("/bomb"))


def test_huge_declared_body_is_refused_before_reading(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/huge").respond_with_data(b"x" * 200_000)
    with pytest.raises(FetchError, match="too large"):
        get(httpserver.url_for("/huge"))


def test_gzip_is_decoded(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/gz").respond_with_data(
        gzip.compress(b"<rss>ok</rss>"), headers={"Content-Encoding": "gzip"}
    )
    assert get(httpserver.url_for("/gz")).content == b"<rss>ok</rss>"


def test_redirect_loop_and_non_http_redirects_are_refused(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/loop").respond_with_data(
        "", status=302, headers={"Location": "/loop"}
    )
    with pytest.raises(FetchError, match="redirects"):
        get(httpserver.url_for("/loop"))
    httpserver.expect_request("/to-file").respond_with_data(
        "", status=302, headers={"Location": "file:///etc/passwd"}
    )
    with pytest.raises(FetchError, match="refused"):
        get(httpserver.url_for("/to-file"))
    with pytest.raises(FetchError, match="refused"):
        get("file:///etc/passwd")


def test_dead_server_is_a_fetch_error() -> None:
    with pytest.raises(FetchError, match="ConnectError"):
        get("http://127.0.0.1:9/feed")


def test_dribbling_server_hits_the_total_time_cap(httpserver: HTTPServer) -> None:
    finished = threading.Event()

    def dribble() -> Iterator[bytes]:
        for _ in range(8):
            time.sleep(0.5)
            yield b"<"
        finished.set()

    httpserver.expect_request("/dribble").respond_with_response(Response(dribble()))
    started = time.monotonic()
    with pytest.raises(FetchError, match="total time cap"):
        get(httpserver.url_for("/dribble"))
    assert time.monotonic() - started < LIMITS.total_timeout + 1
    finished.wait(5)


def test_many_requests_run_concurrently_and_one_failure_stays_its_own(
    httpserver: HTTPServer,
) -> None:
    httpserver.expect_request("/ok").respond_with_data("<rss/>")
    httpserver.expect_request("/bad").respond_with_data("no", status=404)
    requests = [FetchRequest(f"s{i}", httpserver.url_for("/ok")) for i in range(20)]
    requests.append(FetchRequest("bad", httpserver.url_for("/bad")))
    results = fetch_all(requests, AGENT, LIMITS)
    assert isinstance(results["bad"], FetchError) and results["bad"].status == 404
    assert all(isinstance(results[f"s{i}"], FetchResult) for i in range(20))


def test_per_host_delay_spaces_requests(httpserver: HTTPServer) -> None:
    seen: list[float] = []

    def stamp(_request: Request) -> Response:
        seen.append(time.monotonic())
        return Response("<rss/>")

    httpserver.expect_request("/paced").respond_with_handler(stamp)
    url = httpserver.url_for("/paced")
    ledger = HostLedger({urlsplit(url).hostname or "": HostPolicy(connections=2, min_delay=0.4)})
    fetch_all([FetchRequest(str(i), url) for i in range(3)], AGENT, LIMITS, ledger)
    gaps = [b - a for a, b in itertools.pairwise(seen)]
    assert len(seen) == 3 and all(gap >= 0.35 for gap in gaps)


def test_a_50_mb_body_is_cut_off_at_the_cap(httpserver: HTTPServer) -> None:
    chunk = b"<item>" * 10_000

    def endless() -> Iterator[bytes]:
        for _ in range(50 * 1024 * 1024 // len(chunk)):
            yield chunk

    httpserver.expect_request("/big").respond_with_response(Response(endless()))
    limits = FetchLimits(total_timeout=20, max_bytes=10 * 1024 * 1024)
    started = time.monotonic()
    with pytest.raises(FetchError, match="too large"):
        get(httpserver.url_for("/big"), limits=limits)
    assert time.monotonic() - started < 20
