"""Language-aware text normalisation for matching: folding, tokens, stems (pure).

Latin-script tokens are stemmed with the Snowball stemmer of the text's language (en, fr, es);
Cyrillic and Arabic tokens always with the Russian and Arabic stemmers. Stems lose their
accents afterwards so that "défense" and "defense" meet. Chinese is matched on characters.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

LATIN_LANGUAGES = ("en", "fr", "es")
_STEMMER_NAMES = {"en": "english", "fr": "french", "es": "spanish", "ru": "russian", "ar": "arabic"}
_TOKEN = re.compile(r"[^\W_]+")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_ARABIC_MARKS = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_LETTERS = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"}
)


def fold(text: str) -> str:
    """NFKC, case folding and Arabic letter normalisation."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _ARABIC_MARKS.sub("", folded).translate(_ARABIC_LETTERS)


def has_cjk(text: str) -> bool:
    return _CJK.search(text) is not None


def script_of(token: str) -> str:
    """``latin``, ``cyrillic``, ``arabic``, ``cjk`` or ``other`` from the token's first letter."""
    for char in token:
        if char.isdigit():
            continue
        code = ord(char)
        if code < 0x250:
            return "latin"
        if 0x400 <= code < 0x530:
            return "cyrillic"
        if 0x600 <= code < 0x700:
            return "arabic"
        if _CJK.match(char):
            return "cjk"
        return "other"
    return "latin"


def tokens(text: str) -> list[str]:
    """Word tokens of already folded text."""
    return _TOKEN.findall(text)


def stems(text: str, latin_language: str) -> list[str]:
    """Folded, stemmed, accent-free tokens of ``text``; CJK tokens are left out."""
    latin = latin_language if latin_language in LATIN_LANGUAGES else "en"
    result = []
    for token in tokens(fold(text)):
        script = script_of(token)
        if script == "cjk":
            continue
        language = {"cyrillic": "ru", "arabic": "ar"}.get(script, latin)
        result.append(_stem(language, token))
    return result


@lru_cache(maxsize=200_000)
def _stem(language: str, token: str) -> str:
    stem = _stemmer(language).stemWord(token)
    if language == "ru":
        return stem.replace("ё", "е")
    return strip_accents(stem) if language in LATIN_LANGUAGES else stem


@lru_cache(maxsize=8)
def _stemmer(language: str) -> snowballstemmer.BaseStemmer:  # type: ignore[name-defined]
    return snowballstemmer.stemmer(_STEMMER_NAMES[language])


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
