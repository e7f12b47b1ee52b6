"""Training the review model from labelled items and reviewers' decisions (scikit-learn,
imported only when a model is trained).

An ``Example`` is an item with the sections known to be right or wrong for it. A labelled item
knows every section; a reviewed item knows only the sections a reviewer decided on: accepted
(right), rejected (wrong), moved (wrong, and its target right). Each candidate section of an
example (``features.candidates``) whose answer is known is one training row.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from monitor.errors import ConfigError
from monitor.relevance.evaluation import LabelledItem
from monitor.relevance.features import Candidate, candidates
from monitor.relevance.learned import ReviewModel
from monitor.relevance.matching import Matcher
from monitor.storage.reviews import Review
from monitor.types import MatchInput, StoredItem

# Inverse regularisation strength (1.0 did as well as 0.3 and 3.0 in five-fold
# cross-validation on the tune split) and the fewest rows a feature must occur in to be kept.
C = 1.0
MIN_ROWS = 2


@dataclass(frozen=True, slots=True)
class Example:
    """An item and the sections known right (``right``) or wrong; ``known`` is ``None`` when
    every section's answer is known (a labelled item)."""

    item: MatchInput
    right: frozenset[str]
    known: frozenset[str] | None = None
    source: str = "labelled"

    def answer(self, section: str) -> bool | None:
        if self.known is not None and section not in self.known:
            return None
        return section in self.right


def from_labelled(items: Iterable[LabelledItem]) -> list[Example]:
    """Labelled items: every section's answer is known."""
    return [Example(MatchInput(i.title, i.summary, i.language), i.sections, None) for i in items]


def from_reviews(
    items: Iterable[StoredItem], reviews: Mapping[tuple[int, str], Review]
) -> list[Example]:
    """Reviewed stored items: only the sections decided on (and moves' targets) are known."""
    decided: dict[int, list[Review]] = {}
    for (item_id, _), review in reviews.items():
        decided.setdefault(item_id, []).append(review)
    examples = []
    for item in items:
        if not (item_reviews := decided.get(item.id)):
            continue
        right = {r.section for r in item_reviews if r.decision == "accepted"}
        right |= {r.target_section for r in item_reviews if r.decision == "moved"
                  and r.target_section}  # fmt: skip
        known = right | {r.section for r in item_reviews}
        text = MatchInput(item.title, item.summary_text[:1000], item.language)
        examples.append(Example(text, frozenset(right), frozenset(known), "reviews"))
    return examples


def as_reviews(item: LabelledItem, reported: Sequence[str]) -> Example:
    """A labelled item as a reviewer would have decided on the rules' matches: each reported
    section accepted, or moved to a labelled section the rules missed, or else rejected.
    A section the rules missed is known only as a move's target (reviewers see matches)."""
    missed = [s for s in sorted(item.sections) if s not in reported]
    known = set(reported)
    for section in reported:
        if section not in item.sections and missed:
            known.add(missed.pop(0))  # moved there
    return Example(
        MatchInput(item.title, item.summary, item.language),
        frozenset(item.sections & known),
        frozenset(known),
        "reviews",
    )


def rows(examples: Iterable[tuple[Example, list[Candidate]]]) -> list[tuple[Candidate, bool]]:
    """Every candidate section of each example whose answer is known, with that answer."""
    return [
        (candidate, answer)
        for example, found in examples
        for candidate in found
        if (answer := example.answer(candidate.section)) is not None
    ]


def fit(
    training: Sequence[tuple[Candidate, bool]], trained: Mapping[str, object] | None = None
) -> ReviewModel:
    """A logistic regression over the rows' features; rare features are left out."""
    try:
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression
    except ImportError:
        raise ConfigError(
            "training the review model needs scikit-learn: pip install 'horizon-monitor[learn]'"
        ) from None
    labels = [answer for _, answer in training]
    if len(set(labels)) < 2:
        raise ConfigError("training the review model needs right and wrong sections both")
    every = [candidate.all_features() for candidate, _ in training]
    seen = Counter(name for features in every for name in features)
    features = [{k: v for k, v in row.items() if seen[k] >= MIN_ROWS} for row in every]
    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform(features).tocsr()
    matrix.indices, matrix.indptr = matrix.indices.astype("int32"), matrix.indptr.astype("int32")
    regression = LogisticRegression(C=C, solver="liblinear", max_iter=5000)
    regression.fit(matrix, labels)
    weights = {
        str(name): round(float(weight), 5)
        for name, weight in zip(vectorizer.get_feature_names_out(), regression.coef_[0],
                                strict=True)
        if abs(weight) >= 1e-5
    }  # fmt: skip
    return ReviewModel(
        weights, round(float(regression.intercept_[0]), 5), trained=dict(trained or {})
    )


def train(matcher: Matcher, examples: Sequence[Example]) -> ReviewModel:
    """Train on labelled and reviewed examples; the model records what it learnt from."""
    training = rows((e, candidates(matcher, e.item)) for e in examples)
    sources = Counter(example.source for example in examples)
    return fit(
        training,
        {
            "at": datetime.now(UTC).isoformat(timespec="seconds"),
            "labelled_items": sources["labelled"],
            "reviewed_items": sources["reviews"],
            "rows": len(training),
        },
    )
