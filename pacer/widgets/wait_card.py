"""Today's wait card: the wait for results in calm words, and one small thing for the day.

Why: the wait between a scan and its results is the hardest part of scanxiety (Bui et al.
2022; Derry-Vick et al. 2023, see :mod:`pacer.domain.wait`). While a wait is going on, Today
says so plainly ("Waiting for your scan results: day 3, expected Thursday") and offers one
short thing for the day: 5 minutes of long-exhale breathing (``enter``; the app's usual start,
so the optional "stress now" question comes first), and one pleasant thing from the person's
own list (Settings). Nothing counts streaks and a skipped day says nothing: the card is the
same whether or not they breathed yesterday.

"The results came" ends the wait: a link on the card (a mouse click) or the tick in the
appointment's edit form (keyboard), or ``pacer appointments results-came ID``. The write runs
off the event loop and the card says so only once it returned.

Two or three lines at 80x24, so the keys below stay on screen; on a small terminal it wraps and
Today scrolls. Every string from the data is made harmless and is never read as markup.
The domain modules load when the card is first filled, a frame after Today is drawn (launch
time is measured).
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import TYPE_CHECKING, Any

from textual.content import Content
from textual.widgets import Static

from pacer.keymap import display
from pacer.screens.host import host

if TYPE_CHECKING:
    from pacer.domain.wait import Wait

#: The pattern and length of the day's breathing: no hold, a long slow breath out.
WAIT_PATTERN = "extended-exhale"
WAIT_MINUTES = 5
#: At most this many waits get a line of their own (the card stays small).
SHOWN_WAITS = 2
#: Said when the pleasant list is empty: where to write it, with the issue's own examples.
NO_PLEASANT = "write a few in Settings, like a walk or call Sam"
#: The link on the card that ends the wait.
CAME_LINK = "[results came]"


def card_content(waits: list[Wait], now: datetime, things: object) -> Content:
    """The card's lines for ``waits`` (Content, so nothing from the data is markup)."""
    from pacer.domain.text import harmless
    from pacer.domain.wait import pleasant_for, wait_line

    lines: list[Content] = []
    # One wait: its link ends the fixed line below (so the card stays three lines at 80x24
    # whatever the wait's words); several: each wait line carries its own.
    several = len(waits) > 1
    for index, wait in enumerate(waits[:SHOWN_WAITS]):
        words = Content.styled(harmless(wait_line(wait, now)), "bold")
        lines.append(Content.assemble(words, "  ", _came_link(index)) if several else words)
    if len(waits) > SHOWN_WAITS:
        more = len(waits) - SHOWN_WAITS
        lines.append(Content(f"...and {more} more wait{'s' if more > 1 else ''} "
                             "(Appointments has them all)"))
    today = Content.assemble(
        ("For today: ", "$foreground-muted"),
        (display("start"), "bold $accent"),
        f" {WAIT_MINUTES} minutes of long-exhale breathing",
    )
    # Short enough to fit beside a scroll bar at 80 columns.
    lines.append(today if several else Content.assemble(today, " · ", _came_link(0)))
    listed = [str(t) for t in things] if isinstance(things, list) else []
    pleasant = pleasant_for(now.date(), listed)
    lines.append(Content.assemble(
        ("Something pleasant: ", "$foreground-muted"),
        harmless(pleasant) if pleasant is not None else (NO_PLEASANT, "italic"),
    ))
    return Content("\n").join(lines)


def _came_link(index: int) -> Content:
    """The words that end the wait ``index`` when clicked (the form's tick does it by key)."""
    return Content.styled(CAME_LINK, f"underline @click=results_came({index})")


class WaitCard(Static):
    """The wait for results on Today; hidden while there is none."""

    DEFAULT_CSS = """
    WaitCard {
        height: auto;
        margin: 1 1 0 1;
        padding: 0 0 0 1;
        border-left: tall $accent 60%;
    }
    Screen.-short WaitCard {
        margin: 0;
    }
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__("", **kwargs)
        self.display = False
        #: The waits shown now, the one that started first first.
        self.waits: list[Wait] = []
        self._now: datetime | None = None

    def show_waits(self, now: datetime) -> None:
        """Read the appointments and show the waits going on at ``now`` (or hide)."""
        from pacer.domain.wait import current_waits

        app = host(self)
        self._now = now
        self.waits = current_waits(app.services.appointments.listing().items, now)
        self.display = bool(self.waits)
        self.update(card_content(self.waits, now, app.settings.get("pleasant_things"))
                    if self.waits else "")

    def start(self) -> bool:
        """Begin the day's 5 minutes of long-exhale breathing; False when there is no wait."""
        if not self.waits or not self.display:
            return False
        from pacer.domain.patterns import BUILTIN

        host(self).begin_session(BUILTIN[WAIT_PATTERN], WAIT_MINUTES)
        return True

    async def action_results_came(self, index: int) -> None:
        """The person says these results came: written off the event loop, then the card
        shows what is left (usually nothing)."""
        from pacer.domain.text import harmless
        from pacer.services import SaveError

        if not 0 <= index < len(self.waits) or self._now is None:
            return
        test = self.waits[index].test
        app = host(self)
        now = app.wall_clock()
        try:
            await asyncio.to_thread(app.services.appointments.results_came, str(test["id"]), now)
        except SaveError as error:
            self.notify(harmless(str(error)), title="Not saved", severity="warning",
                        markup=False)
            return
        self.show_waits(now)
        self.notify("Noted: the wait is over. Be gentle with yourself today.", markup=False)
