"""Sound keys: one name alike across Latin and Cyrillic script and spellings."""

from __future__ import annotations

import pytest

from monitor.developments.grouping import FEATURES, features
from monitor.developments.signature import signature
from monitor.developments.sounds import sound_key, sound_keys

from .test_grouping import DAY, dev, sig


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [("Trump", "Трамп"), ("Biden", "Байден"), ("Ramon", "Рамон"), ("Kirkenes", "Киркенес"),
     ("Guterres", "Гутерриш"), ("Kadhimi", "Кадими")],
)  # fmt: skip
def test_a_name_and_its_russian_spelling_have_one_key(latin: str, cyrillic: str) -> None:
    assert sound_key(latin) is not None
    assert sound_key(latin) == sound_key(cyrillic)


def test_spellings_of_one_name_in_latin_languages_have_one_key() -> None:
    assert sound_key("Rosengård") == sound_key("Rosengard")
    assert sound_key("Philippines") == sound_key("Filipinas")


def test_different_names_and_short_names_have_no_common_key() -> None:
    assert sound_key("Trump") != sound_key("Tromsø")
    assert sound_key("Halle") is None  # two consonants: too little to tell names apart
    assert sound_keys(["Halle", "Biden"]) == {"bdn"}


def test_a_russian_report_shares_the_names_of_the_english_one() -> None:
    english = sig("Houthi drone strikes Ramon Airport near Eilat", "The terminal at Ramon was hit.")
    russian = signature(
        "Хуситы атаковали беспилотником аэропорт Рамон на юге Израиля",
        "Пострадал один человек.", "ru", "ru-outlet", DAY,
    )  # fmt: skip
    assert sound_key("Ramon") in russian.sounds
    found = features(russian, dev(english))
    assert found is not None and found[FEATURES.index("sound_name")] > 0


def test_a_sentence_opening_capital_and_a_shared_latin_name_give_no_sound_tie() -> None:
    russian = signature("Атака", "Беспилотник упал. Трамп выступил.", "ru", "ru", DAY)
    assert sound_key("Трамп") not in russian.sounds  # opens a sentence: says nothing
    first = sig("Ramon airport hit", "Airport of Ramon.")
    again = sig("Ramon airport reopens", "Airport of Ramon.", source="other")
    found = features(again, dev(first))
    assert found is not None and found[FEATURES.index("sound_name")] == 0  # latin_name has it
