"""UN document symbols: explicit forms, phrasings in the six languages, properties."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from monitor.relevance import symbols


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("General Assembly adopted A/RES/79/239 on 24 December", ["A/RES/79/239"]),
        ("the report (A/80/78) was issued", ["A/80/78"]),
        ("resolution 79/239 on AI in the military domain", ["A/RES/79/239"]),
        ("resolutions 78/241 and 79/62", ["A/RES/78/241", "A/RES/79/62"]),
        ("la résolution 79/239 de l'Assemblée", ["A/RES/79/239"]),
        ("la resolución 79/62 sobre SAAL", ["A/RES/79/62"]),
        ("в резолюции 79/239 Генеральной Ассамблеи", ["A/RES/79/239"]),
        ("大会第 79/239 号决议", ["A/RES/79/239"]),
        ("安全理事会第 2370(2017)号决议", ["S/RES/2370 (2017)"]),
        ("القرار 79/239 بشأن الذكاء الاصطناعي", ["A/RES/79/239"]),
        ("Security Council resolution 2370 (2017)", ["S/RES/2370 (2017)"]),
        ("S/RES/2370(2017) and S/RES/2370 (2017)", ["S/RES/2370 (2017)"]),
        ("outcome document A/CONF.192/2024/RC/3.", ["A/CONF.192/2024/RC/3"]),
        ("guidelines A/AC.105/C.1/L.366", ["A/AC.105/C.1/L.366"]),
        ("decision 79/512 established the OEWG", ["A/DEC/79/512"]),
        ("draft a/c.1/80/l.43/rev.1 was approved", ["A/C.1/80/L.43/Rev.1"]),
        ("Abu Dhabi Guiding Principles (S/2023/1035)", ["S/2023/1035"]),
        ("press release GA/DIS/3745, open 24/7", []),
    ],
)
def test_extract_finds_and_normalises(text: str, expected: list[str]) -> None:
    assert symbols.extract(text) == expected


def test_normalise_rejects_non_symbols_and_keys_ignore_the_year() -> None:
    assert symbols.normalise("A/B") is None
    assert symbols.normalise("not a symbol") is None
    assert symbols.normalise("s/res/2370(2017)") == "S/RES/2370 (2017)"
    assert symbols.key("S/RES/2370 (2017)") == symbols.key("S/RES/2370") == "S/RES/2370"


@given(st.text())
def test_extract_never_fails_and_returns_canonical_symbols(text: str) -> None:
    for symbol in symbols.extract(text):
        assert symbols.normalise(symbol) == symbol


@given(
    st.sampled_from(["A", "S", "A/RES", "A/C.1", "A/AC.294"]),
    st.integers(1, 99),
    st.integers(1, 9999),
)
def test_normalise_is_idempotent(prefix: str, session: int, number: int) -> None:
    canonical = symbols.normalise(f"{prefix.lower()}/{session}/{number}")
    assert canonical is not None
    assert symbols.normalise(canonical) == canonical
    assert symbols.extract(f"see {canonical}.") == [canonical]
