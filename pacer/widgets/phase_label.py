"""What to do now, in words, with a whole-seconds countdown: "Breathe in" / "3".

Kept apart from the picture so that the words are there for everyone: with reduced motion the
picture goes away but these words stay exactly the same.

The label is also how the session knows its first frame is on screen (`when_drawn`): the words
are rendered while a frame is being composed, and a callback queued then runs once that frame
has been handed to the terminal.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import ClassVar

from rich.console import RenderableType
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget


class PhaseLabel(Widget):
    """Two centred lines: the phase words, then the seconds left (or, when paused, "Paused")."""

    DEFAULT_CSS = """
    PhaseLabel {
        width: 1fr;
        height: 2;
        text-align: center;
    }
    PhaseLabel > .phase-label--words {
        color: $text;
        text-style: bold;
    }
    PhaseLabel > .phase-label--count {
        color: $text-muted;
    }
    PhaseLabel > .phase-label--paused {
        color: $accent;
        text-style: bold;
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "phase-label--words",
        "phase-label--count",
        "phase-label--paused",
    }

    words: reactive[str] = reactive("")
    countdown: reactive[int] = reactive(0)
    paused: reactive[bool] = reactive(False)
    show_countdown: reactive[bool] = reactive(True)

    _when_drawn: Callable[[], None] | None = None

    def show(self, words: str, countdown: int, *, paused: bool = False) -> None:
        """Set all three at once; reactives refresh only for values that really changed."""
        self.words = words
        self.countdown = countdown
        self.paused = paused

    @property
    def text(self) -> str:
        """The two lines as plain text, for tests and screen readers."""
        return self.render_text().plain

    def render_text(self) -> Text:
        words_style = self.get_component_rich_style("phase-label--words", partial=True)
        count_style = self.get_component_rich_style("phase-label--count", partial=True)
        if self.paused:
            paused_style = self.get_component_rich_style("phase-label--paused", partial=True)
            second = f"{self.words} · {self.countdown}" if self.show_countdown else self.words
            return Text.assemble(("Paused", paused_style), "\n", (second, count_style))
        second = str(self.countdown) if self.show_countdown and self.countdown else ""
        return Text.assemble((self.words, words_style), "\n", (second, count_style))

    def when_drawn(self, callback: Callable[[], None] | None) -> None:
        """Call `callback` once, while the next frame that shows these words is composed.

        Textual renders a widget only while it composes a frame to write, so this says that
        the frame being built holds these words (the screen then starts its clock once that
        frame has been written). The callback runs inside `render`: it must be quick and
        change no widget. The label is redrawn so that this happens even when its words have
        not changed. `None` cancels it.
        """
        self._when_drawn = callback
        if callback is not None:
            self.refresh()

    def render(self) -> RenderableType:
        callback = self._when_drawn
        if callback is not None:
            if self.app._batch_count:
                # Textual composes frames while the app starts (a `pacer breathe` session is
                # built then) but writes none until that batch ends (`App._display` checks
                # this count): this frame is not on screen. Ask to be drawn again; the next
                # frame that is written renders the label once more.
                asyncio.get_running_loop().call_soon(self.refresh)
            else:
                self._when_drawn = None
                callback()
        return self.render_text()
