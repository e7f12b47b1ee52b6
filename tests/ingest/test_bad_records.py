"""One bad record never costs the good ones: each adapter skips a malformed record, counts
it, and stores the others; ``monitor status`` says what was skipped. Random bytes and random
JSON records never fail a whole response nor lose a good record."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from monitor.app import App
from monitor.cli import app as cli
from monitor.config import Settings
from monitor.errors import ParseError
from monitor.ingest.adapters import KINDS, adapter_for
from monitor.ingest.feedserver import serve_directory
from monitor.ingest.records import skipped_of

SOURCES = Path(__file__).parents[1] / "data" / "sources"
JSON_SOURCES = {  # kind: (recorded response, records key path, id field)
    "crossref": ("crossref-works.json", ("message", "items"), "DOI"),
    "openalex": ("openalex-works.json", ("results",), "id"),
    "federal-register": ("federal-register.json", ("results",), "document_number"),
}
RECORDED = {"feed": "un-news-en.rss", "undl-marcxml": "undl-search.marcxml",
            "page": "meetings-page.html", **{k: v[0] for k, v in JSON_SOURCES.items()}}  # fmt: skip


def _records(kind: str) -> tuple[dict[str, Any], list[Any]]:
    data = json.loads((SOURCES / JSON_SOURCES[kind][0]).read_text(encoding="utf-8"))
    holder = data
    for key in JSON_SOURCES[kind][1][:-1]:
        holder = holder[key]
    return data, holder[JSON_SOURCES[kind][1][-1]]


def _with_records(kind: str, records: list[Any]) -> bytes:
    data, _ = _records(kind)
    data = copy.deepcopy(data)
    holder = data
    for key in JSON_SOURCES[kind][1][:-1]:
        holder = holder[key]
    holder[JSON_SOURCES[kind][1][-1]] = records
    return json.dumps(data).encode()


def _crossref_with_bad_records() -> tuple[bytes, int]:
    _, good = _records("crossref")
    bad = [copy.deepcopy(good[0]) for _ in range(4)]
    for record, n in zip(bad, range(4), strict=True):
        record["DOI"] = f"10.9999/bad{n}"
    bad[0]["published"] = {"date-parts": [["abc"]]}
    bad[0].pop("published-print", None)
    bad[0].pop("issued", None)
    bad[1]["title"] = {"en": "an object"}
    bad[2]["author"] = [{"name": {"first": "an object"}}]
    bad[3]["URL"] = ["https://a.example", "https://b.example"]
    records = [good[0], *bad[:2], *good[1:], *bad[2:]]
    return _with_records("crossref", records), len(good)


def test_a_crossref_list_with_bad_records_keeps_the_good_ones() -> None:
    body, good = _crossref_with_bad_records()
    items = adapter_for("crossref")(body, "application/json", "")
    assert len(items) == good
    skipped = skipped_of(items)
    assert len(skipped) == 4 and skipped[0].startswith("Crossref record 2: ValueError")
    assert not any("bad" in item.identity for item in items)


def test_status_says_which_records_were_skipped(settings: Settings, tmp_path: Path) -> None:
    body, good = _crossref_with_bad_records()
    (tmp_path / "feeds").mkdir()
    (tmp_path / "feeds" / "works.json").write_bytes(body)
    with serve_directory(tmp_path / "feeds") as base_url:
        sources = tmp_path / "sources.yaml"
        sources.write_text("sources:\n  - {id: crossref-test, title: Crossref, kind: crossref, "
                           f"url: '{base_url}/works.json'}}\n")  # fmt: skip
        application = App(settings.model_copy(update={"sources": sources}))
        application.init_database()
        (outcome,) = application.fetch(application.sources())
    assert outcome.error is None and outcome.new_items == good
    assert (outcome.records_skipped or "").startswith("4 records skipped: Crossref record 2")
    env = {"MONITOR_DATABASE_URL": application.settings.database_url, "COLUMNS": "400"}
    result = CliRunner().invoke(cli, ["status"], env=env)
    assert "4 records skipped: Crossref record 2" in result.output, result.output
    result = CliRunner().invoke(cli, ["status", "--json"], env=env)
    assert json.loads(result.output)["sources"][0]["last_skipped"].startswith("4 records")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kind=st.sampled_from(KINDS), data=st.binary(max_size=2000), cut=st.integers(0, 4000))
def test_random_bytes_raise_parse_error_or_parse(kind: str, data: bytes, cut: int) -> None:
    """Random bytes, and a recorded response cut short or with random bytes spliced in."""
    recorded = (SOURCES / RECORDED[kind]).read_bytes()
    for content in (data, recorded[:cut], recorded[:cut] + data + recorded[cut:]):
        try:
            items = adapter_for(kind)(content, None, "https://example.org/")
        except ParseError:
            continue
        assert isinstance(items, list)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kind=st.sampled_from(sorted(JSON_SOURCES)), data=st.data())
def test_random_json_records_never_cost_a_good_record(kind: str, data: st.DataObject) -> None:
    _, good = _records(kind)
    id_field = JSON_SOURCES[kind][2]
    keys = sorted({key for record in good for key in record})
    field = st.sampled_from(keys)
    random_records = data.draw(st.lists(
        JSON_VALUES | st.dictionaries(field, JSON_VALUES, max_size=6)
        | st.builds(lambda r, v: {**r, **v}, st.sampled_from(good),
                    st.dictionaries(field.filter(lambda k: k != id_field), JSON_VALUES,
                                    min_size=1, max_size=3)),
        max_size=6))  # fmt: skip
    for number, record in enumerate(random_records):
        if isinstance(record, dict) and id_field in record:
            record[id_field] = f"random-{number}"  # never the id of a good record
    records = [*good[:3], *random_records, *good[3:]]
    expected = adapter_for(kind)(_with_records(kind, good), None, "")
    items = adapter_for(kind)(_with_records(kind, records), None, "")
    identities = {item.identity for item in items}
    assert {item.identity for item in expected} <= identities  # no good record lost
    skipped = skipped_of(items)
    assert len(items) - len(expected) + len(skipped) <= len(random_records)
    bad_numbers = {int(line.split(":")[0].rsplit(" ", 1)[1]) for line in skipped}
    assert len(bad_numbers) == len(skipped)  # one line per bad record
    assert all(4 <= n <= 3 + len(random_records) for n in bad_numbers)
