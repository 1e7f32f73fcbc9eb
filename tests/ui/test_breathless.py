"""Breathless now in the TUI: one key from Today starts it at once (no choices, no questions),
the card and the red flag are on screen at 80x24 and 40x12 for the whole session, and stopping
saves what was breathed."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widget import Widget

from pacer.app import PacerApp
from pacer.clock import FakeClock
from pacer.commands import pacer_commands
from pacer.domain import breathless
from pacer.keymap import KEYS
from pacer.screens.dialogs import SummaryScreen
from pacer.screens.help import HelpScreen
from pacer.screens.home import HomeScreen
from pacer.screens.session import BreathlessScreen, SessionScreen
from pacer.store import Store
from pacer.widgets.breathless_card import BigWords, BreathlessCard, RedFlag
from pacer.widgets.phase_label import PhaseLabel

SIZES = [(80, 24), (40, 12)]


async def breathless_screen(pilot: Pilot[None]) -> BreathlessScreen:
    await pilot.pause()
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, BreathlessScreen)
    return screen


def at(screen: SessionScreen, clock: FakeClock, seconds: float) -> PhaseLabel:
    """Move the fake clock to `seconds` after the start (1000.0) and update the screen."""
    clock.set(1000.0 + seconds)
    screen.tick()
    return screen.query_one(PhaseLabel)


def fully_shown(widget: Widget, size: tuple[int, int]) -> bool:
    """On screen, with a real size, and not cut by the terminal's edge."""
    region = widget.region
    return (
        widget.display
        and region.width > 0
        and region.height > 0
        and Region(0, 0, *size).contains_region(region)
    )


async def test_one_key_from_today_starts_it_at_once(
    make_app: Callable[..., PacerApp], clock: FakeClock
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, HomeScreen)
        footer = {b.binding.key: b.binding.description for b in app.screen.active_bindings.values()
                  if b.binding.show}
        assert footer.get("l") == "Breathless"
        await pilot.press("l")
        screen = await breathless_screen(pilot)
        assert screen.session.started  # the clock runs: nothing was asked first
        assert screen.session.timeline.pattern is breathless.PATTERN
        label = at(screen, clock, 0.0)
        assert label.words == "Breathe in"
        assert screen.query_one(BigWords).word == "IN"
        assert at(screen, clock, 2.5).words == "Breathe out"
        assert screen.query_one(BigWords).word == "OUT"
        times = str(screen.query_one("#session-times").render())
        assert "0:02 breathed" in times and "to go" not in times


async def test_no_safety_note_and_no_stress_question_even_on_a_first_run(
    make_app: Callable[..., PacerApp],
) -> None:
    """The first-run notes are on: the welcome shows; `l` closes it and starts at once."""
    app = make_app(first_run_notes=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("l")
        screen = await breathless_screen(pilot)
        assert screen.session.started


async def test_the_key_is_in_help_and_the_palette(make_app: Callable[..., PacerApp]) -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        titles = [title for title, _about, _run in pacer_commands(app)]
        assert "Breathless now" in titles
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert KEYS["breathless"].meaning == "Breathless now"
        await pilot.press("escape")
        await pilot.pause()
        run = next(run for title, _about, run in pacer_commands(app) if title == "Breathless now")
        run()
        await breathless_screen(pilot)


@pytest.mark.parametrize("size", SIZES)
async def test_card_and_red_flag_stay_on_screen_for_the_whole_session(
    make_app: Callable[..., PacerApp], clock: FakeClock, size: tuple[int, int]
) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.press("l")
        screen = await breathless_screen(pilot)
        flag = screen.query_one(RedFlag)
        card = screen.query_one(BreathlessCard)
        short = size[0] < 80
        assert flag.text == (breathless.RED_FLAG_SHORT if short else breathless.RED_FLAG).text
        for seconds in (0.0, 3.0, 61.0, 4 * 60 + 2.0, 12 * 60 + 5.0):
            at(screen, clock, seconds)
            await pilot.pause()
            assert fully_shown(flag, size), seconds
            assert fully_shown(card, size), seconds
            assert fully_shown(screen.query_one(PhaseLabel), size)
            # Every line of the flag is drawn (its height holds all its wrapped lines).
            assert flag.region.height >= 3
        assert card.text.startswith(breathless.CARD_TITLE)
        for tip in breathless.CARD:
            assert tip.text in card.text


async def test_the_card_scrolls_when_it_does_not_fit(
    make_app: Callable[..., PacerApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.press("l")
        screen = await breathless_screen(pilot)
        card = screen.query_one(BreathlessCard)
        assert card.max_scroll_y > 0
        card.focus()
        await pilot.press("down", "down")
        await pilot.pause()
        assert card.scroll_y > 0


async def test_esc_stops_at_once_and_saves_the_partial_session(
    make_app: Callable[..., PacerApp], clock: FakeClock, store: Store
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("l")
        screen = await breathless_screen(pilot)
        at(screen, clock, 95.4)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)  # no question, no rating
        body = str(app.screen.query_one("#summary-body").render())
        assert "1:35 with Breathless now" in body and "of 29" not in body
    [record] = store.sessions()
    assert record["pattern"] == "breathless" and record["rhythm"] == "3.5-0-5.5-0"
    assert record["completed"] is False and record["seconds"] == 95.4
    assert record["before"] is None and record["after"] is None


async def test_quitting_mid_session_keeps_it(
    make_app: Callable[..., PacerApp], clock: FakeClock, store: Store
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("l")
        screen = await breathless_screen(pilot)
        at(screen, clock, 20.0)
        await pilot.press("ctrl+q")
        await pilot.pause()
    [record] = store.sessions()
    assert record["pattern"] == "breathless" and record["seconds"] == 20.0


async def test_one_session_at_a_time(make_app: Callable[..., PacerApp]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("l")
        screen = await breathless_screen(pilot)
        app.action_breathless()
        await pilot.pause()
        assert app.screen is screen
        assert sum(isinstance(s, SessionScreen) for s in app.screen_stack) == 1


async def test_reduced_motion_keeps_the_words_card_and_flag(
    make_app: Callable[..., PacerApp], clock: FakeClock
) -> None:
    app = make_app(reduced_motion=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("l")
        screen = await breathless_screen(pilot)
        at(screen, clock, 1.0)
        assert str(screen.query_one("#breath-count").render()) == "Breath 1"
        assert fully_shown(screen.query_one(RedFlag), (80, 24))
        assert fully_shown(screen.query_one(BreathlessCard), (80, 24))
