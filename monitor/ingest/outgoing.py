"""Source → ``FetchRequest`` (pure): what is added to a request at the moment it is made.

* the source's key (``secret:`` in the catalogue), as a query parameter or a header, read from
  the settings' secrets; a required key that is missing is a ``NeedsKeyError``, so nothing
  is sent and no 401 loop starts;
* the contact address as Crossref's ``mailto`` (its polite pool), unless the URL has one;
* ``{since}`` in a URL: the first day of the window a search covers (``SINCE_DAYS`` back).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from urllib.parse import urlencode, urlsplit, urlunsplit

from monitor.errors import NeedsKeyError
from monitor.ingest.blocking import expectation
from monitor.ingest.fetcher import FetchRequest
from monitor.types import CachingInfo, Source

SINCE_DAYS = 30
MAILTO_HOSTS = ("api.crossref.org",)


def request_for(
    source: Source,
    caching: CachingInfo,
    secrets: Mapping[str, str],
    contact: str | None,
    now: datetime,
    url: str | None = None,
) -> FetchRequest:
    """The request for ``source`` (or for ``url``, its fallback); ``NeedsKeyError`` when its
    key is not configured."""
    target = (url or source.url).replace(
        "{since}", (now - timedelta(days=SINCE_DAYS)).date().isoformat()
    )
    headers: tuple[tuple[str, str], ...] = ()
    if source.secret is not None:
        value = secrets.get(source.secret.name)
        if not value:
            raise NeedsKeyError(
                f"needs key: set MONITOR_{source.secret.name.upper()} "
                f"(or [source_secrets] {source.secret.name} in monitor.toml); not fetched"
            )
        if source.secret.param:
            target = with_param(target, source.secret.param, value, replace=True)
        if source.secret.header:
            headers = ((source.secret.header, source.secret.prefix + value),)
    if contact and urlsplit(target).hostname in MAILTO_HOSTS:
        target = with_param(target, "mailto", contact, replace=False)
    return FetchRequest(source.id, target, caching, expectation(source.kind), headers)


def with_param(url: str, name: str, value: str, replace: bool) -> str:
    """``url`` with ``name=value`` in its query (kept as it is when present and not ``replace``)."""
    parts = urlsplit(url)
    raw = [pair for pair in parts.query.split("&") if pair]
    present = [pair for pair in raw if pair.split("=", 1)[0] == name]
    if present and not replace:
        return url
    kept = [pair for pair in raw if pair not in present] + [urlencode({name: value}, safe="@")]
    return urlunsplit(parts._replace(query="&".join(kept)))
