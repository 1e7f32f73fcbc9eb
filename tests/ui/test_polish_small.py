"""Small things from issue 11: one session at a time, and Settings telling the truth about
reduced motion."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest
from textual.widgets import Label, Switch

from pacer.app import PacerApp
from pacer.clock import FakeClock
from pacer.domain.patterns import BUILTIN
from pacer.screens.session import SessionScreen
from pacer.screens.settings import SettingsScreen
from pacer.store import Store


async def test_the_palette_cannot_start_a_second_session(
    make_app: Callable[..., PacerApp],
) -> None:
    app = make_app()
    notes: list[str] = []
    original = app.notify

    def notify(message: str, *args: object, **kwargs: object) -> None:
        notes.append(message)
        original(message, *args, **kwargs)  # type: ignore[arg-type]

    app.notify = notify  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        app.begin_session(BUILTIN["resonance"], 1)
        await pilot.pause()
        first = app.screen
        assert isinstance(first, SessionScreen)
        app.begin_session(BUILTIN["box"], 5)  # what the palette's "Start ..." calls
        await pilot.pause()
        assert [s for s in app.screen_stack if isinstance(s, SessionScreen)] == [first]
        assert any("already" in note for note in notes)


async def test_settings_shows_reduced_motion_on_when_the_terminal_asks_for_it(
    store: Store, clock: FakeClock, wall: Callable[[], datetime],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("textual.constants.TEXTUAL_ANIMATIONS", "none")
    app = PacerApp(store, clock=clock, wall_clock=wall, sound=False, first_run_notes=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        assert screen.query_one("#reduced_motion", Switch).value is True
        state = str(screen.query_one("#reduced_motion-state", Label).content)
        assert state.startswith("On") and "TEXTUAL_ANIMATIONS" in state
