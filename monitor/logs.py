"""Structured logs: one line per event on stderr, key=value, level from configuration."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable, MutableMapping
from typing import Any

import structlog

from monitor.redact import scrub

_HIDDEN: set[str] = set()


def hide(values: Iterable[str]) -> None:
    """Secret values to mask in every log line from now on (URLs are redacted anyway)."""
    _HIDDEN.update(value for value in values if value)


def _redact(
    _logger: object, _name: str, event: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    for key, value in event.items():
        if isinstance(value, str):
            event[key] = scrub(value, _HIDDEN)
    return event


def configure(level: str = "INFO") -> None:
    """Set up structlog once for the process."""
    logging.basicConfig(format="%(message)s", stream=sys.stderr, level=level)
    for noisy in ("httpx", "httpcore", "alembic"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLevelName(level)))
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            _redact,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.KeyValueRenderer(key_order=["timestamp", "level", "event"]),
        ],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level)),
        logger_factory=lambda *_args: _Stderr(),
        cache_logger_on_first_use=True,
    )


class _Stderr:
    """Writes each line to the *current* ``sys.stderr`` (tests and daemons replace it)."""

    def msg(self, message: str) -> None:
        print(message, file=sys.stderr, flush=True)  # noqa: T201

    log = debug = info = warning = warn = error = critical = exception = fatal = msg


def get_logger(**bound: object) -> structlog.typing.FilteringBoundLogger:
    return structlog.get_logger("monitor").bind(**bound)
