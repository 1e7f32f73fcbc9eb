"""Small modal dialogs: rate stress after a session, and the end-of-session summary.

Each returns a typed result through `dismiss()` (ModalScreen[int | None]) so the screen that
asked decides what happens next; dialogs never touch the store themselves. The one yes/no
question (stop a session, quit with words typed) is :class:`pacer.screens.confirm.ConfirmModal`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from pacer.domain.errors import InputError
from pacer.domain.session import parse_stress
from pacer.domain.text import harmless
from pacer.keymap import bind, display
from pacer.widgets.format import mmss

DIALOG_CSS = """
{name} {{
    align: center middle;
    background: $background 60%;
}}
{name} > Vertical {{
    width: 60;
    max-width: 90%;
    height: auto;
    padding: 1 2;
    background: $surface;
    border: round $primary 60%;
}}
{name} .title {{
    text-style: bold;
    color: $text;
    width: 1fr;
    margin-bottom: 1;
}}
{name} .body {{
    color: $text;
    width: 1fr;
}}
{name} .hint {{
    color: $text-muted;
    width: 1fr;
    margin-top: 1;
}}
/* A small terminal (40x12): the dialog takes the whole screen less its border and scrolls,
   so its buttons and its hint can always be reached (focus scrolls them into view). */
{name}.-narrow > Vertical, {name}.-short > Vertical {{
    width: 100%;
    max-width: 100%;
    max-height: 100%;
    padding: 0 1;
    overflow-y: auto;
    scrollbar-size-vertical: 1;
}}
{name}.-short .title {{
    margin-bottom: 0;
}}
{name}.-short .hint {{
    margin-top: 0;
}}
"""


class StressRatingScreen(ModalScreen[int | None]):
    """An optional 0-10 stress rating after a session. Enter saves it, Esc skips it."""

    DEFAULT_CSS = (
        DIALOG_CSS.format(name="StressRatingScreen")
        + """
    StressRatingScreen Input {
        width: 12;
        margin-top: 1;
    }
    StressRatingScreen.-short Input {
        border: none;
        height: 1;
        padding: 0 1;
        background: $panel;
    }
    StressRatingScreen #rating-error {
        color: $warning;
        width: 1fr;
        height: auto;
    }
    """
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        bind("skip", priority=True),  # over the number box's own ctrl+k
        bind("close", "skip", show=False, keys="escape"),
        Binding("up", "nudge(1)", "More", show=False),
        Binding("down", "nudge(-1)", "Less", show=False),
    ]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("How stressed do you feel now?", classes="title")
            yield Static(
                "0 is calm, 10 is the most stressed you can imagine. This is optional.",
                classes="body",
            )
            yield Input(placeholder="0-10", id="rating")
            yield Label("", id="rating-error")
            yield Static(f"enter saves · {display('skip')} skips · ↑ ↓ change the number",
                         classes="hint")

    def on_mount(self) -> None:
        self.query_one("#rating", Input).focus()

    def action_skip(self) -> None:
        self.dismiss(None)

    def action_nudge(self, step: int) -> None:
        """Up and down move the number, so no typing is needed at all."""
        field = self.query_one("#rating", Input)
        try:
            field.value = str(min(10, max(0, parse_stress(field.value) + step)))
        except InputError:
            field.value = "5"  # nothing usable typed yet: start in the middle of the scale
        field.cursor_position = len(field.value)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one("#rating-error", Label).update("")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if not text:
            self.dismiss(None)
            return
        try:
            rating = parse_stress(text)
        except InputError as error:
            self.query_one("#rating-error", Label).update(f"{error}.")
            return
        self.dismiss(rating)


@dataclass(frozen=True)
class SessionOutcome:
    """What the summary needs: the record as saved (or as it would have been) and any error."""

    record: dict[str, Any]
    pattern_name: str
    #: Why the session is not in the history now (None when it is).
    error: str | None = None
    #: Where it is kept until the next launch adds it, when it could not be written now.
    pending: Path | None = None
    #: A session with no end to reach (Breathless now): stopping is how it ends, not "early".
    open_ended: bool = False

    @property
    def saved(self) -> bool:
        return self.error is None


def summary_lines(outcome: SessionOutcome) -> tuple[str, str]:
    """The summary's title and body, in plain, kind words (no scores, no guilt)."""
    record = outcome.record
    breathed = mmss(record.get("seconds") or 0)
    planned = mmss(record.get("planned_seconds") or 0, round_up=True)
    if outcome.pending is not None:
        title = "Kept safe, not in your history yet"
        body = (
            f"{outcome.error}\n\nYou breathed for {breathed} with {outcome.pattern_name}. "
            "Nothing is lost."
        )
        return title, body
    if not outcome.saved:
        title = "This session was not saved"
        body = (
            f"{outcome.error}\n\nYou breathed for {breathed} with {outcome.pattern_name}. "
            "That time still counts for you, even if Pacer could not write it down."
        )
        return title, body
    if record.get("completed") or outcome.open_ended:
        line = f"You breathed for {breathed} with {outcome.pattern_name}."
        title = "Well paced"
    else:
        line = f"You breathed for {breathed} of {planned} with {outcome.pattern_name}."
        title = "Saved"
        line += " Stopping early is fine. Every slow breath counts."
    after = record.get("after")
    if after is not None:
        line += f"\nStress now: {after} out of 10."
    return title, line + "\n\nIt is in your history."


class SummaryScreen(ModalScreen[None]):
    """A short, calm note after a session; any key that closes it returns to Today."""

    DEFAULT_CSS = (
        DIALOG_CSS.format(name="SummaryScreen")
        + """
    SummaryScreen.-error > Vertical {
        border: round $warning;
    }
    """
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        bind("close"),
    ]

    def __init__(self, outcome: SessionOutcome) -> None:
        super().__init__(classes="" if outcome.saved else "-error")
        self.outcome = outcome

    def compose(self) -> ComposeResult:
        title, body = summary_lines(self.outcome)
        with Vertical():
            yield Label(title, classes="title", id="summary-title")
            # The pattern's name and the error can come from the data: shown, never obeyed.
            yield Static(Text(harmless(body, multiline=True)), classes="body", id="summary-body")
            yield Static("enter or esc: back to Today", classes="hint")

    def action_close(self) -> None:
        self.dismiss(None)
