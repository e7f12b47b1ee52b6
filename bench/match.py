"""Matcher throughput on one core, against a naive baseline measured in the same run.

Items: the labelled set and the sample feeds' entries, repeated to N. The baseline is the
obvious implementation the matcher replaces: one compiled regular expression per watchlist
term, tried in turn on the folded text. Prints items/s for both and, last,
``match_speedup_vs_regex_loop=X.XX``.

    .venv/bin/python bench/match.py [N]
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

from monitor.ingest.parser import parse_feed
from monitor.relevance.evaluation import load_labelled
from monitor.relevance.matching import Matcher
from monitor.relevance.textnorm import fold
from monitor.relevance.watchlists import load_watchlists
from monitor.types import MatchInput


def sample_items() -> list[MatchInput]:
    items = [
        MatchInput(i.title, i.summary, i.language)
        for i in load_labelled(ROOT / "tests" / "data" / "labelled")
    ]
    for path in sorted((ROOT / "examples" / "feeds").glob("*")):
        if path.suffix in (".rss", ".atom", ".xml"):
            items += [
                MatchInput(p.title, p.summary_text, p.language)
                for p in parse_feed(path.read_bytes())
            ]
    return items


def regex_loop(watchlists) -> list[re.Pattern[str]]:
    terms = {
        fold(term)
        for w in watchlists.watchlists
        for t in w.topics
        for terms in (*t.strong.values(), *t.broad.values())
        for term in terms
    }
    return [re.compile(rf"(?<!\w){re.escape(term)}(?!\w)") for term in terms]


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    watchlists = load_watchlists(ROOT / "watchlists")
    matcher = Matcher(watchlists)
    base = sample_items()
    items = (base * (count // len(base) + 1))[:count]
    matcher.match(items[0])

    started = time.perf_counter()
    matched = sum(1 for item in items if matcher.match(item))
    fast = count / (time.perf_counter() - started)

    patterns = regex_loop(watchlists)
    baseline_items = items[: max(count // 10, 1)]
    started = time.perf_counter()
    for item in baseline_items:
        text = fold(f"{item.title}\n{item.summary}")
        [p for p in patterns if p.search(text)]
    slow = len(baseline_items) / (time.perf_counter() - started)

    print(f"items={count} distinct={len(base)} matched={matched}")
    print(f"matcher_items_per_s={fast:,.0f}")
    print(f"regex_loop_items_per_s={slow:,.0f} ({len(patterns)} patterns)")
    print(f"match_speedup_vs_regex_loop={fast / slow:.2f}")


if __name__ == "__main__":
    main()
