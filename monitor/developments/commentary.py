"""Whether a headline reads as commentary on an event rather than its report (pure).

Analyses, explainers and opinion pieces ("What the GPT-5 system card tells us…", "Five
takeaways from…", «Ce que change…», "¿Por qué…?") come days after the event they are about
and share fewer words with its reports than a report does; grouping reads this as one of its
features (``grouping.FEATURES``: "commentary"). The markers are question headlines and the
words outlets use for analysis, per language; a headline in a language without markers is
never commentary.
"""

from __future__ import annotations

import re

_QUESTION = r"[?？؟]"
_MARKERS = {
    "en": r"(?:^|[:—–-]\s)(?:what|why|how)\b|\b(?:takeaways?|lessons|a first look|analysis|explainer|explained"
    r"|opinion|commentary|op-ed|tells us|what it means|what next|what's next|matters|means for"
    r"|the case (?:for|against)|reading (?:the|this))\b",
    "fr": r"(?:^|[:—–-]\s)(?:pourquoi|comment|quel|quelle|quels|quelles)\b|\b(?:ce que|décryptage|analyse"
    r"|leçons|enseignements|tribune|point de vue|éclairage|quel bilan)\b",
    "es": r"(?:^|[:—–-]\s)(?:qué|por qué|cómo)\b|\b(?:por qué|qué se sabe|lo que (?:se sabe|significa|sí)"
    r"|claves|análisis|lecciones|opinión|tribuna)\b|¿",
    "ru": r"(?:^|[:—–-]\s)(?:что|почему|как|зачем|чем)\b|\b(?:уроки|анализ|мнение|комментарий"
    r"|что означает|что значит|чем грозит)\b",
    "zh": r"解读|启示|看点|意味着|为何|为什么|怎么看|如何看待|背后|评论",
    "ar": r"(?:^|[:—–-]\s)(?:ماذا|لماذا|كيف|هل)\s|ماذا يعني|ما الذي|قراءة في|دروس",
}
_PATTERNS = {
    language: re.compile(f"{markers}|{_QUESTION}", re.IGNORECASE)
    for language, markers in _MARKERS.items()
}


def is_commentary(title: str, language: str | None) -> bool:
    """Whether ``title``, in ``language``, reads as commentary on an event."""
    pattern = _PATTERNS.get(language or "")
    return bool(pattern and pattern.search(title))
