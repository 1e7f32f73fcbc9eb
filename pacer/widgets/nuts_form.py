"""Widgets for one step of the reappraisal, built from the domain's field descriptions.

The domain (`pacer.domain.reappraisal.STEP_TEXT`) says what each step asks; this module turns a
`Field` into a label and a control whose `name` is the answer key, so the screen can route
every change straight into `flow.set(name, value)` without a table of ids.

Text fields never select their text on focus: a restored draft must not be replaced by the
first key pressed. Words from a draft are made harmless (:func:`harmless`) before they are put
in a field: an escape sequence in drafts.json shows as ``␛``, never reaches the terminal.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Input, Label, RadioSet, Static, TextArea

from pacer.domain.reappraisal import INGREDIENTS, SPRINT_CHOICES, Field
from pacer.domain.text import harmless
from pacer.widgets.choice_button import ChoiceButton
from pacer.widgets.stress_scale import StressInput
from pacer.widgets.tick_box import TickBox

# Tests switch blinking off so snapshots do not depend on when they are taken; people who ask
# for reduced motion get a steady cursor too.
CURSOR_BLINK = True

NUTS_FORM_CSS = """
.field {
    height: auto;
    margin-bottom: 1;
}
.field-label {
    color: $text-muted;
    width: 1fr;
}
.field Input {
    width: 1fr;
    background: $surface;
}
.field Input:focus {
    background: $panel;
}
.field StressInput {
    width: 12;
}
.field TextArea {
    height: 5;
    background: $surface;
}
.field TextArea:focus {
    background: $panel;
}
.field RadioSet {
    background: $background;
}
.tick-line {
    color: $text-muted;
    padding-left: 4;
    margin-bottom: 1;
}
"""


def cursor_blink(reduced_motion: bool) -> bool:
    """Blink the cursor unless the person asked for reduced motion (or a test asked)."""
    return CURSOR_BLINK and not reduced_motion


def _words(value: Any, *, multiline: bool = False) -> str:
    """A draft's value as harmless text for a field (None and non-text become text)."""
    return harmless("" if value is None else value, multiline=multiline)


def field_control(field: Field, value: Any, *, blink: bool = True) -> Widget:
    """The control for one field, with `name` = the answer key and `id` = "f-<key>"."""
    ident = f"f-{field.key}"
    if field.kind == "area":
        area = TextArea(
            _words(value, multiline=True), name=field.key, id=ident, soft_wrap=True,
            tab_behavior="focus", show_line_numbers=False, highlight_cursor_line=False,
            placeholder=field.placeholder, compact=True,
        )
        area.cursor_blink = blink
        return area
    if field.kind == "stress":
        stress = StressInput(_words(value), name=field.key, id=ident, compact=True)
        stress.cursor_blink = blink
        return stress
    if field.kind == "choice":
        chosen = value if value in ("yes", "no") else "no"
        return RadioSet(
            *(ChoiceButton(label, value=key == chosen, name=key) for key, label in SPRINT_CHOICES),
            name=field.key, id=ident, compact=True,
        )
    if field.kind == "ticks":
        ticked = {v for v in value if isinstance(v, str)} if isinstance(value, list) else set()
        return Vertical(*_ticks(ticked), id=ident, classes="ticks")
    line = Input(
        _words(value), name=field.key, id=ident, placeholder=field.placeholder,
        select_on_focus=False, compact=True,
    )
    line.cursor_blink = blink
    return line


def _ticks(ticked: set[str]) -> Iterator[Widget]:
    for ingredient in INGREDIENTS:
        yield TickBox(
            f"{ingredient.letter}  {ingredient.name}",
            value=ingredient.key in ticked,
            name=ingredient.key,
            id=f"tick-{ingredient.key}",
            compact=True,
        )
        yield Static(ingredient.line, classes="tick-line")


def field_box(field: Field, value: Any, *, blink: bool = True, required: bool = False) -> Vertical:
    """A label above its control. Required fields say so in words, not with a red star."""
    label = field.label + (
        " (needed)" if required and field.kind in ("area", "line", "stress") else ""
    )
    children: list[Widget] = []
    if field.kind != "ticks":
        children.append(Label(label, classes="field-label"))
    children.append(field_control(field, value, blink=blink))
    return Vertical(*children, classes="field", id=f"box-{field.key}")


def first_control(container: Widget) -> Widget | None:
    """The first focusable control inside a step body (what gets focus on arrival)."""
    for widget in container.query("Input, TextArea, RadioSet, Checkbox"):
        if widget.focusable:
            return widget
    return None
