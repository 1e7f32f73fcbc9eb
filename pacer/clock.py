"""Injectable clocks.

Every timing path reads time from a `Clock` instead of calling `time` directly, so tests can
freeze and advance time without sleeping, and the real app uses one monotonic source that never
jumps when the wall clock is changed.
"""

from __future__ import annotations

import os
import time
from datetime import datetime, timedelta
from typing import Protocol

#: For tests only: an ISO date and time with its offset. When set, :func:`local_now` starts at
#: that moment and runs on from it (a tmux test adds a scan, then opens the app after it).
TEST_NOW = "PACER_TEST_NOW"


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


def test_now(value: str) -> datetime:
    """The moment a :data:`TEST_NOW` value names; ValueError naming it when it is not an ISO
    date and time with an offset (the command line says so and stops, exit 2)."""
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise ValueError(f"{TEST_NOW} '{value}' is not an ISO date and time with an offset, "
                         "like 2026-12-04T10:00:00+00:00")
    return moment


#: The test moment and the monotonic time it was first read at, per value of TEST_NOW.
_anchors: dict[str, tuple[datetime, float]] = {}


def local_now() -> datetime:
    """The current wall-clock time with the local UTC offset, for timestamps people read.

    With :data:`TEST_NOW` set (tests only) the clock starts at that moment and runs on; an
    unreadable value is ignored here (the command line refuses it before anything runs).
    """
    value = os.environ.get(TEST_NOW)
    if value:
        anchor = _anchors.get(value)
        if anchor is None:
            try:
                anchor = _anchors[value] = (test_now(value), time.monotonic())
            except ValueError:
                return datetime.now().astimezone()
        start, at = anchor
        return (start + timedelta(seconds=time.monotonic() - at)).astimezone()
    return datetime.now().astimezone()
