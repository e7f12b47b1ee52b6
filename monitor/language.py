"""Guess an item's UN language from its text when the feed does not say (pure)."""

from __future__ import annotations

import re

from monitor.textnorm import fold, script_of, tokens

UN_LANGUAGES = ("en", "fr", "es", "ru", "zh", "ar")
_STOPWORDS = {
    "en": {"the", "and", "of", "to", "in", "is", "for", "on", "with", "by", "its", "from"},
    "fr": {"le", "la", "les", "des", "du", "et", "est", "une", "dans", "sur", "pour", "au", "aux"},
    "es": {"el", "los", "las", "del", "y", "es", "una", "en", "para", "por", "con", "su", "al"},
}
_CJK_CHAR = re.compile(r"[\u3400-\u9fff]")


def normalise_language(tag: str | None) -> str | None:
    """``fr-FR`` → ``fr``; ``zh-Hans`` → ``zh``; anything outside the UN six → ``None``."""
    if not tag:
        return None
    primary = tag.strip().lower().replace("_", "-").split("-")[0]
    return primary if primary in UN_LANGUAGES else None


def guess_language(text: str) -> str:
    """The most likely UN language of ``text`` (English when nothing else stands out)."""
    folded = fold(text)
    words = tokens(folded)
    scripts = [script_of(word) for word in words]
    cjk_chars = len(_CJK_CHAR.findall(folded))
    counts = {
        "ru": scripts.count("cyrillic"),
        "ar": scripts.count("arabic"),
        "zh": cjk_chars // 2,
        "latin": scripts.count("latin"),
    }
    best = max(counts, key=lambda k: counts[k])
    if best != "latin" and counts[best] > 0:
        return best
    hits = {lang: sum(word in stop for word in words) for lang, stop in _STOPWORDS.items()}
    best_latin = max(hits, key=lambda k: hits[k])
    return best_latin if hits[best_latin] > hits["en"] else "en"
