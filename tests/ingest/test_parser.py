"""Feed bytes → normalised items: identity, UTC dates, languages, sanitized text."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from monitor.errors import ParseError
from monitor.ingest.parser import parse_feed
from tests.conftest import EXAMPLE_FEEDS

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>T</title><language>fr-FR</language>
<item><title>With guid</title><guid isPermaLink="false">urn:x:1</guid>
  <link>https://example.org/1</link><pubDate>Tue, 24 Nov 2026 10:00:00 +0200</pubDate>
  <description>&lt;p&gt;Hello &lt;script&gt;alert(1)&lt;/script&gt;world&lt;/p&gt;</description></item>
<item><title>Link only</title><link>https://example.org/2</link></item>
<item><title>Nothing else</title><description>just text</description></item>
<item><title>Bad link</title><link>javascript:alert(1)</link></item>
</channel></rss>"""
ENTITY_EXPANSION = (
    b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
    b"<rss version='2.0'><channel><title>&b;</title></channel></rss>"
)
EXTERNAL_ENTITY = (
    b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    b"<rss version='2.0'><channel><item><title>&x;</title></item></channel></rss>"
)


def test_identity_dates_language_and_sanitizing() -> None:
    first, second, third, fourth = parse_feed(RSS)
    assert first.identity == "urn:x:1"
    assert first.published == datetime(2026, 11, 24, 8, 0, tzinfo=UTC)
    assert first.language == "fr"
    assert first.summary_html == "<p>Hello world</p>"
    assert first.summary_text == "Hello world"
    assert second.identity == "https://example.org/2" and second.published is None
    assert third.identity.startswith("hash:") and third.url is None
    assert fourth.url is None


def test_same_content_gives_the_same_identity() -> None:
    assert [i.identity for i in parse_feed(RSS)] == [i.identity for i in parse_feed(RSS)]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (b"<!DOCTYPE html><html><body>Not a feed</body></html>", "HTML page"),
        (b"{{{ not xml", "not a readable feed"),
        (ENTITY_EXPANSION, "declares XML entities"),
        (EXTERNAL_ENTITY, "declares XML entities"),
    ],
)
def test_unreadable_input_is_a_clear_parse_error(content: bytes, reason: str) -> None:
    with pytest.raises(ParseError, match=reason):
        parse_feed(content)


def test_every_example_feed_parses_with_dates_and_no_hostile_markup() -> None:
    for path in sorted(EXAMPLE_FEEDS.glob("*")):
        if path.suffix not in (".rss", ".atom", ".xml"):
            continue
        items = parse_feed(path.read_bytes())
        assert len(items) >= 10, path.name
        assert len({i.identity for i in items}) == len(items), path.name
        for item in items:
            assert item.published is not None and item.published.tzinfo == UTC, item.title
            for hostile in ("<script", "onerror", "javascript:", "<iframe", "<img"):
                assert hostile not in item.summary_html, (path.name, item.title)


def test_wrong_content_type_and_invalid_utf8_still_parse() -> None:
    body = (
        b"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>T</title>"
        b"<item><title>Drone \xff\xfe strike</title><guid>g1</guid></item></channel></rss>"
    )
    (item,) = parse_feed(body, "text/html; charset=utf-8")
    assert item.title.startswith("Drone") and item.title.endswith("strike")


def test_utf16_feed_with_bom_parses() -> None:
    text = "<?xml version='1.0' encoding='utf-16'?><rss version='2.0'><channel><title>T</title>"
    text += "<item><title>Résolution 79/239</title><guid>g</guid></item></channel></rss>"
    (item,) = parse_feed(text.encode("utf-16"))
    assert item.title == "Résolution 79/239" and item.symbols == ("A/RES/79/239",)


def test_fast_and_fallback_parsers_give_identical_items(monkeypatch: pytest.MonkeyPatch) -> None:
    """fastfeedparser reads well-formed feeds; feedparser the rest: the output must not differ."""
    import monitor.ingest.parser as parser_module

    folders = (EXAMPLE_FEEDS, EXAMPLE_FEEDS.parents[1] / "tests" / "data" / "sources")
    files = [p for folder in folders for p in sorted(folder.glob("*"))
             if p.suffix in (".rss", ".atom", ".xml")]  # fmt: skip
    assert len(files) >= 20
    fast_path = sum(parser_module._parse_fast(p.read_bytes()) is not None for p in files)
    assert fast_path >= 15, "most fixtures are well-formed single-author feeds: the fast path"
    for path in files:
        monkeypatch.setattr(parser_module, "USE_FAST_PARSER", True)
        fast = parse_feed(path.read_bytes())
        monkeypatch.setattr(parser_module, "USE_FAST_PARSER", False)
        fallback = parse_feed(path.read_bytes())
        assert fast == fallback, path.name


def test_broken_xml_falls_back_to_feedparser() -> None:
    import monitor.ingest.parser as parser_module

    broken = b"<rss version='2.0'><channel><item><title>Drone & strike</title></item></channel>"
    assert parser_module._well_formed_without_entities(broken) is False
    (item,) = parse_feed(broken)
    assert item.title == "Drone & strike"
