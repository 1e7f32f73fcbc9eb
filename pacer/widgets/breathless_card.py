"""The parts of the session screen that only "Breathless now" has: large words, the card, the
red flag, and the layout that puts them beside (or below) the breath picture.

Why here and not in the session screen: the session's timing is the product and stays in one
place (pacer/screens/session.py); this module only draws words that never change while the
person breathes (the card, the red flag) and the large IN / OUT, which the session updates at
each phase like its other words.

The red flag sits under the picture and the card, just above the footer, so it is on screen
for the whole session at any size the app allows (40x12 up); on a narrow terminal it takes the
short wording (same signs, same who to contact). The card scrolls when it does not fit, so
nothing in it is cut off.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Container, VerticalScroll
from textual.widgets import Static

from pacer.domain.breathless import CARD, CARD_TITLE, RED_FLAG, RED_FLAG_SHORT

#: Below this many columns the red flag uses its short wording (it must stay on screen).
SHORT_FLAG_BELOW = 80

# Three rows, half-block letters: readable from a little way off, calm, no animation.
_LETTERS: dict[str, tuple[str, str, str]] = {
    "I": ("▀█▀", " █ ", "▄█▄"),
    "N": ("█▄ █", "█ ▀█", "█  █"),
    "O": ("▄▀▀▄", "█  █", "▀▄▄▀"),
    "U": ("█  █", "█  █", "▀▄▄▀"),
    "T": ("▀█▀", " █ ", " █ "),
}


def big_letters(word: str) -> str:
    """`word` (letters of IN and OUT) in three rows of block letters; other letters are left
    out, so an unknown word draws nothing rather than something wrong."""
    letters = [_LETTERS[ch] for ch in word.upper() if ch in _LETTERS]
    if not letters:
        return "\n\n"
    return "\n".join(" ".join(letter[row] for letter in letters) for row in range(3))


def big_word_for(words: str) -> str:
    """The large word for a phase's words: "Breathe in" -> IN, "Breathe out" -> OUT."""
    lowered = words.lower()
    if lowered.startswith("breathe in"):
        return "IN"
    if lowered.startswith("breathe out"):
        return "OUT"
    return ""


class BigWords(Static):
    """IN or OUT in large letters, above the picture; the session sets it at each phase."""

    DEFAULT_CSS = """
    BigWords {
        width: 1fr;
        height: 3;
        text-align: center;
        color: $primary;
        text-style: bold;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("\n\n", id=id, markup=False)
        self.word = ""

    def show(self, words: str) -> None:
        """Show the large word for `words`, redrawing only when it changes."""
        word = big_word_for(words)
        if word != self.word:
            self.word = word
            self.update(big_letters(word), layout=False)


class BreathlessCard(VerticalScroll):
    """What can help, one short line each: read it while breathing, scroll it if it is cut."""

    DEFAULT_CSS = """
    BreathlessCard {
        height: 1fr;
        padding: 0 1;
        scrollbar-size-vertical: 1;
    }
    BreathlessCard > .card-title {
        text-style: bold;
        color: $text;
    }
    BreathlessCard > .card-tip {
        color: $text;
    }
    """

    def compose(self) -> ComposeResult:
        yield Static(CARD_TITLE, classes="card-title", markup=False)
        for tip in CARD:
            yield Static(Text(f"· {tip.text}"), classes="card-tip")

    @property
    def text(self) -> str:
        """The card as plain text, for tests and screen readers."""
        return "\n".join([CARD_TITLE, *(f"· {tip.text}" for tip in CARD)])


class RedFlag(Static):
    """When to get help now: always on screen, above the footer, never hidden by the card."""

    DEFAULT_CSS = """
    RedFlag {
        width: 1fr;
        height: auto;
        padding: 0 1;
        border-left: thick $error;
        background: $error 15%;
        color: $text;
    }
    """

    def __init__(self, *, id: str | None = None, short: bool = False) -> None:
        """`short`: start with the short wording (the terminal is narrow already)."""
        super().__init__(Text((RED_FLAG_SHORT if short else RED_FLAG).text), id=id)
        self.short = short

    def on_resize(self, event: events.Resize) -> None:
        """The short wording on a narrow terminal, so the flag keeps few enough lines."""
        short = self.app.size.width < SHORT_FLAG_BELOW
        if short != self.short:
            self.short = short
            self.update(Text((RED_FLAG_SHORT if short else RED_FLAG).text))

    @property
    def text(self) -> str:
        return (RED_FLAG_SHORT if self.short else RED_FLAG).text


class BreathlessBody(Container):
    """The picture with its words, and the card beside it (below it on a narrow terminal).

    Its rules are not scoped to this widget: they also place the session's own parts
    (#session-top, #visual-box...) when the session screen runs as "Breathless now", so the
    breathless layout lives here and pacer.tcss stays as it was.
    """

    SCOPED_CSS: ClassVar[bool] = False
    DEFAULT_CSS = """
    BreathlessBody {
        layout: horizontal;
        height: 1fr;
    }
    BreathlessBody > #breathless-main {
        width: 1fr;
        height: 1fr;
        align-vertical: middle;
    }
    BreathlessBody #breathless-session-top {
        height: auto;
    }
    BreathlessBody #breathless-visual-box, BreathlessBody #breathless-calm-countdown {
        height: 1fr;
        max-height: 12;
    }
    BreathlessBody #breathless-calm-countdown {
        align: center middle;
    }
    BreathlessBody > BreathlessCard {
        width: 38;
        border-left: solid $foreground 25%;
    }
    Screen.-narrow BreathlessBody {
        layout: vertical;
    }
    Screen.-narrow BreathlessBody > #breathless-main {
        height: auto;
    }
    Screen.-narrow BreathlessBody #breathless-visual-box,
    Screen.-narrow BreathlessBody #breathless-calm-countdown {
        height: 6;
    }
    Screen.-narrow BreathlessBody #session-hint {
        display: none;
    }
    Screen.-narrow BreathlessBody > BreathlessCard {
        width: 1fr;
        height: 1fr;
        min-height: 2;
        border-left: none;
        border-top: solid $foreground 25%;
    }
    SessionScreen.-breathless.-short > #session-title,
    Screen.-short BreathlessBody #big-words,
    Screen.-short BreathlessBody #session-bottom {
        display: none;
    }
    Screen.-short.-narrow BreathlessBody > BreathlessCard {
        border-top: none;
    }
    Screen.-short.-narrow BreathlessBody #breathless-visual-box,
    Screen.-short.-narrow BreathlessBody #breathless-calm-countdown {
        height: 4;
    }
    """
