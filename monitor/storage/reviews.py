"""Storage of review decisions: accepted, rejected or moved, by whom and when."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from monitor.storage.models import ReviewRow

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
        if review.decision not in DECISIONS:
            raise ValueError(f"decision must be one of {', '.join(DECISIONS)}")
        if review.decision == "moved" and not review.target_section:
            raise ValueError("a moved item needs the section it moves to")
        with Session(self.engine) as session, session.begin():
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

    def record_all(self, reviews: Iterable[Review]) -> int:
        count = 0
        for review in reviews:
            self.record(review)
            count += 1
        return count

    def all(self) -> dict[tuple[int, str], Review]:
        with Session(self.engine) as session:
            rows = session.scalars(select(ReviewRow).order_by(ReviewRow.item_id)).all()
            return {(r.item_id, r.section): _review(r) for r in rows}


def _review(row: ReviewRow) -> Review:
    return Review(row.item_id, row.section, row.decision, row.reviewer, row.decided_at,
                  row.target_section, row.target_paragraph, row.comment)  # fmt: skip
