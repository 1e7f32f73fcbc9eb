"""The app's screens use the choice widgets, so every choice on them reads in text (issue 11).

Each test drives a real screen to a choice and reads the characters drawn, never the colours;
the last one reads the source, so a new screen with a bare Textual RadioButton, Checkbox,
OptionList or Select fails here before anyone has to look at it without colour.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Checkbox, OptionList, RadioButton

import pacer
from pacer.app import PacerApp
from pacer.screens.appointments import AppointmentFormScreen, AppointmentsScreen
from pacer.screens.breathe import BreatheScreen
from pacer.screens.reappraise import ReappraiseScreen
from pacer.widgets.choice_button import ChoiceButton
from pacer.widgets.choice_list import ChoiceList
from pacer.widgets.duration_chooser import DurationChooser
from pacer.widgets.tick_box import TickBox
from tests.ui.test_choices import drawn, list_lines

PACKAGE = Path(pacer.__file__).parent


async def settle(pilot: Pilot[Any]) -> None:
    """Let every worker finish, then the screen catch up."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_the_sprint_choice_reads_in_text(make_app: Callable[..., PacerApp]) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        await pilot.app.push_screen(ReappraiseScreen())
        await settle(pilot)
        await pilot.press(*"A new cough", "tab", "6", "enter")
        await settle(pilot)
        buttons = list(pilot.app.screen.query(RadioButton))
        assert buttons and all(isinstance(b, ChoiceButton) for b in buttons)
        marks = {b.name: drawn(b)[:3] for b in buttons}
        assert marks == {"no": "(•)", "yes": "( )"}
        await pilot.press("down", "enter")
        await settle(pilot)
        marks = {b.name: drawn(b)[:3] for b in buttons}
        assert marks == {"no": "( )", "yes": "(•)"}


async def test_the_nuts_ticks_read_in_text(make_app: Callable[..., PacerApp]) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        await pilot.app.push_screen(ReappraiseScreen())
        await settle(pilot)
        await pilot.press(*"Scan results", "tab", "7", "enter", "ctrl+n", "tab", "space")
        await settle(pilot)
        boxes = list(pilot.app.screen.query(Checkbox))
        assert len(boxes) == 4 and all(isinstance(b, TickBox) for b in boxes)
        marks = [drawn(b)[:3] for b in boxes]
        assert marks.count("[x]") == 1 and marks.count("[ ]") == 3


async def test_the_appointment_kind_reads_in_text(make_app: Callable[..., PacerApp]) -> None:
    async with make_app().run_test(size=(100, 32)) as pilot:
        await pilot.app.push_screen(AppointmentsScreen())
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        form = pilot.app.screen
        assert isinstance(form, AppointmentFormScreen)
        buttons = list(form.query(RadioButton))
        assert buttons and all(isinstance(b, ChoiceButton) for b in buttons)
        assert [drawn(b)[:3] for b in buttons].count("(•)") == 1
        await pilot.press("right", "enter")
        await settle(pilot)
        on = [b.name for b in buttons if drawn(b).startswith("(•)")]
        assert on == [form.fields()["kind"]] and on != ["scan"]


async def test_breathe_marks_the_pattern_and_the_length(
    make_app: Callable[..., PacerApp],
) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        await pilot.press("b")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, BreatheScreen)
        patterns = screen.query_one("#patterns", OptionList)
        assert isinstance(patterns, ChoiceList)
        await pilot.press("down", "right")
        await settle(pilot)
        lines = [line for line in list_lines(patterns) if line.strip()]
        marked = [line for line in lines if line.startswith("▸")]
        assert len(marked) == 1 and screen.pattern.name in marked[0]
        assert "▸10 min" in drawn(screen.query_one("#length", DurationChooser))


def test_no_screen_builds_a_bare_textual_choice() -> None:
    """Every radio button, tick box and list in the app is one of ours, which say their state
    in text. Read from the source, so a new screen that forgets fails here."""
    bare = {"RadioButton", "Checkbox", "OptionList", "Select"}
    found: list[str] = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                if name in bare:
                    found.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {name}(...)")
    assert found == []
