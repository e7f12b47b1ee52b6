"""What the review model reads of an item: its candidate sections and their features (pure).

A **candidate** is a section with watchlist evidence in the item: one the rules report, or one
a watchlist term names that the rules dropped (a broad word without security context, a word
beside a stronger section's evidence). A section without any watchlist term is never a
candidate, so the model can never add it.

Each candidate's features are sparse ``{name: value}`` pairs, each given twice: once shared by
all sections and once prefixed with the section (``II.B|kind=strong``), so that sections with
few labelled items borrow from the others. Character n-grams of title and summary are given
per section only: they say which section's vocabulary the item speaks.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from monitor.relevance.matching import Hit, Matcher
from monitor.types import Match, MatchInput

NGRAM_SIZES = (3, 4)
NGRAM_NORM = 1.0  # length of the n-gram vector, against evidence features of about 1
Features = dict[str, float]


@dataclass(frozen=True, slots=True)
class Candidate:
    """A section with evidence in one item: what the rules said, and the features."""

    section: str
    rules: Match | None  # the rules' match when they report the section, else None
    hits: tuple[Hit, ...]
    features: Features  # evidence features, shared and section-prefixed
    grams: frozenset[str] = frozenset()  # the item's character n-grams

    @property
    def gram_value(self) -> float:
        """Each n-gram's value: ``NGRAM_NORM / sqrt(n)`` for ``n`` n-grams."""
        return NGRAM_NORM / math.sqrt(len(self.grams)) if self.grams else 0.0

    def all_features(self) -> Features:
        """Every feature by name, n-grams as ``II.B|g:dro`` (what training reads)."""
        value = self.gram_value
        return self.features | {f"{self.section}|g:{gram}": value for gram in self.grams}


def candidates(matcher: Matcher, item: MatchInput) -> list[Candidate]:
    """The item's candidate sections (reported by the rules first, best first)."""
    scored = matcher.score(item)
    reported = {m.section: m for m in scored if m.score >= matcher.threshold}
    kept = {m.section: m for m in scored}
    hits, context = matcher.terms_found(item)
    by_section: dict[str, list[Hit]] = {}
    for hit in hits:
        by_section.setdefault(hit.section, []).append(hit)
    sections = [*reported, *sorted(s for s in {*kept, *by_section} if s not in reported)]
    grams = ngrams(f"{item.title} {item.summary}") if sections else frozenset()
    shared = {f"context={kind}": 1.0 for kind in context}
    shared["rule_sections"] = float(len(reported))
    shared["sections_named"] = float(len(by_section))
    best = next(iter(reported), None)
    found = []
    for section in sections:
        own = tuple(by_section.get(section, ()))
        others = [hit for hit in hits if hit.section != section]
        features = _evidence_features(own, others, kept.get(section), reported.get(section))
        features.update(shared)
        features["best"] = float(section == best)
        if item.language:
            features[f"lang={item.language}"] = 1.0
        conjoined = {f"{section}|{name}": value for name, value in features.items()}
        conjoined[f"{section}|bias"] = 1.0
        found.append(Candidate(section, reported.get(section), own, features | conjoined, grams))
    return found


def _evidence_features(
    own: tuple[Hit, ...], others: list[Hit], kept: Match | None, reported: Match | None
) -> Features:
    """Which kinds of evidence fired for the section, where, and what the rules made of it."""
    features: Features = {
        "rules": float(reported is not None),
        "kept_below_threshold": float(kept is not None and reported is None),
        "rule_score": reported.score if reported else 0.0,
        "other_distinctive": float(any(hit.kind != "broad" for hit in others)),
    }
    kinds = Counter(hit.kind for hit in own)
    for kind, count in kinds.items():
        features[f"kind={kind}"] = math.log1p(count)
    for hit in own:
        if hit.in_title:
            features[f"title_kind={hit.kind}"] = 1.0
        features[f"topic={hit.watchlist_id}/{hit.label}"] = 1.0
    if not own and kept is not None:
        features["symbol_only"] = 1.0  # a cited document symbol is the only evidence
    return features


def ngrams(text: str) -> frozenset[str]:
    """Distinct character 3- and 4-grams of the folded text, within words padded with spaces
    (" dro", "one "); given the same value each, they make a vector of length ``NGRAM_NORM``."""
    grams: set[str] = set()
    for word in text.casefold().split():
        padded = f" {word} "
        for size in NGRAM_SIZES:
            grams.update(padded[i : i + size] for i in range(len(padded) - size + 1))
    return frozenset(grams)
