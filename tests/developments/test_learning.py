"""Grouping's learned weights: the examples a labelled stream gives, the fit, the shipped file."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from monitor.cli import app as cli
from monitor.developments import evaluation, learning
from monitor.developments.grouping import FEATURES, WEIGHTS_PATH, learned_weights
from monitor.developments.signature import signature
from monitor.errors import ConfigError
from monitor.relevance.matching import Matcher
from monitor.relevance.watchlists import WatchlistSet

LABELLED = Path(__file__).parents[1] / "data" / "developments"
DAY = date(2026, 11, 16).toordinal()


def sig(title: str, day: int = DAY, source: str = "src", language: str = "en"):
    return signature(title, "", language, source, day)


def test_a_labelled_stream_gives_one_example_per_candidate_met() -> None:
    """The second report of the conference meets the first's development (it belongs); the
    workshop a week later meets it too (it does not)."""
    stream = [
        ("conference", sig("Chemical weapons conference opens in The Hague")),
        ("conference", sig("Chemical weapons conference in The Hague hears calls", DAY + 1, "b")),
        ("workshop", sig("Chemical weapons workshop held in The Hague", DAY + 7, "c")),
    ]
    found = learning.examples(stream)
    assert found.labels == [1, 0]
    assert all(len(row) == len(FEATURES) for row in found.rows)


def test_fitting_needs_pairs_of_both_kinds() -> None:
    with pytest.raises(ConfigError, match="both kinds"):
        learning.fit(learning.Examples([(0.0,) * len(FEATURES)], [1]))


def test_the_shipped_weights_are_what_the_labelled_set_teaches(watchlists: WatchlistSet) -> None:
    """``weights.json`` is reproduced by learning from ``tests/data/developments``: nobody
    edited it by hand, and it is up to date with the labelled files and the features."""
    items = evaluation.load(LABELLED)
    found = learning.labelled_examples(items, evaluation.matches_by(Matcher(watchlists)))
    bias, weights = learning.fit(found)
    shipped = json.loads(WEIGHTS_PATH.read_text(encoding="utf-8"))
    stale = "weights.json is stale (the labelled files, watchlists or features changed): run "
    stale += "`monitor developments learn`"
    assert shipped["bias"] == pytest.approx(bias, abs=1e-3), stale
    assert shipped["weights"] == pytest.approx(weights, abs=1e-3), stale
    assert shipped["examples"] == len(found.labels), stale


def test_weights_for_other_features_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "weights.json"
    path.write_text(json.dumps({"bias": 0.0, "weights": {"draft": 1.0}}), encoding="utf-8")
    with pytest.raises(ConfigError, match="not for"):
        learned_weights(path)


def test_the_learn_command_writes_weights_for_every_feature(tmp_path: Path) -> None:
    out = tmp_path / "weights.json"
    result = CliRunner().invoke(
        cli, ["developments", "learn", str(LABELLED / "items-check-2.jsonl"), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert set(data["weights"]) == set(FEATURES)
    assert data["trained_on"] == ["check-2"]
    assert data["bias"] == learned_weights(out)[0]
