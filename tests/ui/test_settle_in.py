"""The settle-in countdown: a few seconds of "Get comfortable" before the first breath, off by
default. The session's clock starts only once the first breath's frame is drawn after it (as
tests/ui/test_session_start.py requires with no settle-in), so the first phase lasts its full
length and the settle-in is never part of the session's seconds. Esc during it leaves at once
and saves nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest
from rich.console import RenderableType
from textual.message import Message
from textual.pilot import Pilot
from textual.widgets import Digits, Input, Label, Static

from pacer.app import PacerApp
from pacer.clock import FakeClock
from pacer.domain.patterns import BUILTIN
from pacer.screens.help import HelpScreen
from pacer.screens.home import HomeScreen
from pacer.screens.session import SessionScreen
from pacer.screens.settings import SettingsScreen
from pacer.store import Store
from pacer.widgets.phase_label import PhaseLabel

RESONANCE = BUILTIN["resonance"]  # 4 s in, 6 s out
START = 1000.0


def settle_for(store: Store, seconds: int) -> None:
    settings = store.settings()
    settings["settle_in_seconds"] = seconds
    store.save_settings(settings)


def label(screen: SessionScreen) -> tuple[str, int]:
    phase = screen.query_one(PhaseLabel)
    return phase.words, phase.countdown


async def session_on_top(pilot: Pilot[None]) -> SessionScreen:
    for _ in range(20):
        await pilot.pause()
        screen = pilot.app.screen
        if isinstance(screen, SessionScreen):
            return screen
    raise AssertionError(f"no session screen; on top: {pilot.app.screen!r}")


async def until_started(pilot: Pilot[None], screen: SessionScreen) -> None:
    for _ in range(20):
        await pilot.pause()
        if screen.session.started:
            return
    raise AssertionError("the session did not start after the settle-in")


def records(store: Store) -> list[dict]:
    return list(store.sessions())


async def test_the_count_comes_first_and_the_first_phase_starts_after_it(
    make_app: Callable[..., PacerApp], store: Store, clock: FakeClock
) -> None:
    settle_for(store, 3)
    messages: list[Message] = []
    app = make_app(start=(RESONANCE, 1))
    async with app.run_test(size=(80, 24), message_hook=messages.append) as pilot:
        screen = await session_on_top(pilot)
        assert screen.settling and not screen.session.started
        assert label(screen) == ("Get comfortable", 3)
        hint = str(screen.query_one("#session-hint", Static).render())
        assert "shoulders" in hint
        clock.set(START + 1.0)
        screen.tick()
        assert label(screen) == ("Get comfortable", 2)
        clock.set(START + 2.5)
        screen.tick()
        assert label(screen) == ("Get comfortable", 1)
        assert not screen.session.started
        clock.set(START + 3.0)
        screen.tick()
        await until_started(pilot, screen)
        # The clock starts with the first breath on screen, not during the count.
        assert screen.session.elapsed() == 0.0
        begin = clock.now()
        assert begin == START + 3.0
        assert label(screen) == ("Breathe in", 4)
        # The first phase lasts its whole 4 seconds from there.
        clock.set(begin + 3.99)
        screen.tick()
        assert screen.session.state().phase.words == "Breathe in"
        clock.set(begin + 4.0)
        screen.tick()
        assert screen.session.state().phase.words == "Breathe out"
        clock.set(begin + 60.0)
        screen.tick()
        await pilot.pause()
        await pilot.press("escape")  # no rating
        await pilot.pause()
    # No phase is announced during the count: the first cue is the first breath.
    changes = {id(m): m for m in messages if isinstance(m, SessionScreen.PhaseChanged)}
    first = next(iter(changes.values()))
    assert first.state.phase.words == "Breathe in" and first.state.elapsed == 0.0
    (record,) = records(store)
    assert record["seconds"] == 60.0 and record["planned_seconds"] == 60.0
    assert record["completed"] is True


async def test_the_clock_starts_when_the_first_breath_is_drawn_after_the_count(
    make_app: Callable[..., PacerApp], store: Store, clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """As tests/ui/test_session_start.py does without a settle-in: the frame that first shows
    "Breathe in" takes 80 ms to draw, and the clock starts once it is written, not when the
    count ended, so the first inhale still lasts its whole 4 seconds on screen."""
    settle_for(store, 2)
    original = PhaseLabel.render
    seen: list[tuple[str, bool]] = []

    def render(phase: PhaseLabel) -> RenderableType:
        screen = phase.screen
        if (isinstance(screen, SessionScreen) and not phase.app._batch_count
                and phase.words == "Breathe in" and not seen):
            seen.append((phase.words, screen.session.started))
            clock.advance(0.08)
        return original(phase)

    monkeypatch.setattr(PhaseLabel, "render", render)
    app = make_app(start=(RESONANCE, 1))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await session_on_top(pilot)
        assert not seen  # the count is on screen, not the first breath
        clock.set(START + 2.0)
        screen.tick()
        await until_started(pilot, screen)
        assert seen == [("Breathe in", False)]
        assert clock.now() == pytest.approx(START + 2.08)
        assert screen.session.elapsed() == 0.0
        clock.set(START + 2.08 + 3.99)
        screen.tick()
        assert screen.session.state().phase.words == "Breathe in"


async def test_esc_during_the_count_leaves_without_saving(
    make_app: Callable[..., PacerApp], store: Store, clock: FakeClock
) -> None:
    settle_for(store, 5)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.action_breathe()
        await pilot.pause()
        await pilot.press("enter")
        screen = await session_on_top(pilot)
        assert screen.settling
        clock.set(START + 2.0)
        screen.tick()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)  # no "Stop here?" question: nothing to lose
        assert not screen.session.started
        clock.set(START + 10.0)  # a timer left behind would start a session now
        await pilot.pause()
    assert records(store) == []


async def test_no_settle_in_by_default(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    app = make_app(start=(RESONANCE, 1))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await session_on_top(pilot)
        await until_started(pilot, screen)
        assert not screen.settling
        assert label(screen) == ("Breathe in", 4)


async def test_the_count_waits_under_a_dialog(
    make_app: Callable[..., PacerApp], store: Store, clock: FakeClock
) -> None:
    """Help opened during the count: the count waits with what it had left."""
    settle_for(store, 3)
    app = make_app(start=(RESONANCE, 1))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await session_on_top(pilot)
        clock.set(START + 1.5)
        screen.tick()
        app.push_screen(HelpScreen("Help", [], ""))
        await pilot.pause()
        clock.advance(30.0)
        app.pop_screen()
        await pilot.pause()
        assert screen.settling and label(screen) == ("Get comfortable", 2)
        clock.advance(1.5)
        screen.tick()
        await until_started(pilot, screen)
        assert screen.session.elapsed() == 0.0


async def test_the_settle_option_of_the_command_line_wins_over_the_setting(
    store: Store, clock: FakeClock, wall: Callable[[], datetime]
) -> None:
    settle_for(store, 0)
    app = PacerApp(store, clock=clock, start=(RESONANCE, 1), wall_clock=wall,
                   sound=False, first_run_notes=False, settle_in=4)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await session_on_top(pilot)
        assert label(screen) == ("Get comfortable", 4)


async def test_settle_in_with_reduced_motion_shows_the_count_in_big_digits(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    settle_for(store, 3)
    app = make_app(start=(RESONANCE, 1), reduced_motion=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await session_on_top(pilot)
        assert label(screen) == ("Get comfortable", 3)
        assert screen.query_one(Digits).value == "3"


# --- the Settings row -------------------------------------------------------------------------


async def open_settings(pilot: Pilot[None]) -> SettingsScreen:
    await pilot.press("s")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, SettingsScreen)
    return screen


async def test_settings_saves_the_settle_in(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_settings(pilot)
        box = screen.query_one("#settle_in_seconds", Input)
        assert box.value == "0"
        box.focus()
        box.value = "5"
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert str(screen.query_one("#settle_in_seconds-note", Label).render()) == "Saved."
    assert app.services.settings.load().values["settle_in_seconds"] == 5


@pytest.mark.parametrize("typed", ["31", "99"])
async def test_settings_refuses_a_settle_in_out_of_range(
    make_app: Callable[..., PacerApp], store: Store, typed: str
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_settings(pilot)
        box = screen.query_one("#settle_in_seconds", Input)
        box.focus()
        box.value = typed
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        note = str(screen.query_one("#settle_in_seconds-note", Label).render())
        assert typed in note and "30" in note and "not saved" in note
    assert app.services.settings.load().values["settle_in_seconds"] == 0
