"""Sound keys of names, alike across Latin and Cyrillic script and spelling (pure functions).

A report of one event in Russian writes its people, places, firms and products in its own
script (Трамп, Рамон, Киркенес), and the Latin languages spell one name several ways
(al-Kadhimi, al-Kazimi; Rosengård, Rosengard). A sound key is a name's consonant skeleton in
a coarse shared alphabet: vowels (and й, ь, ъ) are dropped, sounds spelt two ways fall
together (b and p, v and f, the sibilants, k, c, q and kh), doubled letters are one. Keys
shorter than ``MIN_CONSONANTS`` say too little to count.

Names are capitalised words that do not open a sentence: the caller finds them.
Arabic, with no capitals and no written vowels, was tried (every longer word keyed, a
consonant table) and gained nothing on the labelled files, so it is not keyed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

MIN_CONSONANTS = 3  # "rmn" (Ramon, Рамон); two consonants collide too often

# Latin digraphs first, then letters; both scripts end in the same coarse alphabet:
# b d f g k l m n r s t (and nothing for vowels).
_LATIN_DIGRAPHS = (("sch", "s"), ("ph", "f"), ("th", "t"), ("sh", "s"), ("ch", "s"),
                   ("kh", "k"), ("gh", "g"), ("dh", "d"), ("ck", "k"), ("qu", "k"))  # fmt: skip
_LATIN = str.maketrans({"p": "b", "v": "f", "w": "", "c": "k", "q": "k", "x": "ks", "z": "s",
                        "j": "g", "h": "", "y": "", "a": "", "e": "", "i": "", "o": "",
                        "u": "", "ß": "s"})  # fmt: skip
_CYRILLIC = str.maketrans({
    "б": "b", "п": "b", "в": "f", "ф": "f", "г": "g", "д": "d", "т": "t", "ж": "s", "з": "s",
    "с": "s", "ш": "s", "щ": "s", "ч": "s", "ц": "s", "к": "k", "х": "k", "л": "l", "м": "m",
    "н": "n", "р": "r", "а": "", "е": "", "ё": "", "и": "", "й": "", "о": "", "у": "",
    "ы": "", "э": "", "ю": "", "я": "", "ь": "", "ъ": "",
})  # fmt: skip
_DOUBLED = re.compile(r"(.)\1+")


def sound_key(word: str) -> str | None:
    """The consonant skeleton of one Latin or Cyrillic name (``None``: too short)."""
    text = word.casefold()
    if any("\u0400" <= c <= "\u04ff" for c in text):
        skeleton = text.translate(_CYRILLIC)
    else:
        plain = "".join(c for c in unicodedata.normalize("NFKD", text) if c.isascii())
        for digraph, sound in _LATIN_DIGRAPHS:
            plain = plain.replace(digraph, sound)
        skeleton = plain.translate(_LATIN)
    skeleton = _DOUBLED.sub(r"\1", re.sub(r"[^a-z]", "", skeleton))
    return skeleton if len(skeleton) >= MIN_CONSONANTS else None


def sound_keys(names: Iterable[str]) -> frozenset[str]:
    """The sound keys of these names (those long enough to have one)."""
    return frozenset(key for name in names if (key := sound_key(name)) is not None)
