"""``review --export`` neutralises spreadsheet formulas and ``--import`` restores them; an
import is checked whole before anything is stored, and every bad file is one line."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from monitor.app import App
from monitor.cli import app as cli
from monitor.config import Settings
from monitor.outputs import review as review_module
from monitor.storage.reviews import Review
from tests.conftest import fetched_app

NOW = datetime(2026, 12, 3, 9, tzinfo=UTC)
HOSTILE = ("=HYPERLINK(\"http://evil.example\",\"x\")", "+1+cmd|' /C calc'!A0", "-2+3",
           "@SUM(A1)", "\t=1+1", "\r=1+1", "'=already quoted", "plain comment")  # fmt: skip


@given(st.text())
def test_neutralise_is_undone_by_restore(value: str) -> None:
    cell = review_module.neutralise(value)
    assert not cell.startswith(review_module.FORMULA_STARTS)
    assert review_module.restore(cell) == value


def _run(application: App, *args: str) -> tuple[int, str]:
    env = {"MONITOR_DATABASE_URL": application.settings.database_url}
    result = CliRunner().invoke(cli, ["review", *args], env=env)
    return result.exit_code, result.output


def test_export_neutralises_formulas_and_import_restores_them(
    settings: Settings, feed_server: str, tmp_path: Path
) -> None:
    application = fetched_app(settings, feed_server)
    items = [i for i in application.repository().items() if i.matches][: len(HOSTILE)]
    application.reviews.record_all(
        Review(item.id, item.matches[0].section, "accepted", f"@{n}ana", NOW, comment=text)
        for n, (item, text) in enumerate(zip(items, HOSTILE, strict=True))
    )
    export = tmp_path / "review.csv"
    assert _run(application, "--export", str(export))[0] == 0
    for row in csv.DictReader(io.StringIO(export.read_bytes().decode(), newline="")):
        for column in review_module.TEXT_COLUMNS:
            assert not row[column].startswith(review_module.FORMULA_STARTS), (column, row)
    before = application.reviews.all()
    with application.engine.begin() as connection:
        from sqlalchemy import text

        connection.execute(text("DELETE FROM reviews"))
    code, output = _run(application, "--import", str(export))
    assert code == 0, output
    after = application.reviews.all()
    assert {k: (r.comment, r.reviewer) for k, r in after.items()} == {
        k: (r.comment, r.reviewer) for k, r in before.items()
    }


def _export(application: App, tmp_path: Path) -> tuple[Path, list[dict[str, str]]]:
    export = tmp_path / "review.csv"
    assert _run(application, "--export", str(export))[0] == 0
    rows = list(csv.DictReader(io.StringIO(export.read_text(encoding="utf-8"))))
    return export, rows


def _write(path: Path, rows: list[dict[str, str]], columns: list[str] | None = None) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns or list(rows[0]), extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_a_bad_import_is_one_line_and_imports_nothing(
    settings: Settings, feed_server: str, tmp_path: Path
) -> None:
    application = fetched_app(settings, feed_server)
    _, rows = _export(application, tmp_path)
    good = [{**row, "decision": "accepted"} for row in rows[:3]]
    first, last = application.watchlists.by_id(rows[0]["section"]).paragraphs
    cases = {
        "unknown item": {"item_id": "99999999"},
        "huge id": {"item_id": "9" * 30},
        "moved without target": {"decision": "moved"},
        "unknown target": {"decision": "moved", "target_section": "IX.Z"},
        "huge paragraph": {"target_paragraph": "9" * 5000},
        "paragraph outside": {"target_paragraph": str(last + 500)},
        "long comment": {"comment": "x" * 5000},
        "unknown section": {"section": "IX.Z"},
        "bad decision": {"decision": "perhaps"},
        "bad date": {"decided_at": "yesterday"},
        "over the csv field limit": {"comment": "y" * 200_000},
    }
    for name, change in cases.items():
        path = _write(tmp_path / "bad.csv", [*good, {**good[0], **change}])
        code, output = _run(application, "--import", str(path))
        assert code == 1, (name, output)
        assert output.count("\n") == 1 and "nothing imported" in output, (name, output)
        assert "Traceback" not in output
        assert application.reviews.all() == {}, name
    missing = _write(tmp_path / "cols.csv", good, ["item_id", "section"])
    assert "missing column(s) decision" in _run(application, "--import", str(missing))[1]
    (tmp_path / "latin1.csv").write_bytes("item_id,section,decision\n1,II.A,d\xe9j\xe0\n".encode(
        "latin-1"))  # fmt: skip
    code, output = _run(application, "--import", str(tmp_path / "latin1.csv"))
    assert code == 1 and "not UTF-8" in output
    code, output = _run(application, "--import", str(tmp_path / "absent.csv"))
    assert code == 1 and "absent.csv: no such file" in output
    assert application.reviews.all() == {}
    bom = tmp_path / "excel.csv"
    _write(bom, good)
    bom.write_bytes(b"\xef\xbb\xbf" + bom.read_bytes())
    code, output = _run(application, "--import", str(bom))
    assert code == 0 and "3 decisions imported" in output, output
    assert first <= last


@pytest.mark.parametrize("target", ["folder", "missing/parent.csv", "file/below.csv", "/dev/full"])
def test_export_to_a_bad_path_is_one_line(
    settings: Settings, feed_server: str, tmp_path: Path, target: str
) -> None:
    application = fetched_app(settings, feed_server)
    (tmp_path / "folder").mkdir()
    (tmp_path / "file").write_text("x")
    path = target if target.startswith("/") else str(tmp_path / target)
    code, output = _run(application, "--export", path)
    assert code == 1 and output.count("\n") == 1 and "cannot write" in output, output
    assert not list(tmp_path.glob("**/.*.tmp"))
