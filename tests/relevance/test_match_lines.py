"""``monitor match``: every input line gets exactly one answer, and a bad line never stops
the run (random bytes and random JSON included)."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from monitor.cli import app as cli
from monitor.relevance.match_lines import answer
from monitor.relevance.matching import Matcher
from monitor.relevance.watchlists import WatchlistSet

GOOD = {"id": "g1", "title": "Drone swarms and lethal autonomous weapons systems", "summary": ""}


def _run(lines: list[bytes]) -> tuple[int, list[dict[str, object]]]:
    result = CliRunner().invoke(cli, ["match"], input=b"\n".join(lines) + b"\n")
    return result.exit_code, [json.loads(line) for line in result.output.splitlines()]


def test_each_bad_line_gets_its_error_and_the_run_goes_on() -> None:
    good = json.dumps(GOOD).encode()
    bad = {
        "deep": b"[" * 100_000 + b"]" * 100_000,
        "long number": b'{"id": 1, "title": ' + b"9" * 5000 + b"}",
        "no id": b'{"title": "x"}',
        "null id": b'{"id": null, "title": "x"}',
        "object id": b'{"id": {"a": 1}, "title": "x"}',
        "not an object": b"[1, 2]",
        "not json": b"{not json",
        "not utf-8": b'{"id": "\xff\xfe"}',
        "title not text": b'{"id": "t", "title": {"a": 1}}',
    }
    code, replies = _run([good, *bad.values(), good])
    assert code == 1
    assert len(replies) == len(bad) + 2
    assert replies[0]["id"] == replies[-1]["id"] == "g1" and replies[0]["sections"]
    for (name, _), reply in zip(bad.items(), replies[1:-1], strict=True):
        assert "error" in reply and str(reply["error"]).startswith("line "), (name, reply)
    assert replies[-2] == {"id": "t", "error": "line 10: title is not a string"}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.binary(max_size=200) | st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["id", "title", "summary", "language", "x"]), inner, max_size=5),
    max_leaves=10).map(lambda value: json.dumps(value).encode()), max_size=8))  # fmt: skip
def test_random_lines_get_one_answer_each(watchlists: WatchlistSet, lines: list[bytes]) -> None:
    matcher = _matcher(watchlists)
    good = json.dumps(GOOD).encode()
    for number, raw in enumerate([*lines, good], start=1):
        reply, bad = answer(matcher, number, raw, lambda m: {"section": m.section})
        json.dumps(reply)  # always serialisable
        assert bad == ("error" in reply) != ("sections" in reply)
    assert reply["sections"] and reply["id"] == "g1"


_MATCHERS: dict[int, Matcher] = {}


def _matcher(watchlists: WatchlistSet) -> Matcher:
    if id(watchlists) not in _MATCHERS:
        _MATCHERS[id(watchlists)] = Matcher(watchlists, 0.5)
    return _MATCHERS[id(watchlists)]
