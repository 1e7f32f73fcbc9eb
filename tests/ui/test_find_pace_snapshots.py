"""Find your pace as it looks: the first pace at 80x24, and the result at 40x12."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot

from pacer.app import PacerApp
from pacer.clock import FakeClock
from pacer.screens.find_pace import PaceSessionScreen


async def settle(pilot: Pilot[Any]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def one_pace_then_strain(clock: FakeClock) -> Callable[[Pilot[Any]], Any]:
    """Breathe the first pace, rate it 8, breathe the second and call it a strain."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.app.run_action("app.find_pace")
        await settle(pilot)
        for rating in ("8", None):
            await pilot.press("enter")
            await settle(pilot)
            session = pilot.app.screen
            assert isinstance(session, PaceSessionScreen)
            clock.advance(session.session.timeline.duration + 1)
            session.tick()
            await settle(pilot)
            if rating is not None:
                await pilot.press(rating, "enter")
                await settle(pilot)
        await pilot.click("#pace-strain")
        await settle(pilot)

    return run_before


def test_find_pace_first_pace(snap_compare: Any, make_app: Callable[..., PacerApp]) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.app.run_action("app.find_pace")
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)


def test_find_pace_result_at_40x12(
    snap_compare: Any, make_app: Callable[..., PacerApp], clock: FakeClock
) -> None:
    assert snap_compare(make_app(), terminal_size=(40, 12),
                        run_before=one_pace_then_strain(clock))
