"""The compiled watchlists' cache: a hit loads what a build makes, a changed watchlist or
matcher code is rebuilt, a corrupt or unwritable cache is rebuilt and never fatal."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from monitor.app import App, LazyMatcher
from monitor.config import load_settings
from monitor.relevance import compiled
from monitor.relevance.evaluation import load_labelled
from monitor.relevance.matching import Matcher
from monitor.relevance.watchlists import load_watchlists
from monitor.types import MatchInput

MINI = Path(__file__).parents[1] / "data" / "mini_watchlists"
LABELLED = Path(__file__).parents[1] / "data" / "labelled"
ITEMS = [
    MatchInput("New loitering munitions unveiled"),
    MatchInput("Des munitions rôdeuses testées", language="fr"),
    MatchInput("Army drone unit expands", "The military drone programme grows."),
    MatchInput("新型巡飞弹亮相"),
    MatchInput("Drone photographs a wedding"),
]


@pytest.fixture
def watchlists(tmp_path: Path) -> Path:
    """A copy of the small test watchlists that a test may edit."""
    return Path(shutil.copytree(MINI, tmp_path / "watchlists"))


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The watchlist folders compiled (not loaded from the cache) during the test."""
    from monitor.relevance import watchlists as module

    built: list[Path] = []

    def counting(directory: Path):  # type: ignore[no-untyped-def]
        built.append(directory)
        return load_watchlists(directory)

    monkeypatch.setattr(module, "load_watchlists", counting)
    return built


def cache_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("watchlists-*.compiled"))


def test_a_hit_loads_the_same_matcher_without_compiling(
    watchlists: Path, tmp_path: Path, builds: list[Path]
) -> None:
    cache = tmp_path / "cache"
    first = compiled.compiled_matcher(watchlists, cache, 0.5)
    assert builds == [watchlists] and len(cache_files(cache)) == 1
    second = compiled.compiled_matcher(watchlists, cache, 0.4)
    assert builds == [watchlists]  # loaded, not compiled again
    assert type(second) is Matcher and second.threshold == 0.4
    fresh = Matcher(load_watchlists(watchlists), 0.4)
    for item in ITEMS:
        assert second.score(item) == fresh.score(item) == first.score(item)
        assert second.match(item) == fresh.match(item)
        assert second.terms_found(item) == fresh.terms_found(item)
    assert second.watchlists == fresh.watchlists


def test_the_report_watchlists_score_the_labelled_set_alike_from_the_cache(
    tmp_path: Path,
) -> None:
    directory = Path(__file__).parents[2] / "watchlists"
    built = compiled.compiled_matcher(directory, tmp_path, 0.5)
    loaded = compiled.compiled_matcher(directory, tmp_path, 0.5)
    assert isinstance(loaded._patterns, compiled.Patterns)  # from disk
    for item in load_labelled(LABELLED)[:300]:
        found = MatchInput(item.title, item.summary, item.language)
        assert loaded.score(found) == built.score(found)


def test_a_changed_watchlist_is_compiled_again(
    watchlists: Path, tmp_path: Path, builds: list[Path]
) -> None:
    cache = tmp_path / "cache"
    before = compiled.compiled_matcher(watchlists, cache, 0.5)
    probe = MatchInput("Hypersonic glide vehicle flight test")
    assert before.match(probe) == []
    path = watchlists / "ii-b.yaml"
    text = path.read_text(encoding="utf-8")
    anchor = "en: [loitering munition]"
    assert anchor in text
    path.write_text(text.replace(anchor, "en: [loitering munition, hypersonic glide vehicle]"),
                    encoding="utf-8")  # fmt: skip
    after = compiled.compiled_matcher(watchlists, cache, 0.5)
    assert len(builds) == 2
    assert [m.section for m in after.match(probe)] == ["II.B"]
    compiled.compiled_matcher(watchlists, cache, 0.5)
    assert len(builds) == 2  # the new content is cached in turn
    assert len(cache_files(cache)) == 2


def test_a_change_to_the_matcher_code_invalidates_the_cache(
    watchlists: Path, tmp_path: Path, builds: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    compiled.compiled_matcher(watchlists, tmp_path, 0.5)
    monkeypatch.setattr(compiled, "code_version", lambda: "another version of matching.py")
    compiled.compiled_matcher(watchlists, tmp_path, 0.5)
    assert len(builds) == 2


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # truncated
        lambda data: b"garbage",
        lambda data: data.replace(b"compiled watchlists", b"something else", 1),
        lambda data: data[:200] + bytes(100) + data[300:],  # bytes overwritten
        lambda data: data[:-5000] + bytes(10) + data[-4990:],  # in a pickled automaton
        lambda data: data + b"more",
    ],
)
def test_a_corrupt_cache_is_rebuilt_never_fatal(
    watchlists: Path, tmp_path: Path, builds: list[Path], damage: object
) -> None:
    compiled.compiled_matcher(watchlists, tmp_path, 0.5)
    (path,) = cache_files(tmp_path)
    path.write_bytes(damage(path.read_bytes()))  # type: ignore[operator]
    matcher = compiled.compiled_matcher(watchlists, tmp_path, 0.5)
    assert len(builds) == 2
    assert [m.section for m in matcher.match(ITEMS[0])] == ["II.B"]
    compiled.compiled_matcher(watchlists, tmp_path, 0.5)
    assert len(builds) == 2  # the rebuilt cache was written whole


def test_an_unwritable_cache_folder_only_costs_the_build(
    watchlists: Path, tmp_path: Path, builds: list[Path]
) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder should be")
    for _ in range(2):
        matcher = compiled.compiled_matcher(watchlists, blocked, 0.5)
        assert [m.section for m in matcher.match(ITEMS[0])] == ["II.B"]
    assert len(builds) == 2
    assert not list(tmp_path.glob(".watchlists-*"))  # no temporary file left behind


def test_the_folder_keeps_the_most_recently_used_files(
    watchlists: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for version in range(compiled.KEPT + 2):
        monkeypatch.setattr(compiled, "code_version", lambda v=version: f"version {v}")
        compiled.compiled_matcher(watchlists, tmp_path / "cache", 0.5)
    assert len(cache_files(tmp_path / "cache")) == compiled.KEPT


def test_the_app_caches_next_to_the_database(
    watchlists: Path, tmp_path: Path, builds: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MONITOR_CACHE_DIR")  # the tests' shared cache
    settings = load_settings(database_url=f"sqlite:///{tmp_path / 'monitor.db'}",
                             watchlists=watchlists)  # fmt: skip
    assert App(settings).cache_folder == tmp_path
    assert App(settings).matcher.match(ITEMS[0])
    assert App(settings).matcher.match(ITEMS[0])
    assert len(builds) == 1 and len(cache_files(tmp_path)) == 1
    elsewhere = settings.model_copy(update={"cache_dir": tmp_path / "elsewhere"})
    assert App(elsewhere).cache_folder == tmp_path / "elsewhere"


def test_the_key_reads_the_files_load_watchlists_reads() -> None:
    from monitor.relevance import watchlists

    assert (compiled.CONTEXT_FILE, compiled.SOURCES_FILE) == (
        watchlists.CONTEXT_FILE, watchlists.SOURCES_FILE)  # fmt: skip
    assert [p.name for p in compiled.watchlist_files(MINI)] == [
        "context.yaml", "ii-b.yaml", "ii-f.yaml"]  # fmt: skip


def test_a_lazy_matcher_is_made_on_first_use_only() -> None:
    made: list[int] = []

    def make() -> Matcher:
        made.append(1)
        return Matcher(load_watchlists(MINI), 0.5)

    lazy = LazyMatcher(make)
    assert made == []
    assert lazy.match(ITEMS[0]) and lazy.threshold == 0.5
    assert made == [1]
