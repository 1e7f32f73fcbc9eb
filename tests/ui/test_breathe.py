"""Pilot tests of the Breathe chooser: defaults, keyboard choice, typed minutes and their errors."""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot
from textual.widgets import Input, Label, OptionList, Static

from pacer.app import PacerApp
from pacer.domain.patterns import BUILTIN
from pacer.domain.timeline import Timeline
from pacer.screens.breathe import BreatheScreen
from pacer.screens.session import SessionScreen
from pacer.store import Store
from pacer.widgets.duration_chooser import DurationChooser


async def open_breathe(pilot: Pilot[None]) -> BreatheScreen:
    await pilot.press("b")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, BreatheScreen)
    return screen


def error_text(screen: BreatheScreen) -> str:
    return str(screen.query_one("#length-error", Label).render())


async def test_defaults_come_from_settings(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    settings = store.settings()
    settings.update(default_pattern="4-7-8", default_minutes=3)
    store.save_settings(settings)
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_breathe(pilot)
        assert screen.pattern.key == "4-7-8"
        # 4-7-8 is counted in breaths (its own "4 breaths"); the minutes are kept for minutes.
        chooser = screen.query_one(DurationChooser)
        assert (chooser.unit, chooser.value) == ("breaths", 4)
        chooser.set_unit("minutes")
        assert chooser.value == 3
        safety = str(screen.query_one("#pattern-safety", Static).render())
        assert "breath holds" in safety


async def test_an_unlisted_default_length_is_typed_in_for_you(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    settings = store.settings()
    settings.update(default_minutes=7, default_pattern="no-such-pattern")
    store.save_settings(settings)
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_breathe(pilot)
        assert screen.pattern.key == "resonance"
        assert screen.query_one(DurationChooser).value is None
        assert screen.query_one("#custom-minutes", Input).value == "7"
        assert screen.minutes() == 7


async def test_enter_starts_the_chosen_pattern_and_length(
    make_app: Callable[..., PacerApp],
) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_breathe(pilot)
        await pilot.press("down", "down", "down", "down")  # resonance -> ... -> box
        details = str(screen.query_one("#pattern-details", Static).render())
        assert BUILTIN["box"].description in details
        await pilot.press("right")  # 5 -> 10 minutes
        await pilot.press("enter")
        await pilot.pause()
        session = pilot.app.screen
        assert isinstance(session, SessionScreen)
        assert session.pattern.key == "box"
        expected = Timeline.for_minutes(BUILTIN["box"], 10).duration
        assert session.session.timeline.duration == expected
        # The chooser made way for the session: its stack is Today, then the session.
        assert [type(s).__name__ for s in pilot.app.screen_stack] == [
            "HomeScreen",
            "SessionScreen",
        ]


async def test_typed_minutes_are_checked_and_the_bad_value_is_named(
    make_app: Callable[..., PacerApp],
) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_breathe(pilot)
        await pilot.press("2", "0", "0")  # a digit jumps to "Other" minutes
        custom = screen.query_one("#custom-minutes", Input)
        assert custom.has_focus and custom.value == "200"
        assert screen.query_one(DurationChooser).value is None
        await pilot.press("enter")
        await pilot.pause()
        assert pilot.app.screen is screen
        assert "'200'" in error_text(screen) and "120" in error_text(screen)
        custom.value = "abc"
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert "'abc' is not a number of minutes" in error_text(screen)
        custom.value = ""
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert "Type how many minutes" in error_text(screen)
        await pilot.press("2", ".", "5")
        assert error_text(screen) == ""  # typing clears the message
        await pilot.press("enter")
        await pilot.pause()
        session = pilot.app.screen
        assert isinstance(session, SessionScreen)
        assert session.session.timeline.duration == Timeline.for_minutes(
            BUILTIN["resonance"], 2.5
        ).duration


async def test_left_and_right_pick_a_length_while_the_list_has_focus(
    make_app: Callable[..., PacerApp],
) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_breathe(pilot)
        assert screen.query_one(OptionList).has_focus
        chooser = screen.query_one(DurationChooser)
        await pilot.press("left", "left", "left")
        assert chooser.value == 1
        await pilot.press("right", "right", "right", "right", "right", "right")
        assert chooser.value is None  # "Other"
        assert screen.query_one(OptionList).has_focus


async def test_escape_goes_back_to_today(make_app: Callable[..., PacerApp]) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_breathe(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert type(pilot.app.screen).__name__ == "HomeScreen"
