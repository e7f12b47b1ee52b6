"""Named military exercises, malware and threat-actor groups, the X-37B, German states, Danish
and Belgian places, cybersecurity companies, AI safety institutes and internet governance bodies
of the entities files, found in the six languages and kept apart from the words they resemble."""

from __future__ import annotations

import pytest

from monitor.developments.entities import all_names, entities

NEW = frozenset(
    {
        "body:eset",
        "body:kaspersky",
        "body:mandiant",
        "body:crowdstrike",
        "body:scattered-spider",
        "body:volt-typhoon",
        "body:salt-typhoon",
        "body:sandworm",
        "body:apt28",
        "body:lazarus-group",
        "body:uk-ai-security-institute",
        "body:caisi",
        "body:international-ai-safety-report",
        "body:wsis",
        "body:internet-governance-forum",
        "place:schleswig-holstein",
        "place:hamburg",
        "place:bavaria",
        "place:lower-saxony",
        "place:saxony",
        "place:saxony-anhalt",
        "place:thuringia",
        "place:baden-wurttemberg",
        "place:brandenburg",
        "place:hesse",
        "place:north-rhine-westphalia",
        "place:mecklenburg-vorpommern",
        "place:aalborg",
        "place:billund",
        "place:skrydstrup",
        "place:esbjerg",
        "place:liege",
        "place:zaventem",
        "place:kleine-brogel",
        "system:zapad-exercise",
        "system:vostok-exercise",
        "system:tsentr-exercise",
        "system:kavkaz-exercise",
        "system:ocean-exercise",
        "system:steadfast-defender",
        "system:defender-europe",
        "system:baltops",
        "system:cold-response",
        "system:rimpac",
        "system:talisman-sabre",
        "system:freedom-shield",
        "system:ulchi-freedom-shield",
        "system:joint-sword",
        "system:strait-thunder",
        "system:justice-mission",
        "system:northern-interaction",
        "system:malabar-exercise",
        "system:pitch-black-exercise",
        "system:promptlock",
        "system:shai-hulud",
        "system:rhadamanthys",
        "system:venomrat",
        "system:elysium-botnet",
        "system:lockbit",
        "system:blackcat-ransomware",
        "system:qilin-ransomware",
        "system:akira-ransomware",
        "system:notpetya",
        "system:wannacry",
        "system:stuxnet",
        "system:pegasus-spyware",
        "system:predator-spyware",
        "system:x-37b",
    }
)


def _of(kind: str, text: str) -> set[str]:
    return {entity for entity in entities(text) if entity.startswith(f"{kind}:")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Russian strategic exercises: the name with its year or with "exercise"
        ("Russia and Belarus hold Zapad-2025 drills", {"system:zapad-exercise"}),
        ("the Zapad exercises near Poland", {"system:zapad-exercise"}),
        ("les exercices Zapad en Biélorussie", {"system:zapad-exercise"}),
        ("Россия и Белоруссия провели учения «Запад-2025»", {"system:zapad-exercise"}),
        ("в ходе стратегических учений «Запад»", {"system:zapad-exercise"}),
        ("俄白“西方-2025”联合战略演习", {"system:zapad-exercise"}),
        ("مناورات زاباد 2025 في بيلاروسيا", {"system:zapad-exercise"}),
        ("China joins Vostok-2022", {"system:vostok-exercise"}),
        (
            "учения «Восток-2022» и «Кавказ-2020»",
            {"system:vostok-exercise", "system:kavkaz-exercise"},
        ),
        ("“东方-2022”和“中部-2019”演习", {"system:vostok-exercise", "system:tsentr-exercise"}),
        ("Russia's Ocean-2024 naval drills", {"system:ocean-exercise"}),
        ("учения «Океан-2024» на Тихом океане", {"system:ocean-exercise"}),
        # NATO and allied exercises
        ("NATO's Steadfast Defender 2024", {"system:steadfast-defender"}),
        ("учения НАТО «Стойкий защитник-2024»", {"system:steadfast-defender"}),
        ("北约“坚定捍卫者-2024”演习", {"system:steadfast-defender"}),
        ("مناورات المدافع الصامد", {"system:steadfast-defender"}),
        ("Defender-Europe 21 and BALTOPS 25", {"system:defender-europe", "system:baltops"}),
        ("учения «Балтопс» на Балтике", {"system:baltops"}),
        ("Cold Response 2024 in Norway", {"system:cold-response"}),
        ("RIMPAC 2024 and Talisman Sabre 2025", {"system:rimpac", "system:talisman-sabre"}),
        ("“环太平洋-2024”军演", {"system:rimpac"}),
        ("India hosts the Malabar exercise", {"system:malabar-exercise"}),
        ("Exercise Pitch Black 2024 in Darwin", {"system:pitch-black-exercise"}),
        # Korea: Ulchi Freedom Shield is no Freedom Shield
        ("South Korea and US begin Freedom Shield", {"system:freedom-shield"}),
        ("Ulchi Freedom Shield drills begin", {"system:ulchi-freedom-shield"}),
        ("韩美“乙支自由护盾”联合军演", {"system:ulchi-freedom-shield"}),
        ("韩美“自由护盾”联合军演", {"system:freedom-shield"}),
        # China around Taiwan
        ("PLA launches Joint Sword-2024A", {"system:joint-sword"}),
        ("“联合利剑-2024B”和“海峡雷霆-2025A”", {"system:joint-sword", "system:strait-thunder"}),
        ("учения «Объединённый меч — 2024А»", {"system:joint-sword"}),
        ("中俄“北部·联合-2024”演习", {"system:northern-interaction"}),
        ("Northern/Interaction-2024 drills", {"system:northern-interaction"}),
        # Malware, ransomware, spyware, botnets
        ("ESET finds PromptLock, the first AI ransomware", {"system:promptlock"}),
        ("the Shai-Hulud worm spreads on npm", {"system:shai-hulud"}),
        (
            "Operation Endgame hits Rhadamanthys, VenomRAT and the Elysium botnet",
            {"system:rhadamanthys", "system:venomrat", "system:elysium-botnet"},
        ),
        ("LockBit and ALPHV/BlackCat", {"system:lockbit", "system:blackcat-ransomware"}),
        (
            "Qilin ransomware and Akira ransomware attacks",
            {"system:qilin-ransomware", "system:akira-ransomware"},
        ),
        ("атака группировки Qilin", {"system:qilin-ransomware"}),
        (
            "NotPetya, WannaCry and Stuxnet",
            {"system:notpetya", "system:wannacry", "system:stuxnet"},
        ),
        ("震网病毒", {"system:stuxnet"}),
        ("le logiciel espion Pegasus", {"system:pegasus-spyware"}),
        ("шпионской программы Pegasus", {"system:pegasus-spyware"}),
        ("飞马间谍软件", {"system:pegasus-spyware"}),
        ("برنامج التجسس بيغاسوس", {"system:pegasus-spyware"}),
        ("Intellexa's Predator spyware", {"system:predator-spyware"}),
        # Spacecraft
        ("X-37B returns after 434 days", {"system:x-37b"}),
        ("Х-37В вернулся на Землю", {"system:x-37b"}),
        ("美国X-37B空天飞机", {"system:x-37b"}),
        ("طائرة X-37B الفضائية", {"system:x-37b"}),
    ],
)
def test_exercises_malware_and_spacecraft_are_systems(text: str, expected: set[str]) -> None:
    assert _of("system", text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "ESET, Kaspersky, Mandiant and CrowdStrike",
            {"body:eset", "body:kaspersky", "body:mandiant", "body:crowdstrike"},
        ),
        ("по данным «Лаборатории Касперского»", {"body:kaspersky"}),
        ("卡巴斯基实验室", {"body:kaspersky"}),
        ("Scattered Spider and Salt Typhoon", {"body:scattered-spider", "body:salt-typhoon"}),
        ("伏特台风和盐台风", {"body:volt-typhoon", "body:salt-typhoon"}),
        ("Sandworm hackers and APT28 (Fancy Bear)", {"body:sandworm", "body:apt28"}),
        ("хакеры группировки Sandworm", {"body:sandworm"}),
        ("North Korea's Lazarus Group", {"body:lazarus-group"}),
        ("مجموعة لازاروس الكورية الشمالية", {"body:lazarus-group"}),
        ("the UK AI Security Institute and CAISI", {"body:uk-ai-security-institute", "body:caisi"}),
        ("the second International AI Safety Report", {"body:international-ai-safety-report"}),
        (
            "le rapport international sur la sécurité de l'IA",
            {"body:international-ai-safety-report"},
        ),
        ("WSIS+20 review", {"body:wsis"}),
        ("信息社会世界峰会", {"body:wsis"}),
        ("القمة العالمية لمجتمع المعلومات", {"body:wsis"}),
        ("Internet Governance Forum in Norway", {"body:internet-governance-forum"}),
        ("Форума по управлению интернетом", {"body:internet-governance-forum"}),
        ("互联网治理论坛", {"body:internet-governance-forum"}),
    ],
)
def test_companies_groups_and_forums_are_bodies(text: str, expected: set[str]) -> None:
    assert _of("body", text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("drones over Schleswig-Holstein", {"place:schleswig-holstein"}),
        ("в Шлезвиг-Гольштейне", {"place:schleswig-holstein"}),
        ("Bavaria and Lower Saxony", {"place:bavaria", "place:lower-saxony"}),
        ("в Баварии и Нижней Саксонии", {"place:bavaria", "place:lower-saxony"}),
        ("巴伐利亚州和下萨克森州", {"place:bavaria", "place:lower-saxony"}),
        ("Brandenburg and Hesse", {"place:brandenburg", "place:hesse"}),
        ("Saxony and Saxony-Anhalt", {"place:saxony", "place:saxony-anhalt"}),
        ("в Саксонии-Анхальт и Тюрингии", {"place:saxony-anhalt", "place:thuringia"}),
        ("Bade-Wurtemberg et Hesse", {"place:baden-wurttemberg", "place:hesse"}),
        ("drones shut Aalborg airport", {"place:aalborg"}),
        ("l'aéroport de Liège", {"place:liege"}),
        ("Brussels Airport in Zaventem", {"place:brussels", "place:zaventem"}),
        ("drones over Kleine-Brogel air base", {"place:kleine-brogel"}),
    ],
)
def test_german_danish_and_belgian_places(text: str, expected: set[str]) -> None:
    assert _of("place", text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "a west wind blows",
        "the road to Zapadnaya Litsa",
        "отступили на запад",
        "санкции Запада",
        "санкции Запада 2025 года",
        "西方国家",
        "东方明珠",
        "ocean view apartments",
        "the Our Ocean conference",
        "Тихий океан",
        "a stout defender of free trade",
        "Malabar coast",
        "pitch black night",
        "a cold response from Moscow",
        "Akira Kurosawa",
        "the qilin of Chinese myth",
        "Pegasus Airlines",
        "Predator drone",
        "the Dune sandworm",
        "Lazarus rose from the dead",
        "自由贸易",
        "Bayern Munich won",
        "Brandenburg Gate",
        "Hermann Hesse",
        "Маша Гессен",
        "hamburger",
        "一系列日本企业",  # 列日
        "全国地震网络",  # 震网
        "汉堡包",
    ],
)
def test_words_like_the_new_names_are_none(text: str) -> None:
    assert not entities(text) & NEW


def test_the_new_ids_exist() -> None:
    assert set(all_names()) >= NEW


@pytest.mark.parametrize(
    "text",
    ["裁审会通过关于新兴技术的建议", "Комиссия ООН по разоружению завершила сессию",
     "اختتمت هيئة الأمم المتحدة لنزع السلاح دورتها"],
)  # fmt: skip
def test_the_disarmament_commission_by_its_short_names(text: str) -> None:
    assert "meeting:disarmament-commission" in entities(text, None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ICRC side event at the informal consultations", {"meeting:side-event",
                                                           "meeting:informal-consultations"}),
        ("在纽约举行的边会", {"meeting:side-event"}),
        ("круглый стол по ИКТ", {"meeting:roundtable"}),
        ("Global Roundtable on ICT security capacity-building", {"meeting:roundtable"}),
        ("un atelier régional à Dakar", {"meeting:workshop"}),
        ("ورشة عمل إقليمية", {"meeting:workshop"}),
    ],
)  # fmt: skip
def test_side_events_consultations_roundtables_and_workshops_are_kinds_of_meeting(
    text: str, expected: set[str]
) -> None:
    """Kinds of meeting, so that a side event and the session on whose margins it is held,
    or a roundtable and consultations in the same city that week, are two events."""
    assert _of("meeting", text) == expected
