"""``monitor relevance train`` and the table of ``monitor eval --simulate-reviews``.

scikit-learn is imported only inside these commands: the rest of the CLI starts without it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from monitor.cli.common import console, open_app, out

if TYPE_CHECKING:
    from monitor.app import App
    from monitor.relevance.simulation import ShareResult
    from monitor.relevance.training import Example

LABELLED = Path("tests/data/labelled")

relevance_app = typer.Typer(help="The review-trained relevance model.")


@relevance_app.command("train")
def train(
    path: Annotated[Path, typer.Argument(help="Labelled JSON-lines file or directory.")] = LABELLED,
    split: Annotated[str, typer.Option(help="Labelled items to learn from: tune or all.")] = "tune",
    reviews: Annotated[
        bool, typer.Option("--reviews/--no-reviews", help="Learn from the stored decisions too.")
    ] = True,
    model_out: Annotated[
        Path | None,
        typer.Option(
            "--out", help="Where to write the model (default: MONITOR_REVIEW_MODEL_PATH)."
        ),
    ] = None,
) -> None:
    """Train the review model on the labelled set and the reviewers' stored decisions.

    Matching uses it only with MONITOR_REVIEW_MODEL=true.
    """
    from monitor.relevance import evaluation, training
    from monitor.relevance.matching import Matcher

    with open_app() as application:
        labelled = [i for i in evaluation.load_labelled(path) if split == "all" or i.split == split]
        examples = training.from_labelled(labelled)
        if reviews:
            examples += _review_examples(application)
        matcher = Matcher(application.watchlists, application.settings.match_threshold)
        model = training.train(matcher, examples)
        target = model_out or application.settings.review_model_path
        model.save(target)
    trained = model.trained
    out.print(
        f"review model trained on {trained['labelled_items']} labelled and "
        f"{trained['reviewed_items']} reviewed items ({trained['rows']} candidate sections), "
        f"{len(model.weights)} weights: {target}\n"
        "matching uses it with MONITOR_REVIEW_MODEL=true",
        highlight=False,
    )


def _review_examples(application: App) -> list[Example]:
    """The stored decisions as training examples (the reviewed items only are read)."""
    from monitor.relevance.training import from_reviews

    decided = application.reviews.all()
    ids = {item_id for item_id, _ in decided}
    items = application.repository().items(ids=ids) if ids else []
    return from_reviews(items, decided)


def print_simulation(results: list[ShareResult], tune: int, check: int, draws: int) -> None:
    """Rules alone against rules + model per share reviewed, then F1 per section."""
    from rich.table import Table

    held_out = results[0].held_out if results else 0
    table = Table(
        "reviewed",
        "items",
        "rules F1",
        "+ model F1",
        "change",
        "precision",
        "recall",
        title=f"Simulated reviews: trained on {tune} tune items + a share of the {check} check "
        f"items as reviews; micro-F1 on {held_out} other check items, mean of {draws} draws",
    )
    for result in results:
        rules, model = result.rules_micro, result.model_micro
        table.add_row(
            f"{result.share:.0%}",
            str(result.reviewed),
            f"{result.rules_f1:.4f}",
            f"{result.model_f1:.4f}",
            f"{result.model_f1 - result.rules_f1:+.4f}",
            f"{rules.precision:.3f}→{model.precision:.3f}",
            f"{rules.recall:.3f}→{model.recall:.3f}",
        )
    out.print(table)
    sections = Table(
        "section",
        "rules",
        *(f"+ model, {r.share:.0%}" for r in results),
        title="F1 per section on the held-out check items (counts pooled over the draws), "
        "rules alone and with the model at each share reviewed",
    )
    if results:
        for n, score in enumerate(results[0].rules):
            sections.add_row(
                score.section, f"{score.f1:.3f}", *(f"{r.model[n].f1:.3f}" for r in results)
            )
    out.print(sections)


def simulate_reviews(application: App, path: Path, held_out: str = "check") -> None:
    """``monitor eval --simulate-reviews``: train on the tuning splits (tune, and check when
    another split is held out) + simulated reviews of the ``held_out`` split, score the rest."""
    from monitor.relevance import evaluation, simulation
    from monitor.relevance.matching import Matcher

    labelled = evaluation.load_labelled(path)
    tune = [i for i in labelled if i.split in ("tune", "check") and i.split != held_out]
    check = [i for i in labelled if i.split == held_out]
    if not tune or not check:
        console.print(f"[bold red]error:[/] --simulate-reviews needs {held_out} items and others")
        raise typer.Exit(1)
    matcher = Matcher(application.watchlists, application.settings.match_threshold)
    sections = [section_id for section_id, _, _ in application.watchlists.sections()]
    results = simulation.simulate(matcher, tune, check, sections)
    print_simulation(results, len(tune), len(check), simulation.DRAWS)
