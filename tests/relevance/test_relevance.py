"""Relevance on the labelled set: regression floors at the figures reached (not targets).

Reached on 2026-11-25 (second session): micro-F1 0.925 on the tuning split (176 + 180 items),
0.888 on the held-out check split (176 items), no out-of-scope false positive on check. Raise
the floors when the matcher improves.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.relevance.evaluation import Report, evaluate, load_labelled
from monitor.relevance.matching import Matcher
from monitor.relevance.watchlists import WatchlistSet
from monitor.types import MatchInput

LABELLED = Path(__file__).parents[1] / "data" / "labelled"
FLOORS = {"tune": 0.93, "check": 0.90}  # tune with the scope items: 0.937 (2026-12-03)
MOST_OUT_OF_SCOPE_FALSE_POSITIVES = {"tune": 2, "check": 2}  # check: the limit


def _report(watchlists: WatchlistSet, split: str) -> Report:
    matcher = Matcher(watchlists, threshold=0.5)
    items = [item for item in load_labelled(LABELLED) if item.split == split]
    sections = [section for section, _, _ in watchlists.sections()]
    return evaluate(
        items,
        lambda i: (m.section for m in matcher.match(MatchInput(i.title, i.summary, i.language))),
        sections,
    )


@pytest.mark.parametrize("split", sorted(FLOORS))
def test_micro_f1_stays_above_its_floor(watchlists: WatchlistSet, split: str) -> None:
    report = _report(watchlists, split)
    assert report.micro.f1 >= FLOORS[split], f"{split}: micro-F1 {report.micro.f1:.3f}"
    assert len(report.out_of_scope_false_positives) <= MOST_OUT_OF_SCOPE_FALSE_POSITIVES[split]
    assert all(score.f1 > 0.6 for score in report.by_language.values()), report.by_language


def test_the_labelled_set_is_as_documented() -> None:
    items = load_labelled(LABELLED)
    assert len(items) >= 200
    assert {i.language for i in items} == {"en", "fr", "es", "ru", "zh", "ar"}
    out_of_scope = [i for i in items if not i.sections]
    assert len(out_of_scope) >= 40
    assert sum(1 for i in out_of_scope if i.kind == "near_miss") >= len(out_of_scope) / 2
    for section in ("II.A", "II.B", "II.C", "II.D", "II.E", "II.F", "II.G", "III", "IV"):
        assert sum(1 for i in items if section in i.sections) >= 15, section
