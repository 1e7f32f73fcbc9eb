"""Today's check-in lines: the weekly offer, the daily battery question, a low day's suggestion.

Why one small widget: Today is a calm screen and launch time is measured, so this is one
Static that stays hidden until there is something to say, and it reads the journal and the
finish lines a frame after Today is drawn (:meth:`CheckInOffer.show_for`, called from
HomeScreen's refresh), importing :mod:`pacer.domain.checkin` only then.

What it says, each at most once a day:

* once a week, "A short check-in on how the week went? k to start, z for later" (never a
  count of missed weeks; ``z`` puts it off until tomorrow);
* when the person asked for it (settings ``ask_energy``), "How is your battery today, 0-10?"
  until it is answered, then the answer;
* on a low day (battery 3 or less), the finish line's small step and a shorter gentle session.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import Static

from pacer.keymap import display
from pacer.screens.host import host

if TYPE_CHECKING:
    from pacer.domain.checkin import LowDay


def offer_line() -> str:
    return (f"A short check-in on how the week went? {display('check_in')} to start, "
            f"{display('later')} for later")


def battery_line() -> str:
    from pacer.domain.checkin import ENERGY_QUESTION

    return f"{ENERGY_QUESTION} {display('check_in')} to answer"


class CheckInOffer(Static):
    """The check-in lines on Today (hidden when there is nothing to say)."""

    DEFAULT_CSS = """
    CheckInOffer {
        width: 1fr;
        height: auto;
        margin: 1 1 0 1;
    }
    Screen.-short CheckInOffer {
        margin-top: 0;
    }
    """

    def __init__(self, **kwargs: str) -> None:
        super().__init__("", markup=False, **kwargs)  # type: ignore[arg-type]
        self.display = False
        #: Is the weekly check-in offered now (what ``z`` puts off).
        self.offered = False
        #: Is today's battery still to be asked (what ``k`` goes to when the week is done).
        self.asking_energy = False
        self.low: LowDay | None = None

    def show_for(self, now: datetime, *, weekly: bool = True) -> None:
        """Read the journal (and, on a low day, the finish lines) and say what fits today.

        ``weekly=False`` leaves the weekly offer out for now: Today makes one offer at a time
        (a debrief offered comes first), so ``z`` always means the one offer on screen."""
        from pacer.domain import checkin

        app = host(self)
        entries = app.services.journal.entries().items
        self.offered = weekly and checkin.check_in_due(
            entries, now, app.settings.get("check_in_later"))
        energy = checkin.energy_today(entries, now)
        self.asking_energy = bool(app.settings.get("ask_energy")) and energy is None
        self.low = None
        if checkin.is_low(energy):
            self.low = checkin.low_day(entries, app.services.goals.listing().items, now)
        lines: list[str] = []
        if self.offered:
            lines.append(offer_line())
        if self.asking_energy:
            lines.append(battery_line())
        elif self.low is not None:
            lines += checkin.low_day_lines(self.low)
        elif energy is not None and app.settings.get("ask_energy"):
            lines.append(checkin.energy_line(energy))
        self.update(Text("\n".join(lines)))
        self.display = bool(lines)

    def put_off(self, now: datetime) -> bool:
        """``z``: the weekly offer comes back tomorrow (False when none was offered).

        Used at once and saved off the event loop: a failed save only means it is offered
        again at the next start, which is said in a note.
        """
        if not self.offered:
            return False
        from pacer.domain.checkin import later_day

        app = host(self)
        changes = {"check_in_later": later_day(now).isoformat()}
        app.apply_settings(changes, save=False)
        services = app.services

        def write() -> None:
            from pacer.services import SaveError

            try:
                services.settings.change(changes)
            except SaveError as error:
                self.app.call_from_thread(
                    self.notify, f"This will be offered again next time: {error}",
                    markup=False,
                )

        self.run_worker(write, thread=True, group="check-in-later", exit_on_error=False)
        self.show_for(now, weekly=False)
        return True
