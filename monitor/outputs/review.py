"""Review decisions as rows: the spreadsheet round trip and the labelled-set export (pure-ish
helpers around the review store; the terminal walk lives in the CLI)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path

from monitor.errors import ConfigError
from monitor.relevance.watchlists import WatchlistSet
from monitor.storage.reviews import DECISIONS, Review
from monitor.types import StoredItem

MAX_COMMENT = 4000
MAX_REVIEWER = 200
REQUIRED_COLUMNS = ("item_id", "section", "decision")
# OWASP's CSV-injection rule: a cell a spreadsheet would read as a formula starts with one of
# these; it is written with a leading apostrophe (and so is one that starts with an apostrophe,
# so that reading it back is exact).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TEXT_COLUMNS = ("section", "source", "title", "url", "target_section", "comment", "reviewer")


def neutralise(value: str) -> str:
    """A cell a spreadsheet shows as text: formula-like values get a leading apostrophe."""
    return "'" + value if value.startswith((*FORMULA_STARTS, "'")) else value


def restore(value: str) -> str:
    """``neutralise`` undone: the apostrophe it added is taken off."""
    if value.startswith("'") and value[1:].startswith((*FORMULA_STARTS, "'")):
        return value[1:]
    return value


CSV_COLUMNS = ("item_id", "section", "paragraphs", "score", "date", "source", "title", "url",
               "decision", "target_section", "target_paragraph", "comment", "reviewer",
               "decided_at")  # fmt: skip


def to_csv(items: Iterable[StoredItem], reviews: dict[tuple[int, str], Review]) -> str:
    """One row per (item, section) match, with its decision if there is one."""
    buffer = io.StringIO()
    # RFC 4180 line ends: a cell holding a carriage return is quoted, as it must be.
    writer = csv.DictWriter(buffer, CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for item in items:
        for match in item.matches:
            review = reviews.get((item.id, match.section))
            row = {
                "item_id": item.id, "section": match.section,
                "paragraphs": " ".join(str(p) for p in match.paragraphs),
                "score": f"{match.score:.2f}", "date": item.date.date().isoformat(),
                "source": item.source_id, "title": item.title, "url": item.url or "",
                "decision": review.decision if review else "",
                "target_section": (review.target_section or "") if review else "",
                "target_paragraph": (review.target_paragraph or "") if review else "",
                "comment": (review.comment or "") if review else "",
                "reviewer": review.reviewer if review else "",
                "decided_at": review.decided_at.isoformat() if review else "",
            }  # fmt: skip
            writer.writerow({k: neutralise(str(v)) if k in TEXT_COLUMNS else v
                             for k, v in row.items()})  # fmt: skip
    return buffer.getvalue()


def read_csv_file(path: Path) -> str:
    """A review spreadsheet's text (UTF-8, with or without Excel's byte-order mark);
    ``ConfigError`` naming the file when it is missing, unreadable or not UTF-8."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such file") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text (byte {exc.start})") from None


def from_csv(
    text: str,
    default_reviewer: str,
    now: datetime,
    check: Callable[[Review], None] = lambda review: None,
    name: str = "CSV",
) -> list[Review]:
    """Decisions from a reviewed spreadsheet; rows without a decision are skipped.

    Every row is read and checked (``check`` raises ``ValueError``) before any is returned:
    the first bad one raises ``ConfigError`` naming its line, so a file imports whole or not
    at all."""
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise ConfigError(f"{name}: missing column(s) {', '.join(missing)}: nothing imported")
    reviews = []
    number = 1
    try:
        for number, row in enumerate(reader, start=2):  # noqa: B007 (used after the loop)
            review = _row_review(row, default_reviewer, now)
            if review is not None:
                check(review)
                reviews.append(review)
    except (KeyError, ValueError, csv.Error) as exc:
        raise ConfigError(f"{name} line {number}: {exc}: nothing imported") from None
    return reviews


def _row_review(row: dict[str, str], default_reviewer: str, now: datetime) -> Review | None:
    cell = {k: restore((v or "").strip()) for k, v in row.items() if isinstance(k, str)}
    decision = cell.get("decision", "").lower()
    if not decision:
        return None
    if decision not in DECISIONS:
        raise ValueError(f"decision {decision[:40]!r} is not one of {', '.join(DECISIONS)}")
    item_id = _number(cell.get("item_id", ""), "item_id")
    paragraph = cell.get("target_paragraph", "")
    decided = cell.get("decided_at", "")
    try:
        decided_at = datetime.fromisoformat(decided) if decided else now
    except ValueError:
        raise ValueError(f"decided_at {decided[:40]!r} is not a date and time") from None
    return Review(
        item_id=item_id, section=cell.get("section", ""), decision=decision,
        reviewer=cell.get("reviewer") or default_reviewer,
        decided_at=decided_at if decided_at.tzinfo else decided_at.replace(tzinfo=UTC),
        target_section=cell.get("target_section") or None,
        target_paragraph=_number(paragraph, "target_paragraph") if paragraph else None,
        comment=cell.get("comment") or None,
    )  # fmt: skip


def _number(text: str, column: str) -> int:
    if not text.isascii() or not text.isdigit() or len(text) > 9:
        raise ValueError(f"{column} {text[:20]!r} is not a number of up to 9 digits")
    return int(text)


def check_review(review: Review, watchlists: WatchlistSet) -> None:
    """Raise ``ValueError`` naming the field unless ``review`` names sections the watchlists
    know, a paragraph of its (target) section, and fields that fit their columns."""
    known = {watchlist.id for watchlist in watchlists.watchlists}
    if review.section not in known:
        raise ValueError(f"section {review.section[:40]!r} is not a report section")
    if review.decision not in DECISIONS:
        raise ValueError(f"decision {review.decision[:40]!r} is not one of {', '.join(DECISIONS)}")
    if review.target_section is not None and review.target_section not in known:
        raise ValueError(f"target_section {review.target_section[:40]!r} is not a report section")
    if review.decision == "moved" and not review.target_section:
        raise ValueError("a moved item needs target_section, the section it moves to")
    if review.target_paragraph is not None:
        first, last = watchlists.by_id(review.target_section or review.section).paragraphs
        if not first <= review.target_paragraph <= last:
            raise ValueError(f"target_paragraph {str(review.target_paragraph)[:20]} is not a "
                             f"paragraph of that section ({first}-{last})")  # fmt: skip
    if len(review.comment or "") > MAX_COMMENT:
        raise ValueError(f"comment is longer than {MAX_COMMENT} characters")
    if not review.reviewer or len(review.reviewer) > MAX_REVIEWER:
        raise ValueError(f"reviewer must have 1 to {MAX_REVIEWER} characters")


def labelled_lines(
    items: Iterable[StoredItem], reviews: dict[tuple[int, str], Review]
) -> list[str]:
    """Reviewed items as labelled-set JSON lines (``monitor eval`` reads them)."""
    lines = []
    for item in items:
        decided = {section: r for (item_id, section), r in reviews.items() if item_id == item.id}
        if not decided:
            continue
        sections = {s for s, r in decided.items() if r.decision == "accepted"}
        sections |= {r.target_section for r in decided.values()
                     if r.decision == "moved" and r.target_section}  # fmt: skip
        lines.append(json.dumps({
            "id": f"review-{item.id}", "title": item.title, "summary": item.summary_text[:500],
            "language": item.language, "sections": sorted(sections), "split": "reviews",
            "kind": "positive" if sections else "near_miss", "note": "from reviews",
        }, ensure_ascii=False))  # fmt: skip
    return lines
