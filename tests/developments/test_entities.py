"""Places and kinds of meetings named in the six languages; boundaries and look-alikes."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.developments.entities import LANGUAGES, entities, load_names, with_countries

CSP = "meeting:conference-of-states-parties"
EC = "meeting:executive-council"
HAGUE = "place:the-hague"


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        # the same event in the six languages
        ("OPCW Executive Council opens its 113th session in The Hague", "en", {EC, HAGUE}),
        ("Le Conseil exécutif de l'OIAC ouvre sa session à La Haye", "fr", {EC, HAGUE}),
        (
            "El Consejo Ejecutivo de la OPAQ inicia su período de sesiones en La Haya",
            "es",
            {EC, HAGUE},
        ),
        ("Исполнительный совет ОЗХО открыл сессию в Гааге", "ru", {EC, HAGUE}),
        ("禁化武组织执行理事会第113届会议在海牙开幕", "zh", {EC, HAGUE}),
        ("افتتح المجلس التنفيذي لمنظمة حظر الأسلحة الكيميائية دورته في لاهاي", "ar", {EC, HAGUE}),
        ("Conference of the States Parties to the CWC", "en", {CSP, "treaty:cwc"}),
        ("Conférence des États parties à la Convention", "fr", {CSP}),
        ("Conferencia de los Estados Partes en la Convención", "es", {CSP}),
        ("Конференции государств — участников Конвенции", "ru", {CSP}),
        ("缔约国大会", "zh", {CSP}),
        ("مؤتمر الدول الأطراف في الاتفاقية", "ar", {CSP}),
        # accents, case and apostrophes
        ("CONFERENCE DES ETATS PARTIES a LA HAYE", "fr", {CSP, HAGUE}),
        ("Conférence d’examen du TNP", "fr", {"meeting:review-conference", "treaty:npt"}),
        (
            "Conferencia de Examen en A Coruña",
            "es",
            {"meeting:review-conference", "place:a-coruna"},
        ),
        ("review conference in a coruna", "en", {"meeting:review-conference", "place:a-coruna"}),
        # Russian case endings
        ("в Женеве", "ru", {"place:geneva"}),
        ("из Женевы", "ru", {"place:geneva"}),
        ("в Вене", "ru", {"place:vienna"}),
        ("в Нью-Йорке", "ru", {"place:new-york"}),
        ("Совета Безопасности ООН", "ru", {"meeting:security-council"}),
        ("Рабочей группы открытого состава", "ru", {"meeting:open-ended-working-group"}),
        ("Группы правительственных экспертов", "ru", {"meeting:group-of-governmental-experts"}),
        ("китайского представителя и Китая", "ru", {"country:cn"}),
        # Arabic article, particles and letter forms
        ("لمجلس الأمن", "ar", {"meeting:security-council"}),
        ("والقاهرة وبكين", "ar", {"place:cairo", "place:beijing"}),
        ("في ألمانيا ولألمانيا", "ar", {"country:de"}),
        ("الصينية", "ar", {"country:cn"}),
        ("الروسية والسوريين", "ar", {"country:ru", "country:sy"}),
        ("الفريق العامل المفتوح العضوية", "ar", {"meeting:open-ended-working-group"}),
        ("فريق الخبراء الحكوميين", "ar", {"meeting:group-of-governmental-experts"}),
        (
            "الجمعية العامة واللجنة الأولى",
            "ar",
            {"meeting:general-assembly", "meeting:first-committee"},
        ),
        # Chinese, simplified and traditional
        ("安理会和联合国大会", "zh", {"meeting:security-council", "meeting:general-assembly"}),
        ("安全理事會", "zh", {"meeting:security-council"}),
        ("不限成员名额工作组在纽约", "zh", {"meeting:open-ended-working-group", "place:new-york"}),
        ("政府专家组在日内瓦", "zh", {"meeting:group-of-governmental-experts", "place:geneva"}),
        ("马德里", "zh", {"place:madrid"}),
        ("印度尼西亚", "zh", {"country:id"}),
        # kinds of meetings
        (
            "the Open-ended Working Group on ICT security",
            "en",
            {"meeting:open-ended-working-group"},
        ),
        ("a working group", "en", {"meeting:working-group"}),
        ("Group of Governmental Experts on LAWS", "en", {"meeting:group-of-governmental-experts"}),
        ("Groupe de travail à composition non limitée", "fr", {"meeting:open-ended-working-group"}),
        ("Grupo de Trabajo de Composición Abierta", "es", {"meeting:open-ended-working-group"}),
        (
            "the First Committee of the General Assembly",
            "en",
            {"meeting:first-committee", "meeting:general-assembly"},
        ),
        ("Première Commission", "fr", {"meeting:first-committee"}),
        ("Primera Comisión", "es", {"meeting:first-committee"}),
        ("Первого комитета", "ru", {"meeting:first-committee"}),
        (
            "Preparatory Committee for the NPT Review Conference",
            "en",
            {"meeting:preparatory-committee", "meeting:review-conference", "treaty:npt"},
        ),
        ("Conference on Disarmament", "en", {"meeting:conference-on-disarmament"}),
        ("the Meeting of States Parties", "en", {"meeting:meeting-of-states-parties"}),
        ("G20 summit in New Delhi", "en", {"meeting:summit", "place:new-delhi"}),
        ("plenary meeting", "en", {"meeting:plenary"}),
        # acronyms keep their case
        ("CSP-30 and UNGA80", "en", {CSP, "meeting:general-assembly"}),
        ("the US and the UAE", "en", {"country:us", "country:ae"}),
        ("DPRK and ROK", "en", {"country:kp", "country:kr"}),
        # overlapping names: the leftmost longest wins
        ("Democratic People's Republic of Korea", "en", {"country:kp"}),
        ("Republic of Korea", "en", {"country:kr"}),
        # launch sites and other places
        (
            "launch from Baikonur, Kourou, Wenchang and Jiuquan",
            "en",
            {"place:baikonur", "place:kourou", "place:wenchang", "place:jiuquan"},
        ),
        (
            "Cape Canaveral, Vandenberg and Sriharikota",
            "en",
            {"place:cape-canaveral", "place:vandenberg", "place:sriharikota"},
        ),
        ("Kyiv, Kiev and Tehran", "en", {"place:kyiv", "place:tehran"}),
        ("Chinese and Russian diplomats", "en", {"country:cn", "country:ru"}),
        ("Summit in Venice", "en", {"meeting:summit", "place:venice"}),
        ("Nice", "fr", {"place:nice"}),
        ("Oman", "en", {"country:om"}),
        ("Türkiye and Turkey", "en", {"country:tr"}),
        ("Hungary and Венгрия, Венгрии", "en", {"country:hu"}),  # not Вена (Vienna)
    ],
)
def test_entities(text: str, language: str, expected: set[str]) -> None:
    assert entities(text, language) == expected


@pytest.mark.parametrize(
    "text",
    [
        "a woman spoke",  # Oman
        "a nice result",  # Nice keeps its capital
        "us and them",  # US keeps its capitals
        "turkey dinner",
        "qu'il vienne",  # Vienne keeps its capital
        "machine learning",  # Chine
        "Geneva Conventions and the Paris Agreement",
        "the Washington Post and the New York Times",
        "Latin America and the Indian Ocean",
        "представитель",  # Тель-Авив
        "дела и доклад",  # Дели, Ла-Корунья
        "北京时间",
        "合法国家",
        "印度洋",
        "كورونا",  # Kourou
        "قطرة ماء",  # Qatar
        "اتفاقيات جنيف",
        "",
    ],
)
def test_no_entities(text: str) -> None:
    assert entities(text, None) == frozenset()


def test_geneva_conventions_in_russian_are_the_treaty_not_geneva() -> None:
    """Женевские конвенции is no _ignore name (the English one is): the treaty, no city."""
    assert entities("Женевские конвенции", None) == {"treaty:geneva-conventions"}


def test_venice_is_not_nice() -> None:
    assert entities("Venice", "en") == {"place:venice"}


def test_language_is_only_a_hint() -> None:
    text = "Conseil exécutif, Совет Безопасности, 安理会"
    assert entities(text, "en") == entities(text, None) == {EC, "meeting:security-council"}


def test_a_city_brings_its_country() -> None:
    assert with_countries(entities("Parade in Beijing", "en")) == {"place:beijing", "country:cn"}


def test_names_file() -> None:
    names = load_names()
    for entity, by_language in names.items():
        assert entity == "_ignore" or entity.split(":")[0] in {"place", "country", "meeting"}
        country = by_language.get("country")
        assert country is None or (entity.startswith("place:") and f"country:{country}" in names)
        languages = {k: v for k, v in by_language.items() if k != "country"}
        assert set(languages) <= set(LANGUAGES), entity
        assert all(isinstance(name, str) and name for ns in languages.values() for name in ns)
    meetings = [entity for entity in names if entity.startswith("meeting:")]
    assert all(set(names[entity]) == set(LANGUAGES) for entity in meetings)


def test_compiled_names_are_cached_and_read_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from monitor import developments
    from monitor.developments import entities as module

    text = "Talks in Geneva, then Beijing; переговоры в Москве; محادثات في بكين"
    expected = with_countries(entities(text))
    monkeypatch.setattr(developments, "names_cache", tmp_path)
    try:
        module._compiled.cache_clear()
        assert with_countries(entities(text)) == expected  # compiled, then cached
        (cached,) = tmp_path.glob("entities-*.compiled")
        module._compiled.cache_clear()
        with monkeypatch.context() as patched:
            patched.setattr(module, "_compile_automata", None)  # not compiled: read back
            assert with_countries(entities(text)) == expected
        cached.write_bytes(cached.read_bytes()[:-10])  # damaged: compiled again
        module._compiled.cache_clear()
        assert with_countries(entities(text)) == expected
    finally:
        module._compiled.cache_clear()
