"""Session numbers: digit and word ordinals in the six languages, abbreviations, non-ordinals."""

from __future__ import annotations

import pytest

from monitor.developments.numbers import session_numbers


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        # English
        ("OPCW Executive Council opens its 113th session in The Hague", "en", {113}),
        ("the 80th anniversary of the United Nations", "en", {80}),
        ("the Security Council's 9,876th meeting", "en", {9876}),
        ("the Thirtieth Session of the Conference of the States Parties", "en", {30}),
        ("its one hundred and thirteenth regular session", "en", {113}),
        ("the hundred thirteenth session", "en", {113}),
        ("the thirty-first meeting", "en", {31}),
        ("the third Review Conference", "en", {3}),
        ("the 5th Meeting of States Parties", "en", {5}),
        ("the 113th and 114th sessions", "en", {113, 114}),
        # French
        ("la 113e session du Conseil exécutif", "fr", {113}),
        ("sa 9 876e séance", "fr", {9876}),
        ("en 2026, la 113e session", "fr", {113}),
        ("le rapport 2026 113e session", "fr", {113}),
        ("la 113ème session", "fr", {113}),
        ("la 113ᵉ session", "fr", {113}),
        ("la 1re session de la Conférence", "fr", {1}),
        ("la trentième session de la Conférence des États parties", "fr", {30}),
        ("sa cent treizième session", "fr", {113}),
        ("la vingt et unième session", "fr", {21}),
        ("le soixante-dixième anniversaire", "fr", {70}),
        ("la soixante et onzième session", "fr", {71}),
        ("la quatre-vingt-dixième session", "fr", {90}),
        ("le quatre-vingtième anniversaire", "fr", {80}),
        ("la cent quatre-vingt-dix-neuvième session", "fr", {199}),
        ("l’onzième session", "fr", {11}),
        # Spanish
        ("el 30.º período de sesiones", "es", {30}),
        ("la 30.ª Conferencia", "es", {30}),
        ("el 30º período de sesiones", "es", {30}),
        ("la 4ta cumbre", "es", {4}),
        ("el trigésimo período de sesiones", "es", {30}),
        ("la trigésima Conferencia de los Estados Partes", "es", {30}),
        ("el centésimo decimotercer período de sesiones", "es", {113}),
        ("el centésimo decimotercero período de sesiones", "es", {113}),
        ("el vigésimo primer período de sesiones", "es", {21}),
        ("la décima tercera reunión", "es", {13}),
        ("la trigesima conferencia", "es", {30}),
        # Russian
        ("113-я сессия Исполнительного совета", "ru", {113}),
        ("на 113-й сессии", "ru", {113}),
        ("в ходе 113-го заседания", "ru", {113}),
        ("тридцатая сессия Конференции", "ru", {30}),
        ("на тридцатой сессии", "ru", {30}),
        ("на сто тринадцатой сессии", "ru", {113}),
        ("сто тридцать первое заседание", "ru", {131}),
        ("третья обзорная конференция", "ru", {3}),
        ("восьмидесятая годовщина", "ru", {80}),
        # Chinese
        ("执行理事会第113届会议", "zh", {113}),
        ("安理会第9876次会议", "zh", {9876}),
        ("第三十届缔约国大会", "zh", {30}),
        ("第一百一十三届会议", "zh", {113}),
        ("第二十一屆會議", "zh", {21}),
        ("第五次审议大会", "zh", {5}),
        # Arabic
        ("الدورة 113 للمجلس التنفيذي", "ar", {113}),
        ("الدورة ١١٣ للمجلس التنفيذي", "ar", {113}),
        ("الذكرى الـ80 لتأسيس الأمم المتحدة", "ar", {80}),
        ("الدورة الثلاثين لمؤتمر الدول الأطراف", "ar", {30}),
        ("في دورته الحادية عشرة", "ar", {11}),
        ("الدورة الثالثة عشرة بعد المائة للمجلس التنفيذي", "ar", {113}),
        ("الدورة الحادية والعشرين", "ar", {21}),
        ("المؤتمر الاستعراضي الحادي عشر", "ar", {11}),
        ("الدورة الأولى", "ar", {1}),
        # mixed scripts, whatever the language hint
        ("CSP-30 / 第三十届缔约国大会 / الدورة الثلاثين", None, {30}),
        ("113th session (113-я сессия)", "fr", {113}),
    ],
)
def test_ordinals(text: str, language: str | None, expected: set[int]) -> None:
    assert session_numbers(text, language) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CSP-30 opens in The Hague", {30}),
        ("decision EC-113/DEC.1", {113}),
        ("CSP30 side event", {30}),
        ("document C-30/DEC.5", {30}),
        ("COP29 and COP 30", {29, 30}),
        ("UNGA80 high-level week", {80}),
        ("the MSP–11 report", {11}),
    ],
)
def test_session_abbreviations(text: str, expected: set[int]) -> None:
    assert session_numbers(text, "en") == expected


@pytest.mark.parametrize(
    "text",
    [
        "3 drones were shot down",
        "the plan for 2026",
        "48 logical qubits",
        "the 2025 report on 1,200 sites",
        "F-35 and C-130 aircraft",
        "COVID-19, GPT-4 and DF-41",
        "MQ-9B and X-37B",
        "G20 and P5",
        "NVS-02 launch",
        "for the first time",
        "a third country",
        "the Second World War",
        "the fourth industrial revolution",
        "the First Committee and the Sixth Committee",
        "la Première Commission",
        "the second day of the session",
        "the 21st century",
        "the twentieth century",
        "on March 21st",
        "the 21st of March",
        "fifth-generation fighters",
        "5th-generation fighters",
        "Le Premier ministre",
        "le 1er janvier",
        "por primera vez",
        "в 2026-м году",
        "21-го марта",
        "XXI век, 21-й век",
        "90-е годы",
        "в течение 2-х дней",
        "第二次世界大战",
        "这是他第一次访问",
        "السنوات الثلاثين الماضية",
        "اليوم الثاني من الدورة",
        "اللجنة الأولى",
        "",
    ],
)
def test_not_session_numbers(text: str) -> None:
    assert session_numbers(text, None) == frozenset()


def test_language_is_only_a_hint() -> None:
    text = "la 113e session et la trentième session"
    assert session_numbers(text, "zh") == session_numbers(text, None) == {30, 113}


def test_a_chinese_substantive_or_organizational_session_has_its_number() -> None:
    assert session_numbers("开放式工作组第九次实质性会议上的发言", "zh") == {9}
    assert session_numbers("第二次组织会议在纽约举行", "zh") == {2}
    assert session_numbers("他第一次来到这里", "zh") == frozenset()
