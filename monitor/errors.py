"""One error hierarchy for everything the monitor reports to a user."""


class MonitorError(Exception):
    """Base of every error the monitor raises on purpose."""


class ConfigError(MonitorError):
    """A setting, a watchlist or a sources file is invalid (the message names where)."""


class FetchError(MonitorError):
    """A source could not be fetched; ``status`` is the HTTP status when there was one.

    ``state`` is what the source's health shows (``failing`` unless a subclass says more).
    """

    state = "failing"

    def __init__(
        self, message: str, status: int | None = None, retry_after: float | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after


class BlockedError(FetchError):
    """The server answered, but not to us: 202/204 with no body, or a challenge page where a
    feed or JSON was expected. Never a reason to impersonate a browser."""

    state = "blocked"


class NeedsKeyError(FetchError):
    """The source needs a key the configuration does not give, or refused the one it gave."""

    state = "needs key"


class DeferredError(FetchError):
    """Not fetched now: the host's daily cap is reached (``retry_after``: until when)."""

    state = "deferred"


class ParseError(MonitorError):
    """Fetched bytes are not a feed the monitor can read."""


class StorageLost(MonitorError):
    """The database file was deleted or replaced while the monitor ran: what it stored since
    went to the old file, which no one will read."""


class DeliveryError(MonitorError):
    """A digest could not be delivered."""
