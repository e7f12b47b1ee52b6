"""Generated queries and `monitor sources check-queries`: each service's query semantics
offline, over the labelled set and the recorded research responses."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, unquote_plus, urlsplit

from typer.testing import CliRunner

from monitor.cli import app as cli
from monitor.config import PROJECT_ROOT
from monitor.ingest.corpus import SOURCES, load_corpus
from monitor.ingest.queries import PROCESS_WORDS, QueryPlan, generated_sources
from monitor.ingest.querycheck import (
    Document,
    arxiv,
    crossref,
    federal_register,
    openalex,
    searches,
)
from monitor.ingest.sources import load_plan
from monitor.relevance.watchlists import WatchlistSet

CATALOGUE = PROJECT_ROOT / "watchlists" / "sources.yaml"
PAPER = Document.of(
    "Decentralized swarm coordination under GNSS denial",
    "Small uncrewed aircraft keep formation when jamming degrades military navigation.",
    "en",
    "test",
)


def test_arxiv_semantics_fields_phrases_and_operators() -> None:
    assert arxiv('all:"swarm coordination" AND all:military')(PAPER)
    assert arxiv("ti:swarm ANDNOT abs:military")(PAPER) is False
    assert arxiv('(all:"drone swarm" OR all:jamming) AND (all:weapon OR all:military)')(PAPER)
    assert arxiv('all:"coordination swarm"')(PAPER) is False  # a phrase keeps its order
    assert arxiv("au:someone")(PAPER) is False


def test_crossref_words_openalex_all_words_federal_register_pipe() -> None:
    assert crossref("swarm jamming agriculture")(PAPER)  # two of three words
    assert crossref("swarm agriculture irrigation")(PAPER) is False
    assert openalex('"swarm coordination" military')(PAPER)
    assert openalex("swarm NOT military")(PAPER) is False
    assert federal_register('quantum | "uncrewed aircraft"')(PAPER)
    assert federal_register('quantum OR "uncrewed aircraft"')(PAPER) is False  # OR is a word


def test_generated_paper_queries_use_technical_terms_and_a_domain_word(
    watchlists: WatchlistSet,
) -> None:
    plan = load_plan(CATALOGUE)
    assert plan is not None
    sources = generated_sources(watchlists, plan)
    papers = [s for s in sources if s.id.startswith(("arxiv-", "crossref-"))]
    assert papers and all(s.id.split("-")[1] == "ii" for s in papers), "technology sections"
    for source in papers:
        query = unquote_plus(urlsplit(source.url).query)
        assert "AND (all:military OR" in query or "crossref" in source.id, source.id
        terms = query.split(") AND (all:military")[0]
        words = {w.strip('()"').split(":")[-1].lower() for w in terms.split()}
        assert not words & PROCESS_WORDS, (source.id, words & PROCESS_WORDS)
    crossref_queries = [parse_qs(urlsplit(s.url).query)["query"][0] for s in papers
                        if s.kind == "crossref"]  # fmt: skip
    assert all(2 <= len(q.split()) <= 5 for q in crossref_queries), crossref_queries
    symbols = [s for s in sources if s.kind == "undl-marcxml"]
    assert symbols and all("191__a" in unquote_plus(s.url) for s in symbols)
    assert all(s.every.days == 7 for s in symbols), "old fixed symbols are searched weekly"
    names = [unquote_plus(s.url) for s in sources if s.id.startswith("undl-") and s.kind == "feed"]
    assert not any('"DA ASAT"' in n or '"cyber PoA"' in n for n in names)
    every_section = {s.id.split("-")[1] for s in generated_sources(
        watchlists, QueryPlan(per_watchlist=1, total=len(watchlists.watchlists)))}  # fmt: skip
    assert len(every_section) > 1, "a low total still reaches several sections"


def test_check_queries_passes_on_the_catalogue_and_reports_a_query_that_finds_nothing(
    tmp_path: Path,
) -> None:
    runner = CliRunner()
    env = {"MONITOR_SOURCES": str(CATALOGUE)}
    result = runner.invoke(cli, ["sources", "check-queries", "--json"], env=env)
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert {r["service"] for r in rows} == {"arXiv", "Crossref", "OpenAlex", "Federal Register"}
    generated = [r for r in rows if r["origin"] == "generated"]
    assert len(generated) >= 40
    reported = [(r["id"], r["verdict"]) for r in rows if r["verdict"] != "ok"]
    assert reported == [], "every query finds something, at least half of it in scope"
    assert all(r["hits"] and r["in_scope"] * 2 >= r["hits"] for r in rows)
    table = runner.invoke(cli, ["sources", "check-queries"], env={**env, "COLUMNS": "200"})
    assert table.exit_code == 0 and f"{len(rows)} queries: 0 reported" in table.stdout

    corpus = tmp_path / "tiny.jsonl"
    corpus.write_text(json.dumps({"title": "Maize yields under drought", "summary": "Farm "
                                  "drones estimate yields.", "language": "en"}) + "\n")  # fmt: skip
    failing = runner.invoke(cli, ["sources", "check-queries", "--corpus", str(corpus)],
                            env={**env, "COLUMNS": "200"})  # fmt: skip
    assert failing.exit_code == 1 and "no hit" in failing.stdout


def test_the_real_paper_fixtures_hold_civilian_neighbours_no_generated_query_finds(
    watchlists: WatchlistSet,
) -> None:
    """Papers that use a topic's words without the security vocabulary (spacecraft inspection
    for servicing, microwave absorbers, a microsatellite inspector) are not found."""
    plan = load_plan(CATALOGUE)
    assert plan is not None
    predicates = [p for *_, p in searches(generated_sources(watchlists, plan))]
    corpus = load_corpus([SOURCES / "arxiv-topics.atom", SOURCES / "crossref-topics.json"])
    assert len(corpus) == 24
    found = {d.title for d in corpus if any(predicate(d) for predicate in predicates)}
    neighbours = {d.title for d in corpus if d.title.startswith((
        "Deep Reinforcement Learning for Autonomous Spacecraft Inspection",
        "Mission Design and Trajectory Analysis for Inspection of a Host Spacecraft",
        "Structural Engineering of Hierarchical Aerogels", "An optical-transparent metamaterial",
        "Attention Is All You Need", "Deep Residual Learning", "Deep learning",
    ))}  # fmt: skip
    assert len(neighbours) == 7 and not neighbours & found
    assert "Dynamics of space debris removal: A review" in found
