"""Language-aware text normalisation for matching: folding, tokens, stems (pure).

Latin-script tokens are stemmed with the Snowball stemmer of the text's language (en, fr, es);
Cyrillic and Arabic tokens always with the Russian and Arabic stemmers. Stems lose their
accents afterwards so that "défense" and "defense" meet. Chinese is matched on characters.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache, partial

import Stemmer

LATIN_LANGUAGES = ("en", "fr", "es")
_STEMMER_NAMES = {"en": "english", "fr": "french", "es": "spanish", "ru": "russian"}
_TOKEN = re.compile(r"[^\W_]+")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_ARABIC_MARKS = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_LETTERS = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"}
)


def fold(text: str) -> str:
    """NFKC, case folding and Arabic letter normalisation."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    if _ARABIC.search(folded) is None:
        return folded
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


def split_words(text: str) -> list[str]:
    """Word tokens of ``text`` in NFKC and their original case, Arabic diacritics dropped.

    Tokenise once, then fold and stem per distinct word (``stems_of``): cheaper than folding
    whole texts, since a word's stem is computed once and remembered.
    """
    if not text.isascii():  # ASCII text is already in NFKC and has no Arabic marks
        text = unicodedata.normalize("NFKC", text)
        if _ARABIC.search(text) is not None:
            text = _ARABIC_MARKS.sub("", text)
    return _TOKEN.findall(text)


def stems(text: str, latin_language: str, arabic_proclitics: bool = False) -> list[str]:
    """Folded, stemmed, accent-free tokens of ``text``; CJK tokens are left out.

    With ``arabic_proclitics``, a one-letter preposition or conjunction (ب ل ك ف) fused to the
    front of a long Arabic word is dropped first ("ببرمجيات" → "برمجيات"); the matcher reads
    Arabic text both ways, since the letter may also belong to the word.
    """
    return stems_of(split_words(text), latin_language, arabic_proclitics)


_RU_CONSONANT_ENDINGS = ("а", "у", "ом", "е", "ы", "ов")
_RU_SOFT_ENDINGS = ("я", "ю", "ем", "и", "ей")
_RU_FEMININE_ENDINGS = ("е", "у", "ы", "ой")
_CYRILLIC_WORD = re.compile(r"[а-яё]+")
RU_VARIANTS = 6
"""At most this many stem sequences per Russian watchlist term."""


def russian_variants(term: str) -> list[list[str]]:
    """The stem sequences of ``term`` in its usual case forms (pure).

    Snowball stems a masculine noun unlike its other cases when the nominative looks like an
    ending ("режим" → "реж", "режима" → "режим"): a watchlist term written in the nominative
    would then miss every other case. Each word ending in a consonant (or a soft sign) is
    stemmed with the case endings too, as is a feminine noun in -а ("подмена" → "подм", but
    "подмене" → "подмен"); the distinct sequences are returned, the plain first.
    A noun in -ема (система, проблема) loses -ем in the genitive plural ("систем" → "сист"):
    that stem is offered too.
    """
    words = split_words(term)
    choices: list[list[str]] = []
    for word in words:
        token = word.casefold()
        plain = stems_of([word], "en")
        if not _CYRILLIC_WORD.fullmatch(token) or len(token) < 4:
            choices.append(plain)
            continue
        if token.endswith("ь"):
            forms = [token[:-1] + ending for ending in _RU_SOFT_ENDINGS]
        elif token[-1] not in "аеёиоуыэюяй":
            forms = [token + ending for ending in _RU_CONSONANT_ENDINGS]
        elif token.endswith("а") and len(token) >= 5:  # "подмена" → "подм", "подмене" → "подмен"
            forms = [token[:-1] + ending for ending in _RU_FEMININE_ENDINGS]
        else:
            forms = []
        options = list(dict.fromkeys(plain + [s for f in forms for s in stems_of([f], "en")]))
        if plain and plain[0].endswith("ем") and len(plain[0]) > 4:  # "систем": of systems
            options.append(plain[0][:-2])  # Snowball takes its -ем for an ending
        choices.append(options)
    variants: list[list[str]] = [[]]
    for options in choices:
        variants = [v + [o] for v in variants for o in options][:RU_VARIANTS]
    return [v for v in variants if v]


def stems_of(
    text_words: list[str], latin_language: str, arabic_proclitics: bool = False
) -> list[str]:
    """``stems`` of already tokenised ``words``."""
    latin = latin_language if latin_language in LATIN_LANGUAGES else "en"
    stem = _STEMS[latin, arabic_proclitics].__getitem__
    return list(filter(None, map(stem, text_words)))


class TokenMemo(dict[str, str]):
    """A pure token function's results, computed on first use; cleared when it grows past
    ``limit`` entries, so that a long-running service's memory stays bounded."""

    def __init__(self, function: Callable[[str], str], limit: int = 50_000) -> None:
        super().__init__()
        self.function = function
        self.limit = limit

    def __missing__(self, token: str) -> str:
        if len(self) >= self.limit:
            self.clear()
        value = self[token] = self.function(token)
        return value


def _stem_token(latin: str, arabic_proclitics: bool, word: str) -> str:
    """One word's folded stem in its script's language; ``""`` for a CJK word."""
    token = word.casefold()
    script = script_of(token)
    if script == "cjk":
        return ""
    language = {"cyrillic": "ru", "arabic": "ar"}.get(script, latin)
    if language == "ar":
        token = token.translate(_ARABIC_LETTERS)
        if arabic_proclitics and len(token) >= 5 and token[0] in "بلكف":
            token = token[1:]
    return _stem(language, token)


_STEMS = {
    (latin, proclitics): TokenMemo(partial(_stem_token, latin, proclitics))
    for latin in LATIN_LANGUAGES
    for proclitics in (False, True)
}


def has_arabic(text: str) -> bool:
    return _ARABIC.search(text) is not None


# Function words a content word's stem must not become: Spanish "láser" stems to "las", the
# article, so "láser embarcado" was found in "las embarcaciones".
_FUNCTION_WORDS = {
    "es": frozenset(
        ["las", "los", "les", "con", "sin", "una", "uno", "del", "por", "para", "que", "como"]
    ),
    "fr": frozenset(["les", "des", "une", "par", "pour", "sur", "dans", "avec", "son", "ses"]),
}


def _stem(language: str, token: str) -> str:
    if language == "ar":
        return arabic_light_stem(token)
    stemmer = _stemmer(language)
    stem = stemmer.stemWord(token)
    if language == "es" and len(stem) > 3 and stem.endswith("s"):
        # Snowball's Spanish stemmer keeps the plural of short words ("armas"): drop it.
        stem = stemmer.stemWord(stem[:-1])
    if language == "ru":
        return stem.replace("ё", "е")
    if stem != token and stem in _FUNCTION_WORDS.get(language, ()):
        stem = token  # a content word that would read as a function word keeps its form
    return strip_accents(stem)


@lru_cache(maxsize=8)
def _stemmer(language: str) -> Stemmer.Stemmer:
    """PyStemmer's compiled Snowball stemmer (its own cache off: callers memoise)."""
    return Stemmer.Stemmer(_STEMMER_NAMES[language], 0)


_AR_ARTICLES = ("وال", "بال", "كال", "فال", "لل", "ال")
_AR_SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ية", "ه", "ة", "ي")


def arabic_light_stem(token: str) -> str:
    """Light stemming (Larkey's light10): a leading و, the article, common suffixes.

    Predictable where Snowball's Arabic stemmer strips letters that belong to the word.
    """
    if token.startswith("و") and len(token) >= 3:  # وسد: "and bridging"
        token = token[1:]
    for article in _AR_ARTICLES:
        if token.startswith(article) and len(token) - len(article) >= 2:
            token = token[len(article) :]
            break
    if token.endswith("ا") and len(token) >= 5:  # the accusative's tanween: مضاداً, جديداً
        token = token[:-1]
    changed = True
    while changed and len(token) > 2:
        changed = False
        for suffix in _AR_SUFFIXES:
            if token.endswith(suffix) and len(token) - len(suffix) >= 2:
                token = token[: -len(suffix)]
                changed = True
                break
    return token


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
