"""``monitor eval --simulate-reviews``: would reviews make the review model help? (scikit-learn)

For each of a few random draws (fixed seeds) the check split is shuffled and halved. The second
half is held out: every figure is measured on it. Of the first half, a share of the whole check
split (0 %, 25 %, 50 %) is presented as reviews (``training.as_reviews``: the rules' matches
accepted, moved or rejected as the labels say). The model is trained on the tune split plus
those reviews, and the held-out half is scored by the rules alone and by rules + model. The
held-out half is the same at every share of one draw, so the rows compare like with like.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from statistics import fmean

from monitor.relevance import evaluation
from monitor.relevance.evaluation import LabelledItem, Report, SectionScore
from monitor.relevance.features import candidates
from monitor.relevance.learned import combine
from monitor.relevance.matching import Matcher
from monitor.relevance.training import as_reviews, fit, from_labelled, rows
from monitor.types import MatchInput

SHARES = (0.0, 0.25, 0.5)
DRAWS = 5
SEED = 17


@dataclass(frozen=True, slots=True)
class ShareResult:
    """One share reviewed, over every draw: mean micro-F1 and sections pooled over draws."""

    share: float
    reviewed: int  # items presented as reviews, per draw
    held_out: int  # items scored, per draw
    rules_f1: float
    model_f1: float
    rules: tuple[SectionScore, ...]  # per section, counts summed over draws
    model: tuple[SectionScore, ...]
    rules_micro: SectionScore
    model_micro: SectionScore


def simulate(
    matcher: Matcher,
    tune: Sequence[LabelledItem],
    check: Sequence[LabelledItem],
    sections: Sequence[str],
    shares: Sequence[float] = SHARES,
    draws: int = DRAWS,
    seed: int = SEED,
) -> list[ShareResult]:
    """Rules alone against rules + model on held-out check items, per share reviewed."""
    found = {id(item): candidates(matcher, item_input(item)) for item in (*tune, *check)}
    tune_rows = rows((e, found[id(i)]) for e, i in zip(from_labelled(tune), tune, strict=True))
    held_out = len(check) - len(check) // 2
    counts = {share: min(round(share * len(check)), len(check) // 2) for share in shares}
    runs: dict[float, list[tuple[Report, Report]]] = {share: [] for share in shares}
    for draw in range(draws):
        order = list(check)
        random.Random(seed + draw).shuffle(order)
        pool, scored = order[: len(check) // 2], order[len(check) // 2 :]
        rules = _score(scored, lambda i: [c.section for c in found[id(i)] if c.rules], sections)
        for share in shares:
            reviewed = pool[: counts[share]]
            review_rows = rows(
                (as_reviews(i, [c.section for c in found[id(i)] if c.rules]), found[id(i)])
                for i in reviewed
            )
            model = fit([*tune_rows, *review_rows])
            after = _score(scored, lambda i, m=model: [x.section for x in combine(found[id(i)], m)],
                           sections)  # fmt: skip
            runs[share].append((rules, after))
    return [_summary(share, counts[share], held_out, runs[share], sections) for share in shares]


def _score(
    items: Sequence[LabelledItem],
    predict: Callable[[LabelledItem], Iterable[str]],
    sections: Sequence[str],
) -> Report:
    return evaluation.evaluate(items, predict, sections)


def _summary(
    share: float,
    reviewed: int,
    held_out: int,
    runs: list[tuple[Report, Report]],
    sections: Sequence[str],
) -> ShareResult:
    def pooled(reports: list[Report], name: str) -> tuple[SectionScore, ...]:
        return tuple(
            SectionScore(
                name or section,
                sum(r.sections[n].true_positives for r in reports),
                sum(r.sections[n].false_positives for r in reports),
                sum(r.sections[n].false_negatives for r in reports),
            )
            for n, section in enumerate(sections)
        )

    before, after = [r for r, _ in runs], [m for _, m in runs]
    rules, model = pooled(before, ""), pooled(after, "")
    return ShareResult(
        share,
        reviewed,
        held_out,
        fmean(r.micro.f1 for r in before),
        fmean(m.micro.f1 for m in after),
        rules,
        model,
        _micro(rules),
        _micro(model),
    )


def _micro(scores: Sequence[SectionScore]) -> SectionScore:
    return SectionScore(
        "micro",
        sum(s.true_positives for s in scores),
        sum(s.false_positives for s in scores),
        sum(s.false_negatives for s in scores),
    )


def item_input(item: LabelledItem) -> MatchInput:
    """What the matcher reads of a labelled item."""
    return MatchInput(item.title, item.summary, item.language)
