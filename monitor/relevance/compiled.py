"""Compiled watchlists cached on disk: the matcher is built once per content of the
watchlists and version of the matcher's code, then loaded in milliseconds.

The cache is a file per key in the cache folder, ``watchlists-<key>.compiled``. The key is a
SHA-256 of the watchlist files (names and bytes), of the matcher's source files and of the
libraries and Python that compiled it, so that editing a watchlist or upgrading the code
invalidates it; the file repeats it in its header, with the length and CRC-32 of what
follows. A missing, truncated or damaged file, or one that cannot be read or written, is
rebuilt (and logged), never an error. The file is
written under a temporary name and renamed into place, so a reader sees a whole file or
none; the folder keeps the ``KEPT`` most recently used ones.

What is stored is the matcher's state, pickled, with two shortcuts for its bulk: the term
patterns are kept as rows of fields and made ``Pattern``s when an item first finds them,
and the automata of each Latin language are unpickled when an item in that language first
needs them (an English-only batch never loads the French and Spanish ones).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import fields
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, TypeVar

from monitor.logs import get_logger

if TYPE_CHECKING:
    from monitor.relevance.matching import Matcher, Pattern
    from monitor.relevance.watchlists import WatchlistSet

T = TypeVar("T")
MAGIC = b"horizon-monitor compiled watchlists\n"
KEPT = 4  # cache files kept in a folder (other watchlist sets, older versions)
# What the compiled form depends on: its modules' source, its libraries' files. Found, not
# imported: checking the key (``monitor serve``'s start) loads none of them.
_CODE = ("matching", "textnorm", "symbols", "language", "watchlists", "compiled")
_LIBRARIES = ("ahocorasick", "Stemmer", "pydantic_core")
# The files ``load_watchlists`` reads (``watchlists.CONTEXT_FILE`` and all but SOURCES_FILE).
CONTEXT_FILE, SOURCES_FILE = "context.yaml", "sources.yaml"


def watchlist_files(directory: Path) -> list[Path]:
    """The files ``load_watchlists`` reads, in a stable order."""
    found = [p for p in directory.glob("*.yaml") if p.name != SOURCES_FILE]
    return sorted(found, key=lambda p: (p.name != CONTEXT_FILE, p.name))


def cache_key(directory: Path) -> str:
    """SHA-256 of the watchlists' names and bytes and of the matcher's code version."""
    return files_key(code_version(), watchlist_files(directory))


def files_key(version: str, files: Iterable[Path]) -> str:
    """SHA-256 of a code version and of the names and bytes of the files compiled."""
    digest = hashlib.sha256(version.encode())
    for path in files:
        content = path.read_bytes()
        digest.update(f"\0{path.name}\0{len(content)}\0".encode())
        digest.update(content)
    return digest.hexdigest()


@cache
def code_version() -> str:
    """The version of the matcher's code (``modules_version``), this module included."""
    return modules_version(tuple(f"monitor.relevance.{name}" for name in _CODE), _LIBRARIES)


@cache
def modules_version(modules: tuple[str, ...], libraries: tuple[str, ...]) -> str:
    """The source of ``modules``, the files of the compiled ``libraries`` (a new version is a
    new file) and Python's version."""
    digest = hashlib.sha256(sys.version.encode())
    for name in modules:
        digest.update(Path(_origin(name)).read_bytes())
    for library in libraries:
        path = _origin(library)
        found = os.stat(path)
        digest.update(f"\0{path}\0{found.st_size}\0{found.st_mtime_ns}".encode())
    return digest.hexdigest()


def _origin(module: str) -> str:
    spec = find_spec(module)
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError(module)
    return spec.origin


def cache_path(cache_folder: Path, key: str) -> Path:
    return cache_folder / f"watchlists-{key[:32]}.compiled"


def is_cached(directory: Path, cache_folder: Path | None) -> bool:
    """Is there a cache file for the watchlists as they are now?"""
    return cache_folder is not None and cache_path(cache_folder, cache_key(directory)).is_file()


def compiled_matcher(
    directory: Path,
    cache_folder: Path | None,
    threshold: float,
    loaded: WatchlistSet | None = None,
) -> Matcher:
    """The rules of the watchlists in ``directory``: loaded from the cache in
    ``cache_folder`` when there is one for their key, else compiled (from ``loaded``, the
    watchlists when the caller has read them already) and cached; no cache without a
    folder. Either way the matcher keeps ``threshold``."""
    from monitor.relevance.matching import Matcher
    from monitor.relevance.watchlists import load_watchlists

    key = cache_key(directory)
    path = cache_path(cache_folder, key) if cache_folder is not None else None
    matcher = _load(path, key) if path is not None else None
    if matcher is None:
        matcher = Matcher(loaded or load_watchlists(directory), threshold)
        if path is not None:
            _store(path, key, matcher)
    matcher.threshold = threshold
    return matcher


def _load(path: Path, key: str) -> Matcher | None:
    """The cached matcher when ``path`` holds one under ``key`` (and its checksum holds),
    else ``None``."""
    return load_cached(path, key, _restore)


def load_cached(path: Path, key: str, restore: Callable[[Any], T]) -> T | None:
    """``restore`` of what ``path`` holds under ``key`` (when its checksum holds), else
    ``None``: a missing file silently, a damaged or unreadable one logged."""
    try:
        with path.open("rb") as file:
            if file.readline() != MAGIC or file.readline() != key.encode() + b"\n":
                raise ValueError("not a compiled watchlists file of this key")
            length, checksum = map(int, file.readline().split())
            start = file.tell()
            if _checksum(file, length) != checksum:
                raise ValueError("checksum mismatch: the file is damaged")
            file.seek(start)
            restored = restore(pickle.load(file))
        os.utime(path)  # recently used: kept
        return restored
    except FileNotFoundError:
        return None
    except Exception as exc:  # noqa: BLE001 - a cache is never fatal: it is rebuilt
        get_logger().warning("watchlists.cache_unreadable", path=str(path), error=repr(exc))
        return None


def _store(path: Path, key: str, matcher: Matcher) -> None:
    """Write the cache (to a temporary file renamed into place); failures are logged."""
    store_cached(path, key, _state(matcher), "watchlists-*.compiled")


def store_cached(path: Path, key: str, value: object, kept: str) -> None:
    """Pickle ``value`` under ``key`` into ``path`` (a temporary file renamed into place),
    then keep the ``KEPT`` most recently used files of its folder matching ``kept``;
    failures are logged."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "wb", dir=path.parent, prefix=f".{path.name}.", delete=False
        ) as file:
            try:
                payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
                header = f"{key}\n{len(payload)} {zlib.crc32(payload)}\n".encode()
                file.write(MAGIC + header)
                file.write(payload)
                file.flush()
                os.fchmod(file.fileno(), 0o644)
                os.fsync(file.fileno())
            except BaseException:
                os.unlink(file.name)
                raise
        os.replace(file.name, path)
        _prune(path.parent, kept)
    except Exception as exc:  # noqa: BLE001 - the matcher works without its cache
        get_logger().warning("watchlists.cache_not_written", path=str(path), error=repr(exc))


def _checksum(file: BinaryIO, length: int) -> int:
    """CRC-32 of the next ``length`` bytes of ``file`` (all of them, or it raises)."""
    checksum, left = 0, length
    while left:
        chunk = file.read(min(left, 1 << 20))
        if not chunk:
            raise ValueError("truncated")
        checksum, left = zlib.crc32(chunk, checksum), left - len(chunk)
    if file.read(1):
        raise ValueError("longer than its header says")
    return checksum


def _prune(folder: Path, pattern: str = "watchlists-*.compiled") -> None:
    """Delete all but the ``KEPT`` most recently used cache files of ``folder``."""
    found = []
    for path in folder.glob(pattern):
        try:
            found.append((path.stat().st_mtime_ns, path))
        except OSError:
            continue
    for _, path in sorted(found, reverse=True)[KEPT:]:
        path.unlink(missing_ok=True)


# -- the stored form ---------------------------------------------------------------------------
def _state(matcher: Matcher) -> tuple[type, dict[str, tuple[str, Any]]]:
    """The matcher's class and attributes, each tagged with how it is stored."""
    from monitor.relevance.matching import KeyTable, Pattern

    state: dict[str, tuple[str, Any]] = {}
    for name, value in vars(matcher).items():
        if isinstance(value, list) and value and all(type(p) is Pattern for p in value):
            names = [field.name for field in fields(Pattern)]
            state[name] = ("patterns", [tuple(getattr(p, n) for n in names) for p in value])
        elif (
            isinstance(value, dict)
            and value
            and all(isinstance(a, KeyTable) for a in value.values())
        ):
            state[name] = ("automata", {k: pickle.dumps(a, 5) for k, a in value.items()})
        else:
            state[name] = ("value", value)
    return type(matcher), state


def _restore(stored: tuple[type, dict[str, tuple[str, Any]]]) -> Matcher:
    from monitor.relevance.matching import Matcher

    kind, state = stored
    if not (isinstance(kind, type) and issubclass(kind, Matcher)):
        raise TypeError(f"not a matcher: {kind!r}")
    matcher = kind.__new__(kind)
    for name, (how, value) in state.items():
        if how == "patterns":
            value = Patterns(value)
        elif how == "automata":
            value = Automata(value)
        setattr(matcher, name, value)
    return matcher


class Patterns(Sequence["Pattern"]):
    """The matcher's term patterns, each made from its row of fields when first read."""

    def __init__(self, rows: list[tuple[Any, ...]]) -> None:
        self._rows = rows
        self._made: list[Pattern | None] = [None] * len(rows)

    def __len__(self) -> int:
        return len(self._rows)

    def __getitem__(self, index: int) -> Pattern:  # type: ignore[override]
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]  # type: ignore[return-value]
        made = self._made[index]
        if made is None:
            from monitor.relevance.matching import Pattern

            made = self._made[index] = Pattern(*self._rows[index])
        return made


class Automata(Mapping[str, Any]):
    """Automata by language, each unpickled when first asked for."""

    def __init__(self, pickled: dict[str, bytes]) -> None:
        self._keys = tuple(pickled)
        self._pickled = pickled
        self._loaded: dict[str, Any] = {}

    def __getitem__(self, key: str) -> Any:
        try:
            return self._loaded[key]
        except KeyError:
            automaton = self._loaded[key] = pickle.loads(self._pickled.pop(key))
            return automaton

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)
