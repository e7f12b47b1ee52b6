"""A digest entry's other reports by outlet, and a process's developments listed once (pure)."""

from __future__ import annotations

from datetime import UTC, datetime

from monitor.outputs.digest import DigestEntry, _process_activity
from monitor.relevance.watchlists import load_watchlists
from monitor.types import Match, StoredItem
from tests.conftest import WATCHLISTS

NOW = datetime(2026, 11, 23, tzinfo=UTC)


def _item(item_id: int, source: str, language: str | None = "en") -> StoredItem:
    return StoredItem(item_id, source.lower(), source, f"Report {item_id}",
                      f"https://example.org/{item_id}", "", "", language, (), NOW, NOW, ())  # fmt: skip


def test_other_reports_of_one_outlet_are_named_once() -> None:
    lead = _item(1, "UN Press")
    also = (_item(2, "OPCW news"), _item(3, "UN News", "zh"), _item(4, "OPCW news"))
    entry = DigestEntry(lead, Match("II.D", 1.0, ()), also)
    assert [(outlet, language, [r.id for r in reports])
            for outlet, language, reports in entry.also_by_outlet] == [
        ("OPCW news", "en", [2, 4]), ("UN News", "zh", [3])]  # fmt: skip


def test_a_development_matched_in_two_sections_is_listed_once_under_its_process() -> None:
    watchlists = load_watchlists(WATCHLISTS)
    process = next(p for w in watchlists.watchlists for p in w.processes if p.paragraph == 82)
    lead = _item(1, "UN Press")
    entries = [DigestEntry(lead, Match(section, score, (), None, (82,), (process.id,)))
               for section, score in (("II.D", 1.0), ("III", 0.9))]  # fmt: skip
    activity = next(a for a in _process_activity(watchlists, entries) if a.id == process.id)
    assert [e.match.section for e in activity.entries] == ["II.D"]
