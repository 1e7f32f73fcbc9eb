"""Today's "How did the scan go?" offer, once an appointment's time has passed.

Why on Today and not a pop-up: after a hard visit a person should be asked, not stopped. The
line sits among Today's others with its two keys; ``g`` opens the debrief, ``z`` puts it off
until tomorrow (written off the event loop; "I will ask again tomorrow" only once it is saved).
Dismissing it for good is a button in the debrief itself ("Do not ask about this one"), where
the person sees what they are saying no to. Which appointment is offered is
:func:`pacer.domain.debrief.offer_for`: the Today screen hands it in (:meth:`DebriefOffer.show`).

Light on purpose: Today imports this at launch, so the domain, the service and the debrief
screen load only when they are used.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any

from rich.text import Text
from textual.widgets import Static

from pacer.domain.text import harmless
from pacer.keymap import display
from pacer.screens.host import host, wall_now


class DebriefOffer(Static):
    """One line: "How did the scan go? g to write it down, z for later" (hidden when none)."""

    SCOPED_CSS = False  # the -short rule names the screen
    DEFAULT_CSS = """
    DebriefOffer {
        height: auto;
        margin: 1 1;
    }
    Screen.-short DebriefOffer {
        margin: 0 1;
    }
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__("", **kwargs)
        #: The appointment offered now (None: nothing to offer).
        self.appointment: dict[str, Any] | None = None
        self.display = False

    def show(self, appointment: dict[str, Any] | None) -> None:
        """Offer ``appointment`` (None hides the line)."""
        from pacer.domain.debrief import offer_line

        self.appointment = appointment
        if appointment is None:
            self.update("")
            self.display = False
            return
        line = Text()
        line.append(harmless(offer_line(appointment)), style="bold")
        line.append(f" {display('debrief')} to write it down, {display('later')} for later",
                    style="italic")
        self.update(line)
        self.display = True

    def open(self) -> None:
        """Open the debrief of the offered appointment (Today reads the offer again when it
        comes back, so a saved or dismissed one is gone)."""
        if self.appointment is None:
            self.notify(f"Nothing to write down now. In Appointments, {display('debrief')} "
                        "opens a past one.", markup=False)
            return
        from pacer.screens.debrief import DebriefScreen

        self.app.push_screen(DebriefScreen(self.appointment))

    def later(self) -> None:
        """Put the offer off until tomorrow (saved in a worker; the line goes once saved)."""
        if self.appointment is not None:
            self.run_worker(self._later(str(self.appointment["id"]), wall_now(self)),
                            group="debrief-later", exit_on_error=False)

    async def _later(self, appointment_id: str, now: datetime) -> None:
        from pacer.domain.debrief import put_off_until
        from pacer.services import SaveError

        appointments = host(self).services.appointments
        try:
            await asyncio.to_thread(appointments.put_off_debrief, appointment_id,
                                    put_off_until(now))
        except SaveError as error:
            self.notify(harmless(str(error)), title="Not put off", severity="warning",
                        markup=False)
            return
        self.show(None)
        self.notify("I will ask again tomorrow.", markup=False)

