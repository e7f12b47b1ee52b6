"""Keep secrets out of what people and logs read (pure).

``redact_url`` masks the values of query parameters that carry keys and any password in the
address; ``scrub`` replaces known secret values wherever they appear in a text (an error
message from a server or from httpx may quote the URL it was given).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import unquote, urlsplit, urlunsplit

MASK = "***"
SENSITIVE_PARAMS = frozenset({
    "api_key", "apikey", "api-key", "key", "token", "access_token", "auth", "password",
    "secret", "client_secret", "sig", "signature",
})  # fmt: skip
_URL = re.compile(r"https?://[^\s'\"<>]+")


def sensitive(name: str) -> bool:
    """Does a query parameter of this name carry a secret?"""
    return name.lower() in SENSITIVE_PARAMS


def redact_url(url: str) -> str:
    """The URL with every sensitive parameter's value and any password masked."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    query = "&".join(
        f"{pair.split('=', 1)[0]}={MASK}" if sensitive(unquote(pair.split("=", 1)[0])) else pair
        for pair in parts.query.split("&")
    )  # the other parameters as they were written
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, _, host = netloc.rpartition("@")
        user = userinfo.split(":", 1)[0]
        netloc = f"{user}:{MASK}@{host}" if ":" in userinfo else netloc
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def scrub(text: str, secrets: Iterable[str] = ()) -> str:
    """``text`` with known secret values masked and URLs in it redacted."""
    for value in secrets:
        if value:
            text = text.replace(value, MASK)
    return _URL.sub(lambda found: redact_url(found.group(0)), text)
