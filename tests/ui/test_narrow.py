"""Pacer at 40x12, the smallest size it announces: every flow can be finished with keys only,
and the widgets a person needs are really on screen (inside the terminal, not clipped by a
scroll area, not covered), or scroll into view when focus reaches them.

"On screen" is checked with ``screen.get_widget_at`` at the widget's first and last cell: a
widget that is clipped, scrolled away or covered by another returns something else there.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Input, RadioSet, TextArea

from pacer.app import PacerApp
from pacer.clock import FakeClock
from pacer.domain.reappraisal import Step
from pacer.screens.appointments import AppointmentFormScreen, AppointmentsScreen
from pacer.screens.breathe import BreatheScreen
from pacer.screens.confirm import ConfirmModal
from pacer.screens.dialogs import StressRatingScreen, SummaryScreen
from pacer.screens.history import HistoryScreen, SessionTable
from pacer.screens.home import HomeScreen
from pacer.screens.reappraise import ReappraiseScreen
from pacer.screens.session import SessionScreen
from pacer.store import Store
from pacer.widgets import nuts_form
from pacer.widgets.duration_chooser import DurationChooser
from tests.ui.conftest import seed_week

SIZE = (40, 12)


@pytest.fixture(autouse=True)
def steady_text_areas(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nuts_form, "CURSOR_BLINK", False)


async def settle(pilot: Pilot[Any]) -> None:
    """Let every worker (draft writes, saves) finish, then the screen catch up."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def on_screen(screen: Screen[Any], widget: Widget) -> bool:
    """True when the whole widget is inside the terminal and is what shows at its corners."""
    region = widget.region
    if not widget.display or region.area == 0:
        return False
    if not screen.region.contains_region(region):
        return False
    for x, y in ((region.x, region.y), (region.right - 1, region.bottom - 1)):
        try:
            found, _ = screen.get_widget_at(x, y)
        except Exception:  # nothing there: not shown
            return False
        if found is not widget and widget not in found.ancestors:
            return False
    return True


def assert_on_screen(screen: Screen[Any], widgets: Sequence[Widget]) -> None:
    for widget in widgets:
        assert on_screen(screen, widget), f"{widget!r} at {widget.region} is not fully shown"


def focused_on_screen(pilot: Pilot[Any]) -> Widget:
    """The focused widget, which must be shown (focus scrolls it into view)."""
    focused = pilot.app.focused
    assert focused is not None
    assert_on_screen(pilot.app.screen, [focused])
    return focused


# --- whole flows, keys only -------------------------------------------------------------------


async def test_a_whole_reappraisal_at_40x12(make_app: Callable[..., PacerApp]) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, ReappraiseScreen)
        # Step 1: the text box is there to type in (it used to be a one-line window).
        assert isinstance(focused_on_screen(pilot), TextArea)
        await pilot.press(*"Scan results on Friday", "tab")
        assert isinstance(focused_on_screen(pilot), Input)
        await pilot.press("7", "enter")
        await settle(pilot)
        # Step 2: the Yes/No choice is shown, with its buttons.
        assert screen.flow.step is Step.SPRINT
        assert isinstance(focused_on_screen(pilot), RadioSet)
        await pilot.press("ctrl+n")  # "No, it can wait"
        await settle(pilot)
        assert screen.flow.step is Step.NUTS
        focused_on_screen(pilot)
        await pilot.press("tab", "space")  # U
        focused_on_screen(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert screen.flow.step is Step.UNPREDICTABLE
        focused_on_screen(pilot)
        await pilot.press(*"Whether it has grown", "enter", "enter", "enter")
        await settle(pilot)
        assert screen.flow.step is Step.BALANCED
        focused_on_screen(pilot)
        await pilot.press(*"Hard to wait. I have a plan.", "tab")
        focused_on_screen(pilot)
        await pilot.press(*"Write questions", "enter")
        await settle(pilot)
        assert screen.flow.step is Step.CLOSE
        focused_on_screen(pilot)
        # The Save button can be reached and is shown when it has focus.
        save = screen.query_one("#next", Button)
        save.focus()
        await pilot.pause()
        assert_on_screen(screen, [save])
        assert str(save.label) == "Save"
        screen.query_one("#f-stress_after", Input).focus()
        await pilot.press("4", "enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, HomeScreen)
    [entry] = app.services.journal.entries().items
    assert entry["situation"] == "Scan results on Friday"
    assert (entry["stress_before"], entry["stress_after"]) == (7, 4)
    assert entry["balanced"] == "Hard to wait. I have a plan."


async def test_a_whole_breathing_session_at_40x12(
    make_app: Callable[..., PacerApp], clock: FakeClock
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("b")
        await pilot.pause()
        breathe = pilot.app.screen
        assert isinstance(breathe, BreatheScreen)
        chooser = breathe.query_one(DurationChooser)
        await pilot.press("left", "left")  # 1 min, chosen from the pattern list
        assert chooser.value == 1
        chooser.scroll_visible(animate=False)
        await pilot.pause()
        assert_on_screen(breathe, [chooser])
        await pilot.press("enter")
        await pilot.pause()
        session = pilot.app.screen
        assert isinstance(session, SessionScreen)
        assert_on_screen(session, [session.query_one("#phase"), session.query_one("#visual")])
        clock.set(1000.0 + 60.0)
        session.tick()
        await pilot.pause()
        rating = pilot.app.screen
        assert isinstance(rating, StressRatingScreen)
        assert_on_screen(rating, [rating.query_one("#rating", Input)])
        await pilot.press("3", "enter")
        await pilot.pause()
        summary = pilot.app.screen
        assert isinstance(summary, SummaryScreen)
        assert_on_screen(summary, [summary.query_one("#summary-title"),
                                   summary.query_one(".hint")])
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HomeScreen)
    [record] = app.services.sessions.all().items
    assert (record["completed"], record["seconds"], record["after"]) == (True, 60.0, 3)


async def test_a_whole_appointment_at_40x12(make_app: Callable[..., PacerApp]) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(pilot.app.screen, AppointmentsScreen)
        await pilot.press("a")
        await settle(pilot)
        form = pilot.app.screen
        assert isinstance(form, AppointmentFormScreen)
        kinds = form.query_one("#f-kind", RadioSet)
        assert_on_screen(form, list(kinds.children))  # every kind, none cut off
        await pilot.press("right", "right", "right", "enter")  # Oncologist
        await pilot.press("tab")
        focused_on_screen(pilot)
        await pilot.press(*"2025-03-20 10:15", "enter")
        focused_on_screen(pilot)
        await pilot.press(*"Room 4", "enter")
        focused_on_screen(pilot)
        await pilot.press(*"Bring Sam", "enter")
        assert isinstance(focused_on_screen(pilot), TextArea)  # the questions, below the fold
        await pilot.press(*"Is it working?")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, AppointmentsScreen)
    [record] = app.services.appointments.listing().items
    assert record["kind"] == "oncologist"
    assert (record["where"], record["notes"]) == ("Room 4", "Bring Sam")
    assert record["questions"] == ["Is it working?"]


# --- what each screen needs is on screen ------------------------------------------------------


async def test_today_lists_every_key_in_full(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    seed_week(store)
    async with make_app().run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = pilot.app.screen
        keys = screen.query_one("#home-keys")
        text = str(keys.render())
        for name in ("Breathe", "History", "Settings", "Appointments", "Journal"):
            assert name in text
        # Every line fits the width, so nothing is cut to "Histo…".
        assert max(len(line.rstrip()) for line in text.splitlines()) <= keys.content_region.width
        keys.scroll_visible(animate=False)
        await pilot.pause()
        assert_on_screen(screen, [keys])
        disclaimer = screen.query_one("#home-disclaimer")
        disclaimer.scroll_visible(animate=False)
        await pilot.pause()
        assert_on_screen(screen, [disclaimer])


async def test_breathe_shows_every_length_and_marks_holds(
    make_app: Callable[..., PacerApp],
) -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        await pilot.press("b")
        await pilot.pause()
        screen = pilot.app.screen
        chooser = screen.query_one(DurationChooser)
        text = str(chooser.render())
        for length in ("1 min", "3 min", "5 min", "10 min", "20 min", "Other"):
            assert length in text
        assert chooser.region.width <= SIZE[0]
        rows = [str(option.prompt) for option in screen.query_one("#patterns").options]
        assert any(row.rstrip().endswith("holds") for row in rows)
        assert all(len(row) <= 37 for row in rows if "Box" in row or "4-7-8" in row)


async def test_the_stop_question_shows_both_buttons_and_its_hint(
    make_app: Callable[..., PacerApp],
) -> None:
    from pacer.domain.patterns import BUILTIN

    async with make_app(start=(BUILTIN["resonance"], 1)).run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        modal = pilot.app.screen
        assert isinstance(modal, ConfirmModal)
        assert_on_screen(modal, [modal.query_one("#yes"), modal.query_one("#no")])
        hint = modal.query_one(".hint")
        hint.scroll_visible(animate=False)
        await pilot.pause()
        assert_on_screen(modal, [hint])


async def test_a_notice_during_a_session_leaves_the_words_and_picture_clear(
    make_app: Callable[..., PacerApp],
) -> None:
    from pacer.domain.patterns import BUILTIN

    app = make_app(start=(BUILTIN["resonance"], 1))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        session = pilot.app.screen
        assert isinstance(session, SessionScreen)
        app.notify("No sound device was found, so this session is silent.", title="Sound")
        await pilot.pause()
        await pilot.pause()
        toasts = list(session.query("Toast"))
        assert toasts
        phase = session.query_one("#phase").region
        visual = session.query_one("#visual").region
        for toast in toasts:
            assert toast.region.width > 0
            assert not toast.region.overlaps(phase)
            assert not toast.region.overlaps(visual)


async def test_history_reaches_every_column(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    seed_week(store)
    async with make_app().run_test(size=SIZE) as pilot:
        await pilot.press("h")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, HistoryScreen)
        table = screen.query_one(SessionTable)
        assert pilot.app.focused is table
        seen = table.render_line(0).text
        for _ in range(6):
            await pilot.press("right")
            await pilot.pause()
            seen += table.render_line(0).text
        for column in ("Date", "Pattern", "Time", "Stress", "Session"):
            assert column in seen


@pytest.mark.parametrize(
    ("keys", "wanted"),
    [
        (["r"], ["#f-situation", "#f-stress_before", "#next"]),
        (["t", "a"], ["#f-kind", "#f-when", "#f-where", "#f-notes", "#f-questions"]),
        (["t"], ["#appointments-empty"]),
        (["h"], ["SessionTable"]),
        (["b"], ["#patterns", "#length"]),
    ],
    ids=["reappraisal", "appointment-form", "appointments", "history", "breathe"],
)
async def test_key_widgets_scroll_into_view(
    make_app: Callable[..., PacerApp], keys: list[str], wanted: list[str]
) -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        screen = pilot.app.screen
        for selector in wanted:
            widget = screen.query_one(selector)
            widget.scroll_visible(animate=False, immediate=True)
            await pilot.pause()
            assert_on_screen(screen, [widget])


async def test_long_choice_labels_wrap_instead_of_ending_in_dots(
    make_app: Callable[..., PacerApp],
) -> None:
    from pacer.domain.reappraisal import SPRINT_CHOICES
    from pacer.widgets.choice_button import CHOSEN, NOT_CHOSEN, ChoiceButton

    async with make_app().run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await settle(pilot)
        await pilot.press(*"Scan results", "tab", "7", "enter")
        await settle(pilot)
        screen = pilot.app.screen
        buttons = list(screen.query(ChoiceButton))
        assert [str(b.label) for b in buttons] == [label for _, label in SPRINT_CHOICES]
        for button in buttons:
            button.scroll_visible(animate=False, immediate=True)
            await pilot.pause()
            assert_on_screen(screen, [button])
            region = button.region.reset_offset
            lines = [strip.text.rstrip() for strip in button.render_lines(region)]
            shown = " ".join(line.strip() for line in lines if line.strip())
            assert "…" not in shown
            # The mark is on the first line, and the whole label follows it (wrapped).
            assert lines[0].lstrip().startswith((CHOSEN, NOT_CHOSEN))
            words = shown.replace(CHOSEN, "").replace(NOT_CHOSEN, "").split()
            assert words == str(button.label).split()


def corner_shown(screen: Screen[Any], widget: Widget, x: int, y: int) -> bool:
    """True when the cell (x, y) is inside the terminal and shows ``widget`` (or a child)."""
    if not screen.region.contains(x, y):
        return False
    try:
        found, _ = screen.get_widget_at(x, y)
    except Exception:  # nothing there: not shown
        return False
    return found is widget or widget in found.ancestors


async def assert_reachable(pilot: Pilot[Any], widget: Widget) -> None:
    """The widget is shown whole, or, when it is taller than the room it has (a long text),
    its first line shows when scrolled to and its last line when its scroll area is at the end:
    nothing of it is cut off for good."""
    screen = pilot.app.screen
    widget.scroll_visible(animate=False, immediate=True, top=True)
    await pilot.pause()
    if on_screen(screen, widget):
        return
    region = widget.region
    assert widget.display and region.area, f"{widget!r} is not shown at all"
    assert corner_shown(screen, widget, region.x, region.y), f"{widget!r}: top is not shown"
    scroller = next(a for a in widget.ancestors_with_self if isinstance(a, Widget)
                    and a.is_scrollable and a.max_scroll_y > 0)
    below = region.bottom - scroller.content_region.bottom  # rows of it under the fold
    scroller.scroll_to(y=scroller.scroll_y + below, animate=False, immediate=True)
    await pilot.pause()
    region = widget.region
    assert corner_shown(screen, widget, region.right - 1, region.bottom - 1), (
        f"{widget!r} at {region}: its end cannot be scrolled into view")


def seed_goal_and_entry(app: PacerApp) -> None:
    """One finish line with every field, and one journal entry, for the detail views."""
    app.services.goals.save({
        "id": "7d9e3a1b-2c4d-4e5f-8a6b-1c2d3e4f5a6b",
        "title": "Walk to the park with Sam", "kind": "experience",
        "why": "Fresh air and time together", "who": "Sam", "next_step": "Find my shoes",
        "route_b": "Sit in the garden instead", "check_in": "2025-03-24",
    })
    app.services.journal.add({
        "id": "2f1c7e0a-4a3b-4c7d-9e1f-0a1b2c3d4e5f", "kind": "reappraisal",
        "created": "2025-03-19T10:00:00+00:00",
        "situation": "Scan results on Friday", "stress_before": 7, "stress_after": 4,
        "sprint": False, "balanced": "Hard to wait. I have a plan.",
        "next_step": "Write questions",
    })


@pytest.mark.parametrize(
    ("keys", "wanted"),
    [
        (["f", "enter"], ["#goal-detail-title", "#goal-detail-fields"]),
        (["f", "v"], ["#review-goal", "#review-step", "#review-check-in", "#review-choices"]),
        (["j", "down", "enter"], ["#entry-text"]),
        (["question_mark"], ["#help-keys", "#help-safety", "#help-keymap"]),
        (["w"], ["#welcome-title", "#welcome-hint", "#welcome-body", "#welcome-safety"]),
        (["holds"], ["#yes", "#no", ".hint"]),
        (["before"], ["#before-title", "#before-rating"]),
    ],
    ids=["goal-detail", "goal-review", "journal-entry", "help", "welcome", "holds", "before"],
)
async def test_more_key_widgets_scroll_into_view(
    make_app: Callable[..., PacerApp], keys: list[str], wanted: list[str]
) -> None:
    from pacer.screens.stress_before import StressBeforeScreen

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        seed_goal_and_entry(app)
        for key in keys:
            if key == "holds":
                app.ask_about_holds()
            elif key == "before":
                app.push_screen(StressBeforeScreen())
            elif key == "w":
                app.action_welcome()
            else:
                await pilot.press(key)
            await settle(pilot)
        screen = pilot.app.screen
        for selector in wanted:
            await assert_reachable(pilot, screen.query_one(selector))
