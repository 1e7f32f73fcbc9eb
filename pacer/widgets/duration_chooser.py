"""A row of session lengths to pick with the arrow keys: 1, 3, 5, 10, 20 minutes, or Other.

The chosen one reads ``▸5 min`` and the others `` 3 min``: the choice shows in text as well as
in colour.

Why not a RadioSet: one line is enough, left/right is the natural way to move along a row, and
the screen can forward left/right here while the pattern list keeps up/down, so a person can
choose a pattern and a length without ever changing focus.
"""

from __future__ import annotations

from typing import ClassVar

from rich.console import RenderableType
from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

CHOICES: tuple[float | None, ...] = (1, 3, 5, 10, 20, None)  # None: type your own

# The chosen length is marked in text, not by colour alone (NO_COLOR, high contrast, colour
# blindness): the mark takes the place of the chip's left space, so the row never shifts.
MARK = "▸"


def _label(minutes: float | None) -> str:
    return "Other" if minutes is None else f"{minutes:g} min"


class DurationChooser(Widget, can_focus=True):
    """Pick a length; `value` is minutes, or None when "Other" (typed minutes) is chosen."""

    DEFAULT_CSS = """
    DurationChooser {
        width: auto;
        height: 1;
    }
    DurationChooser > .duration-chooser--chip {
        color: $text-muted;
    }
    DurationChooser > .duration-chooser--selected {
        color: $text;
        background: $primary 30%;
        text-style: bold;
    }
    DurationChooser:focus > .duration-chooser--selected {
        color: $background;
        background: $primary;
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"duration-chooser--chip", "duration-chooser--selected"}

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "move(-1)", "Shorter", show=False),
        Binding("right", "move(1)", "Longer", show=False),
    ]

    index: reactive[int] = reactive(2)

    class Changed(Message):
        """The chosen length changed (value is None for "Other")."""

        def __init__(self, chooser: DurationChooser, value: float | None) -> None:
            super().__init__()
            self.chooser = chooser
            self.value = value

    def __init__(
        self,
        minutes: float | None = 5,
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.set_reactive(DurationChooser.index, self.index_of(minutes))

    @staticmethod
    def index_of(minutes: float | None) -> int:
        """Where a length sits in the row; lengths that are not offered map to "Other"."""
        return CHOICES.index(minutes) if minutes in CHOICES else len(CHOICES) - 1

    @property
    def value(self) -> float | None:
        return CHOICES[self.index]

    def select(self, minutes: float | None) -> None:
        self.index = self.index_of(minutes)

    def action_move(self, step: int) -> None:
        self.index = min(len(CHOICES) - 1, max(0, self.index + step))

    def watch_index(self, index: int) -> None:
        self.post_message(self.Changed(self, CHOICES[index]))

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return sum(len(_label(choice)) + 3 for choice in CHOICES) - 1

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(_rows(width))

    def render(self) -> RenderableType:
        # The whole visual style (not partial): a partial one left `$text-muted` unresolved,
        # which drew the other lengths white on the light theme's cream (invisible).
        chip = self.get_visual_style("duration-chooser--chip").rich_style
        chosen = self.get_visual_style("duration-chooser--selected").rich_style
        parts: list[tuple[str, Style] | str] = []
        for number, row in enumerate(_rows(self.content_size.width)):
            if number:
                parts.append("\n")
            for place, position in enumerate(row):
                if place:
                    parts.append(" ")
                if position == self.index:
                    parts.append((f"{MARK}{_label(CHOICES[position])} ", chosen))
                else:
                    parts.append((f" {_label(CHOICES[position])} ", chip))
        return Text.assemble(*parts, no_wrap=True)


def _rows(width: int) -> list[list[int]]:
    """The choices (by position) on each line: one line when they fit, else as many as a
    narrow terminal needs (40 columns: two), never a length cut in half ("10")."""
    rows: list[list[int]] = [[]]
    used = 0
    for position, choice in enumerate(CHOICES):
        size = len(_label(choice)) + 2
        gap = 1 if rows[-1] else 0
        if rows[-1] and width > 0 and used + gap + size > width:
            rows.append([])
            used, gap = 0, 0
        rows[-1].append(position)
        used += gap + size
    return rows
