"""HTTP only: conditional GETs, concurrent and polite, with caps on size, time and redirects.

``fetch_all`` runs many requests with httpx's async client under a global limit, a per-host
limit and per-host minimum delays (arXiv asks for one request every three seconds). Each
request sends the stored validators; a 304 comes back as ``not_modified``; 429 and 503 carry
the server's ``Retry-After``. Every failure is a ``FetchError`` in the results, never raised.
"""

from __future__ import annotations

import asyncio
import ssl
import zlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from functools import cache
from urllib.parse import urljoin, urlsplit

import httpx

from monitor.errors import BlockedError, FetchError, NeedsKeyError
from monitor.ingest.blocking import blocked_reason
from monitor.ingest.hosts import HostLedger, HostPolicy
from monitor.types import CachingInfo, FetchResult

ALLOWED_SCHEMES = ("http", "https")
ACCEPT = (
    "application/atom+xml, application/rss+xml, application/rdf+xml, application/xml;q=0.9, "
    "text/xml;q=0.9, application/json;q=0.8, text/html;q=0.5, */*;q=0.3"
)
ENCODINGS = "gzip, deflate"  # decompressed here, under the size cap (see ``_read_capped``)
REDIRECTS = (301, 302, 303, 307, 308)


@dataclass(frozen=True, slots=True)
class FetchLimits:
    """Caps and politeness applied to every request."""

    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    total_timeout: float = 60.0
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    concurrency: int = 16
    per_host: int = 2  # connections to a host without a policy of its own


@dataclass(frozen=True, slots=True)
class FetchRequest:
    """One GET: ``expect`` is the body its kind should have (``xml``, ``json``, ``html`` or
    ``any``); ``headers`` are added at request time (a source's key)."""

    key: str
    url: str
    caching: CachingInfo = field(default_factory=CachingInfo)
    expect: str = "any"
    headers: tuple[tuple[str, str], ...] = ()


def fetch_all(
    requests: Sequence[FetchRequest],
    user_agent: str,
    limits: FetchLimits,
    ledger: HostLedger | None = None,
) -> dict[str, FetchResult | FetchError]:
    """Fetch every request concurrently; map each key to its result or its error.

    ``ledger`` holds the per-host policies and what each host was asked (kept across runs by
    the caller); without one, the default policies apply to this run alone."""
    if not requests:
        return {}
    ledger = ledger or HostLedger(default=HostPolicy(connections=limits.per_host))
    return asyncio.run(_fetch_all(requests, user_agent, limits, ledger))


async def _fetch_all(
    requests: Sequence[FetchRequest], user_agent: str, limits: FetchLimits, ledger: HostLedger
) -> dict[str, FetchResult | FetchError]:
    polite = _Politeness(limits.concurrency, ledger)
    timeout = httpx.Timeout(limits.read_timeout, connect=limits.connect_timeout)
    pool = httpx.Limits(
        max_connections=limits.concurrency, max_keepalive_connections=limits.concurrency
    )
    async with httpx.AsyncClient(
        headers={"User-Agent": user_agent, "Accept": ACCEPT, "Accept-Encoding": ENCODINGS},
        timeout=timeout,
        limits=pool,
        follow_redirects=False,  # followed by hand: every Location is checked first
        trust_env=False,
        verify=_tls_context(),
    ) as client:

        async def one(request: FetchRequest) -> tuple[str, FetchResult | FetchError]:
            try:
                async with polite.slot(request.url):
                    return request.key, await fetch(
                        client,
                        request.url,
                        request.caching,
                        limits,
                        request.expect,
                        request.headers,
                    )
            except FetchError as error:
                return request.key, error
            except Exception as exc:  # noqa: BLE001 - whatever a server provokes stays its own
                return request.key, FetchError(f"{type(exc).__name__}: {exc}")

        pairs = await asyncio.gather(*(one(request) for request in requests))
    return dict(pairs)


@cache
def _tls_context() -> ssl.SSLContext:
    """httpx's default context (certifi's authorities), made once per process: loading the
    certificates costs more than a batch of local requests."""
    return httpx.create_ssl_context()


async def fetch(
    client: httpx.AsyncClient,
    url: str,
    caching: CachingInfo,
    limits: FetchLimits,
    expect: str = "any",
    extra_headers: Sequence[tuple[str, str]] = (),
) -> FetchResult:
    """One conditional GET under the total time cap; raise ``FetchError`` on any failure
    (``BlockedError`` for a 2xx that is not the content asked for)."""
    _check_scheme(url)
    get = _get(client, url, caching, limits, expect, extra_headers)
    try:
        return await asyncio.wait_for(get, limits.total_timeout)
    except TimeoutError:
        raise FetchError(f"timed out: total time cap of {limits.total_timeout:g} s") from None


async def _get(
    client: httpx.AsyncClient,
    url: str,
    caching: CachingInfo,
    limits: FetchLimits,
    expect: str,
    extra_headers: Sequence[tuple[str, str]],
) -> FetchResult:
    headers = dict(extra_headers)
    if caching.etag:
        headers["If-None-Match"] = caching.etag
    if caching.last_modified:
        headers["If-Modified-Since"] = caching.last_modified
    try:
        for _ in range(limits.max_redirects + 1):
            async with client.stream("GET", url, headers=headers) as response:
                if response.status_code in REDIRECTS and "location" in response.headers:
                    url = _redirect_target(url, response.headers["location"])
                    continue
                return await _result(response, caching, limits, expect)
        raise FetchError(f"more than {limits.max_redirects} redirects")
    except httpx.TimeoutException as exc:
        raise FetchError(f"timed out ({type(exc).__name__})") from None
    except httpx.InvalidURL as exc:  # httpx reads a redirect's Location before we see it
        raise FetchError(
            f"refused: redirect to an invalid URL or a non-HTTP scheme ({exc})"
        ) from None
    except httpx.HTTPError as exc:
        raise FetchError(f"{type(exc).__name__}: {exc}") from None


async def _result(
    response: httpx.Response, caching: CachingInfo, limits: FetchLimits, expect: str
) -> FetchResult:
    if response.status_code == 304:
        return FetchResult(304, str(response.url), caching=caching, not_modified=True)
    if response.status_code >= 400:
        error = NeedsKeyError if response.status_code == 401 else FetchError
        raise error(
            f"HTTP {response.status_code} {response.reason_phrase}",
            status=response.status_code,
            retry_after=retry_after(response.headers.get("retry-after")),
        )
    content = await _read_capped(response, limits.max_bytes)
    blocked = blocked_reason(response.status_code, response.headers, content, expect)
    if blocked:
        raise BlockedError(f"blocked: {blocked}", status=response.status_code)
    return FetchResult(
        status=response.status_code,
        url=str(response.url),
        content=content,
        content_type=response.headers.get("content-type"),
        caching=CachingInfo(
            etag=response.headers.get("etag"),
            last_modified=response.headers.get("last-modified"),
        ),
    )


def _redirect_target(current: str, location: str) -> str:
    """The absolute URL a redirect points to, if it is one the monitor may follow."""
    target = urljoin(current, location.strip())
    _check_scheme(target)
    try:
        port = httpx.URL(target).port
    except (httpx.InvalidURL, ValueError) as exc:
        raise FetchError(f"refused: invalid redirect target ({exc})") from None
    if port is not None and not 0 < port < 65536:
        raise FetchError(f"refused: invalid redirect target (port {port})")
    return target


async def _read_capped(response: httpx.Response, max_bytes: int) -> bytes:
    """The body, decompressed here (one gzip or deflate layer), refused past ``max_bytes``
    of decompressed content: a small compressed bomb never inflates beyond the cap."""
    encodings = [
        e.strip().lower()
        for e in response.headers.get("content-encoding", "").split(",")
        if e.strip() and e.strip().lower() != "identity"
    ]
    if len(encodings) > 1 or (encodings and encodings[0] not in ("gzip", "x-gzip", "deflate")):
        raise FetchError(f"refused: content encoding {', '.join(encodings)!r}",
                         status=response.status_code)  # fmt: skip
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes and not encodings:
        raise FetchError(
            f"response too large: {declared} bytes declared, cap {max_bytes}",
            status=response.status_code,
        )
    body = _CappedBody(max_bytes, response.status_code, bool(encodings))
    async for chunk in response.aiter_raw():
        body.feed(chunk)
    return body.finish()


class _CappedBody:
    """Collects a body, inflating it when compressed, with at most ``max_bytes`` of output
    produced at any step (``decompress`` with a ``max_length``)."""

    def __init__(self, max_bytes: int, status: int, compressed: bool) -> None:
        self.max_bytes, self.status = max_bytes, status
        # wbits 47: a gzip or zlib header, detected; raw deflate is retried if neither fits.
        self.inflater = zlib.decompressobj(47) if compressed else None
        self.raw_deflate_tried = False
        self.chunks: list[bytes] = []
        self.size = 0

    def feed(self, data: bytes) -> None:
        if self.inflater is None:
            self._keep(data)
            return
        while data:
            try:
                piece = self.inflater.decompress(data, self.max_bytes - self.size + 1)
            except zlib.error as exc:
                if self.size or not self._retry_raw_deflate():
                    raise FetchError(f"undecodable body: {exc}", status=self.status) from None
                continue
            self._keep(piece)
            data = self.inflater.unconsumed_tail
            if self.inflater.eof and self.inflater.unused_data:  # another gzip member
                data = self.inflater.unused_data + data
                self.inflater = zlib.decompressobj(47)

    def finish(self) -> bytes:
        if self.inflater is not None:
            self._keep(self.inflater.flush())
        return b"".join(self.chunks)

    def _retry_raw_deflate(self) -> bool:
        """Some servers send "deflate" without its zlib header: try once as raw deflate."""
        if self.raw_deflate_tried:
            return False
        self.raw_deflate_tried = True
        self.inflater = zlib.decompressobj(-15)
        return True

    def _keep(self, piece: bytes) -> None:
        self.size += len(piece)
        if self.size > self.max_bytes:
            raise FetchError(
                f"response too large: over the cap of {self.max_bytes} bytes (after decompression)",
                status=self.status,
            )
        self.chunks.append(piece)


def retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or an HTTP date)."""
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
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def _check_scheme(url: str) -> None:
    scheme = url.split(":", 1)[0].lower()
    if scheme not in ALLOWED_SCHEMES:
        raise FetchError(f"refused: URL scheme {scheme!r} is not http or https")


class _Politeness:
    """A global semaphore, one per host (its policy's connections), and the ledger's turn."""

    def __init__(self, concurrency: int, ledger: HostLedger) -> None:
        self.ledger = ledger
        self.overall = asyncio.Semaphore(concurrency)
        self.hosts: dict[str, asyncio.Semaphore] = {}
        self.locks: dict[str, asyncio.Lock] = defaultdict(asyncio.Lock)

    def slot(self, url: str) -> _Slot:
        host = urlsplit(url).hostname or ""
        if host not in self.hosts:
            self.hosts[host] = asyncio.Semaphore(self.ledger.policy(host).connections)
        return _Slot(self, host)


class _Slot:
    def __init__(self, polite: _Politeness, host: str) -> None:
        self.polite, self.host = polite, host

    async def __aenter__(self) -> None:
        polite = self.polite
        await polite.hosts[self.host].acquire()
        try:
            async with polite.locks[self.host]:
                await polite.ledger.wait_turn(self.host)
        except BaseException:
            polite.hosts[self.host].release()
            raise
        await polite.overall.acquire()

    async def __aexit__(self, *exc: object) -> None:
        self.polite.overall.release()
        self.polite.hosts[self.host].release()
