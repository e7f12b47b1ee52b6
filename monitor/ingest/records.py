"""One bad record never costs the good ones: adapters build each record's item through
``each``, which skips a malformed record and says why, in one line."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from monitor.errors import ParseError
from monitor.types import ParsedItem

T = TypeVar("T")
MAX_REASON = 200
# What a malformed record raises while its fields are read (wrong types, bad numbers).
MALFORMED = (
    KeyError, TypeError, ValueError, AttributeError, IndexError, OverflowError, RecursionError,
    ParseError,
)  # fmt: skip


class Records(list[ParsedItem]):
    """Items parsed from one response, with ``skipped``: one line per malformed record."""

    def __init__(self, items: Iterable[ParsedItem] = (), skipped: Iterable[str] = ()) -> None:
        super().__init__(items)
        self.skipped: list[str] = list(skipped)


def each(records: Iterable[T], build: Callable[[T], ParsedItem | None], what: str) -> Records:
    """``build`` on every record (``None``: not an item, left out silently); a record that
    raises is skipped and named: "<what> 3: ValueError: …"."""
    built = Records()
    for number, record in enumerate(records, start=1):
        try:
            parsed = build(record)
        except MALFORMED as exc:
            reason = f"{type(exc).__name__}: {exc}"
            built.skipped.append(f"{what} {number}: {reason[:MAX_REASON]}")
            continue
        if parsed is not None:
            built.append(parsed)
    return built


def skipped_of(items: list[ParsedItem]) -> list[str]:
    """The skipped records an adapter reported with its items (none for a plain list)."""
    return list(getattr(items, "skipped", ()))


def summary(skipped: list[str]) -> str | None:
    """``1 record skipped: Crossref record 2: ValueError: …`` (the first reason), or None."""
    if not skipped:
        return None
    noun = "record" if len(skipped) == 1 else "records"
    return f"{len(skipped)} {noun} skipped: {skipped[0]}"
