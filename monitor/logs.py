"""Structured logs: one line per event on stderr, key=value, level from configuration.

structlog (with what it imports: rich, attrs, asyncio) is imported when the first line at
or above the configured level is written, not at start-up: a command that logs nothing
(``status``, a re-poll answered with 304s at the default level) never loads it.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable, MutableMapping
from typing import Any

from monitor.redact import scrub

_HIDDEN: set[str] = set()
_LEVELS = {"debug": 10, "info": 20, "warning": 30, "warn": 30, "error": 40, "exception": 40,
           "critical": 50, "fatal": 50}  # fmt: skip
_state: dict[str, Any] = {"level": 0}  # unconfigured: every line, structlog's own defaults


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
    """Set up the process's logs at ``level`` (structlog itself on the first line written)."""
    logging.basicConfig(format="%(message)s", stream=sys.stderr, level=level)
    for noisy in ("httpx", "httpcore", "alembic"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLevelName(level)))
    _state["level"] = logging.getLevelName(level)
    if "structlog" in sys.modules:
        _configure_structlog(level)
    else:
        _state["pending"] = level


def _configure_structlog(level: str) -> None:
    import structlog

    _state.pop("pending", None)
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


class Logger:
    """A logger with bound keys; lines below the configured level cost a comparison."""

    __slots__ = ("_bound",)

    def __init__(self, bound: dict[str, object]) -> None:
        self._bound = bound

    def bind(self, **more: object) -> Logger:
        return Logger({**self._bound, **more})

    def __getattr__(self, method: str) -> Any:
        if method not in _LEVELS:
            raise AttributeError(method)
        if _LEVELS[method] < _state["level"]:
            return _ignore
        return getattr(_structlog_logger().bind(**self._bound), method)


def _ignore(*_args: object, **_kwargs: object) -> None:
    return None


def _structlog_logger() -> Any:
    import structlog

    if "pending" in _state:
        _configure_structlog(_state["pending"])
    return structlog.get_logger("monitor")


def get_logger(**bound: object) -> Logger:
    return Logger(dict(bound))
