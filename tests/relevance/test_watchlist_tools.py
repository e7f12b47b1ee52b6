"""`monitor watchlists init --from-outline` and `monitor watchlists check`."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from monitor.cli import app as cli
from monitor.relevance.watchlist_check import check
from monitor.relevance.watchlists import load_watchlists

OUTLINE = Path(__file__).parents[1] / "data" / "outline-2025.yaml"


def test_init_writes_a_valid_skeleton_and_never_overwrites(tmp_path: Path) -> None:
    target = tmp_path / "watchlists"
    target.mkdir()
    edited = target / "i.yaml"
    edited.write_text("# hand-edited\nid: I\ntitle: Introduction\nparagraphs: [1, 4]\n")
    result = CliRunner().invoke(
        cli, ["watchlists", "init", "--from-outline", str(OUTLINE), "--dir", str(target)]
    )
    assert result.exit_code == 0, result.output
    assert f"kept    {edited}" in result.output
    assert edited.read_text().startswith("# hand-edited")
    loaded = load_watchlists(target)
    assert [s[0] for s in loaded.sections()] == [
        "I", "II.A", "II.B", "II.C", "II.D", "II.E", "II.F", "II.G", "III", "IV",
    ]  # fmt: skip
    assert {w.id for w in loaded.watchlists} >= {"II.C.ict", "II.C.computing", "II.E.space"}
    symbols = {s for w in loaded.watchlists for p in w.processes for s in p.symbols}
    assert {"A/RES/79/239", "S/RES/2370 (2017)", "A/CONF.192/2024/RC/3", "A/DEC/79/512"} <= symbols
    again = CliRunner().invoke(
        cli, ["watchlists", "init", "--from-outline", str(OUTLINE), "--dir", str(target)]
    )
    assert "written " not in again.output and again.output.count("kept ") == 14


def test_check_reports_duplicates_empty_languages_bad_symbols_unknown_sections(
    tmp_path: Path,
) -> None:
    (tmp_path / "ii-a.yaml").write_text(
        "id: II.A\ntitle: AI\nparagraphs: [5, 11]\n"
        "topics:\n  - {label: swarms, paragraph: 6, strong: {en: [drone swarm]}, implies: [II.X]}\n"
        "processes:\n  - {id: p, name: P, paragraph: 10, symbols: [A/RES/79/239, 'not/a symbol']}\n"
    )
    (tmp_path / "ii-b.yaml").write_text(
        "id: II.B\ntitle: U\nparagraphs: [12, 17]\n"
        "topics:\n  - {label: swarms, paragraph: 12, broad: {en: [Drone Swarm]}, absorbs: [II.E.x]}\n"
    )
    (tmp_path / "ii-e.yaml").write_text("id: II.E\ntitle: E\nparagraphs: [39, 58]\ntopics: []\n")
    (tmp_path / "ii-e-x.yaml").write_text(
        "id: II.E.x\ntitle: X\nparagraphs: [40, 41]\ntopics: []\n"
    )
    kinds = {(f.kind, f.where) for f in check(load_watchlists(tmp_path))}
    assert ("duplicate-term", "II.A, II.B") in kinds
    assert ("bad-symbol", "II.A process p") in kinds
    assert ("empty-language", "II.A topic 'swarms'") in kinds
    assert ("unknown-section", "II.A topic 'swarms'") in kinds
    assert ("unknown-section", "II.B topic 'swarms'") not in kinds  # absorbs a subsection
    result = CliRunner().invoke(
        cli, ["watchlists", "check"], env={"MONITOR_WATCHLISTS": str(tmp_path)}
    )
    assert result.exit_code == 1 and "does not parse" in result.output


def test_check_reports_an_enumeration_that_yaml_split_into_two_terms(tmp_path: Path) -> None:
    """An unquoted "industry, academia and civil society" is "industry" alone (a wrong term)
    and "academia and civil society"; quoted, it is one term."""
    (tmp_path / "iv.yaml").write_text(
        "id: IV\ntitle: C\nparagraphs: [86, 92]\n"
        "topics:\n  - label: stakeholders\n    paragraph: 89\n"
        "    broad: {en: [gender balance, industry, academia and civil society],\n"
        '            fr: [parité, "industrie, universités et société civile"]}\n'
    )
    found = [f for f in check(load_watchlists(tmp_path)) if f.kind == "split-term"]
    assert [f.where for f in found] == ["IV topic 'stakeholders'"]
    assert "industry, academia and civil society" in found[0].message
