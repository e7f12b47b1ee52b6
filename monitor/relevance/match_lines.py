"""``monitor match``'s protocol, line by line: a JSON line in, one JSON object out.

Every line gets exactly one answer: ``{"id", "sections"}``, or ``{"id", "error"}`` naming the
line and what is wrong with it (not JSON, too deep, a number too long, not an object, no
``id``, a field of the wrong type). A bad line never stops the run.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from monitor.relevance.matching import Matcher
from monitor.types import Match, MatchInput

MAX_LINE_BYTES = 1_000_000
MAX_ERROR = 200


class LineError(ValueError):
    """A line that is not a valid match request; ``record_id`` when it named one."""

    def __init__(self, message: str, record_id: str | int | None = None) -> None:
        super().__init__(message)
        self.record_id = record_id


def request(raw: bytes) -> tuple[str | int, MatchInput]:
    """A line's id and what the matcher reads; ``LineError`` when it is not valid."""
    if len(raw) > MAX_LINE_BYTES:
        raise LineError(f"longer than {MAX_LINE_BYTES} bytes")
    try:
        record = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise LineError(f"not UTF-8 (byte {exc.start})") from None
    except RecursionError:
        raise LineError("not JSON: nested too deeply") from None
    except ValueError as exc:
        raise LineError(f"not JSON: {str(exc)[:MAX_ERROR]}") from None
    if not isinstance(record, dict):
        raise LineError(f"not a JSON object but {type(record).__name__}")
    record_id = record.get("id")
    if record_id is None:
        raise LineError("no id")
    if isinstance(record_id, bool) or not isinstance(record_id, str | int):
        raise LineError("id is not a string or an integer")
    fields = {name: record.get(name) for name in ("title", "summary", "language")}
    for name, value in fields.items():
        if value is not None and not isinstance(value, str):
            raise LineError(f"{name} is not a string", record_id)
    return record_id, MatchInput(
        title=fields["title"] or "", summary=fields["summary"] or "", language=fields["language"]
    )


def answer(
    matcher: Matcher, number: int, raw: bytes, as_json: Callable[[Match], dict[str, Any]]
) -> tuple[dict[str, Any], bool]:
    """The answer to line ``number`` (each match shown by ``as_json``) and whether it is an
    error."""
    try:
        record_id, item = request(raw)
    except LineError as exc:
        return {"id": exc.record_id, "error": f"line {number}: {exc}"}, True
    return {"id": record_id, "sections": [as_json(m) for m in matcher.match(item)]}, False
