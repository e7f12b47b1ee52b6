"""Guess an item's UN language from its text when the feed does not say (pure)."""

from __future__ import annotations

import re
from collections import Counter

from monitor.relevance.textnorm import fold, tokens

UN_LANGUAGES = ("en", "fr", "es", "ru", "zh", "ar")
_STOPWORDS = {
    "en": {"the", "and", "of", "to", "in", "is", "for", "on", "with", "by", "its", "from"},
    "fr": {"le", "la", "les", "des", "du", "et", "est", "une", "dans", "sur", "pour", "au", "aux"},
    "es": {"el", "los", "las", "del", "y", "es", "una", "en", "para", "por", "con", "su", "al"},
}
_CJK_CHAR = re.compile(r"[\u3400-\u9fff]")
# Words by script: a run of letters of one script is one word (digits do not count).
_SCRIPT_WORDS = {
    "ru": re.compile(r"[\u0400-\u052f]+"),
    "ar": re.compile(r"[\u0600-\u06ff]+"),
    "latin": re.compile(r"[a-z\u00c0-\u024f]+"),
}
GUESS_CHARS = 600
_NON_LATIN = re.compile(r"[\u0400-\u052f\u0600-\u06ff\u3400-\u9fff\uf900-\ufaff]")
_LANGUAGE_SCRIPTS = {
    "ru": re.compile(r"[\u0400-\u052f]"),
    "ar": re.compile(r"[\u0600-\u06ff]"),
    "zh": re.compile(r"[\u3400-\u9fff\uf900-\ufaff]"),
}


def normalise_language(tag: str | None) -> str | None:
    """``fr-FR`` → ``fr``; ``zh-Hans`` → ``zh``; anything outside the UN six → ``None``."""
    if not tag:
        return None
    primary = tag.strip().lower().replace("_", "-").split("-")[0]
    return primary if primary in UN_LANGUAGES else None


def written_in_script_of(text: str, language: str) -> bool:
    """Could ``text`` be in ``language`` by its letters? Latin-script languages: no Cyrillic,
    Arabic or CJK letter; Russian, Arabic, Chinese: some letter of their script."""
    pattern = _LANGUAGE_SCRIPTS.get(language)
    if pattern is None:
        return _NON_LATIN.search(text) is None
    return pattern.search(text) is not None


def guess_language(text: str) -> str:
    """The most likely UN language of ``text`` (English when nothing else stands out).

    Reads the first ``GUESS_CHARS`` characters: a title and a sentence are enough.
    """
    folded = fold(text[:GUESS_CHARS])
    counts = {script: len(pattern.findall(folded)) for script, pattern in _SCRIPT_WORDS.items()}
    counts["zh"] = len(_CJK_CHAR.findall(folded)) // 2
    best = max(counts, key=lambda k: counts[k])
    if best != "latin" and counts[best] > 0:
        return best
    words = Counter(tokens(folded))
    hits = {lang: sum(words[word] for word in stop) for lang, stop in _STOPWORDS.items()}
    best_latin = max(hits, key=lambda k: hits[k])
    return best_latin if hits[best_latin] > hits["en"] else "en"
