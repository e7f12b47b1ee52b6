"""The rules that pick a research topic's terms for arXiv and Crossref (pure)."""

from __future__ import annotations

from urllib.parse import parse_qs, unquote_plus, urlsplit

import pytest

from monitor.ingest.queries import (
    QueryPlan,
    crossref_domain,
    generated_sources,
    is_technical,
    technical_terms,
)
from monitor.relevance.watchlists import Context, Topic, Watchlist, WatchlistSet


@pytest.mark.parametrize(
    "term",
    [
        "misuse of digital technologies",  # all generic: names no technology
        "digital verification technology",
        "dual-use digital technology",
        "weaponization of digital technologies",
        "verification technology for disarmament",  # two generic words of three
        "spyware proliferation",  # half generic
        "counter-space capability",
        "commercial cyber intrusion capabilities",
        "AI for verification",  # "AI" and a generic word: formal verification as much as arms control
        "AI-enabled verification",
        "ICT security",
        "malicious use of ICT",  # UN process wording ("malicious use of ICTs")
        "cyber confidence-building measure",
        "international law in cyberspace",
        "norms of responsible State behaviour",
        "counterspace",  # one word
        "machine learning for arms control verification",  # five words
    ],
)
def test_process_generic_and_vague_wording_is_not_a_technical_term(term: str) -> None:
    assert not is_technical(term)


@pytest.mark.parametrize(
    "term",
    [
        "active debris removal",
        "inspector satellite",
        "radar-absorbing material",
        "AI-enabled nuclear verification",  # "AI" beside a specific word
        "military AI",
        "autonomous weapons system",  # one generic word of three
        "AI-bio convergence",
        "attribution of cyberattacks",  # stop words do not count as generic
        "cyber weapons proliferation",  # one generic word of three
    ],
)
def test_specific_technical_wording_is_a_technical_term(term: str) -> None:
    assert is_technical(term)


def _topic(strong: list[str], broad: list[str] | None = None) -> Topic:
    return Topic(label="a topic", paragraph=1, strong={"en": strong}, broad={"en": broad or []})


def test_a_term_with_the_same_words_as_an_earlier_one_adds_nothing() -> None:
    topic = _topic([
        "drone swarm", "swarm of drones", "swarming drones", "AI swarm", "radar-absorbing material",
        "radar-absorbent materials", "loyal wingman", "collaborative combat aircraft",
    ])  # fmt: skip
    assert technical_terms(topic) == [
        "drone swarm", "AI swarm", "radar-absorbing material", "loyal wingman",
    ]  # fmt: skip


def test_crossref_domain_word_follows_the_topics_own_vocabulary() -> None:
    military = _topic(["drone strike", "military drone"])
    assert crossref_domain("drone strike", military) == "military"
    assert crossref_domain("military drone", military) == "weapon", "not a word of the term"
    biology = _topic(["AI-bio convergence", "AI and biosecurity"], ["synthetic biology"])
    assert crossref_domain("AI-bio convergence", biology) == "biosecurity"
    neither = _topic(["rocket artillery"])
    assert crossref_domain("rocket artillery", neither) == "military"


def test_a_topic_without_two_technical_terms_has_no_paper_query() -> None:
    policy = _topic(["misuse of digital technologies", "spyware proliferation", "ICT security",
                     "cyber weapons proliferation"])  # fmt: skip
    technical = _topic(["active debris removal", "space debris removal", "ClearSpace-1 mission"])
    watchlist = Watchlist(id="II.E", title="Space", paragraphs=(1, 2), topics=[policy, technical])
    sources = generated_sources(WatchlistSet((watchlist,), Context()), QueryPlan(undl=False))
    assert [s.id for s in sources] == ["arxiv-ii-e-2", "crossref-ii-e-2"]
    arxiv = unquote_plus(urlsplit(sources[0].url).query)
    assert "(all:active AND all:debris AND all:removal) OR (all:space AND all:debris" in arxiv
    assert parse_qs(urlsplit(sources[1].url).query)["query"] == ["active debris removal military"]
    assert "security" in arxiv.split(") AND (")[-1], "the security vocabulary's extra words"
