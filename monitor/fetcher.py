"""HTTP only: one conditional GET with timeouts, a size cap, a time cap and a redirect limit.

Returns a ``FetchResult`` or raises ``FetchError``; never parses, never touches storage.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import httpx

from monitor.errors import FetchError
from monitor.types import CachingInfo, FetchResult

ALLOWED_SCHEMES = ("http", "https")
ACCEPT = (
    "application/atom+xml, application/rss+xml, application/rdf+xml, application/xml;q=0.9, "
    "text/xml;q=0.9, application/json;q=0.8, */*;q=0.5"
)


@dataclass(frozen=True, slots=True)
class FetchLimits:
    """Caps applied to every request."""

    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    total_timeout: float = 60.0
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5


def build_client(user_agent: str, limits: FetchLimits) -> httpx.Client:
    """An httpx client with the monitor's identity, timeouts and redirect limit."""
    timeout = httpx.Timeout(limits.read_timeout, connect=limits.connect_timeout)
    return httpx.Client(
        headers={"User-Agent": user_agent, "Accept": ACCEPT},
        timeout=timeout,
        follow_redirects=True,
        max_redirects=limits.max_redirects,
        trust_env=False,
    )


def fetch(client: httpx.Client, url: str, caching: CachingInfo, limits: FetchLimits) -> FetchResult:
    """GET ``url`` sending the stored validators; a 304 comes back as ``not_modified``."""
    _check_scheme(url)
    headers = {}
    if caching.etag:
        headers["If-None-Match"] = caching.etag
    if caching.last_modified:
        headers["If-Modified-Since"] = caching.last_modified
    deadline = time.monotonic() + limits.total_timeout
    try:
        with client.stream("GET", url, headers=headers) as response:
            _check_scheme(str(response.url))
            if response.status_code == 304:
                return FetchResult(304, str(response.url), caching=caching, not_modified=True)
            if response.status_code >= 400:
                raise FetchError(
                    f"HTTP {response.status_code} {response.reason_phrase}",
                    status=response.status_code,
                )
            content = _read_capped(response, limits.max_bytes, deadline)
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
    except httpx.TooManyRedirects:
        raise FetchError(f"more than {limits.max_redirects} redirects") from None
    except httpx.UnsupportedProtocol as exc:
        raise FetchError(f"refused: unsupported URL scheme ({exc})") from None
    except httpx.TimeoutException as exc:
        raise FetchError(f"timed out ({type(exc).__name__})") from None
    except httpx.HTTPError as exc:
        raise FetchError(f"{type(exc).__name__}: {exc}") from None


def _read_capped(response: httpx.Response, max_bytes: int, deadline: float) -> bytes:
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(
            f"response too large: {declared} bytes declared, cap {max_bytes}",
            status=response.status_code,
        )
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(
                f"response too large: over the cap of {max_bytes} bytes",
                status=response.status_code,
            )
        if time.monotonic() > deadline:
            raise FetchError(
                "timed out: total time cap reached while reading the body",
                status=response.status_code,
            )
        chunks.append(chunk)
    return b"".join(chunks)


def _check_scheme(url: str) -> None:
    scheme = url.split(":", 1)[0].lower()
    if scheme not in ALLOWED_SCHEMES:
        raise FetchError(f"refused: URL scheme {scheme!r} is not http or https")
