"""Guess an item's UN language from its text when the feed does not say (pure)."""

from __future__ import annotations

import re
from collections import Counter

from monitor.relevance.textnorm import fold, tokens

UN_LANGUAGES = ("en", "fr", "es", "ru", "zh", "ar")
# Function words of one Latin-script UN language only ("la", "de", "en", "un" are French
# and Spanish both, so neither list has them).
_STOPWORDS = {
    "en": frozenset(["the", "and", "of", "to", "is", "for", "on", "with", "by", "its", "from",
                     "that", "this", "at", "as", "are", "was", "be", "has", "have", "will",
                     "after", "over", "into", "their", "which"]),
    "fr": frozenset(["le", "les", "des", "du", "et", "est", "une", "dans", "sur", "pour", "au",
                     "aux", "qui", "avec", "sont", "selon", "ses", "leur", "cette", "ces", "ont",
                     "été", "pas", "plus", "nouveau", "nouvelle", "premiers", "premier",
                     "première"]),
    "es": frozenset(["el", "los", "las", "del", "y", "es", "una", "para", "por", "con", "su",
                     "al", "sus", "como", "según", "este", "esta", "nuevo", "nueva", "ha", "han",
                     "fue", "primer", "primera"]),
}  # fmt: skip
_LETTER_CUES = {"fr": re.compile(r"[àèêçœ]|\bl'|\bd'|\bqu'"), "es": re.compile(r"[ñ¿¡]|ción\b")}
CLEAR_LEAD = 2  # function words by which another language must beat the declared one
_CJK_CHAR = re.compile(r"[\u3400-\u9fff]")
# Words by script: a run of letters of one script is one word (digits do not count).
_SCRIPT_WORDS = {
    "ru": re.compile(r"[\u0400-\u052f]+"),
    "ar": re.compile(r"[\u0600-\u06ff]+"),
    "latin": re.compile(r"[a-z\u00c0-\u024f]+"),
}
GUESS_CHARS = 600


def normalise_language(tag: str | None) -> str | None:
    """``fr-FR`` → ``fr``; ``zh-Hans`` → ``zh``; anything outside the UN six → ``None``."""
    if not tag:
        return None
    primary = tag.strip().lower().replace("_", "-").split("-")[0]
    return primary if primary in UN_LANGUAGES else None


def guess_language(text: str) -> str:
    """The most likely UN language of ``text`` (English when nothing else stands out).

    Reads the first ``GUESS_CHARS`` characters: a title and a sentence are enough.
    """
    return detect_language(text, None) or "en"


def detect_language(text: str, declared: str | None) -> str | None:
    """The language ``text`` is written in, the ``declared`` one (the item's, else its
    feed's or source's) serving as the prior.

    Rule order: 1. Russian, Arabic or Chinese letters outnumbering the Latin words name their
    language. 2. Latin text declared in its script keeps the declared language unless
    another's function words outnumber it by ``CLEAR_LEAD`` ("Premiers pas du mécanisme
    mondial sur la sécurité des TIC" in a feed declared English is French). 3. Otherwise the
    language with the most function words, or the declared one (``None`` if none) on a tie.
    """
    folded = fold(text[:GUESS_CHARS])
    counts = {script: len(pattern.findall(folded)) for script, pattern in _SCRIPT_WORDS.items()}
    counts["zh"] = len(_CJK_CHAR.findall(folded)) // 2
    best = max(counts, key=lambda k: counts[k])
    if best != "latin" and counts[best] > 0:
        return best
    words = Counter(tokens(folded))
    hits = {lang: sum(words[word] for word in stop) for lang, stop in _STOPWORDS.items()}
    for lang, cue in _LETTER_CUES.items():
        hits[lang] += min(len(cue.findall(folded)), 2)
    leader = max(hits, key=lambda k: (hits[k], k == "en"))
    if declared in hits:
        return leader if hits[leader] >= hits[declared] + CLEAR_LEAD else declared
    if hits[leader] == 0 and counts["latin"] == 0:
        return declared
    return leader
