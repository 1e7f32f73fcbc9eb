"""A session length in breaths on Breathe and on the session screen: 4-7-8 offers its own "4
breaths", any pattern can be counted in breaths from the keyboard (the unit in words, not by
colour alone), and the session ends after exactly that many breaths."""

from __future__ import annotations

from collections.abc import Callable

from textual.message import Message
from textual.pilot import Pilot
from textual.widgets import Input, Label, Static

from pacer.app import PacerApp
from pacer.clock import FakeClock
from pacer.domain.patterns import BUILTIN, parse_rhythm
from pacer.screens.breathe import BreatheScreen
from pacer.screens.dialogs import StressRatingScreen
from pacer.screens.session import SessionScreen
from pacer.widgets.duration_chooser import DurationChooser, UnitToggle

RELAXING = BUILTIN["4-7-8"]  # 4 in, 7 hold, 8 out: 19 s a breath
START = 1000.0  # the FakeClock's start (tests/ui/conftest.py)
DOWN_TO = {"resonance": 0, "box": 4, "4-7-8": 5, "gentle": 6}


def drawn(widget: Static | Label | DurationChooser | UnitToggle) -> str:
    return str(widget.render())


async def open_breathe(pilot: Pilot[None]) -> BreatheScreen:
    await pilot.press("b")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, BreatheScreen)
    return screen


async def highlight(pilot: Pilot[None], key: str) -> None:
    await pilot.press("home", *["down"] * DOWN_TO[key])
    await pilot.pause()


async def started(pilot: Pilot[None]) -> SessionScreen:
    for _ in range(20):
        await pilot.pause()
        screen = pilot.app.screen
        if isinstance(screen, SessionScreen) and screen.session.started:
            return screen
    raise AssertionError(f"no session started; on top: {pilot.app.screen!r}")


async def test_4_7_8_offers_its_own_4_breaths(make_app: Callable[..., PacerApp]) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_breathe(pilot)
        chooser = screen.query_one("#length", DurationChooser)
        unit = screen.query_one("#unit", UnitToggle)
        assert (chooser.unit, chooser.value) == ("minutes", 5)
        await highlight(pilot, "4-7-8")
        assert (chooser.unit, chooser.value) == ("breaths", 4)
        # The unit is in words and the choice is marked in text: readable without colour.
        assert "▸4 " in drawn(chooser)
        assert drawn(unit) == " minutes  ▸breaths "
        assert screen.query_one("#custom-minutes", Input).placeholder == "breaths"
        # A pattern not counted in breaths goes back to the minutes chosen before.
        await highlight(pilot, "gentle")
        assert (chooser.unit, chooser.value) == ("minutes", 5)
        assert drawn(unit) == "▸minutes   breaths "
        assert screen.query_one("#custom-minutes", Input).placeholder == "minutes"


async def test_enter_on_4_7_8_breathes_4_breaths_then_ends(
    make_app: Callable[..., PacerApp], clock: FakeClock
) -> None:
    messages: list[Message] = []
    app = make_app()
    async with app.run_test(size=(80, 24), message_hook=messages.append) as pilot:
        await open_breathe(pilot)
        await highlight(pilot, "4-7-8")
        await pilot.press("enter")
        session = await started(pilot)
        assert session.session.timeline.breaths == 4
        begin = clock.now()
        times = session.query_one("#session-times", Static)
        assert drawn(times).startswith("Breath 1 of 4")
        clock.set(begin + 2 * 19 + 1.0)  # a second into the third breath
        session.tick()
        await pilot.pause()
        assert drawn(times).startswith("Breath 3 of 4")
        clock.set(begin + 4 * 19 - 0.01)
        session.tick()
        assert drawn(times).startswith("Breath 4 of 4")
        assert not session.session.finished
        clock.set(begin + 4 * 19)
        session.tick()
        await pilot.pause()
        assert isinstance(pilot.app.screen, StressRatingScreen)
        await pilot.press("escape")  # no rating: saved all the same
        await pilot.pause()
    # A message is seen once by each node it bubbles through: one Saved all the same.
    (saved,) = {id(m): m for m in messages if isinstance(m, SessionScreen.Saved)}.values()
    record = saved.outcome.record
    assert record["planned_seconds"] == 76.0 and record["seconds"] == 76.0
    assert record["completed"] is True


async def test_any_pattern_can_be_counted_in_breaths_from_the_keyboard(
    make_app: Callable[..., PacerApp],
) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_breathe(pilot)
        chooser = screen.query_one("#length", DurationChooser)
        unit = screen.query_one("#unit", UnitToggle)
        await pilot.press("tab", "tab")  # the pattern list, the lengths, then "Count in"
        assert unit.has_focus
        await pilot.press("right")
        await pilot.pause()
        assert unit.unit == "breaths" and drawn(unit) == " minutes  ▸breaths "
        assert chooser.unit == "breaths" and chooser.value == 10
        await pilot.press("left")
        assert chooser.unit == "minutes" and chooser.value == 5
        await pilot.press("space")  # space switches too
        assert chooser.unit == "breaths"
        await pilot.press("shift+tab", "right")  # the lengths: one more breath choice
        assert chooser.value == 20
        await pilot.press("enter")
        session = await started(pilot)
        assert session.pattern.key == "resonance"
        assert session.session.timeline.breaths == 20
        assert session.session.timeline.duration == 200.0


async def test_a_unit_you_chose_stays_as_you_move_through_the_patterns(
    make_app: Callable[..., PacerApp],
) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_breathe(pilot)
        chooser = screen.query_one("#length", DurationChooser)
        await highlight(pilot, "4-7-8")
        screen.query_one("#unit", UnitToggle).focus()
        await pilot.press("left")  # minutes, chosen by the person
        assert chooser.unit == "minutes"
        screen.query_one("#patterns").focus()
        await highlight(pilot, "resonance")
        await highlight(pilot, "4-7-8")
        assert chooser.unit == "minutes" and chooser.value == 5


async def test_typed_breaths_are_checked_and_named(
    make_app: Callable[..., PacerApp],
) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_breathe(pilot)
        await highlight(pilot, "4-7-8")
        await pilot.press("5", "0", "0")  # a digit jumps to "Other" breaths
        custom = screen.query_one("#custom-minutes", Input)
        assert custom.has_focus and custom.value == "500"
        chooser = screen.query_one("#length", DurationChooser)
        assert (chooser.unit, chooser.value) == ("breaths", None)
        await pilot.press("enter")
        await pilot.pause()
        error = drawn(screen.query_one("#length-error", Label))
        assert pilot.app.screen is screen
        assert "'500' breaths" in error and "1 to 200" in error
        custom.value = "7"
        await pilot.pause()
        assert drawn(screen.query_one("#length-error", Label)) == ""
        await pilot.press("enter")
        session = await started(pilot)
        assert session.session.timeline.breaths == 7


async def test_too_many_slow_breaths_are_refused_inline(
    make_app: Callable[..., PacerApp],
) -> None:
    """200 breaths of a one-minute breath of your own is 200 minutes: the line says why."""
    slow = parse_rhythm("30-0-30")
    async with make_app().run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = BreatheScreen(slow.key, 5, custom={slow.key: slow})
        pilot.app.push_screen(screen)
        await pilot.pause()
        assert screen.pattern is slow
        screen.query_one("#unit", UnitToggle).focus()
        await pilot.press("right")
        await pilot.press("2", "0", "0", "enter")
        await pilot.pause()
        assert pilot.app.screen is screen
        error = drawn(screen.query_one("#length-error", Label))
        assert "'200' breaths of 30-0-30-0 take 200 minutes" in error
        await pilot.press("backspace", "backspace", "enter")  # 2 breaths: 2 minutes
        session = await started(pilot)
        assert session.session.timeline.breaths == 2


async def test_breath_count_with_reduced_motion(
    make_app: Callable[..., PacerApp], clock: FakeClock
) -> None:
    app = make_app(reduced_motion=True)
    async with app.run_test(size=(80, 24)) as pilot:
        app.begin_session(RELAXING, 76 / 60, breaths=4)
        session = await started(pilot)
        clock.set(clock.now() + 2 * 19 + 1.0)
        session.tick()
        await pilot.pause()
        assert drawn(session.query_one("#breath-count", Static)) == "Breath 3 of 4"
