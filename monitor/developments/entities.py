"""Language-independent ids of the places, kinds of meetings, bodies, systems, treaties and
subjects a text names (pure).

``entities.yaml`` and the other ``entities*.yaml`` beside this module (``-places``, ``-world``:
countries and cities; ``-cities``: large cities that are not capitals; ``-bodies``,
``-institutions``; ``-systems``: weapons, satellites, models, malware; ``-treaties``: treaties,
conventions and other named instruments; ``-subjects``: what events are about beyond the
watchlists, such as rare earths or undersea cables; ``-subjects-news``: ``news:`` ids of what
security news events are about in general, a hospital, a nuclear test, ransomware, which
grouping reads apart from places: two stories about different things are two events) list each
id's names in the six UN languages; every name is looked for in every text, so the text's
language is only a hint. One Aho-Corasick pass over the folded text (accents and case gone,
hyphens and apostrophes as spaces) finds the candidates, which are then checked by script: Latin
names on word boundaries, Russian words with any case ending, Arabic words with or without the
article and fused particles, Chinese as substrings. Of overlapping names the leftmost longest
wins, so "Geneva Conventions" (an ``_ignore`` name) hides "Geneva".
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import ahocorasick
import yaml

from monitor.yamlfile import safe_load

NAMES_PATH = Path(__file__).with_name("entities.yaml")
NAMES_PATTERN = "entities*.yaml"  # read in order: entities.yaml first, then the others by name
IGNORE = "_ignore"
NEWS = "news:"  # what a story is about: ids read beside the others (``_resolved``)
LANGUAGES = ("en", "fr", "es", "ru", "zh", "ar")

_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_MARKS = re.compile(r"[\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u0640]")
_JOINERS = "-‐‑‒–—'’ʼ`\n\r\t"
_LETTERS = re.compile(r"[^\W\d_]*")
_PUNCTUATION = string.punctuation + "«»“”‘’–—…·،؛؟"
_CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# One automaton per script: an automaton whose root has hundreds of Chinese characters to
# choose from is several times slower on every text.
_SCRIPTS = (("cyrillic", _CYRILLIC), ("arabic", _ARABIC), ("cjk", _CJK))
_RANGES = {"cyrillic": "а-яё", "arabic": "\u0600-\u06ff", "cjk": "\u3400-\u9fff\uf900-\ufaff"}
_JOINED_CJK = "\u3400-\u9fff\uf900-\ufaff"  # a Latin name may touch these: "用ChatGPT的"
_NOT_LATIN = re.compile(f"[{''.join(_RANGES.values())}]", re.IGNORECASE)
_NOT_LATIN_EXCEPT = {
    script: re.compile(
        f"[{''.join(chars for other, chars in _RANGES.items() if other != script)}]", re.IGNORECASE
    )
    for script in _RANGES
}

# Russian case endings (folded: й reads и). A stem takes any of them.
_ENDINGS = frozenset(
    ending.replace("й", "и")
    for ending in (
        "", "а", "я", "у", "ю", "е", "ы", "и", "ь", "о", "ой", "ей", "ою", "ею", "ом", "ем", "ам",
        "ям", "ах", "ях", "ами", "ями", "ов", "ев", "ий", "ый", "ая", "яя", "ое", "ее", "ого",
        "его", "ому", "ему", "ым", "им", "ую", "юю", "ые", "ие", "ых", "их", "ыми", "ими", "ью",
        "ия", "ию", "ией", "иям", "иях", "ием", "ья", "ье", "ьи",
    )
)  # fmt: skip
# Endings of the nominative a name is written in, taken off to find its stem, longest first.
_NOMINATIVE = tuple(
    sorted(
        {
            ending.replace("й", "и")
            for ending in ("а", "я", "ь", "й", "ы", "и", "е", "о", "ий", "ый", "ой", "ая", "яя",
                           "ое", "ее", "ые", "ие", "ия", "ья", "ье")
        },
        key=len,
        reverse=True,
    )
)  # fmt: skip
_MIN_STEM = 4

# What may come before an Arabic word inside the same token: و/ف, then ب/ل/ك, then ال.
_ARABIC_PREFIXES = frozenset(
    {a + b + c for a in ("", "و", "ف") for b in ("", "ب", "ل", "ك") for c in ("", "ال")}
    | {a + "لل" for a in ("", "و", "ف")}
)
# Adjective endings a country's name may take: الصين → الصيني, الصينية; روسي → الروسية.
_ARABIC_ADJECTIVE = frozenset({"ي", "يه", "يين", "يون"})
_ARABIC_ADJECTIVE_AFTER_YA = frozenset({"ه", "ين", "ون"})
_ARABIC_LETTERS = (("ة", "ه"), ("ى", "ي"))


@dataclass(frozen=True, slots=True)
class _Name:
    """One name of an id, and what is checked after the automaton finds its key."""

    id: str
    cased: str | None = None  # Latin: the spelling the text must have
    exact: bool = False  # Russian: the first word takes no ending
    rest: tuple[tuple[str, bool], ...] = ()  # Russian and Arabic: the words after the first
    adjective: bool = False  # Arabic: the name may take an adjective ending


@dataclass(frozen=True, slots=True)
class _Key:
    """What the automaton finds: the names that start with one folded key."""

    script: str  # "latin", "cyrillic", "arabic" or "cjk"
    length: int
    names: tuple[_Name, ...]
    rest: int  # the most words a name has after its first


_Match = tuple[int, int, str]  # start, end, id


def entities(text: str, language: str | None = None) -> frozenset[str]:
    """The ids of the places and kinds of meetings ``text`` names ("place:the-hague", ...).

    ``language`` is only a hint and is not needed: every language's names are looked for.
    """
    folded = fold(text)
    automata = _automata()
    scripts = ["latin"]
    if not text.isascii():
        scripts.extend(_other_scripts(folded))
    found: list[_Match] = []
    for script in scripts:
        check = _CHECKS[script]
        for end, key in automata[script].iter(folded):
            found.extend(check(key, text, folded, end + 1 - key.length, end + 1))
    return _resolved(found)


def _other_scripts(folded: str) -> list[str]:
    """The scripts besides Latin that ``folded`` has: the first one's, then any other."""
    first = _NOT_LATIN.search(folded)
    if first is None:
        return []
    script = next(name for name, letter in _SCRIPTS if letter.match(first.group()))
    if _NOT_LATIN_EXCEPT[script].search(folded, first.end()) is None:
        return [script]
    return [name for name, letter in _SCRIPTS if letter.search(folded, first.start())]


def fold(text: str) -> str:
    """``text`` without accents and case, hyphens, apostrophes and line breaks as spaces.

    Arabic letters lose their hamza and ة, ى read ه, ي. Lengths stay the same as far as
    possible (one character for one), so that a spelling can be checked in ``text``.
    """
    if not text.isascii():
        text = _MARKS.sub("", unicodedata.normalize("NFKD", text))
        for letter, plain in _ARABIC_LETTERS:
            if letter in text:
                text = text.replace(letter, plain)
    text = text.lower()
    for joiner in _JOINERS:
        if joiner in text:
            text = text.replace(joiner, " ")
    return text


def _check_cjk(key: _Key, text: str, folded: str, start: int, end: int) -> list[_Match]:
    return [(start, end, name.id) for name in key.names]


def _check_latin(key: _Key, text: str, folded: str, start: int, end: int) -> list[_Match]:
    before, after = folded[start - 1 : start], folded[end : end + 1]
    if (before.isalnum() and not _CJK.match(before)) or (after.isalpha() and not _CJK.match(after)):
        return []
    aligned = len(folded) == len(text)  # folding kept every character's position
    return [
        (start, end, name.id)
        for name in key.names
        if name.cased is None or _spelt(name.cased, text, start, end, aligned)
    ]


def _spelt(cased: str, text: str, start: int, end: int, aligned: bool) -> bool:
    """Whether ``text`` spells ``cased`` so where its folded form was found (or anywhere)."""
    if aligned:
        return text[start:end] == cased
    return _cased_pattern(cased).search(text) is not None


@cache
def _cased_pattern(spelling: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![^\W_{_JOINED_CJK}]){re.escape(spelling)}(?![^\W\d_{_JOINED_CJK}])")


def _check_cyrillic(key: _Key, text: str, folded: str, start: int, end: int) -> list[_Match]:
    if start and folded[start - 1].isalpha():
        return []
    word_end = _word_end(folded, end)
    ending = folded[end:word_end]
    if ending and ending not in _ENDINGS:
        return []
    names = [name for name in key.names if not (ending and name.exact)]
    if not key.rest:
        return [(start, word_end, name.id) for name in names]
    words = _next_words(folded, word_end, key.rest)
    return [
        (start, word_end + sum(len(word) + 1 for word in words[: len(name.rest)]), name.id)
        for name in names
        if _russian_words(words, name.rest)
    ]


def _russian_words(words: list[str], rest: tuple[tuple[str, bool], ...]) -> bool:
    """Whether ``words`` begin with the stems (or exact words) ``rest``."""
    if len(words) < len(rest):
        return False
    return all(
        word == stem or (not exact and word.startswith(stem) and word[len(stem) :] in _ENDINGS)
        for word, (stem, exact) in zip(words, rest, strict=False)
    )


def _check_arabic(key: _Key, text: str, folded: str, start: int, end: int) -> list[_Match]:
    word_start = start
    while word_start and folded[word_start - 1].isalpha() and start - word_start < 4:
        word_start -= 1
    if word_start and folded[word_start - 1].isalpha():
        return []
    if folded[word_start:start] not in _ARABIC_PREFIXES:
        return []
    word_end = _word_end(folded, end)
    ending = folded[end:word_end]
    after_ya = folded[end - 1] == "ي" and ending in _ARABIC_ADJECTIVE_AFTER_YA
    if ending and ending not in _ARABIC_ADJECTIVE and not after_ya:
        return []
    words = _next_words(folded, word_end, key.rest) if key.rest else []
    return [
        (word_start, word_end + sum(len(word) + 1 for word in words[: len(name.rest)]), name.id)
        for name in key.names
        if not (ending and not name.adjective) and _arabic_words(words, name.rest)
    ]


def _arabic_words(words: list[str], rest: tuple[tuple[str, bool], ...]) -> bool:
    """Whether ``words`` begin with ``rest``, each with or without article and particles."""
    if len(words) < len(rest):
        return False
    return all(
        word.endswith(plain) and word[: len(word) - len(plain)] in _ARABIC_PREFIXES
        for word, (plain, _) in zip(words, rest, strict=False)
    )


_CHECKS = {
    "latin": _check_latin,
    "cyrillic": _check_cyrillic,
    "arabic": _check_arabic,
    "cjk": _check_cjk,
}


def _word_end(folded: str, end: int) -> int:
    """Where the word that goes on at ``folded[end]`` ends."""
    if not folded[end : end + 1].isalpha():
        return end
    match = _LETTERS.match(folded, end)
    return match.end() if match is not None else end


def _next_words(folded: str, position: int, count: int) -> list[str]:
    """The ``count`` words after ``position``, without punctuation."""
    words = folded[position : position + 30 * count].split(None, count)[:count]
    return [word.strip(_PUNCTUATION) for word in words]


def _resolved(found: list[_Match]) -> frozenset[str]:
    """The ids of the matches, overlaps resolved per layer. Names of things first, leftmost
    longest; then what a story is about (``news:`` ids), leftmost longest among themselves,
    except inside a thing's name (no nuclear test in the "Comprehensive Nuclear-Test-Ban
    Treaty Organization"). So "withdrawal from the treaty" never hides "the Open Skies Treaty"."""
    things = _leftmost_longest([match for match in found if not match[2].startswith(NEWS)])
    subjects = _leftmost_longest([match for match in found if match[2].startswith(NEWS)])
    inside = [(start, end) for start, end, _ in things]
    return frozenset(
        [entity for _, _, entity in things if entity != IGNORE]
        + [entity for start, end, entity in subjects
           if not any(s <= start and end <= e for s, e in inside)]
    )  # fmt: skip


def _leftmost_longest(found: list[_Match]) -> list[_Match]:
    """The matches that no match starting before, or as early and longer, covers."""
    found.sort(key=lambda match: (match[0], -match[1]))
    kept = []
    reached = -1
    for match in found:
        if match[0] >= reached:
            reached = match[1]
            kept.append(match)
    return kept


@cache
def _compiled() -> tuple[dict[str, ahocorasick.Automaton], dict[str, str]]:
    """The automata and the countries of cities: from ``developments.names_cache`` (the
    app's cache folder) when it has them for the names files as they are, keyed by those
    files, this module and its library (``relevance.compiled``'s key and format), else compiled
    (half a second) and cached there."""
    from monitor import developments

    folder = developments.names_cache
    if folder is None:
        return _compile_automata(), _compile_countries()
    from monitor.relevance.compiled import files_key, load_cached, modules_version, store_cached

    key = files_key(modules_version((__name__,), ("ahocorasick",)), names_paths())
    path = folder / f"entities-{key[:32]}.compiled"
    found = load_cached(path, key, _checked)
    if found is None:
        found = _compile_automata(), _compile_countries()
        store_cached(path, key, found, "entities-*.compiled")
    return found


def _checked(stored: Any) -> tuple[dict[str, ahocorasick.Automaton], dict[str, str]]:
    automata, countries = stored
    if set(automata) != set(_CHECKS) or not isinstance(countries, dict):
        raise TypeError("not compiled names")
    return automata, countries


def _automata() -> dict[str, ahocorasick.Automaton]:
    return _compiled()[0]


def _compile_automata() -> dict[str, ahocorasick.Automaton]:
    """Every name of the names files by script, keyed by its folded form (first word's stem)."""
    keys: dict[tuple[str, str], list[_Name]] = {}
    for entity, names in all_names().items():
        for name in sorted({name for language in LANGUAGES for name in names.get(language, [])}):
            script, key, spec = _compile(entity, name)
            entries = keys.setdefault((script, key), [])
            if spec in entries:
                continue
            clash = [other for other in entries if _same_test(other, spec)]
            if clash:
                raise ValueError(f"{name!r} names both {clash[0].id} and {entity}")
            entries.append(spec)
    automata = {script: ahocorasick.Automaton() for script in _CHECKS}
    for (script, key), entries in keys.items():
        rest = max(len(entry.rest) for entry in entries)
        automata[script].add_word(key, _Key(script, len(key), tuple(entries), rest))
    for automaton in automata.values():
        automaton.make_automaton()
    return automata


def _same_test(one: _Name, other: _Name) -> bool:
    return (one.cased, one.exact, one.rest) == (other.cased, other.exact, other.rest)


@cache
def load_names(path: Path = NAMES_PATH) -> Mapping[str, Mapping[str, list[str]]]:
    """One names file (``entities.yaml`` by default): id → language → names.

    An id written twice in the file is an error (YAML would keep the last silently)."""
    text = path.read_text(encoding="utf-8")
    names = safe_load(text)
    if not isinstance(names, dict):
        raise TypeError(f"{path}: expected a mapping of ids to names")
    repeated = _repeated_id(text)
    if repeated:
        raise ValueError(f"{path}: {repeated} is defined twice")
    return names


def _repeated_id(text: str) -> str | None:
    """The first id that a file's top-level mapping writes a second time, with its line."""
    node = yaml.compose(text, Loader=_YAML_LOADER)
    seen: set[str] = set()
    for key, _ in node.value if isinstance(node, yaml.MappingNode) else ():
        if key.value in seen:
            return f"{key.value} (line {key.start_mark.line + 1})"
        seen.add(key.value)
    return None


def names_paths(directory: Path = NAMES_PATH.parent) -> tuple[Path, ...]:
    """The names files in ``directory``: ``entities.yaml`` first, then the others by name."""
    return tuple(
        sorted(directory.glob(NAMES_PATTERN), key=lambda p: (p.name != NAMES_PATH.name, p.name))
    )


@cache
def all_names(directory: Path = NAMES_PATH.parent) -> Mapping[str, Mapping[str, list[str]]]:
    """Every names file of ``directory`` in one mapping: id → language → names.

    ``_ignore`` adds up its names from every file; any other id defined in two files is an
    error, as is a file that is not a mapping."""
    merged: dict[str, Mapping[str, list[str]]] = {}
    where: dict[str, str] = {}
    for path in names_paths(directory):
        for entity, names in load_names(path).items():
            if entity == IGNORE:
                ignored = dict(merged.get(IGNORE, {}))
                for language, spellings in names.items():
                    ignored[language] = [*ignored.get(language, []), *spellings]
                merged[IGNORE] = ignored
            elif entity in merged:
                raise ValueError(f"{path.name}: {entity} is already defined in {where[entity]}")
            else:
                merged[entity], where[entity] = names, path.name
    return merged


def _compile(entity: str, name: str) -> tuple[str, str, _Name]:
    """The script and automaton key of ``name``, and how a hit on the key is checked."""
    if _CJK.search(name) is not None:  # folded as the text is: "火星-19" is found in "火星 19"
        return "cjk", fold(name), _Name(entity)
    folded = " ".join(fold(name).split())
    if _CYRILLIC.search(name) is not None:
        words = [_stem(word) for word in folded.split()]
        # Words that never change join the key: "тель авив" is rarer than "тель".
        joined = 0
        while joined < len(words) - 1 and words[joined][1]:
            joined += 1
        key = " ".join(stem for stem, _ in words[: joined + 1])
        rest = tuple(words[joined + 1 :])
        return "cyrillic", key, _Name(entity, exact=words[joined][1], rest=rest)
    if _ARABIC.search(name) is not None:
        key, *rest = (_without_article(word) for word in folded.split())
        rest_words = tuple((word, False) for word in rest)
        adjective = entity.startswith("country:")
        return "arabic", key, _Name(entity, rest=rest_words, adjective=adjective)
    if name.startswith("=") or (name.isalpha() and name.isupper()):
        cased = name.removeprefix("=")
        return "latin", folded.removeprefix("="), _Name(entity, cased=cased)
    return "latin", folded, _Name(entity)


def _stem(word: str) -> tuple[str, bool]:
    """A Russian word's stem and whether it is exact: "=" marks a word that never changes,
    "|" ends a stem ("вен|а"); else the nominative ending comes off if four letters stay."""
    if word.startswith("="):
        return word[1:], True
    if "|" in word:
        return word.split("|")[0], False
    for ending in _NOMINATIVE:
        if word.endswith(ending) and len(word) - len(ending) >= _MIN_STEM:
            return word[: -len(ending)], False
    return word, False


def _without_article(word: str) -> str:
    return word[2:] if word.startswith("ال") and len(word) > 3 else word


def _countries() -> dict[str, str]:
    return _compiled()[1]


def _compile_countries() -> dict[str, str]:
    return {
        entity: f"country:{names['country']}"
        for entity, names in all_names().items()
        if isinstance(names, Mapping) and names.get("country")
    }


def with_countries(found: frozenset[str]) -> frozenset[str]:
    """Entities with the country of each city they name (Beijing: China too)."""
    countries = _countries()
    return found | {countries[e] for e in found if e in countries}
