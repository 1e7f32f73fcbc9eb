"""A radio button that says in text whether it is chosen: ``(•) Yes`` or ``( ) No``.

Textual's RadioButton draws ``▐●▌`` for both states and tells them apart by colour only, so
under NO_COLOR, in high contrast, or for anyone who cannot tell the colours apart, every
option looked chosen. This one draws a different glyph for each state, in the text colour (never
a near-black glyph on a near-black panel), and is a drop-in RadioButton inside a RadioSet.
"""

from __future__ import annotations

from typing import Any

from textual.content import Content
from textual.widgets import RadioButton

CHOSEN = "(•)"
NOT_CHOSEN = "( )"


class ChoiceButton(RadioButton):
    """One option of a RadioSet; ``(•)`` when chosen, ``( )`` when not."""

    # Textual's RadioSet and ToggleButton paint the glyph near-black on a dark panel; the class
    # outranks those rules (a class beats a type), so the mark is in the text colour on every
    # theme and under NO_COLOR.
    DEFAULT_CSS = """
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
