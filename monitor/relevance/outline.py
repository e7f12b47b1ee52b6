"""A new report cycle: the report's outline → a skeleton watchlist set for analysts to extend.

The outline has the format of the report's ``outline.yaml``: ``sections`` with ``id``,
``title``, ``paragraphs``, ``topics``, ``processes`` (``name``, ``body``, ``documents``) and
optional ``subsections`` of the same shape.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from monitor.errors import ConfigError
from monitor.relevance import symbols
from monitor.relevance.watchlists import Watchlist


def file_name(watchlist_id: str) -> str:
    """``II.C.ict`` → ``ii-c-ict.yaml``."""
    return watchlist_id.lower().replace(".", "-") + ".yaml"


def skeletons(outline: dict[str, Any]) -> Iterator[Watchlist]:
    """One validated skeleton watchlist per section and subsection of the outline."""
    used_ids: set[str] = set()
    for section in outline.get("sections") or []:
        yield _skeleton(section, used_ids)
        for subsection in section.get("subsections") or []:
            yield _skeleton(subsection, used_ids)


def write_skeletons(outline_path: Path, directory: Path) -> tuple[list[Path], list[Path]]:
    """Write the skeletons into ``directory``; never overwrite. Return (written, kept)."""
    try:
        outline = yaml.safe_load(outline_path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{outline_path}: cannot read the outline: {exc}") from None
    if not isinstance(outline, dict) or "sections" not in outline:
        raise ConfigError(f"{outline_path}: no `sections` list: not a report outline")
    directory.mkdir(parents=True, exist_ok=True)
    written, kept = [], []
    for watchlist in skeletons(outline):
        path = directory / file_name(watchlist.id)
        if path.exists():
            kept.append(path)
            continue
        data = watchlist.model_dump(exclude_defaults=False)
        data["paragraphs"] = list(data["paragraphs"])
        header = (
            f"# Skeleton written from {outline_path.name}: add strong and broad terms in the six\n"
            "# UN languages (en, fr, es, ru, zh, ar) and check each topic's paragraph.\n"
        )
        path.write_text(header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
        written.append(path)
    return written, kept


def _skeleton(section: dict[str, Any], used_ids: set[str]) -> Watchlist:
    first, last = section["paragraphs"]
    topics = [
        {"label": str(topic), "paragraph": first, "strong": {"en": []}, "broad": {"en": []}}
        for topic in section.get("topics") or []
    ]
    processes = []
    for process in section.get("processes") or []:
        name = str(process["name"])
        process_id = _unique(_slug(name), used_ids)
        found = [symbols.normalise(str(d)) for d in process.get("documents") or []]
        processes.append(
            {
                "id": process_id,
                "name": name,
                "paragraph": first,
                "body": str(process.get("body", "")),
                "symbols": [s for s in found if s],
                "aliases": {"en": []},
            }
        )
    return Watchlist.model_validate(
        {
            "id": section["id"],
            "title": section["title"],
            "paragraphs": (first, last),
            "topics": topics,
            "processes": processes,
        }
    )


def _slug(text: str) -> str:
    acronym = re.search(r"\(([A-Z][A-Za-z ]{1,20})\)", text)
    base = acronym.group(1) if acronym else " ".join(text.split()[:6])
    return re.sub(r"[^a-z0-9]+", "-", base.lower()).strip("-") or "process"


def _unique(slug: str, used: set[str]) -> str:
    candidate, n = slug, 2
    while candidate in used:
        candidate, n = f"{slug}-{n}", n + 1
    used.add(candidate)
    return candidate
