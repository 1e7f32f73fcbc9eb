"""Shared fixtures for the UI tests: a real Store in a temporary folder, a FakeClock, and a
fixed wall clock so nothing on screen depends on the real date."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from textual.widgets import Input

from pacer.app import PacerApp
from pacer.clock import FakeClock
from pacer.domain.patterns import Pattern
from pacer.store import Store

# A Wednesday afternoon, far from midnight and from the week's edges.
WALL_NOW = datetime(2025, 3, 12, 15, 30, tzinfo=timezone(timedelta(hours=1)))


@pytest.fixture(autouse=True)
def no_cursor_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """A blinking cursor makes screenshots depend on timing; keep it steady."""
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "pacer-data")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(start=1000.0)


@pytest.fixture
def wall() -> Callable[[], datetime]:
    return lambda: WALL_NOW


@pytest.fixture
def make_app(
    store: Store, clock: FakeClock, wall: Callable[[], datetime]
) -> Callable[..., PacerApp]:
    """Build a PacerApp wired to the test store, the fake clock and the fixed wall clock."""

    def build(
        start: tuple[Pattern, float] | None = None,
        *,
        reduced_motion: bool | None = False,
        first_run_notes: bool = False,
    ) -> PacerApp:
        return PacerApp(
            store,
            clock=clock,
            start=start,
            reduced_motion=reduced_motion,
            wall_clock=wall,
            sound=False,  # no audio device in tests; test_session opens a null one on purpose
            # The welcome and the per-pattern safety notes are tested on their own (test_welcome);
            # elsewhere they would only stand in front of the screen under test.
            first_run_notes=first_run_notes,
        )

    return build


def session_record(
    started: datetime, seconds: float, *, completed: bool = True, after: int | None = None
) -> dict:
    """A session record as the app writes it, for seeding the store."""
    return {
        "started": started.isoformat(timespec="seconds"),
        "ended": (started + timedelta(seconds=seconds)).isoformat(timespec="seconds"),
        "pattern": "resonance",
        "rhythm": "4-0-6-0",
        "seconds": float(seconds),
        "planned_seconds": float(seconds),
        "completed": completed,
        "before": None,
        "after": after,
        "note": None,
        "source": "app",
    }


def seed_week(store: Store) -> None:
    """Today 15 min (10 + 5), Monday 20 min, last Sunday 30 min (not this week)."""
    today = WALL_NOW.replace(hour=8, minute=0)
    store.append_session(session_record(today, 600))
    store.append_session(session_record(today.replace(hour=12), 300, completed=False))
    store.append_session(session_record(today - timedelta(days=2), 1200))
    store.append_session(session_record(today - timedelta(days=3, hours=1), 1800))
