"""A radio button that says in text whether it is chosen: ``(•) Yes`` or ``( ) No``.

A long label wraps over as many lines as it needs (the mark stays on the first line, the rest
lines up under the first word), so at 40 columns "Yes, something needs action today" is read
whole instead of ending in "toda…".

Textual's RadioButton draws ``▐●▌`` for both states and tells them apart by colour only, so
under NO_COLOR, in high contrast, or for anyone who cannot tell the colours apart, every
option looked chosen. This one draws a different glyph for each state, in the text colour (never
a near-black glyph on a near-black panel), and is a drop-in RadioButton inside a RadioSet.
"""

from __future__ import annotations

from typing import Any

from textual.content import Content
from textual.geometry import Size
from textual.widgets import RadioButton

CHOSEN = "(•)"
NOT_CHOSEN = "( )"


class ChoiceButton(RadioButton):
    """One option of a RadioSet; ``(•)`` when chosen, ``( )`` when not."""

    # Textual's RadioSet and ToggleButton paint the glyph near-black on a dark panel; the class
    # outranks those rules (a class beats a type), so the mark is in the text colour on every
    # theme and under NO_COLOR.
    DEFAULT_CSS = """
    ChoiceButton.choice-button {
        height: auto;
    }
    ChoiceButton.choice-button > .toggle--button {
        color: $foreground;
        background: transparent;
        text-style: none;
    }
    ChoiceButton.choice-button.-on > .toggle--button {
        color: $foreground;
        background: transparent;
        text-style: bold;
    }
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_class("choice-button")

    @property
    def _button(self) -> Content:
        """The mark for the current value, in the button style (not colour alone)."""
        mark = CHOSEN if self.value else NOT_CHOSEN
        return Content.assemble((mark, self.get_visual_style("toggle--button")))

    def _lines(self, width: int) -> list[Content]:
        """The mark and label laid out in ``width`` cells: the label wraps at word breaks and
        every line after the first is indented to start under the label, not under the mark."""
        button = self._button
        label_style = self.get_visual_style("toggle--label")
        room = max(width - button.cell_length - 2, 1)  # a space either side, as RadioButton
        label = self._label
        wrapped = label.wrap(room) if label.cell_length > room else [label]
        shown = [line.pad(1, 1).stylize_before(label_style) for line in wrapped]
        lines = [Content.assemble(button, shown[0])]
        lines.extend(Content.assemble(" " * button.cell_length, line) for line in shown[1:])
        return lines

    def render(self) -> Content:
        """The mark and the whole label, wrapped to the width the button has."""
        width = self.content_region.width or self.get_content_width(Size(0, 0), Size(0, 0))
        return Content("\n").join(self._lines(width))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """As many lines as the wrapped label needs (RadioButton always says one)."""
        return len(self._lines(width))
