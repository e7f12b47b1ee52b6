"""The review-trained model and how it joins the rules (pure; no scikit-learn needed here).

The model is a logistic regression over each candidate section's features
(``relevance.features``): watchlist evidence, what the rules made of it, and character
n-grams. It is trained offline (``relevance.training``) and kept as plain JSON of its
coefficients, so loading it runs no code and matching with it needs no scikit-learn.

Joined with the rules (``combine``), in this order:
1. A section the rules report stays, with the rules' score and evidence, unless the model
   gives it a probability below ``veto_below``: then it is dropped (vetoed).
2. A section the rules dropped or scored below the threshold, but for which a watchlist term
   was found, is added when the model gives it at least ``add_from``; its evidence is the
   terms found, its score the model's probability.
3. A section without any watchlist evidence is never a candidate, so never added.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path
from typing import Any

from monitor.errors import ConfigError
from monitor.relevance.features import Candidate, candidates
from monitor.relevance.matching import Matcher
from monitor.relevance.watchlists import WatchlistSet
from monitor.types import Match, MatchInput

FORMAT = "horizon-monitor/review-model/1"


@dataclass(frozen=True, slots=True)
class ReviewModel:
    """Coefficients of a logistic regression by feature name, and the two decision points."""

    weights: Mapping[str, float]
    bias: float
    # In five-fold cross-validation on the tune split, the rules' wrong sections scored from
    # 0.03 up and their right ones from 0.4 up; dropped sections, right or wrong, overlapped
    # (0.01-0.39 right, 0.21-0.65 wrong): the model may veto, and it adds only when sure.
    veto_below: float = 0.5
    add_from: float = 0.9
    trained: Mapping[str, Any] = field(default_factory=dict)  # what it was trained on, when
    _grams: dict[str, dict[str, float]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def probability(self, candidate: Candidate) -> float:
        """The model's probability that the candidate section is right."""
        weights = self.weights
        z = self.bias + sum(
            weights.get(name, 0.0) * value for name, value in candidate.features.items()
        )
        if candidate.grams and (table := self._grams.get(candidate.section)):
            z += candidate.gram_value * sum(map(table.get, candidate.grams, repeat(0.0)))
        return 1.0 / (1.0 + math.exp(-max(min(z, 40.0), -40.0)))

    def __post_init__(self) -> None:
        """Index the n-gram weights by section, then n-gram: their lookups are the hot loop."""
        grams: dict[str, dict[str, float]] = {}
        for name, weight in self.weights.items():
            section, marker, gram = name.partition("|g:")
            if marker:
                grams.setdefault(section, {})[gram] = weight
        object.__setattr__(self, "_grams", grams)

    def to_json(self) -> str:
        return json.dumps(
            {
                "format": FORMAT,
                "bias": self.bias,
                "veto_below": self.veto_below,
                "add_from": self.add_from,
                "trained": dict(self.trained),
                "weights": dict(sorted(self.weights.items())),
            },
            ensure_ascii=False,
            indent=0,
        )

    def save(self, path: Path) -> None:
        """Write the model (JSON); the file is replaced whole, never left half written."""
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.partial")
        partial.write_text(self.to_json(), encoding="utf-8")
        partial.replace(path)

    @classmethod
    def load(cls, path: Path) -> ReviewModel:
        """Read a model written by ``save``; a missing or foreign file is a ``ConfigError``."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("format") != FORMAT:
                raise ValueError(f"not a {FORMAT} file")
            return cls(
                weights={str(k): float(v) for k, v in data["weights"].items()},
                bias=float(data["bias"]),
                veto_below=float(data["veto_below"]),
                add_from=float(data["add_from"]),
                trained=dict(data.get("trained", {})),
            )
        except FileNotFoundError:
            raise ConfigError(
                f"{path}: no review model (train one with `monitor relevance train`)"
            ) from None
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ConfigError(f"{path}: not a review model: {exc}") from None


def combine(found: Iterable[Candidate], model: ReviewModel) -> list[Match]:
    """The rules' matches the model does not veto, and the weak candidates it adds."""
    kept = []
    for candidate in found:
        probability = model.probability(candidate)
        if candidate.rules is not None:
            if probability >= model.veto_below:
                kept.append(candidate.rules)
        elif candidate.hits and probability >= model.add_from:
            kept.append(_added(candidate, probability))
    return sorted(kept, key=lambda m: (-m.score, m.section))


def _added(candidate: Candidate, probability: float) -> Match:
    """A match for a section the model adds: the terms found are its evidence."""
    hits = sorted(candidate.hits, key=lambda h: (-h.weight, h.paragraph, h.term.casefold()))
    grouped: dict[tuple[int, str], list[str]] = {}
    for hit in hits:
        terms = grouped.setdefault((hit.paragraph, hit.label), [])
        if f'"{hit.term}"' not in terms:
            terms.append(f'"{hit.term}"')
    subsections = [h.watchlist_id for h in hits if h.watchlist_id != candidate.section]
    return Match(
        section=candidate.section,
        score=round(probability, 4),
        evidence=tuple(
            f"¶{p} {label}: {', '.join(terms)}" for (p, label), terms in grouped.items()
        ),
        subsection=subsections[0] if subsections else None,
        paragraphs=tuple(sorted({h.paragraph for h in hits})),
    )


class ReviewedMatcher(Matcher):
    """The rule-based matcher with the review model's veto and additions in ``match``;
    ``score`` stays the rules' own (every section with evidence, whatever the model says)."""

    def __init__(self, watchlists: WatchlistSet, threshold: float, model: ReviewModel) -> None:
        super().__init__(watchlists, threshold)
        self.model = model

    @classmethod
    def around(cls, rules: Matcher, model: ReviewModel) -> ReviewedMatcher:
        """The compiled ``rules`` (shared, not compiled again) joined with ``model``."""
        matcher = cls.__new__(cls)
        vars(matcher).update(vars(rules))
        matcher.model = model
        return matcher

    def match(self, item: MatchInput) -> list[Match]:
        return combine(candidates(self, item), self.model)
