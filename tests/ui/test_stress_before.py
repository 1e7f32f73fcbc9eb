"""Stress before a session: asked (optionally) before the first breath, saved in `before`.

The question stands between the key that starts a session and the session screen itself, so the
session's clock never runs while it is open. One key skips it, and a setting stops it for good.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest
from textual.pilot import Pilot

from pacer.app import PacerApp
from pacer.clock import FakeClock
from pacer.domain.patterns import BUILTIN
from pacer.screens.session import SessionScreen
from pacer.screens.stress_before import StressBeforeScreen
from pacer.store import Store


@pytest.fixture
def asking_app(
    store: Store, clock: FakeClock, wall: Callable[[], datetime]
) -> Callable[[], PacerApp]:
    """An app that asks the before-question (the shared fixture skips every pre-session note)."""

    def build() -> PacerApp:
        return PacerApp(
            store, clock=clock, wall_clock=wall, sound=False, first_run_notes=False,
            reduced_motion=False, ask_stress_before=True,
        )

    return build


async def start_from_breathe(pilot: Pilot[None]) -> None:
    await pilot.press("b")
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()


async def finish_session(pilot: Pilot[None], clock: FakeClock) -> SessionScreen:
    screen = pilot.app.screen
    assert isinstance(screen, SessionScreen)
    clock.advance(screen.session.timeline.duration + 1)
    screen.tick()
    await pilot.pause()
    await pilot.press("escape")  # skip the rating after
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    return screen


async def test_breathe_enter_asks_first_and_saves_the_number_as_before(
    asking_app: Callable[[], PacerApp], store: Store, clock: FakeClock
) -> None:
    app = asking_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_from_breathe(pilot)
        assert isinstance(app.screen, StressBeforeScreen)
        # The session is not under the question: its clock cannot run yet.
        assert not any(isinstance(s, SessionScreen) for s in app.screen_stack)
        await pilot.press("7", "enter")
        await pilot.pause()
        await finish_session(pilot, clock)
    (record,) = store.sessions()
    assert record["before"] == 7
    assert record["after"] is None


async def test_one_key_skips_the_question_and_the_session_starts(
    asking_app: Callable[[], PacerApp], store: Store, clock: FakeClock
) -> None:
    app = asking_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_from_breathe(pilot)
        assert isinstance(app.screen, StressBeforeScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        await finish_session(pilot, clock)
    (record,) = store.sessions()
    assert record["before"] is None


async def test_a_bad_number_is_named_and_nothing_starts(
    asking_app: Callable[[], PacerApp],
) -> None:
    app = asking_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_from_breathe(pilot)
        await pilot.press("1", "1", "enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StressBeforeScreen)
        assert "'11' is outside 0-10" in str(screen.query_one("#before-error").render())


async def test_n_stops_asking_for_good(
    asking_app: Callable[[], PacerApp], store: Store
) -> None:
    app = asking_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_from_breathe(pilot)
        await pilot.press("n")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        assert app.settings["ask_stress_before"] is False
    assert store.settings()["ask_stress_before"] is False


async def test_the_setting_off_means_no_question(
    asking_app: Callable[[], PacerApp], store: Store
) -> None:
    settings = store.settings()
    settings.update(ask_stress_before=False)
    store.save_settings(settings)
    app = asking_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_from_breathe(pilot)
        assert isinstance(app.screen, SessionScreen)


async def test_the_palette_start_asks_too(
    asking_app: Callable[[], PacerApp], store: Store, clock: FakeClock
) -> None:
    app = asking_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.begin_session(BUILTIN["resonance"], 1)
        await pilot.pause()
        assert isinstance(app.screen, StressBeforeScreen)
        await pilot.press("3", "enter")
        await pilot.pause()
        await finish_session(pilot, clock)
    (record,) = store.sessions()
    assert record["before"] == 3


async def test_settings_has_a_switch_that_turns_the_question_off(
    asking_app: Callable[[], PacerApp], store: Store
) -> None:
    from textual.widgets import Label, Switch

    from pacer.screens.settings import SettingsScreen

    app = asking_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        switch = screen.query_one("#ask_stress_before", Switch)
        assert switch.value is True
        switch.value = False
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert "Off" in str(screen.query_one("#ask_stress_before-state", Label).content)
        await pilot.press("escape")
        await start_from_breathe(pilot)
        assert isinstance(app.screen, SessionScreen)
    assert store.settings()["ask_stress_before"] is False
