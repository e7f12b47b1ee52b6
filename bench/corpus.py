"""Generated feeds for the benchmarks: N RSS feeds of 100 items in the six UN languages.

Texts come from the labelled set and the sample feeds, recombined at random (seeded) into
titles and HTML descriptions as news sites write them (paragraphs, a link with tracking
parameters, emphasis, a 1x1 tracking pixel, a script), dated over the year from ``START``.
By default a description has the lead and one to three one-sentence paragraphs; with
``paragraphs=N`` it has the lead and N paragraphs of two sentences each (more text per item).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from functools import cache
from html import escape

from monitor.config import PROJECT_ROOT
from monitor.ingest.parser import parse_feed
from monitor.relevance.evaluation import load_labelled
from monitor.relevance.language import detect_language
from monitor.types import FetchResult, Source

ITEMS_PER_FEED = 100
LANGUAGES = ("en", "fr", "es", "ru", "zh", "ar")
START = datetime(2025, 11, 25, tzinfo=UTC)
DAYS = 365


@cache
def texts_by_language() -> dict[str, list[tuple[str, str]]]:
    """(title, summary) pairs per language: the labelled set and the sample feeds."""
    pool: dict[str, list[tuple[str, str]]] = {language: [] for language in LANGUAGES}
    for item in load_labelled(PROJECT_ROOT / "tests" / "data" / "labelled"):
        pool.setdefault(item.language or "en", []).append((item.title, item.summary))
    for path in sorted((PROJECT_ROOT / "examples" / "feeds").iterdir()):
        if path.suffix in (".rss", ".atom", ".xml"):
            for parsed in parse_feed(path.read_bytes()):
                text = f"{parsed.title} {parsed.summary_text}"  # in its own language
                language = detect_language(text, parsed.language) or "en"
                pool.setdefault(language, []).append((parsed.title, parsed.summary_text))
    return pool


def description(summaries: list[str], number: int) -> str:
    """An HTML description as news sites write them, hostile bits included."""
    first, *rest = summaries
    paragraphs = "".join(f"<p>{escape(text)}</p>" for text in rest)
    return (
        f'<p><strong>{escape(first)}</strong> <a href="https://example.org/story/{number}?'
        f'utm_source=rss">Read more</a></p>{paragraphs}'
        f'<img src="https://track.example.net/p/{number}.gif" width="1" height="1">'
        f"<script>track({number})</script>"
    )


def feed(
    number: int,
    language: str,
    pool: list[tuple[str, str]],
    rng: random.Random,
    paragraphs: int | None = None,
) -> bytes:
    items = []
    for i in range(ITEMS_PER_FEED):
        serial = number * ITEMS_PER_FEED + i
        title, summary = rng.choice(pool)
        if paragraphs is None:
            extra = [rng.choice(pool)[1] for _ in range(rng.randint(1, 3))]
        else:
            extra = [f"{rng.choice(pool)[1]} {rng.choice(pool)[1]}" for _ in range(paragraphs)]
        published = START + timedelta(minutes=rng.randrange(DAYS * 24 * 60))
        items.append(
            f"<item><title>{escape(title)} ({serial})</title>"
            f"<link>https://example.org/{language}/{serial}</link>"
            f"<guid>urn:bench:{serial}</guid>"
            f"<pubDate>{format_datetime(published)}</pubDate>"
            f"<description>{escape(description([summary, *extra], serial))}</description>"
            "</item>"
        )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Bench feed {number}</title><link>https://example.org/</link>"
        f"<language>{language}</language>{''.join(items)}</channel></rss>"
    ).encode()


def feeds(count: int, first: int = 0, paragraphs: int | None = None) -> list[tuple[Source, bytes]]:
    """Feeds number ``first`` to ``first + count - 1`` (the same bytes on every run)."""
    return list(iter_feeds(count, first, paragraphs))


def fetched(corpus: list[tuple[Source, bytes]]) -> list[tuple[Source, FetchResult]]:
    """Each feed as a successful fetch of its source would return it."""
    return [(source, FetchResult(200, source.url, body, "application/rss+xml"))
            for source, body in corpus]  # fmt: skip


def iter_feeds(
    count: int, first: int = 0, paragraphs: int | None = None
) -> Iterator[tuple[Source, bytes]]:
    pool = texts_by_language()
    for number in range(first, first + count):
        rng = random.Random(number)
        language = LANGUAGES[number % len(LANGUAGES)]
        url = f"https://example.org/feeds/{number}.rss"
        source = Source(f"bench-{number}", f"Bench {number}", url, timedelta(hours=1))
        yield source, feed(number, language, pool[language], rng, paragraphs)
