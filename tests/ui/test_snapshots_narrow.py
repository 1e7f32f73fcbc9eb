"""Snapshots at 40x12, the smallest size Pacer announces, of the screens laid out for it: one
scrolling column, nothing cut ("Histo…", "10"), dialogs whose buttons fit, notices clear of the
breathing words.

Pinned like the 80x24 ones: the wall clock (WALL_NOW), the session clock (a FakeClock moved to
an exact instant) and the cursor (no blinking).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from pacer.app import PacerApp
from pacer.clock import FakeClock
from pacer.domain.patterns import BUILTIN
from pacer.screens.session import SessionScreen
from pacer.store import Store
from pacer.widgets import nuts_form
from tests.ui.conftest import seed_week

SIZE = (40, 12)


@pytest.fixture(autouse=True)
def steady_text_areas(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nuts_form, "CURSOR_BLINK", False)


def keys(*pressed: str) -> Callable[[Pilot[Any]], Any]:
    """A run_before hook: press keys one by one, letting workers finish after each."""

    async def run_before(pilot: Pilot[Any]) -> None:
        for key in pressed:
            await pilot.press(key)
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()

    return run_before


def session_at(clock: FakeClock, seconds: float, *then: str) -> Callable[[Pilot[Any]], Any]:
    """Move the session clock to ``seconds`` after its start, update, then press ``then``."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, SessionScreen)
        clock.set(1000.0 + seconds)
        screen.tick()
        await pilot.pause()
        for key in then:
            await pilot.press(key)
            await pilot.pause()

    return run_before


def test_narrow_reappraisal_step_one(
    snap_compare: Any, make_app: Callable[..., PacerApp]
) -> None:
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=keys("r"))


def test_narrow_reappraisal_step_two(
    snap_compare: Any, make_app: Callable[..., PacerApp]
) -> None:
    assert snap_compare(make_app(), terminal_size=SIZE,
                        run_before=keys("r", *"Scan on Friday", "tab", "7", "enter"))


def test_narrow_appointment_form(snap_compare: Any, make_app: Callable[..., PacerApp]) -> None:
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=keys("t", "a"))


def test_narrow_history(
    snap_compare: Any, make_app: Callable[..., PacerApp], store: Store
) -> None:
    seed_week(store)
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=keys("h"))


def test_narrow_history_scrolled_right(
    snap_compare: Any, make_app: Callable[..., PacerApp], store: Store
) -> None:
    seed_week(store)
    assert snap_compare(make_app(), terminal_size=SIZE,
                        run_before=keys("h", "right", "right", "right", "right"))


def test_narrow_session(
    snap_compare: Any, make_app: Callable[..., PacerApp], clock: FakeClock
) -> None:
    app = make_app(start=(BUILTIN["resonance"], 5))
    assert snap_compare(app, terminal_size=SIZE, run_before=session_at(clock, 2.0))


def test_narrow_stop_question(
    snap_compare: Any, make_app: Callable[..., PacerApp], clock: FakeClock
) -> None:
    app = make_app(start=(BUILTIN["resonance"], 5))
    assert snap_compare(app, terminal_size=SIZE, run_before=session_at(clock, 2.0, "escape"))


def test_narrow_stress_rating(
    snap_compare: Any, make_app: Callable[..., PacerApp], clock: FakeClock
) -> None:
    app = make_app(start=(BUILTIN["resonance"], 1))
    assert snap_compare(app, terminal_size=SIZE, run_before=session_at(clock, 60.0))


def test_narrow_finish_lines(snap_compare: Any, make_app: Callable[..., PacerApp]) -> None:
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=keys("f"))
