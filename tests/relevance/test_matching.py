"""The matcher's rules, on a small watchlist written for these tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from monitor.relevance.matching import Matcher
from monitor.relevance.watchlists import load_watchlists
from monitor.types import MatchInput

MINI = Path(__file__).parents[1] / "data" / "mini_watchlists"


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(load_watchlists(MINI), threshold=0.5)


def sections(
    matcher: Matcher, title: str, summary: str = "", language: str | None = None
) -> list[str]:
    return [m.section for m in matcher.match(MatchInput(title, summary, language))]


def test_strong_terms_match_in_any_inflection_and_language(matcher: Matcher) -> None:
    assert sections(matcher, "New loitering munitions unveiled") == ["II.B"]
    assert sections(matcher, "Des munitions rôdeuses testées", language="fr") == ["II.B"]
    assert sections(matcher, "Испытаны барражирующие боеприпасы") == ["II.B"]
    assert sections(matcher, "新型巡飞弹亮相") == ["II.B"]


def test_broad_terms_need_security_context_and_no_civilian_context(matcher: Matcher) -> None:
    assert sections(matcher, "Drone photographs a wedding") == []
    assert sections(matcher, "Army drone unit expands") == ["II.B"]
    assert sections(matcher, "Military drone used for medicine delivery") == []
    assert sections(matcher, "军事无人机部署") == ["II.B"]


def test_acronyms_are_case_sensitive(matcher: Matcher) -> None:
    assert sections(matcher, "Army fields new EW systems") == ["II.F"]
    assert sections(matcher, "Army says ew, the rations are bad") == []


def test_symbols_and_process_aliases_are_strong_evidence(matcher: Matcher) -> None:
    (match,) = matcher.match(MatchInput("Council recalls resolution 2370 (2017)"))
    assert match.section == "II.B"
    assert match.evidence == (
        "¶16 Prevention of UAS proliferation to non-State armed groups: S/RES/2370 (2017)",
    )
    assert match.paragraphs == (16,)
    assert sections(matcher, "States endorse the Abu Dhabi Guiding Principles") == ["II.B"]


def test_multi_label_with_scores_and_evidence(matcher: Matcher) -> None:
    matches = matcher.match(
        MatchInput("Fibre-optic loitering munitions defeat electronic warfare", "")
    )
    assert [m.section for m in matches] == ["II.B", "II.F"]
    assert all(0.0 < m.score <= 1.0 for m in matches)
    assert matches[0].evidence == ('¶13 loitering munitions: "loitering munition"',)


def test_more_evidence_scores_higher(matcher: Matcher) -> None:
    one = matcher.score(MatchInput("loitering munition"))[0].score
    two = matcher.score(MatchInput("loitering munition under S/2023/1035"))[0].score
    assert one < two <= 1.0


def test_threshold_filters_weak_sections() -> None:
    strict = Matcher(load_watchlists(MINI), threshold=0.95)
    assert strict.match(MatchInput("loitering munition")) == []
    assert strict.score(MatchInput("loitering munition"))[0].section == "II.B"


def test_a_topic_absorbs_the_section_of_its_target(matcher: Matcher) -> None:
    """The drones a counter-drone laser shoots down are its target, not an II.B story."""
    assert sections(matcher, "Army drone strike kills two") == ["II.B"]
    assert sections(matcher, "Army counter-drone laser downs a drone swarm") == ["II.F"]


def test_words_inside_a_longer_phrase_are_not_evidence_again(matcher: Matcher) -> None:
    one = matcher.score(MatchInput("Army drone swarm exercise"))
    assert [m.evidence for m in one] == [('¶13 loitering munitions: "drone swarm"',)]
    two = matcher.score(MatchInput("Army drone swarm exercise", "A drone crashed."))
    assert two[0].evidence == ('¶13 loitering munitions: "drone", "drone swarm"',)


def test_a_civilian_word_inside_a_watchlist_phrase_is_not_civilian_context(
    matcher: Matcher,
) -> None:
    """ "Bourse" (the stock exchange) inside "programme de bourses" (fellowships) is no sign of
    a civilian story; here the civilian word is "swarm" (of bees), inside "drone swarm"."""
    assert sections(matcher, "Army drone exercise", "A swarm delayed it.") == []
    assert sections(matcher, "Army drone swarm exercise") == ["II.B"]


def test_a_term_inside_a_denial_is_not_evidence(matcher: Matcher) -> None:
    assert sections(matcher, "Outage: ministry says no electronic warfare was involved") == []
    assert sections(matcher, "Airport radar fault: police ruled out jamming by the army") == []
    assert sections(matcher, "Electronic warfare blamed for airport radar fault") == ["II.F"]


def test_broad_words_in_the_title_outrank_broad_words_in_the_summary(matcher: Matcher) -> None:
    """With no distinctive evidence, the title names the story's topic."""
    assert sections(matcher, "Army drone unit expands", "Its jamming kit is old.") == ["II.B"]
    assert sections(matcher, "Army unit expands", "Its drones and jamming kit are old.") == [
        "II.B",
        "II.F",
    ]


def test_a_topic_implies_a_second_section_as_broad_evidence(tmp_path: Path) -> None:
    """A drone swarm is an AI story and an uncrewed-systems one; the implied section counts
    as broad evidence, so it is named only from the title beside the distinctive one."""
    (tmp_path / "ii-a.yaml").write_text(
        "id: II.A\ntitle: AI\nparagraphs: [5, 11]\ntopics:\n"
        "  - {label: swarming, paragraph: 6, strong: {en: [drone swarm]}, implies: [II.B]}\n"
        "  - {label: targeting, paragraph: 7, strong: {en: [AI targeting]}}\n"
    )
    (tmp_path / "ii-b.yaml").write_text(
        "id: II.B\ntitle: Uncrewed\nparagraphs: [12, 17]\ntopics:\n"
        "  - {label: loitering munitions, paragraph: 13, strong: {en: [loitering munition]}}\n"
    )
    implying = Matcher(load_watchlists(tmp_path))
    assert sections(implying, "Army tests a drone swarm") == ["II.A", "II.B"]
    assert sections(implying, "AI targeting tested", "A drone swarm flew too.") == ["II.A"]


def test_broad_words_of_two_topics_of_a_section_count_without_security_words(
    matcher: Matcher,
) -> None:
    """Two of a section's topics named together (one in the title) are its subject; one
    topic's synonyms are not, nor is anything beside a civilian word."""
    assert sections(matcher, "Jamming and high-power microwave research") == ["II.F"]
    assert sections(matcher, "Jamming research", "EW and jamming explained.") == []
    assert sections(matcher, "Jamming and high-power microwave research on a farm") == []


CONVERGENCE_TOPIC = """id: IV
title: Conclusions
paragraphs: [86, 91]
topics:
  - label: convergence between technologies
    paragraph: 88
    converging: 2
    strong:
      en: [technology convergence]
"""


def test_technologies_of_several_sections_named_with_a_convergence_word_are_convergence(
    tmp_path: Path,
) -> None:
    shutil.copytree(MINI, tmp_path, dirs_exist_ok=True)
    (tmp_path / "iv.yaml").write_text(CONVERGENCE_TOPIC, encoding="utf-8")
    matcher = Matcher(load_watchlists(tmp_path), threshold=0.5)
    assert "IV" in sections(matcher, "Loitering munitions and electronic warfare converge")
    assert "IV" not in sections(matcher, "Loitering munitions meet electronic warfare")
    assert "IV" not in sections(matcher, "Electronic warfare and jamming converge")  # one section
