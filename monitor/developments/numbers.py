"""Ordinal numbers of the sessions, meetings and anniversaries a text names (pure).

Reads all six UN languages whatever the item's language: digit ordinals ("113th", "113e",
"30.º", "113-я", "第113届", "الدورة 113"), word ordinals up to 199 ("one hundred and
thirteenth", "cent treizième", "centésimo decimotercero", "сто тринадцатой", "الثالثة عشرة
بعد المائة", "第一百一十三届") and session abbreviations ("CSP-30", "EC-113", "COP29").

Cardinals and years are not ordinals. Ordinals up to ten count only before a meeting word
("third Review Conference", not "third country"); dates ("March 21st", "21-го марта"),
centuries, generations, days and years are left out; Arabic ordinals count only after a
meeting word ("الدورة الثلاثين"), since Arabic tens are also cardinals.
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Sequence
from functools import cache

import ahocorasick

_MAX_DIGITS_VALUE = 9999  # the Security Council's meetings run into the thousands

# Arabic-Indic, Persian and full-width digits; superscript letters; hyphens; tatweel.
_TRANSLATE = str.maketrans(
    {
        **{chr(0x0660 + d): str(d) for d in range(10)},
        **{chr(0x06F0 + d): str(d) for d in range(10)},
        **{chr(0xFF10 + d): str(d) for d in range(10)},
        "ᵉ": "e",
        "ʳ": "r",
        "ˢ": "s",
        "ᵗ": "t",
        "ʰ": "h",
        "ⁿ": "n",
        "ᵈ": "d",
        "ᵐ": "m",
        "\u2010": "-",
        "\u2011": "-",
        "\u0640": None,
    }
)
_DIGIT_RUN = re.compile(r"[0-9]+")
_UNUSUAL = re.compile("[\u0660-\u0669\u06f0-\u06f9\uff10-\uff19ᵉʳˢᵗʰⁿᵈᵐ\u2010\u2011\u0640]")
_SEPARATORS = ", \u202f\u00a0"
_NO_SEPARATORS = str.maketrans("", "", _SEPARATORS)
_SUFFIX = re.compile(
    r"(?:st|nd|rd|th)(?![^\W\d_])"
    r"|(?:ème|eme|ième|ieme|èmes|emes|ère|ere|ers|res|nde|er|re|es|è|e)(?!\w|-\d)"
    r"|(?:\.?\s?[ºª]|\.(?:er|o|a)|°(?=\s+[^\W\d_]{3})"
    r"|ero|era|ro|ra|do|da|to|ta|vo|va|mo|ma|no|na)(?![^\W\d_])"
    r"|\s?[-–]\s?(?:ыми|ими|ого|его|ому|ему|ой|ый|ий|ая|яя|ое|ее|ей|ую|юю|ые|ие|ым|им|ом|ем"
    r"|го|му|й|я|е|ю|м)(?![а-яё])",
    re.IGNORECASE,
)
_ACRONYM = re.compile(r"(?<![\w-])([A-Z]{1,5})([-–]?)\Z")
_ACRONYM_SPACED = re.compile(r"(?<![\w-])([A-Z]{2,5}) \Z")
# Acronyms a number follows that are no sessions: aircraft, missiles, models, standards.
_NOT_SESSIONS = frozenset({
    "AGM", "AH", "AIM", "AN", "ATR", "BM", "CH", "CJ", "COVID", "CV", "CZ", "DDR", "DF", "EA",
    "EF", "EU", "FA", "FY", "GBU", "GJ", "GPS", "GPT", "GPU", "GSAT", "GSLV", "HBM", "HQ", "HS",
    "IL", "ISO", "JL", "KA", "KC", "KH", "KJ", "KN", "LTE", "LVM", "MERS", "MH", "MI", "MIG",
    "MK", "MQ", "MV", "NVS", "PAC", "PL", "PSLV", "QF", "RFC", "RIM", "RQ", "RS", "SA", "SARS",
    "SDG", "SM", "SS", "SU", "TB", "TOS", "TU", "UH", "USB", "WZ", "YJ",
})  # fmt: skip
_SPACED_SESSIONS = frozenset({"COP", "CSP", "MSP", "UNGA", "HRC", "WHA", "CND"})
_PUNCTUATION = string.punctuation + "«»“”‘’–—…·،؛؟。，、；：！？（）《》"
_ZH = re.compile(r"第\s*([0-9]{1,4}|[〇零一二两兩三四五六七八九十百千]{1,8})\s*(届|屆|次|轮|輪)")
_ZH_MEETING = re.compile(
    r"\s*(?:会|會|缔约|締約|大会|大會|峰会|峰會|理事|全体|全體|常会|常會|特别|特別|审议|審議"
    r"|部长|部長|磋商|谈判|談判|对话|對話|论坛|論壇|联席|聯席|首脑|首腦|高级别|高級別|届会|屆會"
    r"|实质性|實質性|正式会议|正式會議|非正式|组织会议|組織會議|例会|例會|年度会议|年度會議)"
)
_ZH_DIGITS = {
    "〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}  # fmt: skip
_ZH_UNITS = {"十": 10, "百": 100, "千": 1000}
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_ARABIC_MARKS = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_ARABIC_LETTERS = tuple(zip("أإآٱىةؤئ", "اااايهوي", strict=True))  # replace() beats translate()

# --- context words (lower case; accented and plain spellings) -----------------------------

_MONTHS = frozenset({
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "apr", "jun", "jul", "aug", "sep", "sept",
    "oct", "nov", "dec", "janvier", "février", "fevrier", "mars", "avril", "mai", "juin",
    "juillet", "août", "aout", "septembre", "octobre", "novembre", "décembre", "decembre",
    "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
    "setiembre", "octubre", "noviembre", "diciembre", "мая", "май", "мае",
})  # fmt: skip
_MONTH_PREFIXES = (
    "январ", "феврал", "март", "апрел", "июн", "июл", "август", "сентябр", "октябр",
    "ноябр", "декабр",
)  # fmt: skip
_OF = frozenset({"of", "de", "del", "du"})
_NOT_EVENTS = frozenset({
    "time", "times", "fois", "vez", "veces", "раз", "day", "days", "jour", "jours", "día",
    "dia", "días", "dias", "день", "дня", "дне", "week", "weeks", "year", "years", "año",
    "años", "ano", "anos", "год", "года", "году", "годы", "годов", "годах", "годам", "годами",
    "годом", "лет", "month", "months", "mois", "mes", "месяц", "place", "lugar", "puesto",
    "место", "месте", "most", "plus", "más", "mas", "floor", "piso", "ola", "decade",
    "décennie", "decennie", "década", "decada", "person", "personne", "persona", "grade",
})  # fmt: skip
_NOT_EVENT_PREFIXES = (
    "centur", "siècle", "siecle", "siglo", "век", "generation", "génération", "generacion",
    "generación", "поколени", "semaine", "semana", "недел", "année", "annee", "месяц",
    "quarter", "trimestre", "квартал", "largest", "biggest", "amendment", "amendement",
    "enmienda", "поправк", "industrial", "industriel", "étage", "etage", "этаж", "wave",
    "vague", "волн", "десятилет", "parallel", "parallèle", "paralelo", "параллел",
)  # fmt: skip
_COMMITTEES = ("committee", "commission", "comisión", "comision", "комитет", "комисси")
_EVENT_PREFIXES = (
    "session", "meeting", "conferen", "conféren", "summit", "anniversar", "assembl", "revcon",
    "round", "edition", "édition", "forum", "congress", "congrès", "congres", "plenar",
    "plénièr", "plenier", "dialog", "workshop", "consultation", "talks", "ministerial",
    "symposi", "seminar", "séminaire", "prepcom", "réunion", "reunion", "reunión", "sommet",
    "anniversaire", "cycle", "séance", "seance", "atelier", "colloque", "período", "periodo",
    "sesión", "sesion", "cumbre", "aniversario", "ronda", "edición", "edicion", "foro",
    "congreso", "diálogo", "taller", "consulta", "seminario", "simposio", "сесси", "заседани",
    "совещани", "конференци", "саммит", "годовщин", "юбиле", "ассамбле", "раунд", "форум",
    "съезд", "пленарн", "диалог", "встреч", "обзорн", "симпозиум", "семинар", "консультаци",
)  # fmt: skip
_EVENT_ACRONYMS = frozenset({
    "csp", "msp", "cop", "gge", "oewg", "unga", "npt", "bwc", "cwc", "ccw", "tpnw", "hrc",
    "wha", "cnd", "revcon", "prepcom",
})  # fmt: skip
_ARABIC_EVENTS = (
    "دوره", "دورت", "اجتماع", "موتمر", "قمه", "قمت", "ذكري", "جلسه", "جلست", "منتدي",
    "جوله", "جولت", "نسخه", "نسخت", "استعراضي", "لقاء",
)  # fmt: skip
_DIGIT_CHARS = frozenset("0123456789")
_ARABIC_NOT_EVENTS = ("يوم", "جيل", "قرن", "مرحله", "مرتبه", "مركز", "اسبوع", "شهر", "لجنه")

# --- word ordinals ----------------------------------------------------------------------------


def _plain(word: str) -> str:
    """``word`` without accents."""
    decomposed = unicodedata.normalize("NFD", word)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _with_plain(words: dict[str, int]) -> dict[str, int]:
    return {**words, **{_plain(word): value for word, value in words.items()}}


_ENGLISH = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
    "sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90, "hundredth": 100,
}  # fmt: skip
_FRENCH = {
    "premier": 1, "première": 1, "premiers": 1, "premières": 1, "unième": 1, "deuxième": 2,
    "second": 2, "seconde": 2, "troisième": 3, "quatrième": 4, "cinquième": 5, "sixième": 6,
    "septième": 7, "huitième": 8, "neuvième": 9, "dixième": 10, "onzième": 11,
    "douzième": 12, "treizième": 13, "quatorzième": 14, "quinzième": 15, "seizième": 16,
    "vingtième": 20, "trentième": 30, "quarantième": 40, "cinquantième": 50,
    "soixantième": 60, "centième": 100,
}  # fmt: skip
_SPANISH_STEMS = {
    "primer": 1, "segund": 2, "tercer": 3, "cuart": 4, "quint": 5, "sext": 6, "séptim": 7,
    "sétim": 7, "octav": 8, "noven": 9, "non": 9, "décim": 10, "undécim": 11,
    "decimoprimer": 11, "duodécim": 12, "decimosegund": 12, "decimotercer": 13,
    "decimocuart": 14, "decimoquint": 15, "decimosext": 16, "decimoséptim": 17,
    "decimoctav": 18, "decimonoven": 19, "vigésim": 20, "trigésim": 30, "cuadragésim": 40,
    "quincuagésim": 50, "sexagésim": 60, "septuagésim": 70, "octogésim": 80,
    "nonagésim": 90, "centésim": 100,
}  # fmt: skip
_SPANISH = {
    stem + ending: value
    for stem, value in _SPANISH_STEMS.items()
    for ending in ("o", "a", "os", "as")
    if stem != "non" or ending in ("o", "a")
} | {"primer": 1, "tercer": 3, "decimoprimer": 11, "decimotercer": 13}
_RUSSIAN_STEMS = {
    "перв": 1, "втор": 2, "четвёрт": 4, "четверт": 4, "пят": 5, "шест": 6, "седьм": 7,
    "восьм": 8, "девят": 9, "десят": 10, "одиннадцат": 11, "двенадцат": 12,
    "тринадцат": 13, "четырнадцат": 14, "пятнадцат": 15, "шестнадцат": 16,
    "семнадцат": 17, "восемнадцат": 18, "девятнадцат": 19, "двадцат": 20, "тридцат": 30,
    "сороков": 40, "пятидесят": 50, "шестидесят": 60, "семидесят": 70, "восьмидесят": 80,
    "девяност": 90, "сот": 100,
}  # fmt: skip
_RUSSIAN_ENDINGS = ("ый", "ой", "ая", "ое", "ого", "ому", "ым", "ом", "ую", "ые", "ых", "ыми", "ою")
_THIRD_ENDINGS = ("ий", "ья", "ье", "ьего", "ьей", "ьему", "ьим", "ьем", "ью", "ьи", "ьих", "ьими")
_RUSSIAN = {
    stem + ending: value for stem, value in _RUSSIAN_STEMS.items() for ending in _RUSSIAN_ENDINGS
} | {"трет" + ending: 3 for ending in _THIRD_ENDINGS}
_ORDINALS = _with_plain(_ENGLISH | _FRENCH | _SPANISH) | _RUSSIAN
_ORDINAL_WORDS = frozenset(_ORDINALS)


_WORD_HIT, _SUFFIX_HIT, _ACRONYM_HIT = 0, 1, 2


@cache
def _automaton() -> ahocorasick.Automaton:
    """One pass over the lower-cased text finds every place worth a closer look.

    Ordinal words; a digit then a letter or mark that may begin a suffix ("3t" in "113th");
    a letter, maybe a hyphen, then a digit ("p-3" in "CSP-30"); "cop 2" in "COP 29".
    """
    automaton = ahocorasick.Automaton()
    for word in _ORDINAL_WORDS:
        automaton.add_word(word, (_WORD_HIT, len(word)))
    for digit in "0123456789":
        for mark in string.ascii_lowercase + "èºª°-–.":
            automaton.add_word(digit + mark, (_SUFFIX_HIT, 2))
        for letter in string.ascii_lowercase:
            for joint in ("", "-", "–"):
                automaton.add_word(letter + joint + digit, (_ACRONYM_HIT, 1))
        for acronym in _SPACED_SESSIONS:
            automaton.add_word(f"{acronym.lower()} {digit}", (_ACRONYM_HIT, 1))
    automaton.make_automaton()
    return automaton


# Words that may come before an ordinal in a compound: (kind, value, largest value after it).
# "T": tens, "H": hundreds, "C": "and"; Spanish tens and hundreds are ordinals themselves.
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50,
    "двадцать": 20, "тридцать": 30, "сорок": 40, "пятьдесят": 50, "шестьдесят": 60,
    "семьдесят": 70, "восемьдесят": 80, "девяносто": 90,
}  # fmt: skip
_PREFIXES: dict[str, tuple[str, int, int]] = {
    **{word: ("T", value, 10) for word, value in _TENS.items()},
    "soixante": ("T", 60, 20),
    "dix": ("T", 10, 10),
    "hundred": ("H", 100, 100),
    "cent": ("H", 100, 100),
    "сто": ("H", 100, 100),
    "and": ("C", 0, 0),
    "et": ("C", 0, 0),
    **{
        word: ("H", 100, 100) if value == 100 else ("T", value, 10)
        for word, value in _with_plain(_SPANISH).items()
        if value in (10, 20, 30, 40, 50, 60, 70, 80, 90, 100)
    },
}

_ARABIC_UNITS = {
    "اول": 1, "اولي": 1, "حادي": 1, "حاديه": 1, "ثاني": 2, "ثانيه": 2, "ثالث": 3,
    "ثالثه": 3, "رابع": 4, "رابعه": 4, "خامس": 5, "خامسه": 5, "سادس": 6, "سادسه": 6,
    "سابع": 7, "سابعه": 7, "ثامن": 8, "ثامنه": 8, "تاسع": 9, "تاسعه": 9, "عاشر": 10,
    "عاشره": 10,
}  # fmt: skip
_ARABIC_TENS = {
    "عشرين": 20, "عشرون": 20, "ثلاثين": 30, "ثلاثون": 30, "اربعين": 40, "اربعون": 40,
    "خمسين": 50, "خمسون": 50, "ستين": 60, "ستون": 60, "سبعين": 70, "سبعون": 70,
    "ثمانين": 80, "ثمانون": 80, "تسعين": 90, "تسعون": 90,
}  # fmt: skip
_ARABIC_TEEN = frozenset({"عشر", "عشره"})
_ARABIC_HUNDRED = frozenset({"مايه", "ميه", "ماءه", "مائه", "مئه"})  # ئ is read as ي
_ARABIC_ARTICLES = ("وال", "فال", "بال", "كال", "لل", "ال")
# Every spelling of an Arabic ordinal word, with or without the article and "و": (kind, value).
_ARABIC_WORDS: dict[str, tuple[str, int]] = {
    prefix + word: (kind, value)
    for kind, words in (
        ("U", _ARABIC_UNITS),
        ("T", _ARABIC_TENS),
        ("H", dict.fromkeys(_ARABIC_HUNDRED, 100)),
    )
    for word, value in words.items()
    for prefix in ("", "و", *_ARABIC_ARTICLES)
}


def session_numbers(text: str, language: str | None = None) -> frozenset[int]:
    """The ordinals of sessions, meetings, conferences and anniversaries ``text`` names.

    ``language`` is only a hint and is not needed: every language's forms are read.
    """
    ascii_text = text.isascii()
    if not ascii_text:
        if not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
        if _UNUSUAL.search(text) is not None:
            text = text.translate(_TRANSLATE)
        text = text.replace("İ", "I")  # the one letter lower() lengthens
    found: set[int] = set()
    lowered = text.lower()
    words: list[tuple[int, int]] = []
    for end, (kind, length) in _automaton().iter(lowered):
        if kind == _WORD_HIT:
            words.append((end + 1 - length, end + 1))
        elif kind == _SUFFIX_HIT:
            _suffixed(text, end, found)
        else:
            _abbreviated(text, end, found)
    if words:
        _word_ordinals(lowered, words, found)
    if "第" in text:
        _chinese_ordinals(text, found)
    if not ascii_text and _ARABIC.search(text) is not None:
        _arabic_ordinals(lowered, found)
    return frozenset(found)


def _words(chunk: str, limit: int = -1) -> list[str]:
    """The first ``limit`` (or all) words of ``chunk``, hyphens and apostrophes being spaces.

    Cheaper than a regular expression on the short windows around a candidate ordinal.
    """
    if "-" in chunk:
        chunk = chunk.replace("-", " ")
    if "'" in chunk or "’" in chunk:
        chunk = chunk.replace("'", " ").replace("’", " ")
    words = chunk.split(None, limit)
    if limit >= 0:
        del words[limit:]
    stripped = [word.strip(_PUNCTUATION) for word in words]
    return [word for word in stripped if word]


def _suffixed(text: str, end: int, found: set[int]) -> None:
    """A digit ordinal whose suffix starts at ``text[end]`` ("113th", "113e", "113-я")."""
    suffix = _SUFFIX.match(text, end)
    if suffix is None:
        return
    start = _number_start(text, end)
    digits = text[start:end]
    value = int(digits if digits.isdigit() else digits.translate(_NO_SEPARATORS))
    if not 0 < value <= _MAX_DIGITS_VALUE:
        return
    before = text[max(0, start - 24) : start].rsplit(None, 1)
    after = _words(text[suffix.end() : suffix.end() + 50].lower(), 4)
    if _counts(value, before[-1].lower().strip(_PUNCTUATION) if before else "", after):
        found.add(value)


def _number_start(text: str, end: int) -> int:
    """Where the number ending at ``text[end]`` starts, thousands separators included
    ("9,876th", "9 876e"); "2026 113e" is a year, then a number."""
    start = _group_start(text, end)
    group_end = end
    while group_end - start == 3 and start >= 2 and text[start - 1] in _SEPARATORS:
        lead = _group_start(text, start - 1)
        if not 0 < start - 1 - lead <= 3:
            break
        group_end, start = start - 1, lead
    return start


def _group_start(text: str, end: int) -> int:
    """Where the digits ending at ``text[end]`` (exclusive) start."""
    start = end
    while start and "0" <= text[start - 1] <= "9":
        start -= 1
    return start


def _abbreviated(text: str, start: int, found: set[int]) -> None:
    """A session abbreviation whose number starts at ``text[start]`` ("CSP-30", "EC-113")."""
    digits = _DIGIT_RUN.match(text, start)
    if digits is not None:
        session = _abbreviation(text, start, digits.end(), digits.group())
        if session is not None:
            found.add(session)


def _abbreviation(text: str, start: int, end: int, digits: str) -> int | None:
    """The session of "CSP-30", "EC-113", "COP29", "C-30" (the digits at ``start:end``)."""
    if len(digits) > 3 or digits[0] == "0" or (end < len(text) and text[end].isalnum()):
        return None
    window = max(0, start - 7)
    match = _ACRONYM.search(text, window, start)
    if match is not None:
        letters = match.group(1)
        if len(letters) == 1 and (letters != "C" or not match.group(2) or len(digits) > 2):
            return None
    else:
        match = _ACRONYM_SPACED.search(text, window, start)
        if match is None or match.group(1) not in _SPACED_SESSIONS:
            return None
        letters = match.group(1)
    if letters in _NOT_SESSIONS:
        return None
    return int(digits)


def _counts(value: int, before: str, after: Sequence[str]) -> bool:
    """Whether an ordinal with the words ``before`` and ``after`` it numbers an event."""
    if _is_month(before):
        return False
    if after:
        following = after[0]
        if following in _NOT_EVENTS or following.startswith(_NOT_EVENT_PREFIXES):
            return False
        if _is_month(following) or (following in _OF and len(after) > 1 and _is_month(after[1])):
            return False
        if value <= 6 and following.startswith(_COMMITTEES):
            return False  # the General Assembly's First to Sixth Committees
    if value > 10:
        return True
    return any(word.startswith(_EVENT_PREFIXES) or word in _EVENT_ACRONYMS for word in after)


def _is_month(word: str) -> bool:
    return word in _MONTHS or word.startswith(_MONTH_PREFIXES)


def _chinese_ordinals(text: str, found: set[int]) -> None:
    for match in _ZH.finditer(text):
        numeral, counter = match.groups()
        if counter not in "届屆" and _ZH_MEETING.match(text, match.end()) is None:
            continue  # 第一次 is also "the first time", 第二次世界大战 a world war
        value = _chinese_number(numeral)
        if 0 < value <= _MAX_DIGITS_VALUE:
            found.add(value)


def _chinese_number(numeral: str) -> int:
    """113 from "113", "一百一十三", "一百十三" or "一一三"."""
    if numeral.isdigit():
        return int(numeral)
    if not any(char in _ZH_UNITS for char in numeral):
        return int("".join(str(_ZH_DIGITS[char]) for char in numeral))
    total = current = 0
    for char in numeral:
        if char in _ZH_UNITS:
            total += (current or 1) * _ZH_UNITS[char]
            current = 0
        else:
            current = _ZH_DIGITS[char]
    return total + current


def _word_ordinals(lowered: str, hits: list[tuple[int, int]], found: set[int]) -> None:
    """Word ordinals; a compound is read leftwards from its last word ("cent" ← "treizième")."""
    for start, end in reversed(hits):
        if (start and lowered[start - 1].isalpha()) or lowered[end : end + 1].isalpha():
            continue
        word = lowered[start:end]
        after = _words(lowered[end : end + 50], 4)
        if word in _PREFIXES and after and after[0] in _ORDINALS:
            continue  # "décimo" in "décimo tercero": the compound is read from "tercero"
        words = [*_words(lowered[max(0, start - 70) : start])[-6:], word]
        value, first = _compound(words, len(words) - 1, _ORDINALS[word])
        if _counts(value, words[first - 1] if first else "", after):
            found.add(value)


def _compound(words: list[str], last: int, value: int) -> tuple[int, int]:
    """The value of the compound ordinal ending at ``words[last]`` and its first word."""
    first = last
    if value == 20 and first and words[first - 1] == "quatre":  # quatre-vingtième
        value, first = 80, first - 1
    tens = hundreds = False
    while first:
        kind, number, limit = _PREFIXES.get(words[first - 1], ("", 0, 0))
        if kind == "C":
            if first < 2 or _PREFIXES.get(words[first - 2], ("",))[0] not in ("T", "H"):
                break
            first -= 1
            continue
        start = first - 1
        if kind == "T" and not tens and not hundreds:
            if number == 20 and start and words[start - 1] == "quatre":  # quatre-vingt
                number, limit, start = 80, 20, start - 1
            if words[start] == "dix":  # dix-septième, soixante-dix-septième
                if not 7 <= value <= 9:
                    break
            elif value >= limit:
                break
            else:
                tens = True
        elif kind == "H" and not hundreds and value < 100:
            hundreds = True
            if start and words[start - 1] in ("one", "a"):
                start -= 1
        else:
            break
        value += number
        first = start
    return value, first


def _arabic_ordinals(lowered: str, found: set[int]) -> None:
    """Arabic ordinals in the three words after a meeting word ("الدورة الثالثة عشرة")."""
    normalised = _ARABIC_MARKS.sub("", lowered)
    for letter, plain in _ARABIC_LETTERS:
        normalised = normalised.replace(letter, plain)
    for event in _ARABIC_EVENTS:
        start = normalised.find(event)
        while start >= 0:
            word_end = normalised.find(" ", start + len(event))
            if word_end >= 0:
                _arabic_after_event(normalised[word_end : word_end + 90], found)
            start = normalised.find(event, start + len(event))


def _arabic_after_event(chunk: str, found: set[int]) -> None:
    tokens = [word.strip(_PUNCTUATION) for word in chunk.split(None, 6)[:6]]
    index = 0
    while index < min(3, len(tokens)):
        token, following = tokens[index], index + 1
        if index and any(word in tokens[index - 1] for word in _ARABIC_NOT_EVENTS):
            pass  # "اليوم الثاني": the second day
        elif token[-1:] in _DIGIT_CHARS:
            digits = token.removeprefix("ال")
            if digits.isdigit() and len(digits) <= 3 and (index == 0 or digits != token):
                found.add(int(digits))  # "الدورة 113", "الدورة الـ113"
        elif token in _ARABIC_WORDS:
            value, following = _arabic_words(tokens, index)
            if value:
                found.add(value)
        index = following


def _arabic_words(tokens: list[str], index: int) -> tuple[int, int]:
    """The ordinal whose first word is ``tokens[index]`` and the index after it."""
    kind, value = _ARABIC_WORDS[tokens[index]]
    following = index + 1
    if kind == "H":
        return value, following
    if kind == "U":
        after = tokens[following] if following < len(tokens) else ""
        if after in _ARABIC_TEEN and value < 10:  # الثالثة عشرة
            value, following = value + 10, following + 1
        elif _ARABIC_WORDS.get(after, ("",))[0] == "T" and after[0] == "و" and value < 10:
            value, following = value + _ARABIC_WORDS[after][1], following + 1  # الحادية والعشرين
        elif "حادي" in tokens[index]:
            return 0, following  # "the one" is no ordinal alone
    if (
        following + 1 < len(tokens)
        and tokens[following] == "بعد"
        and _ARABIC_WORDS.get(tokens[following + 1], ("",))[0] == "H"
    ):
        value, following = value + 100, following + 2  # ... بعد المائة
    return value, following
