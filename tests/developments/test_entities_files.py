"""The names files beside entities.yaml: more places, systems and bodies in the six languages."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from monitor.developments.entities import (
    IGNORE,
    LANGUAGES,
    NAMES_PATH,
    all_names,
    entities,
    load_names,
    names_paths,
    with_countries,
)

DIRECTORY = NAMES_PATH.parent
KINDS = {
    "entities-places.yaml": {"place", "country"},
    "entities-systems.yaml": {"system"},
    "entities-bodies.yaml": {"body", "prize"},
    "entities-world.yaml": {"country", "place"},
    "entities-institutions.yaml": {"body"},
    "entities-subjects.yaml": {"subject"},
    "entities-subjects-news.yaml": {"news"},
    "entities-treaties.yaml": {"treaty"},
}
# Seas, straits and disputed or cross-border regions: no one country of their own.
WITHOUT_COUNTRY = {
    "place:jerusalem",
    "place:baltic-sea",
    "place:black-sea",
    "place:sea-of-azov",
    "place:arctic",
    "place:golan-heights",
    "place:gulf-of-aden",
    "place:red-sea",
    "place:bab-el-mandeb",
    "place:strait-of-hormuz",
    "place:persian-gulf",
    "place:sahel",
    "place:taiwan-strait",
    "place:south-china-sea",
    "place:east-china-sea",
    "place:sea-of-japan",
    "place:yellow-sea",
    "place:scarborough-shoal",
    "place:second-thomas-shoal",
    "place:spratly-islands",
    "place:paracel-islands",
    "place:senkaku-islands",
    "place:kashmir",
}


def _entries(name: str) -> Mapping[str, Mapping[str, list[str]]]:
    return {k: v for k, v in load_names(DIRECTORY / name).items() if k != IGNORE}


def test_the_files_are_read_entities_yaml_first() -> None:
    names = [path.name for path in names_paths()]
    assert names[0] == "entities.yaml"
    assert set(KINDS) <= set(names)


@pytest.mark.parametrize("name", sorted(KINDS))
def test_a_file_holds_its_kinds_of_ids(name: str) -> None:
    entries = _entries(name)
    assert 0 < len(entries) < 400
    for entity, by_language in entries.items():
        assert entity.split(":")[0] in KINDS[name], entity
        languages = {k: v for k, v in by_language.items() if k != "country"}
        assert set(languages) <= set(LANGUAGES), entity
        assert by_language.get("en"), entity
        assert all(isinstance(n, str) and n.strip() for ns in languages.values() for n in ns)


def test_all_files_load_with_no_id_twice() -> None:
    merged = all_names()  # raises on an id defined in two files
    total = sum(len(_entries(path.name)) for path in names_paths())
    assert len([entity for entity in merged if entity != IGNORE]) == total
    assert entities("") == frozenset()  # builds the automata: no name names two ids


def test_every_place_has_a_country_that_exists() -> None:
    merged = all_names()
    for entity, by_language in merged.items():
        if not entity.startswith("place:"):
            continue
        country = by_language.get("country")
        if country is None:
            assert entity in WITHOUT_COUNTRY, entity
        else:
            assert entity not in WITHOUT_COUNTRY, entity
            assert f"country:{country}" in merged, entity


def test_every_new_name_finds_its_own_id() -> None:
    for name in KINDS:
        for entity, by_language in _entries(name).items():
            for language in LANGUAGES:
                for spelling in by_language.get(language, []):
                    plain = spelling.replace("=", "").replace("|", "")
                    assert entity in entities(plain, language), (entity, spelling)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Russian: case endings, stems marked with "|", words that never change
        ("Удар по Харькову и Эль-Фашеру", {"place:kharkiv", "place:el-fasher"}),
        ("бои под Покровском и в Часовом Яре", {"place:pokrovsk", "place:chasiv-yar"}),
        ("из Херсонской области и Донецкой области", {"place:kherson", "place:donetsk"}),
        ("в Сумах и в Славянске", {"place:sumy", "place:sloviansk"}),
        ("в Южно-Китайском море", {"place:south-china-sea"}),
        ("у берегов Красного моря", {"place:red-sea"}),
        ("пуск «Орешника» и «Сармата»", {"system:oreshnik", "system:sarmat"}),
        ("ракеты «Калибр» и С-400", {"system:kalibr", "system:s-400"}),
        ("генсек НАТО и глава МАГАТЭ", {"body:nato", "body:iaea"}),
        ("атаки хуситов", {"body:houthis"}),
        # Arabic: article, fused particles
        ("الإيكاو", {"body:icao"}),
        ("للإيكاو والناتو", {"body:icao", "body:nato"}),
        ("قصف في الفاشر والحديدة", {"place:el-fasher", "place:hodeidah"}),
        ("بالقبة الحديدية", {"system:iron-dome"}),
        ("الحوثيين في البحر الأحمر", {"body:houthis", "place:red-sea"}),
        ("صاروخ فتاح", {"system:fattah"}),
        # Chinese: substrings, hyphenated numbers
        (
            "朝鲜试射火星-19型洲际弹道导弹",
            {"country:kp", "system:hwasong", "news:missile-launch", "news:icbm"},
        ),
        ("国际民航组织理事会", {"body:icao"}),
        ("解放军在台湾海峡演习", {"place:taiwan-strait"}),
        ("萨那和荷台达遭空袭", {"place:sanaa", "place:hodeidah", "news:airstrike"}),
        ("谷歌 Willow芯片", {"system:willow"}),
        ("星链和北斗导航", {"system:starlink", "system:beidou"}),
        # Latin: hyphenated numbers, accents, acronyms
        ("North Korea tests Hwasong-19 ICBM", {"country:kp", "system:hwasong", "news:icbm"}),
        ("DF-41 and Agni-V", {"system:dongfeng", "system:agni"}),
        ("Shahed-136 drones hit Kharkiv", {"system:shahed", "place:kharkiv"}),
        ("Geran-2 drones", {"system:shahed"}),
        ("Patriot and THAAD batteries", {"system:patriot", "system:thaad"}),
        (
            "Bab-el-Mandeb and the Strait of Hormuz",
            {"place:bab-el-mandeb", "place:strait-of-hormuz"},
        ),
        ("frappes sur Kryvyï Rih", {"place:kryvyi-rih"}),
        ("ataque en Jersón", {"place:kherson"}),
        ("Shanghai Cooperation Organisation summit", {"body:sco", "meeting:summit"}),
        ("Claude Opus 4 and GPT-5", {"system:claude", "system:gpt"}),
    ],
)
def test_names_are_recognised(text: str, expected: set[str]) -> None:
    assert entities(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "a patriot's duty",  # =Patriot keeps its capital
        "the Patriot Act",
        "under the aegis of the council",  # =Aegis
        "a starship captain",  # =Starship
        "gemini horoscope",
        "a llama farm",
        "an arrow in flight",
        "arak and ouzo",  # =Arak
        "goma de borrar",  # =Goma
        "vida sana",  # =Saná
        "Jean-Claude Juncker",
        "Abdel Fattah al-Burhan",  # Fattah-1, Fattah missile
        "عبد الفتاح البرهان",
        "The Lancet journal",
        "Tallinn Manual",
        "CNSA 2.0 algorithms",
        "славянский язык",  # =Славянск
        "груз и грузовик",  # Грузи|я
        "золотые купола храма",  # =Золотой купол
        "калибр 152 мм",  # ракета Калибр
        "الدعم المالي",  # Mali: جمهورية مالي only
        "شاهد عيان",  # Shahed: شاهد 136
        "卫星链路",  # 星链
        "湖南海关",  # 南海
        "伊斯兰国家",  # 伊斯兰国
        "爱国者治港",  # 爱国者导弹
        "火星探测",  # 火星-19
    ],
)
def test_common_words_are_no_entities(text: str) -> None:
    assert entities(text) == frozenset()


def test_a_city_brings_its_country_and_a_sea_none() -> None:
    assert with_countries(entities("Drone strike on El Fasher")) == {
        "place:el-fasher",
        "country:sd",
        "news:drone-strike",
    }
    assert with_countries(entities("Houthi attack in the Red Sea")) == {
        "body:houthis",
        "place:red-sea",
    }


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("North Korea conducts sixth nuclear test", "en"),
        ("La Corée du Nord procède à un sixième essai nucléaire", "fr"),
        ("Corea del Norte realiza su sexto ensayo nuclear", "es"),
        ("КНДР провела шестое ядерное испытание", "ru"),
        ("朝鲜进行第六次核试验", "zh"),
        ("كوريا الشمالية تجري تجربة نووية سادسة", "ar"),
    ],
)
def test_a_news_subject_is_one_id_in_six_languages(text: str, language: str) -> None:
    assert "news:nuclear-test" in entities(text, language)


def test_what_a_story_is_about_never_hides_a_name_nor_hides_in_one() -> None:
    withdrawal = entities("Россия вышла из Договора по открытому небу", "ru")
    assert {"treaty:open-skies", "news:treaty-withdrawal"} <= withdrawal
    assert entities("Comprehensive Nuclear-Test-Ban Treaty Organization") == {"body:ctbto"}
