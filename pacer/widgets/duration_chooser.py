"""A row of session lengths to pick with the arrow keys: 1, 3, 5, 10, 20 minutes, or Other;
or, counted in breaths, 3, 4, 6, 10, 20 breaths, or Other. Beside it, the unit to count in.

The chosen one reads ``▸5 min`` and the others `` 3 min``: the choice shows in text as well as
in colour. In breaths the numbers stand alone (``▸4``): "4 breaths" five times over does not
fit 80 columns beside the typed box, and the unit is written twice nearby anyway (the
"Count in" toggle, :class:`UnitToggle`, and the typed box's "breaths").

Why not a RadioSet: one line is enough, left/right is the natural way to move along a row, and
the screen can forward left/right here while the pattern list keeps up/down, so a person can
choose a pattern and a length without ever changing focus.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from rich.console import RenderableType
from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

CHOICES: tuple[float | None, ...] = (1, 3, 5, 10, 20, None)  # None: type your own
#: Lengths in breaths: 4 is 4-7-8's own suggestion; 10 the first choice for any other pattern.
BREATH_CHOICES: tuple[float | None, ...] = (3, 4, 6, 10, 20, None)
#: The breaths chosen when a pattern with no suggestion of its own is counted in breaths.
DEFAULT_BREATHS = 10

Unit = Literal["minutes", "breaths"]
UNITS: tuple[Unit, ...] = ("minutes", "breaths")

# The chosen length is marked in text, not by colour alone (NO_COLOR, high contrast, colour
# blindness): the mark takes the place of the chip's left space, so the row never shifts.
MARK = "▸"


def _label(value: float | None, unit: Unit = "minutes") -> str:
    if value is None:
        return "Other"
    return f"{value:g} min" if unit == "minutes" else f"{value:g}"


def _choices(unit: Unit) -> tuple[float | None, ...]:
    return CHOICES if unit == "minutes" else BREATH_CHOICES


class DurationChooser(Widget, can_focus=True):
    """Pick a length; `value` is minutes (or breaths, when `unit` is "breaths"), or None when
    "Other" (a typed number) is chosen. Each unit keeps its own choice, so switching to
    breaths and back finds the minutes as they were."""

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
        """The chosen length changed (value is None for "Other"), or its unit did."""

        def __init__(
            self, chooser: DurationChooser, value: float | None, unit: Unit = "minutes"
        ) -> None:
            super().__init__()
            self.chooser = chooser
            self.value = value
            self.unit = unit

    def __init__(
        self,
        minutes: float | None = 5,
        *,
        breaths: float | None = DEFAULT_BREATHS,
        unit: Unit = "minutes",
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._unit: Unit = unit
        #: Each unit's chosen position, kept while the other unit is shown.
        self._kept: dict[Unit, int] = {
            "minutes": self.index_of(minutes, "minutes"),
            "breaths": self.index_of(breaths, "breaths"),
        }
        self.set_reactive(DurationChooser.index, self._kept[unit])

    @staticmethod
    def index_of(value: float | None, unit: Unit = "minutes") -> int:
        """Where a length sits in the row; lengths that are not offered map to "Other"."""
        choices = _choices(unit)
        return choices.index(value) if value in choices else len(choices) - 1

    @property
    def unit(self) -> Unit:
        return self._unit

    @property
    def choices(self) -> tuple[float | None, ...]:
        return _choices(self._unit)

    @property
    def value(self) -> float | None:
        return self.choices[self.index]

    def select(self, value: float | None) -> None:
        """Choose a length in the unit shown now (one that is not offered: "Other")."""
        self.index = self.index_of(value, self._unit)

    def set_unit(self, unit: Unit, value: float | None = None, *, keep: bool = True) -> None:
        """Count in `unit`; with ``keep`` its last choice comes back, else `value` is chosen."""
        if unit == self._unit and keep:
            return
        self._kept[self._unit] = self.index
        self._unit = unit
        index = self._kept[unit] if keep else self.index_of(value, unit)
        self.set_reactive(DurationChooser.index, index)
        self.refresh(layout=True)
        self.post_message(self.Changed(self, self.value, unit))

    def action_move(self, step: int) -> None:
        self.index = min(len(self.choices) - 1, max(0, self.index + step))

    def watch_index(self, index: int) -> None:
        self.post_message(self.Changed(self, self.choices[index], self._unit))

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return sum(len(_label(choice, self._unit)) + 3 for choice in self.choices) - 1

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(_rows(width, self._unit))

    def render(self) -> RenderableType:
        # The whole visual style (not partial): a partial one left `$text-muted` unresolved,
        # which drew the other lengths white on the light theme's cream (invisible).
        chip = self.get_visual_style("duration-chooser--chip").rich_style
        chosen = self.get_visual_style("duration-chooser--selected").rich_style
        parts: list[tuple[str, Style] | str] = []
        choices, unit = self.choices, self._unit
        for number, row in enumerate(_rows(self.content_size.width, unit)):
            if number:
                parts.append("\n")
            for place, position in enumerate(row):
                if place:
                    parts.append(" ")
                if position == self.index:
                    parts.append((f"{MARK}{_label(choices[position], unit)} ", chosen))
                else:
                    parts.append((f" {_label(choices[position], unit)} ", chip))
        return Text.assemble(*parts, no_wrap=True)


def _rows(width: int, unit: Unit = "minutes") -> list[list[int]]:
    """The choices (by position) on each line: one line when they fit, else as many as a
    narrow terminal needs (40 columns: two), never a length cut in half ("10")."""
    rows: list[list[int]] = [[]]
    used = 0
    for position, choice in enumerate(_choices(unit)):
        size = len(_label(choice, unit)) + 2
        gap = 1 if rows[-1] else 0
        if rows[-1] and width > 0 and used + gap + size > width:
            rows.append([])
            used, gap = 0, 0
        rows[-1].append(position)
        used += gap + size
    return rows


class UnitToggle(Widget, can_focus=True):
    """Count the length in minutes or in breaths: ``▸minutes   breaths ``, the chosen unit
    marked in text as the lengths are. Left/right or space switch it while it has focus (tab
    reaches it); only a switch by the person posts :class:`UnitToggle.Changed`, so a screen
    can tell a choice from its own :meth:`show_unit`."""

    DEFAULT_CSS = """
    UnitToggle {
        width: auto;
        height: 1;
    }
    UnitToggle > .duration-chooser--chip {
        color: $text-muted;
    }
    UnitToggle > .duration-chooser--selected {
        color: $text;
        background: $primary 30%;
        text-style: bold;
    }
    UnitToggle:focus > .duration-chooser--selected {
        color: $background;
        background: $primary;
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"duration-chooser--chip", "duration-chooser--selected"}

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "choose('minutes')", "Minutes", show=False),
        Binding("right", "choose('breaths')", "Breaths", show=False),
        Binding("space", "switch", "Minutes or breaths", show=False),
    ]

    unit: reactive[Unit] = reactive[Unit]("minutes")

    class Changed(Message):
        """The person switched the unit."""

        def __init__(self, toggle: UnitToggle, unit: Unit) -> None:
            super().__init__()
            self.toggle = toggle
            self.unit = unit

    def __init__(
        self, unit: Unit = "minutes", *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.set_reactive(UnitToggle.unit, unit)

    def show_unit(self, unit: Unit) -> None:
        """Show `unit` without it counting as the person's choice (no Changed message)."""
        self.set_reactive(UnitToggle.unit, unit)
        self.refresh()

    def action_choose(self, unit: Unit) -> None:
        if unit != self.unit:
            self.unit = unit
            self.post_message(self.Changed(self, unit))

    def action_switch(self) -> None:
        self.action_choose("breaths" if self.unit == "minutes" else "minutes")

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return sum(len(unit) + 3 for unit in UNITS) - 1

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return 1

    def render(self) -> RenderableType:
        chip = self.get_visual_style("duration-chooser--chip").rich_style
        chosen = self.get_visual_style("duration-chooser--selected").rich_style
        parts: list[tuple[str, Style] | str] = []
        for place, unit in enumerate(UNITS):
            if place:
                parts.append(" ")
            mark = MARK if unit == self.unit else " "
            parts.append((f"{mark}{unit} ", chosen if unit == self.unit else chip))
        return Text.assemble(*parts, no_wrap=True)
