"""Sign-in throttling: too many failures for a name or from an address lock both out a while.

Pure bookkeeping over a clock (seconds); the web app asks before checking a password and
records each failure.
"""

from __future__ import annotations

import time
from collections import defaultdict, deque
from collections.abc import Callable

MAX_FAILURES = 5
WINDOW_SECONDS = 900.0
MAX_KEYS = 100_000


class LoginThrottle:
    """At most ``max_failures`` failed sign-ins per key (a user name, a client address)
    within ``window`` seconds; beyond that, sign-in for that key waits until the oldest
    failure leaves the window, whether or not the password is right."""

    def __init__(
        self,
        max_failures: int = MAX_FAILURES,
        window: float = WINDOW_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_failures = max_failures
        self.window = window
        self.clock = clock
        self._failures: dict[str, deque[float]] = defaultdict(deque)

    def wait(self, *keys: str) -> float:
        """Seconds to wait before another attempt under any of ``keys`` (0: go ahead)."""
        now = self.clock()
        longest = 0.0
        for key in keys:
            failures = self._recent(key, now)
            if len(failures) >= self.max_failures:
                longest = max(longest, failures[0] + self.window - now)
        return longest

    def failed(self, *keys: str) -> None:
        now = self.clock()
        for key in keys:
            self._recent(key, now).append(now)

    def succeeded(self, *keys: str) -> None:
        for key in keys:
            self._failures.pop(key, None)

    def _recent(self, key: str, now: float) -> deque[float]:
        if len(self._failures) > MAX_KEYS:  # bound memory under a spray of names
            self._failures = defaultdict(deque, {
                k: v for k, v in self._failures.items() if v and v[-1] > now - self.window})  # fmt: skip
        failures = self._failures[key]
        while failures and failures[0] <= now - self.window:
            failures.popleft()
        return failures
