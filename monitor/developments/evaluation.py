"""Grouping evaluation on a labelled set: pairwise precision and recall, B-cubed F1 (pure).

The set is JSON lines ``{"id", "title", "summary", "language", "source", "published",
"url"?, "development", "split"}``: items with the same ``development`` label report one event.
Items are grouped in date order, as ingest would meet them.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import combinations
from pathlib import Path
from typing import TYPE_CHECKING

from monitor.developments.dedup import canonical_url
from monitor.developments.grouping import DevelopmentIndex
from monitor.developments.signature import Signature, signature
from monitor.errors import ConfigError
from monitor.relevance import symbols
from monitor.types import Match, MatchInput

if TYPE_CHECKING:
    from monitor.relevance.matching import Matcher


@dataclass(frozen=True, slots=True)
class GroupedItem:
    id: str
    title: str
    summary: str
    language: str | None
    source: str
    published: date
    development: str
    split: str
    url: str | None = None


@dataclass(frozen=True, slots=True)
class GroupingScore:
    items: int
    gold_developments: int
    predicted_developments: int
    pair_precision: float
    pair_recall: float
    bcubed_precision: float
    bcubed_recall: float

    @property
    def bcubed_f1(self) -> float:
        return _f1(self.bcubed_precision, self.bcubed_recall)

    @property
    def pair_f1(self) -> float:
        return _f1(self.pair_precision, self.pair_recall)


def load(path: Path, split: str = "all") -> list[GroupedItem]:
    """The labelled items of ``path`` (a file or a folder of ``*.jsonl``) in ``split``."""
    files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
    if not files or not all(f.is_file() for f in files):
        raise ConfigError(f"{path}: no labelled JSON-lines file")
    found = []
    for file in files:
        for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                item = GroupedItem(
                    id=str(record["id"]),
                    title=str(record["title"]),
                    summary=str(record.get("summary") or ""),
                    language=record.get("language"),
                    source=str(record.get("source") or "?"),
                    published=date.fromisoformat(record["published"]),
                    development=str(record["development"]),
                    split=str(record.get("split") or "all"),
                    url=record.get("url"),
                )
            except (ValueError, KeyError, TypeError) as exc:
                raise ConfigError(f"{file}:{number}: not a labelled item: {exc}") from None
            if split in ("all", item.split):
                found.append(item)
    return found


def group(
    items: Sequence[GroupedItem], match: Callable[[GroupedItem], Sequence[Match]]
) -> dict[str, int]:
    """Each item's predicted development, grouping in date order (then by id)."""
    index = DevelopmentIndex()
    assigned = {}
    for item in sorted(items, key=lambda i: (i.published, i.id)):
        assigned[item.id] = index.assign(item_signature(item, match(item)))[0].id
    return assigned


def matches_by(matcher: Matcher) -> Callable[[GroupedItem], Sequence[Match]]:
    """What ``group`` and ``learning.labelled_examples`` ask of a matcher: an item's matches."""
    return lambda item: matcher.match(MatchInput(item.title, item.summary, item.language))


def item_signature(item: GroupedItem, matches: Sequence[Match]) -> Signature:
    text = f"{item.title}\n{item.summary}"
    return signature(
        item.title,
        item.summary,
        item.language,
        item.source,
        item.published.toordinal(),
        symbols=symbols.extract(text),
        matches=matches,
        url=canonical_url(item.url),
    )


def score(gold: dict[str, str], predicted: dict[str, int]) -> GroupingScore:
    """Pairwise precision and recall, and B-cubed precision and recall (Amigó et al.)."""
    ids = sorted(gold)
    gold_sets = _clusters((i, gold[i]) for i in ids)
    predicted_sets = _clusters((i, predicted[i]) for i in ids)
    gold_of = {i: gold_sets[gold[i]] for i in ids}
    predicted_of = {i: predicted_sets[predicted[i]] for i in ids}
    precision = sum(len(gold_of[i] & predicted_of[i]) / len(predicted_of[i]) for i in ids)
    recall = sum(len(gold_of[i] & predicted_of[i]) / len(gold_of[i]) for i in ids)
    gold_pairs = _pairs(gold_sets.values())
    predicted_pairs = _pairs(predicted_sets.values())
    true_pairs = len(gold_pairs & predicted_pairs)
    return GroupingScore(
        items=len(ids),
        gold_developments=len(gold_sets),
        predicted_developments=len(predicted_sets),
        pair_precision=_ratio(true_pairs, len(predicted_pairs)),
        pair_recall=_ratio(true_pairs, len(gold_pairs)),
        bcubed_precision=precision / len(ids) if ids else 1.0,
        bcubed_recall=recall / len(ids) if ids else 1.0,
    )


def mistakes(
    items: Sequence[GroupedItem], predicted: dict[str, int]
) -> tuple[list[tuple[GroupedItem, GroupedItem]], list[tuple[GroupedItem, GroupedItem]]]:
    """Pairs grouped wrongly (different events together) and pairs missed."""
    wrong, missed = [], []
    for a, b in combinations(items, 2):
        same_gold, same_predicted = (
            a.development == b.development,
            predicted[a.id] == predicted[b.id],
        )
        if same_predicted and not same_gold:
            wrong.append((a, b))
        elif same_gold and not same_predicted:
            missed.append((a, b))
    return wrong, missed


def _clusters(pairs: Iterable[tuple[str, object]]) -> dict[object, frozenset[str]]:
    found: dict[object, set[str]] = defaultdict(set)
    for item_id, label in pairs:
        found[label].add(item_id)
    return {label: frozenset(members) for label, members in found.items()}


def _pairs(clusters: Iterable[frozenset[str]]) -> set[tuple[str, str]]:
    return {pair for members in clusters for pair in combinations(sorted(members), 2)}


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0
