"""The optional "how stressed are you now?" question, asked before a breathing session starts.

Why a screen of its own, before the session screen is pushed: the session's clock starts when
the session screen first shows, so a question inside it would either eat breathing time or
need the session to know about it. Here the session does not exist yet while the person
thinks. The number goes into the session record's ``before`` field, so History's
before-and-after line fills from normal use.

Keys: a number then Enter starts with it; Enter alone or Esc starts without it (one key
skips); ``n`` starts without it and stops the question for good (Settings turns it back on).
The screen only answers; the app starts the session and saves the setting.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from pacer.domain.errors import InputError
from pacer.domain.session import parse_stress
from pacer.keymap import bind, display, display_key
from pacer.screens.dialogs import DIALOG_CSS
from pacer.widgets.stress_scale import StressInput

TITLE = "Before you start: how stressed are you now?"
BODY = (
    "0 is calm, 10 is the most stressed you can imagine. You do not have to answer. "
    "After the session you can compare."
)
HINT = (
    f"enter: start · {display('skip')} or esc: skip and start · "
    f"{display_key('n')}: no, stop asking (Settings can turn it back on)"
)


class RatingInput(StressInput):
    """A 0-10 field that claims digits only, so a letter (``n``) can be the screen's key."""

    def check_consume_key(self, key: str, character: str | None) -> bool:
        return character is not None and character.isdigit()


@dataclass(frozen=True)
class BeforeAnswer:
    """What the person said: a rating (or None for skipped), and whether to stop asking."""

    rating: int | None
    stop_asking: bool = False


class StressBeforeScreen(ModalScreen[BeforeAnswer]):
    """An optional 0-10 rating before a session; it always ends in starting the session."""

    DEFAULT_CSS = (
        DIALOG_CSS.format(name="StressBeforeScreen")
        + """
    StressBeforeScreen RatingInput {
        margin-top: 1;
    }
    StressBeforeScreen #before-error {
        color: $warning;
        width: 1fr;
        height: auto;
    }
    """
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        bind("skip"),
        Binding("escape", "skip", "Skip", show=False),
        # Priority, so it runs before the field sees the key (the field lets letters pass).
        bind("no", "stop_asking", keys="n", priority=True),
    ]

    HELP_TITLE = "Stress before"
    HELP = (
        "An optional number from 0 to 10 before you breathe, so you can see the change after. "
        "Press enter to start, or ctrl+k or esc to skip the question. n stops this question; "
        "Settings can bring it back."
    )

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(TITLE, classes="title", id="before-title")
            yield Static(BODY, classes="body")
            yield RatingInput(id="before-rating", restrict=r"\d{0,2}")
            yield Label("", id="before-error")
            yield Static(HINT, classes="hint")

    def on_mount(self) -> None:
        self.query_one("#before-rating", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one("#before-error", Label).update("")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if not text:
            self.dismiss(BeforeAnswer(None))
            return
        try:
            rating = parse_stress(text)
        except InputError as error:
            self.query_one("#before-error", Label).update(f"{error}.")
            return
        self.dismiss(BeforeAnswer(rating))

    def action_skip(self) -> None:
        self.dismiss(BeforeAnswer(None))

    def action_stop_asking(self) -> None:
        """Stop asking from now on; a good number already typed is still kept this time."""
        try:
            rating: int | None = parse_stress(self.query_one("#before-rating", Input).value)
        except InputError:
            rating = None
        self.dismiss(BeforeAnswer(rating, stop_asking=True))
