"""Commentary headlines, per language (``commentary.py``)."""

from __future__ import annotations

import pytest

from monitor.developments.commentary import is_commentary


@pytest.mark.parametrize(
    ("title", "language"),
    [
        ("What the GPT-5 system card tells us about AI-enabled biological risk", "en"),
        ("Five takeaways from the space security working group's May session", "en"),
        ("Missing the chemical weapons deadline: what now?", "en"),
        ("Agents d'IA et cyberespionnage : ce que change la révélation du 13 novembre", "fr"),
        ("'Satán II': qué se sabe del misil que Rusia acaba de probar", "es"),
        ("Почему новый договор не остановит гонку", "ru"),
        ("解读：联合国大会通过首个人工智能决议", "zh"),
        ("انتهاء معاهدة «نيو ستارت»... ماذا يعني ذلك للعالم؟", "ar"),
        ("Frappe d'Anéfis : comment les drones ont changé la guerre dans le Nord", "fr"),
        ("The Halle attacker's homemade guns: what we know", "en"),
    ],
)
def test_analyses_explainers_and_questions_are_commentary(title: str, language: str) -> None:
    assert is_commentary(title, language)


@pytest.mark.parametrize(
    ("title", "language"),
    [
        ("North Korea test-fires new long-range cruise missiles", "en"),
        ("Tras votar sobre armas autónomas, la Primera Comisión respalda el texto", "es"),
        ("Le Conseil de sécurité condamne le tir de fusée de la RPDC", "fr"),
        ("联合国小武器大会通过《行动纲领》", "zh"),
        ("Somehow the talks on a drone code of conduct failed", "en"),
        ("What the GPT-5 system card tells us", None),  # no language: no markers to read
    ],
)
def test_reports_of_an_event_are_not(title: str, language: str | None) -> None:
    assert not is_commentary(title, language)
