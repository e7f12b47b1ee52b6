"""Give freed memory back to the operating system after a large batch (glibc only).

A batch of feeds allocates and frees tens of megabytes (response bodies, parsed items, the
workers' results). CPython returns the memory to the C allocator, but glibc keeps freed heap
pages mapped; ``malloc_trim`` releases them, so a long-running service's resident size follows
what it holds, not the largest batch it has seen. Elsewhere this does nothing.
"""

from __future__ import annotations

import ctypes
from functools import cache


def release_free_memory() -> bool:
    """Ask the C allocator to return free pages; ``True`` when it could."""
    trim = _malloc_trim()
    return bool(trim(0)) if trim is not None else False


@cache
def _malloc_trim() -> ctypes._CFuncPtr | None:  # type: ignore[name-defined]
    """glibc's ``malloc_trim``, from the symbols already loaded in the process (looking the
    C library up by name runs ``ldconfig`` in a child process: a fork of this one)."""
    try:
        return ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):  # not glibc (musl, macOS)
        return None
