"""Watchlists: one YAML file per report section or subsection, plus ``context.yaml``.

A section file names the report's section (``id``, titles, paragraph range), its topics (each
from a report paragraph, with ``strong`` and ``broad`` terms per UN language) and the
intergovernmental processes it cites (names, aliases, body, document symbols).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from monitor.errors import ConfigError
from monitor.yamlfile import load_model

Language = Literal["en", "fr", "es", "ru", "zh", "ar"]
LANGUAGES: tuple[Language, ...] = ("en", "fr", "es", "ru", "zh", "ar")
CONTEXT_FILE = "context.yaml"
SOURCES_FILE = "sources.yaml"

TermsByLanguage = dict[Language, list[str]]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Topic(_Strict):
    """A topic of the report, from one paragraph."""

    label: str = Field(min_length=1)
    paragraph: int = Field(ge=1)
    strong: TermsByLanguage = Field(default_factory=dict)
    broad: TermsByLanguage = Field(default_factory=dict)
    cross_cutting: bool = False
    """Its broad words run through the whole report (AI): alone they never add this section
    beside another section's distinctive evidence, not even from a title."""
    absorbs: list[str] = Field(default_factory=list)
    """Sections this topic's distinctive evidence explains (a counter-drone laser absorbs
    II.B: the drones it shoots down are its target): they are then not reported beside it."""
    implies: list[str] = Field(default_factory=list)
    """Sections this topic's strong terms also bear on, as broad words there (a drone swarm is
    an uncrewed-systems story as well as an AI one)."""
    hostile: bool = False
    """Its words name hostile acts (ransomware, DDoS): with a security-context term they count
    even where civilian-context terms are (the hospital or the bank that was attacked)."""
    converging: int = Field(default=0, ge=0)
    """When at least 2: the topic is found (strong) in an item that names the technologies
    of this many sections (II.*) with a convergence word (context ``convergence``): "AI,
    biotechnology and space converge" is news of their convergence, whatever the words."""
    all_of: list[TermsByLanguage] = Field(default_factory=list)
    """Groups of words (at least two): the topic is found (strong) in an item that has a word
    of every group, wherever they stand: "report" + "science and technology" + "views" is the
    report's own process however a sentence words it."""
    unabsorbed: bool = False
    """Found by its word groups (``all_of``) or a strong term, the topic says in so many words
    what the item is about: a topic or process that absorbs its section does not remove it
    ("the BWC's science mechanism as a model for other treaties" is news of reviews across
    treaties too; a loitering munition is an uncrewed system whatever AI it carries)."""
    capacity_building: bool = False
    """The topic is found (strong) in an item that reports training or assistance (context
    ``capacity``) for other States' people (context ``beneficiaries``) in a technology of
    section II: "diplomats from small island States trained on AI governance"."""


class Process(_Strict):
    """An intergovernmental process, body or instrument the report cites."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str = Field(min_length=1)
    paragraph: int = Field(ge=1)
    body: str = ""
    symbols: list[str] = Field(default_factory=list)
    aliases: TermsByLanguage = Field(default_factory=dict)
    implies: list[str] = Field(default_factory=list)
    """Sections its names also bear on, as broad words there (cooperation under the BWC's
    Article X is a biology story too)."""
    absorbs: list[str] = Field(default_factory=list)
    """Sections its names explain (a treaty's own science advice is news of the treaty, not
    of review mechanisms across treaties): they are then not reported beside it."""


class Watchlist(_Strict):
    """Everything the monitor watches for one report section or subsection."""

    id: str = Field(pattern=r"^(I|II|III|IV)(\.[A-G])?(\.[a-z][a-z-]*)?$")
    title: str = Field(min_length=1)
    title_zh: str = ""
    paragraphs: tuple[int, int]
    topics: list[Topic] = Field(default_factory=list)
    processes: list[Process] = Field(default_factory=list)

    @field_validator("paragraphs")
    @classmethod
    def _ordered(cls, value: tuple[int, int]) -> tuple[int, int]:
        if value[0] > value[1]:
            raise ValueError("first paragraph is after the last")
        return value

    @model_validator(mode="after")
    def _paragraphs_in_range(self) -> Watchlist:
        first, last = self.paragraphs
        for entry in [*self.topics, *self.processes]:
            if not first <= entry.paragraph <= last:
                raise ValueError(
                    f"paragraph {entry.paragraph} of {entry.label if isinstance(entry, Topic) else entry.id!r} "
                    f"is outside the section's range {first}-{last}"
                )
        return self

    @property
    def section(self) -> str:
        """The top-level report section (``II.C`` for ``II.C.ict``)."""
        return section_of(self.id)


class Context(_Strict):
    """Words that make broad terms count (security, advance) or not (civilian), phrases that
    deny an event ("no cyberattack") or only name a technology's use ("satellite navigation",
    "à composition non limitée"): a watchlist term inside one of those is not evidence, and a
    body's administrative news, which voids its aliases."""

    security_context: TermsByLanguage = Field(default_factory=dict)
    civilian_context: TermsByLanguage = Field(default_factory=dict)
    ruled_out: TermsByLanguage = Field(default_factory=dict)
    advance: TermsByLanguage = Field(default_factory=dict)
    administrative: TermsByLanguage = Field(default_factory=dict)
    convergence: TermsByLanguage = Field(default_factory=dict)
    capacity: TermsByLanguage = Field(default_factory=dict)
    beneficiaries: TermsByLanguage = Field(default_factory=dict)
    neutral: TermsByLanguage = Field(default_factory=dict)
    essential: TermsByLanguage = Field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class WatchlistSet:
    """All watchlists, in the report's order, with the shared context terms."""

    watchlists: tuple[Watchlist, ...]
    context: Context

    def sections(self) -> list[tuple[str, str, str]]:
        """Top-level sections in report order as ``(id, title, title_zh)``."""
        return [(w.id, w.title, w.title_zh) for w in self.watchlists if w.id == w.section]

    def by_id(self, watchlist_id: str) -> Watchlist:
        for watchlist in self.watchlists:
            if watchlist.id == watchlist_id:
                return watchlist
        raise KeyError(watchlist_id)


def section_of(watchlist_id: str) -> str:
    """``II.C.ict`` → ``II.C``; ``III`` → ``III``."""
    return ".".join(watchlist_id.split(".")[:2])


def report_order(watchlist: Watchlist) -> tuple[int, int]:
    """Sort key: where the section starts in the report, parents before subsections."""
    return (watchlist.paragraphs[0], watchlist.id.count("."))


def load_watchlists(directory: Path) -> WatchlistSet:
    """Load and validate every watchlist in ``directory``; errors name file, line and field."""
    if not directory.is_dir():
        raise ConfigError(f"{directory}: watchlist directory not found")
    files = sorted(
        p for p in directory.glob("*.yaml") if p.name not in (CONTEXT_FILE, SOURCES_FILE)
    )
    if not files:
        raise ConfigError(f"{directory}: no watchlist files (*.yaml)")
    watchlists = [load_model(path, Watchlist) for path in files]
    _check_unique_ids(watchlists, files)
    _check_sections_exist(watchlists, directory)
    context_path = directory / CONTEXT_FILE
    context = load_model(context_path, Context) if context_path.is_file() else Context()
    return WatchlistSet(tuple(sorted(watchlists, key=report_order)), context)


def _check_unique_ids(watchlists: list[Watchlist], files: list[Path]) -> None:
    seen: dict[str, Path] = {}
    for watchlist, path in zip(watchlists, files, strict=True):
        if watchlist.id in seen:
            raise ConfigError(f"{path}: id {watchlist.id} is already used by {seen[watchlist.id]}")
        seen[watchlist.id] = path
    process_ids: dict[str, str] = {}
    for watchlist in watchlists:
        for process in watchlist.processes:
            if process.id in process_ids:
                raise ConfigError(
                    f"process id {process.id!r} is used in both {process_ids[process.id]} "
                    f"and {watchlist.id}"
                )
            process_ids[process.id] = watchlist.id


def _check_sections_exist(watchlists: list[Watchlist], directory: Path) -> None:
    ids = {w.id for w in watchlists}
    for watchlist in watchlists:
        if watchlist.section not in ids:
            raise ConfigError(
                f"{directory}: subsection {watchlist.id} has no watchlist for its section "
                f"{watchlist.section}"
            )
