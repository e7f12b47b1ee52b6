"""Storage of review decisions: accepted, rejected or moved, by whom and when."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from monitor.storage.models import ItemRow, ReviewRow

DECISIONS = ("accepted", "rejected", "moved")


@dataclass(frozen=True, slots=True)
class Review:
    item_id: int
    section: str
    decision: str
    reviewer: str
    decided_at: datetime
    target_section: str | None = None
    target_paragraph: int | None = None
    comment: str | None = None


class ReviewStore:
    """The latest decision per (item, section)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def record(self, review: Review) -> None:
        """Store a decision, replacing any earlier one for the same item and section."""
        self.record_all([review])

    def record_all(self, reviews: Iterable[Review]) -> int:
        """Store decisions in one transaction: all of them, or none when one is invalid."""
        count = 0
        with Session(self.engine) as session, session.begin():
            for review in reviews:
                _check(review)
                row = session.scalars(
                    select(ReviewRow).where(
                        ReviewRow.item_id == review.item_id, ReviewRow.section == review.section
                    )
                ).one_or_none() or ReviewRow(item_id=review.item_id, section=review.section)
                row.decision = review.decision
                row.target_section = review.target_section
                row.target_paragraph = review.target_paragraph
                row.comment = review.comment
                row.reviewer = review.reviewer
                row.decided_at = review.decided_at
                session.add(row)
                session.flush()
                count += 1
        return count

    def unknown_items(self, item_ids: Iterable[int]) -> set[int]:
        """Those of ``item_ids`` that name no stored item."""
        wanted = set(item_ids)
        known: set[int] = set()
        ordered = sorted(wanted)
        with Session(self.engine) as session:
            for start in range(0, len(ordered), 500):
                chunk = ordered[start : start + 500]
                known |= set(session.scalars(select(ItemRow.id).where(ItemRow.id.in_(chunk))))
        return wanted - known

    def all(self) -> dict[tuple[int, str], Review]:
        with Session(self.engine) as session:
            rows = session.scalars(select(ReviewRow).order_by(ReviewRow.item_id)).all()
            return {(r.item_id, r.section): _review(r) for r in rows}


def _check(review: Review) -> None:
    if review.decision not in DECISIONS:
        raise ValueError(f"decision must be one of {', '.join(DECISIONS)}")
    if review.decision == "moved" and not review.target_section:
        raise ValueError("a moved item needs the section it moves to")


def _review(row: ReviewRow) -> Review:
    return Review(row.item_id, row.section, row.decision, row.reviewer, row.decided_at,
                  row.target_section, row.target_paragraph, row.comment)  # fmt: skip
