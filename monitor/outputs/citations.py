"""Footnotes in the report's citation style (pure).

``Author(s), "Title", Publisher or Journal, vol. N, No. N (Month Year).`` — one author by
name, two joined by "and", three or more as "First Author and others"; what is missing is left
out, never invented. UN documents are cited by their symbol, as the report does.
"""

from __future__ import annotations

from datetime import datetime

from monitor.types import StoredItem

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # fmt: skip


def authors_text(authors: tuple[str, ...]) -> str:
    if not authors:
        return ""
    if len(authors) == 1:
        return authors[0]
    if len(authors) == 2:
        return f"{authors[0]} and {authors[1]}"
    return f"{authors[0]} and others"


def month_year(value: datetime | None) -> str:
    return f"{MONTHS[value.month - 1]} {value.year}" if value else ""


def cite(item: StoredItem) -> str:
    """The footnote text for one item."""
    if item.document is not None:
        return f"{item.document.symbol}."
    publication = item.publication
    publisher = (publication.publisher if publication else None) or item.source_title
    parts = [authors_text(item.authors), f'"{item.title}"', publisher]
    text = ", ".join(part for part in parts if part)
    volume = publication.volume if publication else None
    issue = publication.issue if publication else None
    numbering = ", ".join(p for p in (f"vol. {volume}" if volume else "",
                                      f"No. {issue}" if issue else "") if p)  # fmt: skip
    when = month_year(item.published or item.first_seen)
    if numbering:
        text += f", {numbering}" + (f" ({when})" if when else "")
    elif when:
        text += f", {when}"
    return text + "."
