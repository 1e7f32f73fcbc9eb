"""Snapshots of Breathless now: the picture with large words, the card and the red flag at
80x24, the compact layout at 40x12 (the card below and scrolling, the short red flag), and
NO_COLOR, where the red flag must still stand out (its thick left bar needs no colour).

The session clock is a FakeClock moved to an exact instant, 2.5 s in (the first out-breath).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from pacer.app import PacerApp
from pacer.clock import FakeClock
from pacer.screens.session import BreathlessScreen


def breathless_at(clock: FakeClock, seconds: float) -> Callable[[Pilot[Any]], Any]:
    """A run_before hook: press l on Today, move the clock `seconds` past the start, update."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.press("l")
        await pilot.pause()
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, BreathlessScreen)
        clock.set(1000.0 + seconds)
        screen.tick()
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", [(80, 24), (40, 12)], ids=["80x24", "40x12"])
def test_breathless_now(
    snap_compare: Any, make_app: Callable[..., PacerApp], clock: FakeClock,
    size: tuple[int, int],
) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=breathless_at(clock, 2.5))


def test_breathless_now_without_colour(
    snap_compare: Any, make_app: Callable[..., PacerApp], clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app()
    assert app.no_color
    assert snap_compare(app, terminal_size=(80, 24), run_before=breathless_at(clock, 2.5))
