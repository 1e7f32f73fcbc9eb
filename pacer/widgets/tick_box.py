"""A checkbox that says in text whether it is ticked: ``[x] Novelty`` or ``[ ] Novelty``.

Textual's Checkbox draws ``▐X▌`` ticked or not and shows the difference by colour only (under
NO_COLOR a grey 251 X against a grey 232 one). This one draws ``[x]`` or ``[ ]``, in the text
colour, so the state reads the same in every theme, in NO_COLOR and to a screen reader.
"""

from __future__ import annotations

from typing import Any

from textual.content import Content
from textual.widgets import Checkbox

TICKED = "[x]"
NOT_TICKED = "[ ]"


class TickBox(Checkbox):
    """A Checkbox whose state is its text: ``[x]`` ticked, ``[ ]`` not."""

    # Textual's RadioSet and ToggleButton paint the glyph near-black on a dark panel; the class
    # outranks those rules (a class beats a type), so the mark is in the text colour on every
    # theme and under NO_COLOR.
    DEFAULT_CSS = """
    TickBox.tick-box > .toggle--button {
        color: $foreground;
        background: transparent;
        text-style: none;
    }
    TickBox.tick-box.-on > .toggle--button {
        color: $foreground;
        background: transparent;
        text-style: bold;
    }
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_class("tick-box")

    @property
    def _button(self) -> Content:
        """The mark for the current value, in the button style (not colour alone)."""
        mark = TICKED if self.value else NOT_TICKED
        return Content.assemble((mark, self.get_visual_style("toggle--button")))
