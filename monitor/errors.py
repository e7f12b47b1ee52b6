"""One error hierarchy for everything the monitor reports to a user."""


class MonitorError(Exception):
    """Base of every error the monitor raises on purpose."""


class ConfigError(MonitorError):
    """A setting, a watchlist or a sources file is invalid (the message names where)."""


class FetchError(MonitorError):
    """A source could not be fetched; ``status`` is the HTTP status when there was one."""

    def __init__(
        self, message: str, status: int | None = None, retry_after: float | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after


class ParseError(MonitorError):
    """Fetched bytes are not a feed the monitor can read."""


class StorageLost(MonitorError):
    """The database file was deleted or replaced while the monitor ran: what it stored since
    went to the old file, which no one will read."""


class DeliveryError(MonitorError):
    """A digest could not be delivered."""
