"""Commands about relevance: ``match``, ``eval`` and ``watchlists``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from monitor import outfiles
from monitor.cli.common import (
    match_json,
    open_app,
    out,
    shown,
)
from monitor.types import MatchInput


def match() -> None:
    """Read JSON lines {id, title, summary, language?} on stdin; write one JSON line each.

    Pure: no database, no network. A line that is not valid input gets {"id", "error"} and
    the exit status is 1.
    """
    failed = False
    with open_app() as application:
        for number, line in enumerate(sys.stdin.buffer, start=1):
            if not line.strip():
                continue
            from monitor.relevance.match_lines import answer  # the first line to match

            reply, bad = answer(application.matcher, number, line, match_json)
            failed = failed or bad
            print(json.dumps(reply, ensure_ascii=False), flush=bad)  # noqa: T201
    if failed:
        raise typer.Exit(1)


watchlists_app = typer.Typer(help="Check the watchlists, or start a new report cycle's set.")


@watchlists_app.command("check")
def watchlists_check() -> None:
    """Validate every watchlist; list terms in two sections, empty languages, bad symbols.

    Exit status 1 when a file does not validate or a symbol does not parse.
    """
    from monitor.relevance.watchlist_check import check

    with open_app() as application:
        loaded = application.watchlists
    findings = check(loaded)
    from rich.table import Table

    table = Table("kind", "where", "finding", title="Watchlist findings")
    for finding in findings:
        table.add_row(finding.kind, shown(finding.where), shown(finding.message))
    if findings:
        out.print(table)
    terms = sum(
        len(words)
        for w in loaded.watchlists
        for t in w.topics
        for words in (*t.strong.values(), *t.broad.values())
    )
    out.print(
        f"{len(loaded.watchlists)} watchlists, "
        f"{sum(len(w.topics) for w in loaded.watchlists)} topics, "
        f"{sum(len(w.processes) for w in loaded.watchlists)} processes, {terms} terms; "
        f"{len(findings)} findings"
    )
    if any(f.kind == "bad-symbol" for f in findings):
        raise typer.Exit(1)


@watchlists_app.command("init")
def watchlists_init(
    from_outline: Annotated[
        Path, typer.Option("--from-outline", help="The new report's outline.yaml.")
    ],
    directory: Annotated[
        Path | None, typer.Option("--dir", help="Target directory (default: MONITOR_WATCHLISTS).")
    ] = None,
) -> None:
    """Write a skeleton watchlist per section and subsection of an outline; never overwrite."""
    from monitor.relevance.outline import write_skeletons

    with open_app() as application:
        target = directory or application.settings.watchlists
        written, kept = write_skeletons(from_outline, target)
    for path in written:
        out.print(f"written {path}")
    for path in kept:
        out.print(f"kept    {path} (exists; not overwritten)")


def evaluate(
    path: Annotated[Path, typer.Argument(help="Labelled JSON-lines file or directory.")] = Path(
        "tests/data/labelled"
    ),
    split: Annotated[str, typer.Option(help="Which part of the set: tune, check or all.")] = "all",
    worst: Annotated[int, typer.Option(help="How many of the worst misses to list.")] = 15,
    from_reviews: Annotated[
        Path | None,
        typer.Option(
            "--from-reviews",
            help="Instead: write the reviewed items as labelled "
            "JSON lines to this file, to grow the evaluation set.",
        ),
    ] = None,
    developments: Annotated[
        Path | None,
        typer.Option(
            "--developments",
            help="Instead: grouping into developments on this labelled set (pairwise "
            "precision and recall, B-cubed F1).",
        ),
    ] = None,
    simulate_reviews: Annotated[
        bool,
        typer.Option(
            "--simulate-reviews",
            help="Instead: train the review model on the other splits plus 0, 25 and 50 % of "
            "the held-out split (--split; check unless named) presented as reviews; micro-F1 "
            "on the rest of it with the rules alone and with the model.",
        ),
    ] = False,
) -> None:
    """Precision, recall and F1 per section on a labelled set, micro-F1, worst misses."""
    from monitor.relevance import evaluation

    with open_app() as application:
        if simulate_reviews:
            from monitor.cli.learning import simulate_reviews as simulate

            simulate(application, path, "check" if split == "all" else split)
            return
        if developments is not None:
            _evaluate_grouping(application.matcher, developments, split, worst)
            return
        if from_reviews is not None:
            from monitor.outputs.review import labelled_lines

            lines = labelled_lines(application.repository().items(), application.reviews.all())
            outfiles.write_text(from_reviews, "".join(f"{line}\n" for line in lines))
            out.print(f"{len(lines)} reviewed items written to {from_reviews}")
            return
        labelled = [
            item for item in evaluation.load_labelled(path) if split == "all" or item.split == split
        ]
        matcher = application.matcher
        section_ids = [section_id for section_id, _, _ in application.watchlists.sections()]
        report = evaluation.evaluate(
            labelled,
            lambda item: (
                m.section
                for m in matcher.match(MatchInput(item.title, item.summary, item.language))
            ),
            section_ids,
        )
    _print_evaluation(report, split, len(labelled), worst)


def _evaluate_grouping(matcher: Any, path: Path, split: str, worst: int) -> None:
    from monitor.developments import evaluation as grouping_eval

    items = grouping_eval.load(path, split)
    predicted = grouping_eval.group(items, grouping_eval.matches_by(matcher))
    result = grouping_eval.score({i.id: i.development for i in items}, predicted)
    wrong, missed = grouping_eval.mistakes(items, predicted)
    for label, pairs in (("grouped apart from their event", missed), ("wrongly together", wrong)):
        if worst and pairs:
            out.print(f"{len(pairs)} pairs {label}, first {min(worst, len(pairs))}:")
            for a, b in pairs[:worst]:
                out.print(f"  {a.id} [{a.language}] {a.title}\n  {b.id} [{b.language}] {b.title}",
                          highlight=False)  # fmt: skip
    out.print(
        f"{result.items} items: {result.gold_developments} developments labelled, "
        f"{result.predicted_developments} found (split: {split})\n"
        f"pairwise precision={result.pair_precision:.3f} recall={result.pair_recall:.3f} "
        f"F1={result.pair_f1:.3f}\n"
        f"B-cubed precision={result.bcubed_precision:.3f} recall={result.bcubed_recall:.3f}\n"
        f"bcubed_f1={result.bcubed_f1:.4f}"
    )


def _print_evaluation(report: Any, split: str, count: int, worst: int) -> None:
    from rich.table import Table

    table = Table(
        "section",
        "P",
        "R",
        "F1",
        "TP",
        "FP",
        "FN",
        title=f"Relevance on {count} labelled items (split: {split})",
    )
    for score in [*report.sections, report.micro]:
        table.add_row(
            score.section,
            f"{score.precision:.3f}",
            f"{score.recall:.3f}",
            f"{score.f1:.3f}",
            str(score.true_positives),
            str(score.false_positives),
            str(score.false_negatives),
        )
    out.print(table)
    languages = ", ".join(f"{k} {v.f1:.3f}" for k, v in report.by_language.items())
    out.print(f"F1 by language: {languages}")
    out.print(f"macro-F1={report.macro_f1:.3f}")
    out.print(f"out-of-scope false positives={len(report.out_of_scope_false_positives)}")
    if worst:
        out.print("Worst misses:")
        for outcome in report.worst(worst):
            item = outcome.item
            out.print(
                f"  {item.id} [{item.language}] labelled {sorted(item.sections)} "
                f"predicted {sorted(outcome.predicted)}: {item.title}",
                highlight=False,
            )
    out.print(f"micro-F1={report.micro.f1:.4f}")
