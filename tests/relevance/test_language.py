"""Each item in its own language: the declared one is only the prior."""

from __future__ import annotations

import pytest

from monitor.relevance.language import detect_language, guess_language


@pytest.mark.parametrize(
    ("text", "declared", "expected"),
    [
        ("Premiers pas du mécanisme mondial sur la sécurité des TIC", "en", "fr"),
        ("El Consejo de Seguridad aprueba una resolución sobre los drones", "en", "es"),
        ("Совет Безопасности обсудил беспилотники", "en", "ru"),
        ("安理会讨论无人机", "fr", "zh"),
        ("مجلس الأمن يناقش الطائرات المسيرة", "en", "ar"),
        ("Neutral-atom computer runs 48 logical qubits", "en", "en"),
        ("Neutral-atom computer runs 48 logical qubits", "fr", "fr"),  # no French word against
        ("Startup unveils AI model that designs proteins", "ru", "en"),  # no Cyrillic at all
        ("The Conference of the States Parties opens in The Hague", None, "en"),
        ("", "es", "es"),
    ],
)
def test_the_text_decides_and_the_declared_language_breaks_ties(
    text: str, declared: str | None, expected: str
) -> None:
    assert detect_language(text, declared) == expected


def test_one_shared_word_does_not_overturn_the_declared_language() -> None:
    """One shared word ("des") in a Spanish feed's title is not enough to call it French."""
    assert detect_language("Drones des Andes", "es") == "es"
    assert guess_language("Drones des Andes") == "fr"
