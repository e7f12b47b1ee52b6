"""What to do with freshly parsed items, given what storage holds (pure)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from monitor.types import ParsedItem


@dataclass(frozen=True, slots=True)
class Intents:
    """Parsed items split into new ones, changed ones, and ones already stored as they are."""

    new: tuple[ParsedItem, ...]
    updated: tuple[ParsedItem, ...]
    unchanged: int


def intents(stored_hashes: Mapping[str, str], parsed: Sequence[ParsedItem]) -> Intents:
    """Compare by identity, then content hash; a feed repeating an identity keeps the first."""
    new: list[ParsedItem] = []
    updated: list[ParsedItem] = []
    seen: set[str] = set()
    unchanged = 0
    for item in parsed:
        if item.identity in seen:
            continue
        seen.add(item.identity)
        stored = stored_hashes.get(item.identity)
        if stored is None:
            new.append(item)
        elif stored != item.content_hash:
            updated.append(item)
        else:
            unchanged += 1
    return Intents(tuple(new), tuple(updated), unchanged)
