"""Every recorded source format parses into the same normalised items (fixtures in tests/data)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from monitor.developments.dedup import Candidate, DuplicateIndex, canonical_url
from monitor.errors import ParseError
from monitor.ingest.adapters import adapter_for

SOURCES = Path(__file__).parents[1] / "data" / "sources"


def parse(kind: str, name: str, url: str = "") -> list:
    return adapter_for(kind)((SOURCES / name).read_bytes(), None, url)


@pytest.mark.parametrize(
    ("kind", "name", "count"),
    [
        ("feed", "undl-search.rss", 15),
        ("undl-marcxml", "undl-search.marcxml", 14),
        ("feed", "un-news-en.rss", 10),
        ("feed", "un-news-fr.rss", 9),
        ("feed", "un-news-es.rss", 8),
        ("feed", "un-news-ru.rss", 8),
        ("feed", "un-news-zh.rss", 8),
        ("feed", "un-news-ar.rss", 8),
        ("feed", "un-press.rss", 10),
        ("feed", "opcw.rss", 10),
        ("feed", "unoda.rss", 9),
        ("feed", "unidir.rss", 9),
        ("feed", "sipri.rss", 9),
        ("feed", "arxiv.atom", 12),
        ("crossref", "crossref-works.json", 12),
        ("openalex", "openalex-works.json", 12),
        ("federal-register", "federal-register.json", 10),
    ],
)
def test_every_fixture_parses_completely(kind: str, name: str, count: int) -> None:
    items = parse(kind, name)
    assert len(items) == count
    assert len({i.identity for i in items}) == count
    for item in items:
        assert item.title and item.title != "(untitled)"
        assert item.url and item.url.startswith("https://")
        assert item.published is not None and item.published.tzinfo == UTC


def test_un_digital_library_records_keep_symbol_body_agenda_and_language_links() -> None:
    items = parse("undl-marcxml", "undl-search.marcxml")
    first = items[0]
    assert first.identity == "undl:4112015"
    assert first.document is not None
    assert first.document.symbol == "BWC/WG/9/WP.5"
    assert first.document.body == "Brazil"
    assert [lang for lang, _ in first.document.links] == ["en", "fr", "es", "ru", "zh", "ar"]
    assert first.document.links[0][1].endswith("BWC_WG_9_WP.5-EN.pdf")
    assert first.published == datetime(2026, 11, 9, tzinfo=UTC)
    assert first.title.startswith("BWC/WG/9/WP.5: Mechanism to review")
    assert all(i.document and len(i.document.links) == 6 for i in items)
    assert "BWC/WG/9/WP.5" in first.symbols


def test_crossref_and_openalex_keep_citation_details() -> None:
    science = parse("crossref", "crossref-works.json")[0]
    assert science.authors[0] == "Katherine Adamala"
    assert science.publication is not None
    assert (science.publication.publisher, science.publication.volume,
            science.publication.issue) == ("Science", "392", "6771")  # fmt: skip
    openalex = parse("openalex", "openalex-works.json")
    assert openalex[0].authors == ("Marta Okonkwo-Lind",)
    with_abstract = [i for i in openalex if i.summary_text]
    assert with_abstract, "abstracts are rebuilt from OpenAlex's inverted index"
    shared = {i.identity for i in openalex} & {
        i.identity for i in parse("crossref", "crossref-works.json")
    }
    assert len(shared) == 7, "the same DOI gets the same identity from both APIs"


def test_meetings_page_reports_document_links_and_new_ones_on_change() -> None:
    base = "https://meetings.unoda.org/ccw-gge/2026"
    before = parse("page", "meetings-page.html", base)
    after = parse("page", "meetings-page-updated.html", base)
    assert all(i.document and i.document.symbol.startswith("CCW/") for i in before)
    new = {i.identity for i in after} - {i.identity for i in before}
    assert len(new) == 3
    assert not any("meetings.unoda.org/meetings" in i.identity for i in after)


@pytest.mark.parametrize("kind", ["crossref", "openalex", "federal-register", "undl-marcxml"])
def test_garbage_is_a_clear_parse_error(kind: str) -> None:
    with pytest.raises(ParseError):
        adapter_for(kind)(b"<html>not this</html>", None, "")


def test_marcxml_refuses_entities() -> None:
    bomb = (b'<?xml version="1.0"?><!DOCTYPE c [<!ENTITY a "aaaa">]>'
            b'<collection xmlns="http://www.loc.gov/MARC21/slim">&a;</collection>')  # fmt: skip
    with pytest.raises(ParseError, match="refused"):
        adapter_for("undl-marcxml")(bomb, None, "")


def test_duplicates_by_symbol_then_url_then_title() -> None:
    now = datetime(2026, 11, 20, tzinfo=UTC)
    index = DuplicateIndex([
        Candidate(1, "undl", "A/80/78", None, "Report of the Secretary-General", "en", now),
        Candidate(2, "press", None, "press.un.org/en/2026/gadis3794.doc.htm", "First Committee",
                  "en", now),
        Candidate(3, "news", None, None, "Drone strike hits hospital in Kadugli, UN says",
                  "en", now),
    ])  # fmt: skip
    assert index.find("other", "A/80/78", None, "x", "fr", now) == 1
    url = "https://www.press.un.org/en/2026/gadis3794.doc.htm?utm_source=rss"
    assert index.find("other", None, canonical_url(url), "y", "en", now) == 2
    title = "UN says drone strike hits hospital in Kadugli"
    assert index.find("other", None, None, title, "en", now) == 3
    assert index.find("news", None, None, title, "en", now) is None
    assert index.find("other", None, None, "Unrelated story", "en", now) is None
    assert canonical_url("https://Example.org/a/?b=1&utm_campaign=z") == "example.org/a?b=1"
