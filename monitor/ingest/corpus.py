"""The local corpus ``monitor sources check-queries`` searches: labelled items (JSON lines of
``{"title", "summary", "language"}``) and recorded responses of the research services."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from monitor.config import PROJECT_ROOT
from monitor.errors import ConfigError, MonitorError
from monitor.ingest.adapters import adapter_for
from monitor.ingest.querycheck import Document

SOURCES = PROJECT_ROOT / "tests" / "data" / "sources"
DEFAULT_CORPUS = (
    PROJECT_ROOT / "tests" / "data" / "labelled",
    SOURCES / "arxiv.atom",
    SOURCES / "arxiv-topics.atom",
    SOURCES / "crossref-works.json",
    SOURCES / "crossref-topics.json",
    SOURCES / "openalex-works.json",
    SOURCES / "federal-register.json",
)
"""The labelled sets, and the recorded research responses: the invented-content fixtures of
each service and the ``*-topics`` fixtures of real papers on the tracked topics (see
tests/data/sources/README.md)."""
KIND_BY_NAME = {
    "crossref": "crossref",
    "openalex": "openalex",
    "federal-register": "federal-register",
}


def load_corpus(paths: Iterable[Path] = DEFAULT_CORPUS) -> list[Document]:
    """Documents from each path: a directory's ``*.jsonl``, a ``.jsonl`` file, or a recorded
    response (its kind from its name: crossref…, openalex…, federal-register…, else a feed)."""
    documents: list[Document] = []
    for path in paths:
        files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
        for file in files:
            documents += _labelled(file) if file.suffix == ".jsonl" else _recorded(file)
    return documents


def _labelled(path: Path) -> list[Document]:
    documents = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError as exc:
            raise ConfigError(f"{path}:{number}: not JSON: {exc}") from None
        documents.append(Document.of(str(row.get("title", "")), str(row.get("summary", "")),
                                     row.get("language"), f"{path.name}:{number}"))  # fmt: skip
    return documents


def _recorded(path: Path) -> list[Document]:
    kind = next((k for prefix, k in KIND_BY_NAME.items() if path.name.startswith(prefix)), "feed")
    try:
        items = adapter_for(kind)(path.read_bytes(), None, "")
    except (OSError, MonitorError) as exc:
        raise ConfigError(f"{path}: not a readable {kind} response: {exc}") from None
    return [Document.of(i.title, i.summary_text, i.language, path.name) for i in items]
