"""The weights of grouping's affinity, learned from labelled developments (``weights.json``).

Each labelled file is grouped in date order, as ingest meets its items, but every development
is built from its labelled items (the right answer so far): each candidate an item meets gives
one example, ``grouping.features`` of the pair and whether the item belongs there. A logistic
regression (scikit-learn, the ``learn`` extra) over all examples gives a bias and a weight per
feature; ``grouping.affinity`` is then the log-odds that the item belongs to the development.
The vetoes stay rules: a pair they rule out gives no example.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from monitor.developments.evaluation import GroupedItem, item_signature
from monitor.developments.grouping import (
    FEATURES,
    DevelopmentIndex,
    Profile,
    features,
    keys,
)
from monitor.developments.signature import Signature
from monitor.errors import ConfigError
from monitor.types import Match

REGULARISATION = 10.0  # scikit-learn's C: the inverse of the L2 penalty


@dataclass(frozen=True, slots=True)
class Examples:
    rows: list[tuple[float, ...]]
    labels: list[int]

    def __add__(self, other: Examples) -> Examples:
        return Examples(self.rows + other.rows, self.labels + other.labels)


def examples(items: Iterable[tuple[str, Signature]]) -> Examples:
    """The candidate pairs met while grouping one labelled stream (``(development label,
    signature)`` in date order), each development built from its labelled items."""
    index = DevelopmentIndex()
    profile_of: dict[str, int] = {}  # labelled development → its profile's id
    rows, labels = [], []
    for label, sig in items:
        item_keys = keys(sig)
        rarity = index.rarity(sig, item_keys)
        target = profile_of.get(label)
        for candidate in index.candidates(sig, item_keys):
            found = features(sig, candidate, rarity)
            if found is not None:
                rows.append(found)
                labels.append(int(candidate.id == target))
        if target is None:
            dev = Profile(index.allocate(sig), sig.day, sig.day, 0)
            profile_of[label] = dev.id
        else:
            dev = index.profiles[target]
        index.join(dev, sig, item_keys)
    return Examples(rows, labels)


def fit(found: Examples) -> tuple[float, dict[str, float]]:
    """The bias and the weight of each feature (a logistic regression)."""
    if len(set(found.labels)) < 2:
        raise ConfigError("learning needs pairs of both kinds: items that join and that do not")
    try:
        from sklearn.linear_model import LogisticRegression
    except ImportError:
        raise ConfigError(
            "learning grouping's weights needs scikit-learn: pip install 'horizon-monitor[learn]'"
        ) from None

    model = LogisticRegression(C=REGULARISATION, max_iter=5000)
    model.fit(found.rows, found.labels)
    weights = {name: round(float(w), 4) for name, w in zip(FEATURES, model.coef_[0], strict=True)}
    return round(float(model.intercept_[0]), 4), weights


def labelled_examples(
    items: Sequence[GroupedItem], match: Callable[[GroupedItem], Sequence[Match]]
) -> Examples:
    """The examples of every split of a labelled set, each split grouped as its own stream
    (``match`` as for ``evaluation.group``)."""
    found = Examples([], [])
    for split in sorted({item.split for item in items}):
        stream = sorted((i for i in items if i.split == split), key=lambda i: (i.published, i.id))
        found += examples((item.development, item_signature(item, match(item))) for item in stream)
    return found


def write_weights(
    path: Path, bias: float, weights: dict[str, float], trained_on: Sequence[str], count: int
) -> None:
    """``weights.json``: what ``grouping.learned_weights`` reads, and what it was learned from."""
    data = {"bias": bias, "weights": weights, "trained_on": list(trained_on), "examples": count}
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
