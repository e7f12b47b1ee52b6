"""The review model: training, its join with the rules, persistence, the commands."""

from __future__ import annotations

import json
import pickle
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from monitor.app import App
from monitor.cli import app as cli
from monitor.errors import ConfigError
from monitor.relevance.evaluation import LabelledItem
from monitor.relevance.features import candidates
from monitor.relevance.learned import ReviewedMatcher, ReviewModel, combine
from monitor.relevance.matching import Matcher
from monitor.relevance.training import as_reviews, from_labelled, from_reviews, train
from monitor.relevance.watchlists import load_watchlists
from monitor.storage.reviews import Review
from monitor.types import MatchInput, StoredItem

MINI = Path(__file__).parents[1] / "data" / "mini_watchlists"
NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)

# The rules report II.B for every one of these (a drone and an army): the sport ones are wrong.
RIGHT = ["Army drone unit expands", "Army drone strike destroys depot",
         "Army deploys drone battalion on border", "Army drone attack hits convoy",
         "Army drone squadron trains for night raids", "Army orders drone interceptors",
         "Army drone brigade formed in the east", "Army drone strike on radar site"]  # fmt: skip
WRONG = ["Army drone football team wins cup", "Army drone football league final",
         "Army drone football club signs striker", "Army drone football cup draw",
         "Army drone football fans celebrate title", "Army drone football coach resigns",
         "Army drone football season opens", "Army drone football derby ends level"]  # fmt: skip


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(load_watchlists(MINI), threshold=0.5)


def _labelled(titles: list[str], sections: frozenset[str], split: str = "tune") -> list:
    return [LabelledItem(f"{split}-{n}-{t[:12]}", t, "", "en", sections, split) for n, t in
            enumerate(titles)]  # fmt: skip


@pytest.fixture(scope="module")
def model(matcher: Matcher) -> ReviewModel:
    items = _labelled(RIGHT, frozenset({"II.B"})) + _labelled(WRONG, frozenset())
    return train(matcher, from_labelled(items))


def _sections(matcher: Matcher, model: ReviewModel, title: str, summary: str = "") -> list[str]:
    return [m.section for m in combine(candidates(matcher, MatchInput(title, summary)), model)]


def test_a_model_trained_on_a_tiny_set_vetoes_what_reviewers_rejected(
    matcher: Matcher, model: ReviewModel
) -> None:
    assert [m.section for m in matcher.match(MatchInput("Army drone football gala"))] == ["II.B"]
    assert _sections(matcher, model, "Army drone football gala") == []
    assert _sections(matcher, model, "Army drone strike on depot") == ["II.B"]
    assert model.trained["labelled_items"] == 16
    assert model.trained["rows"] == 16


def test_kept_matches_keep_the_rules_score_and_evidence(
    matcher: Matcher, model: ReviewModel
) -> None:
    item = MatchInput("Army drone strike on depot")
    (kept,) = combine(candidates(matcher, item), model)
    assert kept == matcher.match(item)[0]


@pytest.mark.parametrize(
    "title",
    [
        "Drone photographs a wedding",
        "Football final in Madrid",
        "Army fields new EW systems",
        "Army drone unit expands",
        "Fibre-optic loitering munitions defeat electronic warfare",
        "Military drone used for medicine delivery",
        "Council recalls resolution 2370 (2017)",
        "Weather satellite launched",
    ],
)
def test_the_model_never_adds_a_section_without_watchlist_evidence(
    matcher: Matcher, title: str
) -> None:
    eager = ReviewModel({}, bias=40.0)  # says yes to every candidate
    item = MatchInput(title)
    hits, _ = matcher.terms_found(item)
    with_evidence = {hit.section for hit in hits} | {m.section for m in matcher.score(item)}
    added = combine(candidates(matcher, item), eager)
    assert {m.section for m in added} == with_evidence
    assert all(m.evidence for m in added)
    assert combine(candidates(matcher, item), ReviewModel({}, bias=-40.0)) == []


def test_a_weak_candidate_is_added_with_its_terms_as_evidence(matcher: Matcher) -> None:
    item = MatchInput("Drone photographs a wedding")
    assert matcher.match(item) == []
    (added,) = combine(candidates(matcher, item), ReviewModel({}, bias=3.0))
    assert added.section == "II.B"
    assert added.score == pytest.approx(0.9526, abs=1e-4)
    assert added.evidence == ('¶13 loitering munitions: "drone"',)
    assert added.paragraphs == (13,)


def test_persistence_round_trip(tmp_path: Path, matcher: Matcher, model: ReviewModel) -> None:
    path = tmp_path / "models" / "review-model.json"
    model.save(path)
    loaded = ReviewModel.load(path)
    assert loaded == model
    for title in [*RIGHT, *WRONG, "Army drone football gala"]:
        for candidate in candidates(matcher, MatchInput(title)):
            assert loaded.probability(candidate) == model.probability(candidate)
    assert not list(path.parent.glob("*.partial"))
    assert pickle.loads(pickle.dumps(loaded)) == model  # as worker processes receive it


def test_a_missing_or_foreign_model_file_is_a_configuration_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="monitor relevance train"):
        ReviewModel.load(tmp_path / "absent.json")
    foreign = tmp_path / "foreign.json"
    foreign.write_text(json.dumps({"weights": {}, "bias": 0}), encoding="utf-8")
    with pytest.raises(ConfigError, match="not a review model"):
        ReviewModel.load(foreign)


def test_reviews_say_only_what_was_decided() -> None:
    item = StoredItem(7, "s", "S", "Army drone strike", None, "", "", "en", (), None, NOW, ())
    reviews = {
        (7, "II.B"): Review(7, "II.B", "accepted", "ana", NOW),
        (7, "II.F"): Review(7, "II.F", "moved", "ana", NOW, target_section="II.A"),
        (7, "II.E"): Review(7, "II.E", "rejected", "ana", NOW),
        (8, "II.B"): Review(8, "II.B", "accepted", "ana", NOW),  # an item not given
    }
    (example,) = from_reviews([item], reviews)
    assert example.answer("II.B") is True
    assert example.answer("II.A") is True
    assert example.answer("II.F") is False
    assert example.answer("II.E") is False
    assert example.answer("III") is None  # nobody decided


def test_a_labelled_item_as_reviews_moves_a_wrong_match_to_a_missed_section() -> None:
    (item,) = _labelled(["Army drone strike"], frozenset({"II.B", "II.A"}))
    example = as_reviews(item, ["II.B", "II.F"])
    assert example.answer("II.B") is True  # accepted
    assert example.answer("II.F") is False  # moved to II.A
    assert example.answer("II.A") is True
    (alone,) = _labelled(["Army drone strike"], frozenset({"II.B", "II.A"}))
    assert as_reviews(alone, ["II.B"]).answer("II.A") is None  # the reviewer never saw it


def _write_labelled(path: Path) -> Path:
    rows = [
        *_labelled(RIGHT, frozenset({"II.B"})),
        *_labelled(WRONG, frozenset()),
        *_labelled([f"{t} again" for t in RIGHT], frozenset({"II.B"}), "check"),
        *_labelled([f"{t} again" for t in WRONG], frozenset(), "check"),
    ]
    lines = [
        json.dumps({"id": r.id, "title": r.title, "summary": "", "language": "en",
                    "sections": sorted(r.sections), "split": r.split})
        for r in rows
    ]  # fmt: skip
    path.mkdir()
    (path / "items.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_simulate_reviews_prints_every_share(tmp_path: Path) -> None:
    labelled = _write_labelled(tmp_path / "labelled")
    env = {"MONITOR_WATCHLISTS": str(MINI), "MONITOR_DATABASE_URL": f"sqlite:///{tmp_path}/m.db"}
    result = CliRunner().invoke(
        cli, ["eval", str(labelled), "--simulate-reviews"], env=env, terminal_width=200
    )
    assert result.exit_code == 0, result.output
    assert "Simulated reviews" in result.output
    for share in ("0%", "25%", "50%"):
        assert f"│ {share} " in result.output
    assert "F1 per section" in result.output
    assert "II.B" in result.output


def test_train_command_writes_a_model_that_matching_uses(app: App, tmp_path: Path) -> None:
    labelled = _write_labelled(tmp_path / "labelled")
    target = tmp_path / "model.json"
    env = {
        "MONITOR_WATCHLISTS": str(MINI),
        "MONITOR_DATABASE_URL": app.settings.database_url,
        "MONITOR_REVIEW_MODEL_PATH": str(target),
    }
    result = CliRunner().invoke(cli, ["relevance", "train", str(labelled)], env=env)
    assert result.exit_code == 0, result.output
    assert "16 labelled and 0 reviewed items" in result.output
    assert ReviewModel.load(target).trained["rows"] == 16
    enabled = App(app.settings.model_copy(update={
        "watchlists": MINI, "review_model": True, "review_model_path": target,
    }))  # fmt: skip
    assert isinstance(enabled.matcher, ReviewedMatcher)
    assert enabled.matcher.match(MatchInput("Army drone football gala")) == []
    assert not isinstance(App(app.settings).matcher, ReviewedMatcher)  # off by default
