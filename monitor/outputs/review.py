"""Review decisions as rows: the spreadsheet round trip and the labelled-set export (pure-ish
helpers around the review store; the terminal walk lives in the CLI)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from datetime import UTC, datetime

from monitor.errors import ConfigError
from monitor.relevance.watchlists import WatchlistSet
from monitor.storage.reviews import DECISIONS, Review
from monitor.types import StoredItem

MAX_COMMENT = 4000
MAX_REVIEWER = 200

CSV_COLUMNS = ("item_id", "section", "paragraphs", "score", "date", "source", "title", "url",
               "decision", "target_section", "target_paragraph", "comment", "reviewer",
               "decided_at")  # fmt: skip


def to_csv(items: Iterable[StoredItem], reviews: dict[tuple[int, str], Review]) -> str:
    """One row per (item, section) match, with its decision if there is one."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for item in items:
        for match in item.matches:
            review = reviews.get((item.id, match.section))
            writer.writerow({
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
            })  # fmt: skip
    return buffer.getvalue()


def from_csv(text: str, default_reviewer: str, now: datetime) -> list[Review]:
    """Decisions from a reviewed spreadsheet; rows without a decision are skipped."""
    reviews = []
    for number, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
        decision = (row.get("decision") or "").strip().lower()
        if not decision:
            continue
        if decision not in DECISIONS:
            raise ConfigError(f"CSV line {number}: decision {decision!r} is not one of "
                              f"{', '.join(DECISIONS)}")  # fmt: skip
        try:
            item_id = int(row["item_id"])
            paragraph = int(row["target_paragraph"]) if row.get("target_paragraph") else None
            decided = row.get("decided_at") or ""
            decided_at = datetime.fromisoformat(decided) if decided else now
        except (KeyError, ValueError) as exc:
            raise ConfigError(f"CSV line {number}: {exc}") from None
        reviews.append(Review(
            item_id=item_id, section=row["section"].strip(), decision=decision,
            reviewer=(row.get("reviewer") or "").strip() or default_reviewer,
            decided_at=decided_at if decided_at.tzinfo else decided_at.replace(tzinfo=UTC),
            target_section=(row.get("target_section") or "").strip() or None,
            target_paragraph=paragraph, comment=(row.get("comment") or "").strip() or None,
        ))  # fmt: skip
    return reviews


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
