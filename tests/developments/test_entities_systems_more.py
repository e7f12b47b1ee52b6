"""More systems of entities-systems.yaml: Pakistani, Indian, Iranian, Houthi, Russian, Ukrainian,
Chinese, US and allied weapons, satellites and spacecraft, AI models and quantum processors,
found in the six languages and kept apart from the words and other systems they resemble."""

from __future__ import annotations

import pytest

from monitor.developments.entities import entities


def _systems(text: str) -> set[str]:
    return {entity for entity in entities(text) if entity.startswith("system:")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Pakistan: Fatah rockets (فتح with its number) apart from Iran's Fattah and Fath-360
        ("Pakistan test-fires Shaheen-III and Fatah-II", {"system:shaheen", "system:fatah"}),
        ("Пакистан испытал ракету «Шахин-3» и ракету «Бабур»", {"system:shaheen", "system:babur"}),
        ("巴基斯坦试射沙欣-3弹道导弹和“阿卜达利”导弹", {"system:shaheen", "system:abdali"}),
        ("باكستان تختبر صاروخ شاهين 3 وصاروخ فتح 4", {"system:shaheen", "system:fatah"}),
        ("إيران زودت روسيا بصواريخ فتح 360", {"system:fateh"}),
        ("صاروخ فتاح وصاروخ فتح 2", {"system:fattah", "system:fatah"}),
        ("Iran delivered Fath-360 and Fateh-110 missiles", {"system:fateh"}),
        # India
        (
            "India tests Prithvi-II, K-4 SLBM and Akash-NG",
            {"system:prithvi", "system:k-series-slbm", "system:akash"},
        ),
        ("印度试射“大地”-2导弹", {"system:prithvi"}),
        # Iran and the Houthis
        ("Иран запустил «Хорремшехр-4» и «Шахаб-3»", {"system:khorramshahr", "system:shahab"}),
        ("伊朗发射霍拉姆沙赫尔-4和流星-3导弹", {"system:khorramshahr", "system:shahab"}),
        (
            "صواريخ خرمشهر 4 وصواريخ عماد وقدر 110 وقاسم بصير",
            {"system:khorramshahr", "system:emad", "system:ghadr", "system:qassem-basir"},
        ),
        ("استهدفنا يافا بصاروخ فرط صوتي نوع «فلسطين 2»", {"system:palestine-2"}),
        ("Хуситы выпустили ракету «Палестина-2»", {"system:palestine-2"}),
        # Russia
        (
            "ракетами Х-22, Х-59 и противокорабельными ракетами «Оникс»",
            {"system:kh-22", "system:kh-59", "system:onyx"},
        ),
        (
            "сбиты ЗРК «Бук-М2» и «Тор-М2», ОТРК «Точка-У»",
            {"system:buk", "system:tor", "system:tochka"},
        ),
        ("俄军道尔-M2和山毛榉导弹", {"system:tor", "system:buk"}),
        (
            "دمرت منظومة بوك ومنظومة تور وصواريخ توشكا",
            {"system:buk", "system:tor", "system:tochka"},
        ),
        ("Russia launches Kosmos-2588", {"system:kosmos"}),
        ("Россия запустила спутник «Космос-2588»", {"system:kosmos"}),
        ("俄罗斯“宇宙-2588”卫星", {"system:kosmos"}),
        ("беспилотники «Гербера» и дроны «Молния»", {"system:gerbera", "system:molniya-drone"}),
        # Ukraine
        ("дрон «Лютый» и ракета-дрон «Паляница»", {"system:liutyi", "system:palianytsia"}),
        ("FP-1 drones and the FP-5 Flamingo", {"system:fp-1", "system:flamingo"}),
        # China
        (
            "长剑-1000、攻击-11、彩虹-7和东风-61",
            {"system:changjian", "system:gj-11", "system:caihong", "system:dongfeng"},
        ),
        ("卫星互联网低轨08组卫星与千帆极轨05组卫星", {"system:guowang", "system:qianfan"}),
        ("G60星链", {"system:qianfan"}),
        ("遥感四十五号和实践二十五号", {"system:yaogan", "system:shijian"}),
        # United States and allies
        ("Dark Eagle LRHW and a Type 12 missile", {"system:dark-eagle", "system:type-12"}),
        ("Джавелины и Стингеры", {"system:javelin", "system:stinger"}),
        ("标枪导弹和毒刺导弹", {"system:javelin", "system:stinger"}),
        ("GBU-57 Massive Ordnance Penetrator", {"system:gbu-57"}),
        ("YFQ-42A and YFQ-44A fly", {"system:yfq-42", "system:fury"}),
        ("Bayraktar TB3", {"system:bayraktar"}),
        # Spacecraft: Orion flies the Artemis missions
        ("Orion capsule splashes down", {"system:artemis"}),
        ("星际客机和龙飞船", {"system:starliner", "system:dragon"}),
        ("梦舟飞船和天舟九号", {"system:mengzhou", "system:tianzhou"}),
        # AI models and quantum processors
        ("gpt-oss-120b and GPT-5", {"system:gpt-oss", "system:gpt"}),
        ("文心一言、腾讯混元与豆包大模型", {"system:ernie", "system:hunyuan", "system:doubao"}),
        (
            "Quantinuum Helios and the US Navy's HELIOS laser",
            {"system:quantinuum-helios", "system:helios"},
        ),
        ("IBM Nighthawk and IBM Loon", {"system:ibm-nighthawk", "system:ibm-loon"}),
        ("天衍-504和本源悟空", {"system:tianyan", "system:origin-wukong"}),
    ],
)
def test_more_systems_are_recognised(text: str, expected: set[str]) -> None:
    assert _systems(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "حركة فتح وحماس",  # Fatah the movement: only فتح 1, 2, 4 and صاروخ فتح
        "فتح تحقيق في الحادث",
        "Shaheen Afridi took three wickets",
        "شاهين أفريدي",
        "طوفان الأقصى",  # صاروخ طوفان
        "Palestine 2-1 Jordan",  # Palestine-2 missile
        "فلسطين 2-1",
        "the Tor browser",
        "вышел в открытый космос",  # спутник Космос
        "огневая точка у дороги",  # ОТРК Точка
        "лютый мороз",  # дрон Лютый
        "Kimi Antonelli wins",
        "Bert and Ernie",  # ERNIE in capitals
        "the mistral wind",
        "a loon on the lake",
        "fury over tariffs",
        "Black Myth: Wukong",
        "Orion Nebula",
        "javelin throw final",
        "实践二十年",  # 实践二十五号
        "千帆竞发",  # 千帆星座
        "流星雨",
        "大地震",
    ],
)
def test_words_like_the_new_systems_are_none(text: str) -> None:
    assert _systems(text) == set()
