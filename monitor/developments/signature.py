"""An item's grouping signature (pure): the language-independent signals and the words
that ``grouping`` compares (document and draft symbols, evidence labels and processes, session
numbers, places, bodies, kinds of meeting and subjects of news, figures, acronyms, names and
their sounds, the headline's words), read from its title and its summary's lead."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from monitor.developments.commentary import is_commentary
from monitor.developments.entities import NEWS, entities, with_countries
from monitor.developments.numbers import session_numbers
from monitor.developments.sounds import sound_keys
from monitor.relevance import symbols as symbol_module
from monitor.types import Match

OTHER_SCRIPTS = frozenset(("ru", "zh", "ar"))  # a Latin name in their text is a name
LEAD_CHARS = 400  # of a summary, what grouping reads (the lead, not the background)

_WORD = re.compile(r"[^\W\d_\u4e00-\u9fff]{3,}|\d+", re.UNICODE)  # Chinese: pairs (words_of)
_HAN = re.compile(r"[\u4e00-\u9fff]+")
DRAFT_SYMBOL = re.compile(r"/L\.\d+")
_BARE_DRAFT = re.compile(r"(?<![\w/.])L\.\d{1,3}(?![\d/])")  # "L.27": a draft named by its number
_NOT_HAN = r"[^\W\u4e00-\u9fff]"  # a word character other than a Chinese one
_FIGURE = re.compile(  # "3 000", "3,000", "3000"; in Chinese text touching its characters
    rf"(?<!{_NOT_HAN})(?<![/.\-])(?:\d{{1,3}}(?:[,\u202f\u00a0 ]\d{{3}})+|\d+)(?:\.\d+)?"
    rf"(?!{_NOT_HAN}|/)"
)
_YEAR = re.compile(r"(?:19|20)\d\d")
_SCALES = {
    "thousand": 10**3, "million": 10**6, "millions": 10**6, "billion": 10**9, "billions": 10**9,
    "mille": 10**3, "milliard": 10**9, "milliards": 10**9, "mil": 10**3, "millón": 10**6,
    "millones": 10**6, "тыс": 10**3, "тысяч": 10**3, "тысячи": 10**3, "тысяча": 10**3,
    "млн": 10**6, "миллион": 10**6, "миллиона": 10**6, "миллионов": 10**6, "млрд": 10**9,
    "миллиард": 10**9, "миллиарда": 10**9, "миллиардов": 10**9, "ألف": 10**3, "آلاف": 10**3,
    "مليون": 10**6, "ملايين": 10**6, "مليار": 10**9, "مليارات": 10**9, "千": 10**3, "万": 10**4,
    "亿": 10**8,
}  # fmt: skip
_SCALE = re.compile(
    r"\s?(" + "|".join(sorted(map(re.escape, _SCALES), key=len, reverse=True)) + r")(?!\w)"
    "|(千|万|亿)",
    re.IGNORECASE,
)
_LATIN_WORD = r"0-9A-Za-z\u00c0-\u024f_"  # a Latin name may touch Chinese characters, not letters
_ACRONYM = re.compile(rf"(?<![{_LATIN_WORD}-])[A-Z][A-Z0-9]{{1,6}}(?![{_LATIN_WORD}])")
_NAME = re.compile(r"\b[A-ZÀ-ÖØ-ÞА-ЯЁ][a-zß-öø-ÿа-яё]+")
_LATIN_NAME = re.compile(
    rf"(?<![{_LATIN_WORD}'’-])[A-Z](?:[a-z]{{3,}}|[a-z]+(?:[A-Z][a-z]+)+)(?:-[A-Z][a-z]+)?"
    rf"(?![{_LATIN_WORD}-])"
)
_CYRILLIC_NAME = re.compile(r"(?<![\w-])[А-ЯЁ][а-яё]{3,}(?:-[А-ЯЁ][а-яё]+)?")
_COMMON_NAME_WORDS = """The This That These With From After Before Under Over When What Which While Their
    Nations United States General Assembly Security Council Secretary First Committee Group
    Conference Review Convention Working Meeting Report News Today Week Monday Tuesday
    Wednesday Thursday Friday Saturday Sunday January February March April June July August
    September October November December Les Une Des Dans Pour Selon Après Nations Unies
    Los Las Una Para Según Tras Naciones Unidas"""
_COMMON_NAMES = frozenset(_COMMON_NAME_WORDS.split())
_SENTENCE_ENDS = '.!?:;«“"(\n'  # a capital after these is no name
_CAPITALS_RUN = re.compile(r"\b[A-Z]{2,}(?:[\s,:]+[A-Z]{2,})+\b")  # "THE HAGUE": a dateline
_COMMON_ACRONYMS = frozenset(("UN", "ONU", "EU", "UE", "US", "USA", "UK", "AI", "IA", "DG", "II",
                              "III", "IV"))  # fmt: skip
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_EASTERN_DIGIT = re.compile("[٠-٩۰-۹]")
_STOP = frozenset(
    [
        "the",
        "and",
        "for",
        "with",
        "from",
        "that",
        "this",
        "into",
        "its",
        "are",
        "was",
        "were",
        "has",
        "have",
        "been",
        "will",
        "not",
        "new",
        "over",
        "after",
        "about",
        "under",
        "their",
        "more",
        "than",
        "also",
        "says",
        "said",
        "how",
        "what",
        "who",
        "why",
        "when",
        "where",
        "which",
        "des",
        "les",
        "une",
        "pour",
        "dans",
        "par",
        "sur",
        "avec",
        "est",
        "sont",
        "aux",
        "del",
        "los",
        "las",
        "por",
        "para",
        "con",
        "una",
        "que",
        "как",
        "что",
        "это",
        "при",
        "для",
        "или",
        "его",
        "они",
        "был",
        "была",
        "были",
        "она",
        "так",
        "ещё",
        "уже",
        "после",
        "года",
        "также",
        "في",
        "من",
        "على",
        "إلى",
        "عن",
        "مع",
        "التي",
        "الذي",
        "هذا",
        "هذه",
        "بين",
        "بعد",
        "قبل",
        "كما",
        "أن",
        "إن",
        "ذلك",
        "united",
        "nations",
        "news",
        "week",
        "today",
        "report",
        "reports",
        "update",
        "updates",
    ]
)


@dataclass(frozen=True, slots=True)
class Signature:
    """What grouping reads of one item."""

    day: int  # date ordinal
    language: str
    source_id: str
    doc_symbol: str | None
    symbols: frozenset[str]  # symbol keys, the item's own included
    drafts: frozenset[str]  # draft (L.) symbol keys: one vote each
    concepts: frozenset[str]  # evidence labels and processes
    sessions: frozenset[int]
    places: frozenset[str]
    meetings: frozenset[str]
    title_words: frozenset[str]
    words: frozenset[str]  # title and summary
    url: str | None = None
    figures: frozenset[str] = frozenset()  # numbers other than years: counts, anniversaries
    acronyms: frozenset[str] = frozenset()  # Latin capitals, written alike in every script
    title_sessions: frozenset[int] = frozenset()  # the event's own number: in the headline
    names: frozenset[str] = frozenset()  # capitalised headline words after the first
    latin_names: frozenset[str] = frozenset()  # capitalised Latin words: alike in any language
    title_figures: frozenset[str] = frozenset()
    draft_numbers: frozenset[str] = frozenset()  # "L.27" named without its symbol
    title_bodies: frozenset[str] = frozenset()  # bodies the headline names
    title_names: frozenset[str] = frozenset()  # the ``latin_names`` the headline says
    title_cities: frozenset[str] = frozenset()  # the cities the headline names
    sounds: frozenset[str] = frozenset()  # sound keys of its names, alike across scripts
    news: frozenset[str] = frozenset()  # what the event is about (``news:`` entities)
    commentary: bool = False  # the headline reads as analysis of an event, not its report


def words_of(text: str, language: str | None) -> list[str]:
    """Content words, case-folded and cut to six letters (a cheap stem in any script);
    Chinese as character pairs."""
    folded = text.casefold()
    found = [w[:6] for w in _WORD.findall(folded) if w not in _STOP and not w.isdigit()]
    if language == "ar":
        found = [w.removeprefix("ال")[:5] for w in found]
    for run in _HAN.findall(folded):
        found.extend(run[i : i + 2] for i in range(len(run) - 1))
    return found


def concepts_of(matches: Sequence[Match]) -> frozenset[str]:
    """Evidence labels ("¶38 CWC Review Conferences and the OPCW") and process ids."""
    found = set()
    for match in matches:
        for evidence in match.evidence:
            label = evidence.split(": ", 1)[0]
            found.add(sys.intern(label))
        found.update(f"process:{p}" for p in match.processes)
    return frozenset(found)


def signature(
    title: str,
    summary: str,
    language: str | None,
    source_id: str,
    day: int,
    symbols: Iterable[str] = (),
    doc_symbol: str | None = None,
    matches: Sequence[Match] = (),
    url: str | None = None,
) -> Signature:
    """An item's signature (pure): of its title and its summary's lead (``lead``)."""
    summary = lead(summary)
    plain_title = _western_digits(title)
    text = f"{plain_title}\n{_western_digits(summary)}"
    keys = {symbol_module.key(s) for s in symbols}
    own = symbol_module.key(doc_symbol) if doc_symbol else None
    if own:
        keys.add(own)
    found = with_countries(entities(text, language))
    title_words = frozenset(words_of(title, language))
    latin = _latin_names(title, summary, language)
    headline = _title_entities(plain_title, found)
    return Signature(
        day=day,
        language=language or "und",
        source_id=source_id,
        doc_symbol=own,
        symbols=frozenset(keys),
        drafts=frozenset(k for k in keys if DRAFT_SYMBOL.search(k)),
        concepts=concepts_of(matches),
        sessions=session_numbers(text, language),
        places=frozenset(e for e in found if not e.startswith(("meeting:", NEWS))),
        news=entities_of_kind(found, NEWS),
        meetings=entities_of_kind(found, "meeting:"),
        title_words=title_words,
        words=title_words | frozenset(words_of(summary, language)),
        url=url,
        figures=_figures(text),
        title_figures=_figures(plain_title),
        acronyms=frozenset(_ACRONYM.findall(_CAPITALS_RUN.sub(" ", text))) - _COMMON_ACRONYMS,
        title_sessions=session_numbers(plain_title, language),
        names=frozenset(w.casefold()[:6] for w in _NAME.findall(title)[1:] if len(w) > 2),
        latin_names=latin,
        title_names=frozenset(n for n in latin if n in title),
        draft_numbers=frozenset(_BARE_DRAFT.findall(text)),
        title_bodies=entities_of_kind(headline, "body:"),
        title_cities=cities_of(headline),
        sounds=sound_keys(latin | _cyrillic_names(title, summary) if language == "ru" else latin),
        commentary=is_commentary(title, language),
    )


def lead(summary: str, limit: int = LEAD_CHARS) -> str:
    """The summary's first ``limit`` characters, cut after a sentence (else a word) when it is
    longer: a report's lead says what happened; later paragraphs give the background, which
    names other events (and costs time in proportion to its length)."""
    if len(summary) <= limit:
        return summary
    head = summary[:limit]
    end = max(head.rfind(". "), head.rfind("。"), head.rfind("! "), head.rfind("? "))
    if end >= limit // 2:
        return head[: end + 1]
    space = head.rfind(" ")
    return head[:space] if space >= limit // 2 else head


def _title_entities(title: str, found: frozenset[str]) -> frozenset[str]:
    """The bodies and cities among ``found`` that the headline names: what the item is about
    and where it happened (a summary's "Paris, Berlin and London condemn" names governments).
    The headline is read again only when the text names a body or a city at all."""
    if not any(e.startswith(("body:", "place:")) for e in found):
        return frozenset()
    return frozenset(e for e in entities(title) if e.startswith(("body:", "place:")))


def _western_digits(text: str) -> str:
    """``text`` with Arabic-Indic digits as Western ones (translated only when it has some:
    ``str.translate`` looks up every character of a non-ASCII text)."""
    if text.isascii() or _EASTERN_DIGIT.search(text) is None:
        return text
    return text.translate(_DIGITS)


def _figures(text: str) -> frozenset[str]:
    """Numbers other than years (counts, anniversaries), digits only ("2,000" is no year); a
    number with a word for thousands, millions or billions is written out ("30 ألف", "3万",
    "30 тысяч" and "30,000" are all 30000)."""
    found = set()
    for match in _FIGURE.finditer(text):
        number = match.group()
        scale = _SCALE.match(text, match.end())
        if scale is not None:
            found.add(_scaled(number, _SCALES[(scale.group(1) or scale.group(2)).casefold()]))
        elif not _YEAR.fullmatch(number):
            found.add(re.sub(r"\D", "", number))
    return frozenset(f for f in found if f)


def _scaled(number: str, scale: int) -> str:
    """``number`` (thousands separated or not, maybe with a decimal point) times ``scale``."""
    whole, _, fraction = number.partition(".")
    if len(fraction) == 3:  # "175.000 millones": a thousands separator, not a decimal point
        whole, fraction = whole + fraction, ""
    digits = re.sub(r"\D", "", whole)
    if not digits:
        return ""
    value = int(digits) * scale
    if fraction:
        value += int(fraction) * scale // 10 ** len(fraction)
    return str(value)


def _latin_names(title: str, summary: str, language: str | None = None) -> frozenset[str]:
    """Capitalised Latin words that are names: of the summary (not those opening one of its
    sentences: "Last week", "Several states"), and of the title unless it capitalises most of
    its words (a headline style, not a name; in another script every one is a name)."""
    words = _WORD.findall(title)
    capitalised = sum(1 for w in words if w[:1].isupper())
    found = {
        m.group() for m in _LATIN_NAME.finditer(summary) if not _opens_sentence(summary, m.start())
    }
    if language in OTHER_SCRIPTS or not (words and capitalised > 0.6 * len(words)):
        found.update(_LATIN_NAME.findall(title))
    return frozenset(found) - _COMMON_NAMES


def _cyrillic_names(title: str, summary: str) -> frozenset[str]:
    """Capitalised Cyrillic words that are names: of the headline after its first word, of
    the summary where they do not open a sentence."""
    found = {m.group() for m in _CYRILLIC_NAME.finditer(title) if m.start() > 0}
    found.update(
        m.group()
        for m in _CYRILLIC_NAME.finditer(summary)
        if not _opens_sentence(summary, m.start())
    )
    return frozenset(found)


def _opens_sentence(text: str, start: int) -> bool:
    """Whether the word at ``start`` opens a sentence (its capital says nothing of a name)."""
    before = text[max(0, start - 4) : start].rstrip(" \t\u00a0")
    return not before or before[-1] in _SENTENCE_ENDS


def entities_of_kind(places: frozenset[str], kind: str | tuple[str, ...]) -> frozenset[str]:
    """The entities of one kind (the ids with that prefix)."""
    return frozenset(p for p in places if p.startswith(kind))


def cities_of(places: frozenset[str]) -> frozenset[str]:
    """The cities and towns among ``places``."""
    return entities_of_kind(places, "place:")
