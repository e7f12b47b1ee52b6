"""Draft update notes and reviews: citations, structure, golden Markdown, DOCX, CSV round trip."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from docx import Document
from typer.testing import CliRunner

from monitor.app import App
from monitor.cli import app as cli
from monitor.config import Settings
from monitor.outputs import notes as notes_module
from monitor.outputs import review as review_module
from monitor.outputs.citations import cite
from monitor.relevance.watchlists import section_of
from monitor.storage.reviews import Review
from monitor.types import DocumentInfo, PublicationInfo, StoredItem
from tests.conftest import fetched_app

GOLDEN = Path(__file__).parents[1] / "data" / "golden"
MINI_WATCHLISTS = Path(__file__).parents[1] / "data" / "mini_watchlists"
CYCLE = (date(2025, 7, 22), date(2026, 11, 25))
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def stored(**fields: object) -> StoredItem:
    base = {
        "id": 1, "source_id": "s", "source_title": "UNIDIR", "title": "A title", "url": None,
        "summary_text": "", "summary_html": "", "language": "en", "authors": (),
        "published": datetime(2025, 3, 4, tzinfo=UTC), "first_seen": NOW, "matches": (),
    }  # fmt: skip
    return StoredItem(**{**base, **fields})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"authors": ("Yasmin Afina",), "title": "The global kaleidoscope of military AI governance"},
         'Yasmin Afina, "The global kaleidoscope of military AI governance", UNIDIR, March 2025.'),
        ({"authors": ("Tao Song", "B", "C"), "title": "A robotic AI chemist",
          "publication": PublicationInfo("Journal of the American Chemical Society", "147", "15")},
         ('Tao Song and others, "A robotic AI chemist", Journal of the American Chemical '
          "Society, vol. 147, No. 15 (March 2025).")),
        ({"authors": ("A. Author", "B. Author"), "title": "Two authors",
          "publication": PublicationInfo("Science", "392", None)},
         'A. Author and B. Author, "Two authors", Science, vol. 392 (March 2025).'),
        ({"title": "No author, no volume", "source_title": "UN News"},
         '"No author, no volume", UN News, March 2025.'),
        ({"title": "Rapport", "document": DocumentInfo("A/80/78")}, "A/80/78."),
        ({"title": "人工智能军事应用", "source_title": "联合国新闻", "language": "zh"},
         '"人工智能军事应用", 联合国新闻, March 2025.'),
        ({"title": "Undated", "published": None, "first_seen": datetime(2026, 1, 2, tzinfo=UTC)},
         '"Undated", UNIDIR, January 2026.'),
    ],
)  # fmt: skip
def test_citations_follow_the_report_style(fields: dict[str, object], expected: str) -> None:
    assert cite(stored(**fields)) == expected


def _build(application: App) -> notes_module.Notes:
    return notes_module.build(application.repository(), application.watchlists,
                              application.reviews.all(), *CYCLE)  # fmt: skip


def test_golden_markdown_notes(settings: Settings, feed_server: str) -> None:
    application = fetched_app(settings, feed_server, watchlists=MINI_WATCHLISTS)
    first = notes_module.render(_build(application), application.settings.templates, "md")
    second = notes_module.render(_build(application), application.settings.templates, "md")
    assert first == second
    golden = GOLDEN / "notes.md"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(first, encoding="utf-8")
    assert first == golden.read_text(encoding="utf-8"), "rerun with UPDATE_GOLDEN=1 if intended"


def test_reviews_decide_what_the_notes_show(settings: Settings, feed_server: str) -> None:
    application = fetched_app(settings, feed_server)
    built = _build(application)
    developments = [
        (section_of(section.id), d) for section in built.sections for p in section.paragraphs
        for d in p.developments
    ]  # fmt: skip
    rejected_in, first = developments[0]
    # a development of one item: a review recorded on it moves all of it
    moved_from, second = next((s, d) for s, d in developments[1:] if len(d.items) == 1)
    lead, moved = first.items[0], second.items[0]
    assert not first.reviewed
    reviews = application.reviews
    reviews.record(Review(lead.id, rejected_in, "rejected", "ana", NOW))
    reviews.record(Review(moved.id, moved_from, "moved", "ana", NOW, "II.G", 66,
                          "belongs with additive manufacturing"))  # fmt: skip
    after = _build(application)
    placements = {(d.items[0].id, section_of(s.id), p.number, d.reviewed) for s in after.sections
                  for p in s.paragraphs for d in p.developments}  # fmt: skip
    assert not any(i == lead.id and sec == rejected_in for i, sec, _, _ in placements)
    assert (moved.id, "II.G", 66, True) in placements
    assert not any(i == moved.id and sec == moved_from for i, sec, _, _ in placements)


def test_reviews_survive_refetch_and_rematch_and_round_trip_as_csv(
    settings: Settings, feed_server: str, tmp_path: Path
) -> None:
    from sqlalchemy import delete

    from monitor.storage.models import MatchRow

    application = fetched_app(settings, feed_server)
    item = next(i for i in application.repository().items() if i.matches)
    section = item.matches[0].section
    application.reviews.record(Review(item.id, section, "accepted", "ana", NOW, comment="key"))
    csv_text = review_module.to_csv([item], application.reviews.all())
    assert "accepted" in csv_text and "key" in csv_text
    decisions = review_module.from_csv(csv_text.replace("accepted", "rejected"), "bob", NOW)
    assert [(d.item_id, d.section, d.decision, d.reviewer) for d in decisions] == [
        (item.id, section, "rejected", "ana")
    ]
    export = tmp_path / "review.csv"
    runner = CliRunner()
    env = {"MONITOR_DATABASE_URL": application.settings.database_url}
    assert runner.invoke(cli, ["review", "--export", str(export)], env=env).exit_code == 0
    export.write_text(export.read_text().replace(",accepted,", ",rejected,"))
    result = runner.invoke(cli, ["review", "--import", str(export)], env=env)
    assert result.exit_code == 0 and "1 decisions imported" in result.output
    assert application.reviews.all()[(item.id, section)].decision == "rejected"
    application.fetch(application.sources(feed_server))  # re-fetch: 304, nothing new
    with application.engine.begin() as connection:  # re-matching rewrites the match rows
        connection.execute(delete(MatchRow))
    assert application.reviews.all()[(item.id, section)].decision == "rejected"


def test_terminal_review_records_one_key_decisions(settings: Settings, feed_server: str) -> None:
    application = fetched_app(settings, feed_server)
    env = {"MONITOR_DATABASE_URL": application.settings.database_url}
    result = CliRunner().invoke(cli, ["review", "--section", "II.B", "--reviewer", "ana"],
                                input="ar" + "s" + "q", env=env)  # fmt: skip
    assert result.exit_code == 0, result.output
    # Two developments decided: each decision is recorded on every item that reports it.
    decisions = sorted(r.decision for r in application.reviews.all().values())
    assert sorted(set(decisions)) == ["accepted", "rejected"] and len(decisions) >= 2
    assert all(
        r.reviewer == "ana" and r.section == "II.B" for r in application.reviews.all().values()
    )


def test_docx_has_headings_numbered_paragraphs_and_notes(
    settings: Settings, feed_server: str, tmp_path: Path
) -> None:
    application = fetched_app(settings, feed_server)
    built = _build(application)
    path = tmp_path / "notes.docx"
    notes_module.write_docx(built, path)
    document = Document(str(path))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "II.A. Artificial intelligence and autonomy" in headings
    assert "II.E.space. Space-based technologies" in headings or any(
        h.startswith("II.E.") for h in headings
    )
    numbered = [p for p in document.paragraphs if p.style.name == "List Number"]
    assert len(numbered) == sum(len(p.developments) for s in built.sections for p in s.paragraphs)
    assert numbered[0].text.startswith("¶") and "[Draft" in numbered[0].text
    notes_lines = [p.text for p in document.paragraphs if p.text[:1].isdigit()]
    assert len(notes_lines) == built.footnote_count


def test_eval_grows_from_reviews(settings: Settings, feed_server: str, tmp_path: Path) -> None:
    application = fetched_app(settings, feed_server)
    item = next(i for i in application.repository().items() if i.matches)
    application.reviews.record(Review(item.id, item.matches[0].section, "accepted", "ana", NOW))
    target = tmp_path / "reviews.jsonl"
    env = {"MONITOR_DATABASE_URL": application.settings.database_url}
    result = CliRunner().invoke(cli, ["eval", "--from-reviews", str(target)], env=env)
    assert result.exit_code == 0, result.output
    from monitor.relevance.evaluation import load_labelled

    (labelled,) = load_labelled(target)
    assert labelled.sections == frozenset({item.matches[0].section})


def test_chinese_headings_by_configuration(settings: Settings, feed_server: str) -> None:
    application = fetched_app(settings, feed_server)
    built = notes_module.build(application.repository(), application.watchlists,
                               application.reviews.all(), *CYCLE, language="zh")  # fmt: skip
    text = notes_module.render(built, application.settings.templates, "md")
    assert "## II.A. 人工智能和自主" in text
    assert "相关政府间进程、机构和文书" in text


def _rss(titles: list[str]) -> bytes:
    entries = "".join(
        f"<item><title>{title}</title><guid>urn:cap:{n}</guid>"
        f"<pubDate>Mon, {n + 1:02d} Jun 2026 10:00:00 GMT</pubDate>"
        "<description>The army said the strike used loitering munitions and one-way attack "
        "drones.</description></item>"
        for n, title in enumerate(titles)
    )
    return f"<rss version='2.0'><channel><title>Wire</title>{entries}</channel></rss>".encode()


def test_a_crowded_paragraph_shows_the_best_unreviewed_and_every_reviewed_item(app: App) -> None:
    from monitor.types import FetchResult, Source

    source = Source("wire", "Wire", "https://wire.example/rss", timedelta(hours=1))
    titles = [f"Loitering munition strike number {n} hits depot" for n in range(12)]
    with app.pipeline() as pipeline:
        pipeline.repository.sync_sources([source])
        pipeline.store(source, FetchResult(200, source.url, _rss(titles)), NOW)
    items = app.repository().items()
    oldest = min(items, key=lambda item: item.date)
    section = oldest.matches[0].section
    app.reviews.record(Review(oldest.id, section, "accepted", "ana", NOW))
    built = _build(app)
    (paragraph,) = [p for s in built.sections for p in s.paragraphs if p.developments]
    shown = list(paragraph.developments)
    assert len(shown) == 1 + notes_module.MAX_UNREVIEWED
    assert [d.items[0].id for d in shown if d.reviewed] == [oldest.id]
    assert paragraph.more == 12 - 1 - notes_module.MAX_UNREVIEWED
    unreviewed = [d.items[0].date for d in shown if not d.reviewed]
    assert min(unreviewed) > sorted(i.date for i in items)[2]  # the newest of equal scores
    markdown = notes_module.render(built, app.settings.templates, "md")
    assert f"{paragraph.more} further unreviewed items with a high score" in markdown
