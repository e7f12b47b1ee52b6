"""The source catalogue: ``sources.yaml`` → ``Source`` values."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from monitor.errors import ConfigError
from monitor.language import UN_LANGUAGES
from monitor.scheduling import parse_duration
from monitor.types import Source
from monitor.yamlfile import load_model

BASE_PLACEHOLDER = "{base}"


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

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://", BASE_PLACEHOLDER)):
            raise ValueError("must be an http:// or https:// URL")
        return value

    @field_validator("every")
    @classmethod
    def _duration(cls, value: str) -> str:
        parse_duration(value)
        return value

    @field_validator("language")
    @classmethod
    def _language(cls, value: str | None) -> str | None:
        if value is not None and value not in UN_LANGUAGES:
            raise ValueError(f"must be one of {', '.join(UN_LANGUAGES)}")
        return value


class SourcesFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sources: list[SourceSpec]


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
    url = spec.url
    if BASE_PLACEHOLDER in url:
        if base_url is None:
            raise ConfigError(f"{path}: source {spec.id} uses {{base}} but no base URL is given")
        url = url.replace(BASE_PLACEHOLDER, base_url.rstrip("/"))
    every: timedelta = parse_duration(spec.every)
    return Source(spec.id, spec.title, url, every, spec.kind, spec.language)
