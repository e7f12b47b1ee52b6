"""Is a successful-looking response really an answer? (pure)

A server that will not serve a non-browser client often still answers 2xx: AWS WAF answers
``202`` with ``x-amzn-waf-action: challenge`` and no body (or a JavaScript interstitial when
``text/html`` is accepted); others answer ``204``, or ``200`` with a challenge page where a
feed or JSON was asked for. ``blocked_reason`` names the case, or returns ``None``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

EXPECT_BY_KIND = {
    "feed": "xml",
    "undl-marcxml": "xml",
    "crossref": "json",
    "openalex": "json",
    "federal-register": "json",
    "page": "html",
}
CHALLENGE_HEADERS = {
    "x-amzn-waf-action": "AWS WAF",
    "cf-mitigated": "Cloudflare",
}
CHALLENGE_MARKERS = (
    (b"awswafintegration", "AWS WAF"),
    (b"gokuprops", "AWS WAF"),
    (b"/challenge.js", "a JavaScript challenge"),
    (b"cf-chl-", "Cloudflare"),
    (b"<title>just a moment...</title>", "Cloudflare"),
    (b"_incapsula_resource", "Imperva"),
    (b"enable javascript and cookies to continue", "a JavaScript challenge"),
)
_HTML_START = re.compile(
    rb"^\s*(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html|<head|<body)", re.IGNORECASE | re.DOTALL
)


def expectation(kind: str) -> str:
    """What a source kind's body should be: ``xml``, ``json`` or ``html``."""
    return EXPECT_BY_KIND.get(kind, "any")


def blocked_reason(
    status: int, headers: Mapping[str, str], body: bytes, expect: str = "any"
) -> str | None:
    """Why a 2xx response is not the content asked for, or ``None`` when it looks real."""
    for header, who in CHALLENGE_HEADERS.items():
        value = headers.get(header, "")
        if value.strip().lower() in ("challenge", "captcha", "block"):
            return f"{who} {value.strip().lower()} (HTTP {status}, {header}: {value.strip()})"
    if not body.strip():
        if status in (202, 204):
            return f"HTTP {status} with no body: the server accepted the request but sent nothing"
        if expect != "any":
            return f"HTTP {status} with an empty body"
        return None
    head = body[:65536].lower()
    for marker, who in CHALLENGE_MARKERS:
        if marker in head:
            return f"a challenge page ({who}), HTTP {status}"
    if expect in ("xml", "json") and _looks_like_html(body, headers.get("content-type")):
        what = "a feed" if expect == "xml" else "JSON"
        return f"an HTML page where {what} was expected (HTTP {status}): a challenge or error page"
    return None


def _looks_like_html(body: bytes, content_type: str | None) -> bool:
    start = body[:4096].lstrip(b"\xef\xbb\xbf")
    if _HTML_START.match(start):
        return True
    media = (content_type or "").split(";")[0].strip().lower()
    return media == "text/html" and not start.lstrip().startswith(
        (b"<?xml", b"<rss", b"<feed", b"{", b"[")
    )
