"""Text that is safe to store and to show in a terminal.

``strip_controls`` takes C0 and C1 control characters out of feed text at ingest (a terminal
would obey ``ESC ]0;…BEL`` or ``ESC [2J``), keeping newline and tab; those that separate words
become spaces. ``reveal`` shows bidirectional overrides and zero-width characters as visible
marks (``⟨U+202E⟩``) in plain-text outputs, where they would otherwise reorder or hide words.
"""

from __future__ import annotations

import re

_AS_SPACE = {0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x1F, 0x85}
_CONTROLS = {
    code: (" " if code in _AS_SPACE else None)
    for code in [*range(0x20), *range(0x7F, 0xA0)]
    if code not in (0x09, 0x0A)
}
_ANY_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Bidirectional embeddings, overrides, isolates and marks; zero-width spaces and joiners.
_HIDDEN = re.compile("[\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def strip_controls(text: str) -> str:
    """``text`` without C0/C1 control characters except newline and tab."""
    return text.translate(_CONTROLS) if _ANY_CONTROL.search(text) else text


def reveal(text: str) -> str:
    """``text`` for a terminal or a plain-text file: control characters out, bidirectional
    and zero-width characters shown as ``⟨U+XXXX⟩``."""
    text = strip_controls(text)
    return (
        _HIDDEN.sub(lambda m: f"⟨U+{ord(m.group()):04X}⟩", text) if _HIDDEN.search(text) else text
    )
