"""A moment to notice a finish line reached. It stays in the list, marked ✓."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from pacer.domain.goals import Goal, title_of
from pacer.keymap import bind
from pacer.screens.dialogs import DIALOG_CSS


class ReachedScreen(ModalScreen[None]):
    """Shown after a review marks a finish line reached; any of Escape, Enter, space closes."""

    DEFAULT_CSS = DIALOG_CSS.format(name="ReachedScreen") + """
    ReachedScreen > Vertical {
        border: round $success;
    }
    ReachedScreen #reached-title {
        color: $success;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [bind("close")]

    def __init__(self, goal: Goal) -> None:
        super().__init__()
        self.goal = goal

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("✓ You reached it", classes="title", id="reached-title")
            # title_of is harmless text; markup off so "[b]" in a title stays "[b]".
            yield Static(title_of(self.goal), classes="body", id="reached-goal", markup=False)
            yield Static(
                "That is worth a pause. Take a moment with it, and maybe share it with "
                "someone who ran with you. It stays with your finish lines.",
                classes="hint",
            )
            yield Static("enter: carry on", classes="hint")

    def action_close(self) -> None:
        self.dismiss(None)
