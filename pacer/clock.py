"""Injectable clocks.

Every timing path reads time from a `Clock` instead of calling `time` directly, so tests can
freeze and advance time without sleeping, and the real app uses one monotonic source that never
jumps when the wall clock is changed.
"""

from __future__ import annotations

import time
from datetime import datetime
from typing import Protocol


class Clock(Protocol):
    """A source of monotonic seconds."""

    def now(self) -> float:
        """Seconds on a monotonic scale (only differences are meaningful)."""
        ...


class MonotonicClock:
    """The real clock: `time.monotonic`, immune to wall-clock changes."""

    def now(self) -> float:
        return time.monotonic()


class FakeClock:
    """A clock that only moves when a test moves it."""

    def __init__(self, start: float = 1000.0) -> None:
        self._now = start

    def now(self) -> float:
        return self._now

    def set(self, value: float) -> None:
        self._now = value

    def advance(self, seconds: float) -> None:
        self._now += seconds


def local_now() -> datetime:
    """The current wall-clock time with the local UTC offset, for timestamps people read."""
    return datetime.now().astimezone()
