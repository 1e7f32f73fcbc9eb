"""The one yes/no question of the app (discard, delete, stop, quit with words typed).

A typed result (``ModalScreen[bool]``, True for yes), its words as parameters, and the safe
answer focused unless the caller says otherwise. ``y`` answers yes,
``n`` or esc no (keys from :mod:`pacer.keymap`).
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from pacer.keymap import bind, display
from pacer.screens.dialogs import DIALOG_CSS


class ConfirmModal(ModalScreen[bool]):
    """Ask one question; dismiss with True (yes) or False (no, Escape)."""

    DEFAULT_CSS = (
        DIALOG_CSS.format(name="ConfirmModal")
        + """
    ConfirmModal Horizontal {
        height: auto;
        margin-top: 1;
    }
    ConfirmModal Button {
        margin-right: 2;
        padding: 0 2;
        background: $panel;
        color: $text;
        text-style: none;
    }
    ConfirmModal.-narrow Button {
        min-width: 8;
        margin-right: 1;
    }
    ConfirmModal.-short Horizontal {
        margin-top: 0;
    }
    ConfirmModal Button:focus {
        background: $primary;
        color: $background;
        text-style: bold;
    }
    """
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        bind("yes"),
        bind("no"),
    ]

    def __init__(
        self, title: str, body: str, yes: str, no: str = "Keep", *, yes_first: bool = False
    ) -> None:
        """``yes_first`` puts (and focuses) the yes button first, for questions where yes is
        the expected answer (stopping a session the person asked to stop)."""
        super().__init__()
        self.title_text, self.body, self.yes, self.no = title, body, yes, no
        self.yes_first = yes_first

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.title_text, classes="title")
            yield Static(self.body, classes="body")
            with Horizontal():
                buttons = [Button(self.no, id="no", compact=True),
                           Button(self.yes, id="yes", compact=True)]
                yield from reversed(buttons) if self.yes_first else buttons
            yield Static(
                f"{display('yes')}: {self.yes.lower()} · {display('no')} or esc: "
                f"{self.no.lower()}",
                classes="hint",
            )

    def on_mount(self) -> None:
        self.query_one("#yes" if self.yes_first else "#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
