"""A 0-10 stress rating field: type a number, or nudge it with up and down.

Why an Input and not a slider: people can type "7" at once (the first field of a step has
focus), screen readers read it as text, and a bad value ("11", "seven") is kept on screen with
the domain's message beside it instead of being silently clamped.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import Input

from pacer.domain.errors import InputError
from pacer.domain.session import parse_stress


class StressInput(Input):
    """A short input for a 0-10 rating; ↑/↓ change the number, typing works as usual."""

    DEFAULT_CSS = """
    StressInput {
        width: 12;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "nudge(1)", "More", show=False),
        Binding("down", "nudge(-1)", "Less", show=False),
    ]

    def __init__(self, value: str = "", **kwargs: object) -> None:
        kwargs.setdefault("placeholder", "0-10")
        kwargs.setdefault("select_on_focus", False)
        super().__init__(value, **kwargs)  # type: ignore[arg-type]

    def action_nudge(self, step: int) -> None:
        """Move the number by one; from nothing (or something unreadable) start at 5."""
        try:
            self.value = str(min(10, max(0, parse_stress(self.value) + step)))
        except InputError:
            self.value = "5"
        self.cursor_position = len(self.value)
