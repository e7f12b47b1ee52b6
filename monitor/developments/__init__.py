"""Developments: matched items in, the event each one reports out.

One development is one event or outcome, reported by many outlets in several languages.
"""

from __future__ import annotations

from pathlib import Path

# Where the compiled names of ``entities`` are cached (the app's cache folder; ``None``: not
# cached). Set before the first item is grouped.
names_cache: Path | None = None
