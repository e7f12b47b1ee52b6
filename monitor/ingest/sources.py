"""The source catalogue: ``sources.yaml`` → ``Source`` values."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator

from monitor.errors import ConfigError
from monitor.ingest.queries import QueryPlan
from monitor.redact import sensitive
from monitor.relevance.language import UN_LANGUAGES
from monitor.service.scheduling import parse_duration
from monitor.types import SecretRef, Source
from monitor.yamlfile import load_model

BASE_PLACEHOLDER = "{base}"


class SecretSpec(BaseModel):
    """``secret:`` of an entry: the name of a secret in the settings (``openalex_key`` is
    ``MONITOR_OPENALEX_KEY``; others come from ``MONITOR_SOURCE_SECRETS`` or the
    ``[source_secrets]`` table of monitor.toml), and where it goes: a query parameter or a
    header (with an optional prefix such as ``Bearer``)."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(pattern=r"^[a-z0-9_]+$")
    param: str | None = None
    header: str | None = None
    prefix: str = ""

    def ref(self) -> SecretRef:
        if (self.param is None) == (self.header is None):
            raise ConfigError(f"secret {self.name}: give exactly one of param and header")
        return SecretRef(self.name, self.param, self.header, self.prefix)


class SourceSpec(BaseModel):
    """One entry of ``sources.yaml``."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]*$", max_length=200)
    title: str = Field(min_length=1)
    kind: Literal["feed", "undl-marcxml", "crossref", "openalex", "federal-register", "page"] = (
        "feed"
    )
    url: str
    every: str = "6h"
    language: str | None = None
    notes: str = ""
    politeness: str = ""
    fixture: str = ""
    checked: str = ""  # what the address was checked against, and when
    expect_new_within: str | None = None  # default: ten polling intervals
    secret: SecretSpec | None = None
    fallback: str | None = None  # fetched in the same run when ``url`` is blocked or empty
    links: str | None = None  # page: the path prefix of item links (default: UN documents)

    @field_validator("url", "fallback")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is None:
            return value
        if not value.startswith(("http://", "https://", BASE_PLACEHOLDER)):
            raise ValueError("must be an http:// or https:// URL")
        query = value.partition("?")[2]
        keys = [pair.split("=", 1)[0] for pair in query.split("&") if pair]
        if any(sensitive(key) for key in keys):
            raise ValueError("holds a key: give it as `secret:` (read at request time) instead")
        return value

    @field_validator("every", "expect_new_within")
    @classmethod
    def _duration(cls, value: str | None) -> str | None:
        if value is not None:
            parse_duration(value)
        return value

    @field_validator("language")
    @classmethod
    def _language(cls, value: str | None) -> str | None:
        if value is not None and value not in UN_LANGUAGES:
            raise ValueError(f"must be one of {', '.join(UN_LANGUAGES)}")
        return value


class GenerateSpec(BaseModel):
    """Optional ``generate:`` block: let the watchlists add query sources (see ``queries``)."""

    model_config = ConfigDict(extra="forbid")

    undl: bool = True
    arxiv: bool = True
    crossref: bool = True
    per_watchlist: int = Field(6, ge=0, le=50)
    total: int = Field(200, ge=0, le=2000)
    mailto: str | None = None  # no longer used: Crossref's mailto is MONITOR_CONTACT

    def plan(self) -> QueryPlan:
        return QueryPlan(**self.model_dump(exclude={"mailto"}))


class SourcesFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sources: list[SourceSpec]
    generate: GenerateSpec | None = None


def load_plan(path: Path) -> QueryPlan | None:
    """The file's query plan, or ``None`` when it generates no sources."""
    generate = load_model(path, SourcesFile).generate
    return generate.plan() if generate else None


def load_sources(path: Path, base_url: str | None = None) -> list[Source]:
    """Read the catalogue; ``{base}`` in a URL is replaced by ``base_url`` (the demo server)."""
    if not path.is_file():
        raise ConfigError(f"{path}: sources file not found (set MONITOR_SOURCES)")
    specs = load_model(path, SourcesFile).sources
    ids = [spec.id for spec in specs]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ConfigError(f"{path}: duplicate source ids: {', '.join(duplicates)}")
    return [_source(spec, base_url, path) for spec in specs]


def _source(spec: SourceSpec, base_url: str | None, path: Path) -> Source:
    def resolved(url: str) -> str:
        if BASE_PLACEHOLDER not in url:
            return url
        if base_url is None:
            raise ConfigError(f"{path}: source {spec.id} uses {{base}} but no base URL is given")
        return url.replace(BASE_PLACEHOLDER, base_url.rstrip("/"))

    every: timedelta = parse_duration(spec.every)
    within = parse_duration(spec.expect_new_within) if spec.expect_new_within else None
    try:
        secret = spec.secret.ref() if spec.secret else None
    except ConfigError as exc:
        raise ConfigError(f"{path}: source {spec.id}: {exc}") from None
    return Source(
        spec.id, spec.title, resolved(spec.url), every, spec.kind, spec.language, within,
        secret, resolved(spec.fallback) if spec.fallback else None, spec.links,
    )  # fmt: skip


def append_sources(path: Path, entries: list[dict[str, str]]) -> None:
    """Add entries at the end of the file's ``sources:`` list, keeping every comment."""
    text = path.read_text(encoding="utf-8")
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    sequence = next(
        (value for key, value in getattr(root, "value", []) if key.value == "sources"), None
    )
    if not isinstance(sequence, yaml.SequenceNode) or not sequence.value:
        raise ConfigError(f"{path}: no non-empty `sources:` list to add to")
    dash = " " * max(sequence.value[0].start_mark.column - 2, 0)
    block = []
    for entry in entries:
        rendered = yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, width=200)
        block += [dash + line for line in rendered.splitlines()]
    lines = text.splitlines()
    end = sequence.end_mark.line if sequence.end_mark.column == 0 else sequence.end_mark.line + 1
    while end > 0 and not lines[end - 1].strip():
        end -= 1
    candidate = path.with_name(path.name + ".new")
    candidate.write_text("\n".join(lines[:end] + block + lines[end:]) + "\n", encoding="utf-8")
    try:
        load_model(candidate, SourcesFile)  # the result must validate before it replaces
    except ConfigError:
        candidate.unlink()
        raise
    candidate.replace(path)
