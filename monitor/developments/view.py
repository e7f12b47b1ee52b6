"""Developments as the outputs read them: items gathered by development, lead first (pure)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from monitor.developments import lead as lead_rules
from monitor.types import Match, StoredItem


@dataclass(frozen=True, slots=True)
class Development:
    """One event or outcome and the items that report it (the lead first)."""

    id: int
    items: tuple[StoredItem, ...]

    @property
    def lead(self) -> StoredItem:
        return self.items[0]

    @property
    def others(self) -> tuple[StoredItem, ...]:
        return self.items[1:]

    @property
    def first_date(self) -> datetime:
        return min(item.date for item in self.items)

    @property
    def last_date(self) -> datetime:
        return max(item.date for item in self.items)

    @property
    def outlets(self) -> list[str]:
        return lead_rules.outlets(self.items)

    @property
    def languages(self) -> list[str]:
        return lead_rules.languages(self.items)

    @property
    def sections(self) -> list[str]:
        return sorted({m.section for item in self.items for m in item.matches})

    def match(self, section: str) -> Match | None:
        """The development's best match in ``section`` (its items' evidence, best first)."""
        found = [m for item in self.items for m in item.matches if m.section == section]
        return max(found, key=lambda m: m.score) if found else None

    @property
    def weight(self) -> tuple[int, int, int, float]:
        return lead_rules.weight(self.items)


def gather(items: Iterable[StoredItem]) -> list[Development]:
    """Items gathered by development (an item without one stands alone), newest first."""
    groups: dict[int, list[StoredItem]] = defaultdict(list)
    for item in items:
        groups[item.development if item.development is not None else -item.id].append(item)
    developments = [_development(key, members) for key, members in groups.items()]
    return sorted(developments, key=lambda d: (-d.last_date.timestamp(), -d.id))


def _development(key: int, members: Sequence[StoredItem]) -> Development:
    first = lead_rules.lead(members)
    rest = sorted((i for i in members if i.id != first.id), key=lambda i: (i.date, i.id))
    return Development(abs(key), (first, *rest))
