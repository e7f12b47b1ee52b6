"""Writing output files whole or not at all: a temporary file beside the target, then a rename.

Every problem with the path (a missing parent, a folder where a file should be, a file where
a folder should be, a full disk, no permission) becomes one ``ConfigError`` naming the path,
and nothing half-written is left behind.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from monitor.errors import ConfigError

REASONS = {
    errno.ENOENT: "its folder does not exist",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
    errno.EISDIR: "is a folder, not a file",
    errno.ENOSPC: "no space left on the device",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "read-only file system",
    errno.EDQUOT: "disk quota exceeded",
}


def problem(path: Path, exc: OSError) -> ConfigError:
    """One line naming ``path`` and what is wrong with it."""
    reason = REASONS.get(exc.errno or 0, exc.strerror or str(exc))
    return ConfigError(f"{path}: cannot write: {reason}")


def ensure_folder(folder: Path) -> Path:
    """``folder`` created if missing; ``ConfigError`` when it cannot be (a file is in the way)."""
    if folder.exists() and not folder.is_dir():
        raise ConfigError(f"{folder}: cannot write: is a file, not a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise ConfigError(f"{folder}: cannot write: a part of the path is a file") from None
    except OSError as exc:
        raise problem(folder, exc) from None
    return folder


def write_with(path: Path, write: Callable[[Path], None]) -> Path:
    """Call ``write`` on a temporary file beside ``path``, then rename it to ``path``.

    A path that is not a regular file (``/dev/stdout``, ``/dev/full``) is written directly.
    """
    if path.is_dir():
        raise ConfigError(f"{path}: cannot write: is a folder, not a file")
    if path.exists() and not path.is_file():
        try:
            write(path)
        except OSError as exc:
            raise problem(path, exc) from None
        return path
    try:
        handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise problem(path, exc) from None
    os.close(handle)
    temporary = Path(name)
    try:
        write(temporary)
        with temporary.open("rb") as written:
            os.fsync(written.fileno())
        temporary.replace(path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise problem(path, exc) from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return path


def write_text(path: Path, text: str) -> Path:
    """``path`` holding ``text`` (UTF-8), written whole or not at all."""
    return write_with(path, lambda target: target.write_text(text, encoding="utf-8"))


def write_bytes(path: Path, data: bytes) -> Path:
    return write_with(path, lambda target: target.write_bytes(data))
