"""The grouping rules (pure): one event across outlets and languages, near misses apart."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from monitor.developments.grouping import (
    FEATURES,
    JOIN_AT,
    KEY_POSTINGS,
    DevelopmentIndex,
    Profile,
    affinity,
    features,
    joined,
    keys,
    learned_weights,
)
from monitor.developments.signature import LEAD_CHARS, _figures, lead, signature
from monitor.types import Match

DAY = date(2026, 11, 16).toordinal()
CWC = Match("II.D", 0.9, ('¶38 CWC Review Conferences and the OPCW: "OPCW"',), None, (38,))
WEIGHT = dict(zip(FEATURES, learned_weights()[1], strict=True))  # the shipped weights.json
RARE_TIE = WEIGHT["rare_ties"]
SPACE = Match("II.E", 0.9, ('¶50 military reliance on space: "satellite"',), None, (50,))
LAWS = Match("II.A", 0.9, ('¶11 autonomous weapons systems: "autonomous weapon"',), None, (11,))


def sig(title: str, summary: str = "", language: str = "en", day: int = DAY, **kw: object):
    return signature(title, summary, language, kw.pop("source", "src"), day, **kw)  # type: ignore[arg-type]


def dev(*signatures, dev_id: int = 1) -> Profile:
    profile = Profile(dev_id, signatures[0].day, signatures[0].day, 0)
    for s in signatures:
        profile = joined(profile, s)
    return profile


def test_same_story_in_two_outlets_of_one_language_joins() -> None:
    first = sig("Chemical weapons conference opens in The Hague with call to end use",
                matches=(CWC,))  # fmt: skip
    second = sig("Conference on chemical weapons opens in The Hague amid calls to end use",
                 day=DAY + 1, matches=(CWC,), source="other")  # fmt: skip
    assert affinity(second, dev(first)) >= JOIN_AT


def test_other_language_joins_through_session_number_place_and_evidence() -> None:
    english = sig("OPCW Conference of the States Parties opens its thirtieth session",
                  "The session meets in The Hague.", matches=(CWC,))  # fmt: skip
    chinese = sig("禁止化学武器组织第三十届缔约国大会在海牙开幕", language="zh", day=DAY + 1,
                  matches=(CWC,), source="zh")  # fmt: skip
    assert affinity(chinese, dev(english)) >= JOIN_AT


def test_different_sessions_of_one_body_are_kept_apart() -> None:
    ec113 = sig("OPCW Executive Council opens its 113th session", matches=(CWC,))
    ec114 = sig("OPCW Executive Council opens its 114th session", day=DAY + 10,
                matches=(CWC,), source="b")  # fmt: skip
    assert affinity(ec114, dev(ec113)) is None


def test_different_draft_resolutions_voted_the_same_day_are_kept_apart() -> None:
    vote_41 = sig("First Committee approves draft A/C.1/80/L.41 on autonomous weapons",
                  symbols=("A/C.1/80/L.41",), matches=(LAWS,))  # fmt: skip
    vote_43 = sig("First Committee approves draft A/C.1/80/L.43 on autonomous weapons",
                  symbols=("A/C.1/80/L.43",), matches=(LAWS,), source="b")  # fmt: skip
    assert affinity(vote_43, dev(vote_41)) is None


def test_two_different_documents_are_two_developments() -> None:
    one = sig("Report of the Secretary-General", doc_symbol="A/80/78")
    other = sig("Report of the Secretary-General", doc_symbol="A/80/79", source="b")
    assert affinity(other, dev(one)) is None


def test_reports_more_than_fourteen_days_apart_are_different_developments() -> None:
    first = sig("Review Conference of the CCW opens", matches=(LAWS,))
    late = sig("Review Conference of the CCW opens", day=DAY + 15, matches=(LAWS,))
    assert affinity(late, dev(first)) is None


def test_two_incidents_of_one_kind_in_different_places_stay_apart() -> None:
    kyiv = sig("Drone strike hits power station near Kyiv", matches=(LAWS,))
    odesa = sig("Drone strike hits power station near Odesa", day=DAY + 2, matches=(LAWS,),
                source="b")  # fmt: skip
    assert affinity(odesa, dev(kyiv)) is None


def test_keys_include_symbols_url_and_title_word_pairs() -> None:
    found = keys(sig("Assembly adopts resolution 79/239", symbols=("A/RES/79/239",),
                     url="example.org/a"))  # fmt: skip
    assert "sym:A/RES/79/239" in found and "url:example.org/a" in found
    assert any(k.startswith("w:en:") for k in found)


def test_index_groups_in_order_and_bounds_postings() -> None:
    index = DevelopmentIndex()
    a, new_a = index.assign(sig("Quantum computer runs 48 logical qubits", matches=(LAWS,)))
    b, new_b = index.assign(sig("Quantum computer runs 48 logical qubits for first time",
                                day=DAY + 1, matches=(LAWS,), source="b"))  # fmt: skip
    assert new_a and not new_b and a.id == b.id and b.size == 2
    for number in range(KEY_POSTINGS + 10):
        index.add_posting("k", 100 + number, DAY + number)
    assert len(index.postings["k"]) == KEY_POSTINGS
    assert min(index.postings["k"].values()) == DAY + 10


def test_one_headline_with_other_numbers_is_another_incident() -> None:
    third = sig("Loitering munition strike number 3 hits depot", matches=(LAWS,))
    fourth = sig("Loitering munition strike number 4 hits depot", day=DAY + 1, matches=(LAWS,))
    assert affinity(fourth, dev(third)) is None


def test_an_outlets_second_item_needs_more_than_a_shared_topic() -> None:
    first = sig("OPCW Director-General visits Kenya", matches=(CWC,), source="opcw")
    second = sig("OPCW hosts training course for customs officers", day=DAY + 1,
                 matches=(CWC,), source="opcw")  # fmt: skip
    score = affinity(second, dev(first))
    assert score is None or score < JOIN_AT


def test_a_name_only_one_development_carries_ties_a_later_commentary_to_it() -> None:
    jamming = sig("GPS interference hits plane over Bulgaria",
                  "The aircraft landed at Plovdiv with paper maps.", matches=(LAWS,))  # fmt: skip
    commentary = sig("Plovdiv and the normalisation of signal warfare in European airspace",
                     day=DAY + 6, matches=(LAWS,), source="blog")  # fmt: skip
    event = dev(jamming)
    without = affinity(commentary, event)
    assert without is not None
    assert affinity(commentary, event, {"l:plovdiv": 1}) == pytest.approx(without + RARE_TIE)
    assert affinity(commentary, event, {"l:plovdiv": KEY_POSTINGS}) == without  # a common name


def test_a_capital_opening_a_sentence_is_no_name() -> None:
    found = sig("Takeaways from the space security group",
                "Last week in Geneva. Several states met Plovdiv officials.")  # fmt: skip
    assert found.latin_names == {
        "Geneva",
        "Plovdiv",
        "Takeaways",
    }  # a title's first word may be one


def test_two_named_weapons_tested_days_apart_are_two_developments() -> None:
    first = sig("Russia says it tested the Burevestnik cruise missile", matches=(LAWS,))
    second = sig("Russia says it tested the Poseidon underwater drone", day=DAY + 3,
                 matches=(LAWS,), source="other")  # fmt: skip
    same = sig("Russia says it tested the Burevestnik missile, Kremlin adds", day=DAY + 1,
               matches=(LAWS,), source="third")  # fmt: skip
    other_score = affinity(second, dev(first))
    assert other_score is None or other_score < JOIN_AT
    assert affinity(same, dev(first)) >= JOIN_AT


def test_a_draft_named_by_its_number_alone_joins_its_vote_and_not_another() -> None:
    vote = sig("First Committee approves A/C.1/81/L.27 on anti-satellite missile tests",
               symbols=("A/C.1/81/L.27",), matches=(LAWS,))  # fmt: skip
    commentary = sig("Who moved on L.27? Reading the vote", day=DAY + 5, source="blog")
    other = sig("Who moved on L.31? Reading the vote", day=DAY + 5, source="blog")
    assert "ln:L.27" in keys(commentary) & keys(vote)
    assert affinity(commentary, dev(vote)) >= JOIN_AT
    assert affinity(other, dev(vote)) is None


def test_a_latin_name_in_a_chinese_headline_is_a_name_and_finds_its_development() -> None:
    english = sig("Quantinuum unveils Helios, a 98-qubit trapped-ion computer")
    chinese = sig("Quantinuum发布Helios：98个钡离子量子比特", language="zh", day=DAY + 1,
                  source="zh")  # fmt: skip
    assert {"Quantinuum", "Helios"} <= chinese.latin_names
    index = DevelopmentIndex()
    first, _ = index.assign(english)
    assert index.assign(chinese)[0].id == first.id
    french = sig("Quantinuum dévoile un ordinateur", language="fr", day=DAY + 1, source="fr")
    assert first.id in index.ranked_ids(french, {"l:quantinuum"})  # named in the headline
    aside = sig("Un ordinateur quantique dévoilé", "Selon Quantinuum, il a 98 qubits.",
                language="fr", day=DAY + 1, source="fr")  # fmt: skip
    assert first.id not in index.ranked_ids(aside, {"l:quantinuum"})  # a summary's capital


def test_a_body_only_one_development_carries_is_a_rare_tie() -> None:
    release = sig("OpenAI releases open-weight reasoning models")
    spanish = sig("OpenAI publica sus primeros modelos abiertos", language="es", day=DAY + 1,
                  source="es")  # fmt: skip
    event = dev(release)
    without = affinity(spanish, event)
    assert affinity(spanish, event, {"e:body:openai": 1}) == pytest.approx(without + RARE_TIE)


def test_two_fields_prizes_are_two_developments() -> None:
    physics = sig("Nobel Prize in Physics goes to pioneers of superconducting circuits")
    chemistry = sig(
        "2025年诺贝尔化学奖授予金属有机框架研究", language="zh", day=DAY + 1, source="zh"
    )
    physics_zh = sig("2025年诺贝尔物理学奖揭晓 表彰电路中的宏观量子隧穿效应", language="zh",
                     day=DAY + 1, source="zh")  # fmt: skip
    rare = {"e:prize:nobel-physics": 1, "e:prize:nobel-chemistry": 1}
    assert affinity(physics_zh, dev(physics), rare) >= JOIN_AT
    other = affinity(chemistry, dev(physics), rare)
    assert other is None or other < JOIN_AT


def test_two_kinds_of_meeting_of_one_treaty_are_two_developments() -> None:
    working_group = sig("Working Group on strengthening the BWC closes its session in Geneva")
    same = sig("《生物武器公约》加强公约工作组在日内瓦闭幕", language="zh", day=DAY + 1,
               source="zh")  # fmt: skip
    states_parties = sig("《生物武器公约》缔约国会议在日内瓦开幕", language="zh", day=DAY + 5,
                         source="zh")  # fmt: skip
    event = dev(working_group)
    assert affinity(same, event) >= JOIN_AT
    other = affinity(states_parties, event)
    assert other is not None and other < JOIN_AT
    assert WEIGHT["other_meeting"] < 0  # another kind of meeting counts against joining


def test_figures_are_found_in_chinese_text_and_with_or_without_separators() -> None:
    """A count touches the characters around it in Chinese; "3000", "3 000" and "3,000" are
    one number, and "2,000" is a count, not a year, while "2025" stays a year."""
    chinese = sig("哈佛团队实现3000量子比特连续运行两小时", language="zh")
    french = sig("Un processeur de 3 000 qubits fonctionne en continu", language="fr")
    english = sig("Physicists arrange 2,000 atoms; a 3000-qubit array runs for hours in 2025")
    assert chinese.figures == french.figures == {"3000"}
    assert english.figures == {"2000", "3000"}
    assert not sig("A/80/78 and the Su-57 in 2025", "Reported in 2025年").figures


def test_a_name_in_a_headline_finds_the_development_that_names_it() -> None:
    """A commentary days later shares no topic or place with its event, only a name in its
    headline ("Kanagawa"): in an English headline not in title case, that name finds it."""
    index = DevelopmentIndex()
    event, _ = index.assign(sig("Kanagawa police arrest man for printing guns at home"))
    later = sig("Kanagawa arrest revives calls to regulate gun design files", day=DAY + 5)
    assert [d.id for d in index.candidates(later, keys(later))] == [event.id]
    title_case = sig("Kanagawa Arrest Revives Calls To Regulate Design Files", day=DAY + 5)
    assert "l:kanagawa" not in keys(title_case)  # every word capitalised: no name said


def test_a_subject_no_other_development_carries_ties_two_languages() -> None:
    """Rare earths, named in English and in French, tie the two reports of one decision."""
    english = sig("China expands rare earth export curbs to foreign-made products")
    french = sig("Terres rares : Pékin étend ses contrôles", language="fr", day=DAY + 1,
                 source="fr")  # fmt: skip
    assert "subject:rare-earths" in english.places & french.places
    event = dev(english)
    assert affinity(french, event, {"e:subject:rare-earths": 1}) == pytest.approx(
        affinity(french, event) + RARE_TIE
    )


def test_grouping_reads_a_long_summarys_lead_only() -> None:
    """Background paragraphs name other events: grouping reads a long summary's lead (up to
    ``LEAD_CHARS``), cut after a sentence."""
    lead_text = "Drones were seen over the Kleine-Brogel air base for a third night. " * 5
    background = "Last month, drones also closed the airport of Munich for several hours. " * 6
    assert lead(lead_text + background) == lead_text.rstrip()
    assert lead("A short summary.") == "A short summary."
    item = sig("Drones over a Belgian air base again", lead_text + background)
    assert "place:kleine-brogel" in item.places and "place:munich" not in item.places
    assert len(lead(lead_text * 3)) <= LEAD_CHARS


def test_two_records_of_one_document_join() -> None:
    """Both items are the document A/81/97 itself (its records in two languages' feeds):
    they join, and the document's own symbol is the strongest tie."""
    english = sig("A/81/97 : Report of the Secretary-General on science and technology",
                  symbols=["A/81/97"], doc_symbol="A/81/97")  # fmt: skip
    french = sig("A/81/97 : Rapport du Secrétaire général sur la science et la technique",
                 language="fr", day=DAY + 1, symbols=["A/81/97"], doc_symbol="A/81/97",
                 source="fr")  # fmt: skip
    assert affinity(french, dev(english)) >= JOIN_AT
    index = DevelopmentIndex()
    first, _ = index.assign(english)
    second, new = index.assign(french)
    assert not new and second.id == first.id


def test_capitals_in_a_summary_name_governments_not_another_incident() -> None:
    """ "Paris, Berlin and London condemn" names governments: only a headline's cities say
    where an event happened (the other-city penalty reads the headline)."""
    from monitor.developments.grouping import features

    launch = sig("Iran puts a satellite into orbit from Shahroud", "The Guards used a new rocket.",
                 matches=(SPACE,))  # fmt: skip
    reaction = sig("L'Iran lance un satellite, les Européens dénoncent une avancée balistique",
                   "Paris, Berlin et Londres y voient une violation de la résolution 2231.",
                   language="fr", day=DAY + 1, source="fr", matches=(SPACE,))  # fmt: skip
    elsewhere = sig("Satellite launch from Baikonur", day=DAY + 1, source="ru", matches=(SPACE,))
    other_city = FEATURES.index("other_city")
    assert reaction.title_cities == frozenset()
    assert features(reaction, dev(launch))[other_city] == 0.0
    assert features(elsewhere, dev(launch))[other_city] == 1.0


@pytest.mark.parametrize(
    "text",
    ["30,000 computers", "30 ألف جهاز", "30 тысяч компьютеров", "3万台电脑", "30 mil ordenadores"],
)
def test_a_count_with_a_word_for_thousands_is_one_figure_in_every_language(text: str) -> None:
    assert _figures(text) == {"30000"}


def test_millions_and_billions_with_decimals_and_separators() -> None:
    assert _figures("$175 billion") == _figures("1750亿美元") == {"175000000000"}
    assert _figures("175.000 millones") == {"175000000000"}
    assert _figures("8.5 million devices") == _figures("约850万台设备") == {"8500000"}
    assert _figures("the 2024 report") == frozenset()  # a year, not a count


def test_one_kind_of_meeting_the_same_day_may_tie_a_pair_that_shares_nothing_else() -> None:
    """Two reports of the Security Council's meeting the same day, in languages whose topics
    the watchlists did not both find, are scored (the weights decide); days apart, or with no
    meeting in common, nothing shared is no evidence of one event."""
    english = sig("Ebola: Security Council urges States to lift travel bans",
                  "The Council adopted its first resolution on a health crisis.")  # fmt: skip
    russian = sig("Совет Безопасности впервые принял резолюцию о вспышке заболевания",
                  language="ru", day=DAY + 1, source="ru")  # fmt: skip
    assert english.meetings & russian.meetings
    assert affinity(russian, dev(english)) is not None
    later = sig("Совет Безопасности обсудил вспышку заболевания", language="ru", day=DAY + 3,
                source="ru")  # fmt: skip
    assert affinity(later, dev(english)) is None


def test_a_commentary_days_later_leans_towards_the_event_it_discusses() -> None:
    event = dev(sig("North Korea test-fires new long-range cruise missiles", matches=(SPACE,)))
    report = sig("North Korea's new long-range cruise missile: a first look", day=DAY + 7,
                 matches=(SPACE,), source="blog")  # fmt: skip
    assert report.commentary and WEIGHT["commentary"] > 0
    found = features(report, event)
    assert found is not None and found[FEATURES.index("commentary")] == 1.0
    plain = replace(report, commentary=False)
    assert affinity(report, event) == pytest.approx(affinity(plain, event) + WEIGHT["commentary"])
    same_day = replace(report, day=DAY + 1)  # within two days it is read as a report
    assert features(same_day, event)[FEATURES.index("commentary")] == 0.0


def test_two_stories_about_different_things_lean_apart() -> None:
    ransomware = dev(sig("Ransomware attack cripples hospital network", matches=(LAWS,)))
    blackout = sig("Cyberattack causes power outage across the region", day=DAY + 1,
                   matches=(LAWS,), source="wire")  # fmt: skip
    other = FEATURES.index("other_news")
    assert blackout.news and ransomware.news and not blackout.news & ransomware.news
    assert features(blackout, ransomware)[other] == 1.0 and WEIGHT["other_news"] < 0
    russian = sig("Атака программы-вымогателя парализовала больницу", language="ru",
                  day=DAY + 1, matches=(LAWS,), source="ru")  # fmt: skip
    assert russian.news == ransomware.news
    assert features(russian, ransomware)[other] == 0.0
    assert not {e for e in russian.places if e.startswith("news:")}  # read apart from places
