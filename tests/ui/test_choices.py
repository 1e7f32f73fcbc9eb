"""Every choice reads differently in text when chosen, not only in colour (issue 11).

These tests read the characters a widget draws, never its colours, so a regression fails here
without anyone having to look at an SVG: a radio button says ``(•)`` or ``( )``, a tick box
``[x]`` or ``[ ]``, the chosen length and the highlighted line of a list carry a ``▸``.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.widgets import OptionList, RadioSet
from textual.widgets.option_list import Option

from pacer.themes import THEMES
from pacer.widgets.choice_button import ChoiceButton
from pacer.widgets.choice_list import ChoiceList
from pacer.widgets.choice_select import ChoiceSelect
from pacer.widgets.duration_chooser import DurationChooser
from pacer.widgets.tick_box import TickBox


def drawn(widget: Any) -> str:
    """The characters a one-line widget draws, as a person reading the screen sees them."""
    return "".join(widget.render_line(0).text).rstrip()


def list_lines(options: OptionList) -> list[str]:
    """Each line an option list draws, top to bottom (no colours)."""
    return ["".join(options.render_line(y).text).rstrip() for y in range(options.size.height)]


class Row(App[None]):
    """A bare app holding the widgets under test, in the default theme."""

    def __init__(self, *widgets: Any) -> None:
        super().__init__()
        self._widgets = widgets

    def compose(self) -> ComposeResult:
        yield from self._widgets


# --- each widget on its own ------------------------------------------------------------------


async def test_a_choice_button_says_chosen_or_not_in_text() -> None:
    app = Row(RadioSet(ChoiceButton("Yes", value=True), ChoiceButton("No"), id="set"))
    async with app.run_test(size=(40, 6)) as pilot:
        yes, no = app.query(ChoiceButton)
        assert drawn(yes) == "(•) Yes"
        assert drawn(no) == "( ) No"
        app.query_one(RadioSet).focus()
        await pilot.press("down", "enter")
        await pilot.pause()
        assert no.value and not yes.value
        assert drawn(yes) == "( ) Yes"
        assert drawn(no) == "(•) No"


async def test_a_tick_box_says_ticked_or_not_in_text() -> None:
    app = Row(TickBox("N  Novelty", value=True), TickBox("U  Unpredictability"))
    async with app.run_test(size=(40, 6)) as pilot:
        ticked, blank = app.query(TickBox)
        assert drawn(ticked) == "[x] N  Novelty"
        assert drawn(blank) == "[ ] U  Unpredictability"
        blank.focus()
        await pilot.press("space")
        await pilot.pause()
        assert drawn(blank) == "[x] U  Unpredictability"


async def test_the_chosen_length_carries_a_mark() -> None:
    app = Row(DurationChooser(5))
    async with app.run_test(size=(60, 4)) as pilot:
        chooser = app.query_one(DurationChooser)
        assert drawn(chooser) == " 1 min   3 min  ▸5 min   10 min   20 min   Other"
        chooser.focus()
        await pilot.press("right")
        await pilot.pause()
        assert drawn(chooser) == " 1 min   3 min   5 min  ▸10 min   20 min   Other"


async def test_the_chosen_length_keeps_the_row_the_same_width() -> None:
    """Moving the mark never shifts the other chips (nothing jumps as a person moves)."""
    app = Row(DurationChooser(1))
    async with app.run_test(size=(60, 4)) as pilot:
        chooser = app.query_one(DurationChooser)
        widths = set()
        for _ in range(6):
            widths.add(len(drawn(chooser).rstrip()) if chooser.value is not None else None)
            chooser.action_move(1)
            await pilot.pause()
        assert len({w for w in widths if w is not None}) == 1


async def test_a_choice_list_marks_the_highlighted_line_only() -> None:
    app = Row(ChoiceList(Option("Resonance"), Option("Box breathing"), Option("4-7-8")))
    async with app.run_test(size=(40, 6)) as pilot:
        options = app.query_one(ChoiceList)
        options.highlighted = 1
        await pilot.pause()
        assert list_lines(options)[:3] == ["  Resonance", "▸ Box breathing", "  4-7-8"]
        options.focus()
        await pilot.press("down")
        await pilot.pause()
        assert list_lines(options)[:3] == ["  Resonance", "  Box breathing", "▸ 4-7-8"]


async def test_a_choice_list_keeps_its_mark_when_focus_moves_away() -> None:
    """The chosen pattern stays marked while a person types their own minutes."""
    app = Row(ChoiceList(Option("One"), Option("Two")), DurationChooser(5))
    async with app.run_test(size=(60, 6)) as pilot:
        options = app.query_one(ChoiceList)
        options.highlighted = 0
        app.query_one(DurationChooser).focus()
        await pilot.pause()
        assert list_lines(options)[:2] == ["▸ One", "  Two"]


async def test_a_choice_list_click_on_the_mark_still_chooses() -> None:
    app = Row(ChoiceList(Option("One"), Option("Two"), id="list", compact=True))
    chosen: list[int] = []

    async with app.run_test(size=(40, 6), message_hook=lambda m: chosen.append(
            m.option_index) if isinstance(m, OptionList.OptionSelected) else None) as pilot:
        await pilot.click("#list", offset=(0, 1))  # on the gutter of the second line
        await pilot.pause()
        assert chosen and set(chosen) == {1}  # the hook sees it once per node it bubbles to


async def test_a_wrapped_option_is_marked_on_its_first_line_only() -> None:
    app = Row(ChoiceList(Option("a long line that has to wrap onto a second line"),
                         Option("short")))
    async with app.run_test(size=(24, 8)) as pilot:
        options = app.query_one(ChoiceList)
        options.highlighted = 0
        await pilot.pause()
        lines = list_lines(options)
        assert lines[0].startswith("▸ ")
        assert lines[1].startswith("  ") and lines[1].strip()
        assert all(len(line) <= 24 for line in lines)


async def test_an_open_select_marks_the_line_enter_would_choose() -> None:
    """Settings and the finish-line form pick from a Select; its open list carries the ▸."""
    app = Row(ChoiceSelect([("Calm dark", "dark"), ("Light", "light"), ("High contrast", "hc")],
                           value="light", allow_blank=False, compact=True))
    async with app.run_test(size=(40, 10)) as pilot:
        select = app.query_one(ChoiceSelect)
        select.focus()
        await pilot.press("enter")
        await pilot.pause()
        overlay = select.query_one(OptionList)
        assert isinstance(overlay, ChoiceList)
        assert list_lines(overlay)[:3] == ["  Calm dark", "▸ Light", "  High contrast"]
        await pilot.press("down", "enter")
        await pilot.pause()
        assert select.value == "hc"


# --- readable by contrast too, in every theme ---------------------------------------------------


def luminance(color: Any) -> float:
    """WCAG relative luminance of a Rich colour (what NO_COLOR's grey keeps, too)."""
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = color.get_truecolor()
    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def contrast(segment: Any) -> float:
    """The contrast ratio of one drawn segment, foreground against background (1 to 21)."""
    fore, back = luminance(segment.style.color), luminance(segment.style.bgcolor)
    return (max(fore, back) + 0.05) / (min(fore, back) + 0.05)


def segment_with(widget: Any, text: str, y: int = 0) -> Any:
    """The drawn segment holding `text` on line `y` of a widget."""
    for segment in widget.render_line(y):
        if text in segment.text:
            return segment
    raise AssertionError(f"{text!r} not drawn in {widget!r}")


class Themed(Row):
    """The bare app with Pacer's themes, one of them on."""

    def __init__(self, theme: str, *widgets: Any) -> None:
        super().__init__(*widgets)
        self._theme = theme

    def on_mount(self) -> None:
        for theme in THEMES:
            self.register_theme(theme)
        self.theme = self._theme


@pytest.mark.parametrize("theme", [theme.name for theme in THEMES])
async def test_every_mark_is_readable_by_contrast(theme: str) -> None:
    """No near-black glyph on a near-black panel: chosen and not chosen both read (4.5:1)."""
    app = Themed(
        theme,
        RadioSet(ChoiceButton("Yes", value=True), ChoiceButton("No"), compact=True),
        TickBox("Novelty", value=True, compact=True), TickBox("Threat", compact=True),
        DurationChooser(5),
        ChoiceList(Option("One"), Option("Two"), compact=True),
    )
    async with app.run_test(size=(60, 12)) as pilot:
        await pilot.pause()
        yes, no = app.query(ChoiceButton)
        ticked, blank = app.query(TickBox)
        chooser = app.query_one(DurationChooser)
        options = app.query_one(ChoiceList)
        options.highlighted = 0
        await pilot.pause()
        drawn_marks = {
            "(•)": segment_with(yes, "(•)"), "( )": segment_with(no, "( )"),
            "[x]": segment_with(ticked, "[x]"), "[ ]": segment_with(blank, "[ ]"),
            "▸5 min": segment_with(chooser, "▸5 min"), "3 min": segment_with(chooser, "3 min"),
            "▸": segment_with(options, "▸"), "Two": segment_with(options, "Two", 1),
        }
        chooser.focus()
        await pilot.pause()
        drawn_marks["▸5 min (focused)"] = segment_with(chooser, "▸5 min")
        options.focus()
        await pilot.pause()
        drawn_marks["▸ (focused)"] = segment_with(options, "▸")
        ratios = {mark: round(contrast(segment), 1) for mark, segment in drawn_marks.items()}
        assert {mark: ratio for mark, ratio in ratios.items() if ratio < 4.5} == {}
