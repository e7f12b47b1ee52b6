"""Large cities that are not capitals (``entities-cities.yaml``), in six languages, and the
names that only look like them."""

from __future__ import annotations

import pytest

from monitor.developments.entities import entities


@pytest.mark.parametrize(
    ("text", "language", "city"),
    [
        ("Police raid a 3D-printed gun workshop in São Paulo", "en", "place:sao-paulo"),
        ("Explosion près de Lyon : une usine d'armement touchée", "fr", "place:lyon"),
        ("Detenido en Barcelona un grupo que fabricaba drones", "es", "place:barcelona"),
        ("Беспилотник атаковал предприятие в Новосибирске", "ru", "place:novosibirsk"),
        ("深圳一家无人机企业发布新型号", "zh", "place:shenzhen"),
    ],
)
def test_a_large_city_is_found_in_each_language(text: str, language: str, city: str) -> None:
    assert city in entities(text, language)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Parties to the Kyoto Protocol meet on emissions", "en"),
        ("Встреча начнётся ровно в пять", "ru"),
        ("Boston Dynamics shows a new humanoid robot", "en"),
    ],
)
def test_a_treaty_a_word_or_a_company_named_after_a_city_is_no_city(
    text: str, language: str
) -> None:
    assert not {e for e in entities(text, language) if e.startswith("place:")}


def test_san_francisco_in_russian_is_no_sanaa() -> None:
    """ "Сан-Франциско" starts like "Сана" (Sanaa): the longer name wins."""
    found = entities("Конференция в Сан-Франциско", "ru")
    assert "place:san-francisco" in found
    assert "place:sanaa" not in found
