"""Snapshot tests: what Today and a breathing session look like at 80x24.

Everything that could change between runs is pinned: the wall clock (WALL_NOW), the session
clock (a FakeClock moved to an exact instant) and the cursor (no blinking).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot

from pacer.app import PacerApp
from pacer.clock import FakeClock
from pacer.domain.patterns import BUILTIN
from pacer.screens.session import SessionScreen
from pacer.store import Store
from tests.ui.conftest import seed_week

SIZE = (80, 24)


def at_seconds(clock: FakeClock, seconds: float) -> Callable[[Pilot[Any]], Any]:
    """A run_before hook: move the session clock to `seconds` after its start, then update."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, SessionScreen)
        clock.set(1000.0 + seconds)
        screen.tick()
        await pilot.pause()

    return run_before


def test_home_screen(snap_compare: Any, make_app: Callable[..., PacerApp], store: Store) -> None:
    seed_week(store)
    assert snap_compare(make_app(), terminal_size=SIZE)


def test_breathe_screen(snap_compare: Any, make_app: Callable[..., PacerApp]) -> None:
    assert snap_compare(make_app(), terminal_size=SIZE, press=["b", "down", "down", "down", "down"])


def test_session_mid_inhale(
    snap_compare: Any, make_app: Callable[..., PacerApp], clock: FakeClock
) -> None:
    app = make_app(start=(BUILTIN["resonance"], 5))
    assert snap_compare(app, terminal_size=SIZE, run_before=at_seconds(clock, 2.0))


def test_session_holding_at_the_top(
    snap_compare: Any, make_app: Callable[..., PacerApp], clock: FakeClock
) -> None:
    app = make_app(start=(BUILTIN["box"], 5))
    assert snap_compare(app, terminal_size=SIZE, run_before=at_seconds(clock, 5.2))


def test_session_reduced_motion(
    snap_compare: Any, make_app: Callable[..., PacerApp], clock: FakeClock
) -> None:
    app = make_app(start=(BUILTIN["resonance"], 5), reduced_motion=True)
    assert snap_compare(app, terminal_size=SIZE, run_before=at_seconds(clock, 5.5))
