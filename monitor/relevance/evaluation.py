"""Relevance evaluation on a labelled set: per-section precision, recall, F1 (pure).

The labelled set is JSON lines ``{"id", "title", "summary", "language", "sections",
"split", "kind"}``; ``sections`` are top-level report sections, empty when out of scope.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from monitor.errors import ConfigError


@dataclass(frozen=True, slots=True)
class LabelledItem:
    id: str
    title: str
    summary: str
    language: str | None
    sections: frozenset[str]
    split: str = "all"
    kind: str = ""


@dataclass(frozen=True, slots=True)
class Outcome:
    """One item's labels next to the matcher's prediction."""

    item: LabelledItem
    predicted: frozenset[str]

    @property
    def missed(self) -> frozenset[str]:
        return self.item.sections - self.predicted

    @property
    def spurious(self) -> frozenset[str]:
        return self.predicted - self.item.sections


@dataclass(frozen=True, slots=True)
class SectionScore:
    section: str
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        return _ratio(self.true_positives, self.true_positives + self.false_positives)

    @property
    def recall(self) -> float:
        return _ratio(self.true_positives, self.true_positives + self.false_negatives)

    @property
    def f1(self) -> float:
        return _f1(self.precision, self.recall)


@dataclass(frozen=True, slots=True)
class Report:
    """Everything ``monitor eval`` prints."""

    outcomes: tuple[Outcome, ...]
    sections: tuple[SectionScore, ...]
    by_language: dict[str, SectionScore] = field(default_factory=dict)

    @property
    def micro(self) -> SectionScore:
        return SectionScore(
            "micro",
            sum(s.true_positives for s in self.sections),
            sum(s.false_positives for s in self.sections),
            sum(s.false_negatives for s in self.sections),
        )

    @property
    def macro_f1(self) -> float:
        scored = [s.f1 for s in self.sections if s.true_positives + s.false_negatives]
        return sum(scored) / len(scored) if scored else 0.0

    @property
    def out_of_scope_false_positives(self) -> tuple[Outcome, ...]:
        return tuple(o for o in self.outcomes if not o.item.sections and o.predicted)

    def worst(self, limit: int = 15) -> list[Outcome]:
        wrong = [o for o in self.outcomes if o.missed or o.spurious]
        return sorted(wrong, key=lambda o: (-len(o.missed) - len(o.spurious), o.item.id))[:limit]


def load_labelled(path: Path) -> list[LabelledItem]:
    """Read a JSON-lines labelled file (or every ``*.jsonl`` in a directory)."""
    files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
    if not files or not all(f.is_file() for f in files):
        raise ConfigError(f"{path}: no labelled JSON-lines file found")
    items = []
    for file in files:
        for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                items.append(
                    LabelledItem(
                        id=str(record["id"]),
                        title=str(record["title"]),
                        summary=str(record.get("summary", "")),
                        language=record.get("language"),
                        sections=frozenset(record["sections"]),
                        split=str(record.get("split", "all")),
                        kind=str(record.get("kind", "")),
                    )
                )
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                raise ConfigError(f"{file}:{number}: not a labelled item: {exc}") from None
    return items


def evaluate(
    items: Iterable[LabelledItem],
    predict: Callable[[LabelledItem], Iterable[str]],
    sections: Sequence[str],
) -> Report:
    """Score ``predict`` against the labels, per section and per language."""
    outcomes = tuple(Outcome(item, frozenset(predict(item))) for item in items)
    scores = tuple(_score(section, outcomes) for section in sections)
    languages = sorted({o.item.language or "?" for o in outcomes})
    by_language = {
        language: _pooled(
            language, [o for o in outcomes if (o.item.language or "?") == language], sections
        )
        for language in languages
    }
    return Report(outcomes, scores, by_language)


def _score(section: str, outcomes: Iterable[Outcome]) -> SectionScore:
    tp = fp = fn = 0
    for outcome in outcomes:
        labelled = section in outcome.item.sections
        predicted = section in outcome.predicted
        tp += labelled and predicted
        fp += predicted and not labelled
        fn += labelled and not predicted
    return SectionScore(section, tp, fp, fn)


def _pooled(name: str, outcomes: list[Outcome], sections: Sequence[str]) -> SectionScore:
    per_section = [_score(section, outcomes) for section in sections]
    return SectionScore(
        name,
        sum(s.true_positives for s in per_section),
        sum(s.false_positives for s in per_section),
        sum(s.false_negatives for s in per_section),
    )


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 0.0


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0
