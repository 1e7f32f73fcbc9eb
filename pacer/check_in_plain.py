"""`pacer check-in`: the weekly check-in as plain text questions, for screen readers and scripts.

The same questions, words and records as the TUI check-in (:mod:`pacer.domain.checkin`): the
distress of the past week from 0 to 10, the areas that weighed on you by number ("1 3", or
Enter for none), one line of your own, and (optional) your battery today. Enter on the first
question skips the week and asks only the battery. No symbols a screen reader reads aloud:
"from 0 to 10", not "0-10".

A value that does not fit ("11", "ten", area "9") is named in one line. On a terminal the
question is asked again; when the answers come from a pipe or a file there is nobody to ask,
so the command stops with exit code 2 before anything is saved (the answers are checked
first, then saved together). End of input answers the questions left with Enter, so
``echo 5 | pacer check-in`` saves a check-in of 5.

No Textual here: this is imported by the command line, which must start fast.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, TextIO

from pacer.domain import checkin
from pacer.domain.errors import InputError
from pacer.domain.text import harmless
from pacer.services import SaveError, Services

EXIT_OK, EXIT_FAILED = 0, 1

INTRO = "A short check-in on how the past week went. Four questions, about a minute."
DISTRESS = (
    "How much distress have you felt this past week, from 0 to 10? 0 is none at all, 10 is "
    "the most you can imagine. Press Enter to skip the week and only say your battery."
)
AREAS = (
    "What weighed on you this week? Type the numbers of any that fit, for example 1 3, "
    "or press Enter for none."
)
NOTE = "Anything else, in one line of your own? Press Enter to skip."
ENERGY = (
    "How is your battery today, from 0 to 10? 0 is empty, 10 is full. Press Enter to skip."
)


class CheckInPlain:
    """One run of the plain check-in: :meth:`run` returns the exit code."""

    def __init__(
        self,
        services: Services,
        read: Callable[[], str],
        out: TextIO,
        now: datetime,
        *,
        asking: bool,
    ) -> None:
        """``read`` returns one typed line (EOFError at the end of input); ``asking`` is True
        on a terminal, where a bad answer is asked again instead of ending the command."""
        self.services = services
        self.read = read
        self.out = out
        self.now = now
        self.asking = asking
        self._ended = False

    def say(self, text: str) -> None:
        self.out.write(f"{text}\n")
        self.out.flush()

    def _line(self) -> str:
        """One answer; "" once the input has ended (the rest are answered with Enter)."""
        if self._ended:
            return ""
        try:
            return self.read().strip()
        except EOFError:
            self._ended = True
            return ""

    def _ask(self, question: str, parse: Callable[[str], Any]) -> Any:
        """Ask until the answer fits (on a terminal), or raise InputError naming it."""
        while True:
            self.say(question)
            text = self._line()
            try:
                return parse(text)
            except InputError as error:
                if not self.asking:
                    raise
                self.say(f"{error}.")

    def run(self) -> int:
        self.say(INTRO)
        distress = self._ask(DISTRESS, lambda t: checkin.parse_score(t) if t else None)
        areas: list[str] = []
        note = ""
        if distress is not None:
            lines = [f"{n}. {words}" for n, words in enumerate(checkin.AREAS.values(), 1)]
            areas = self._ask("\n".join([AREAS, *lines]), checkin.parse_areas)
            self.say(NOTE)
            note = " ".join(self._line().split())
        energy = self._ask(ENERGY, lambda t: checkin.parse_score(t, "battery") if t else None)
        entries = []
        if distress is not None:
            entries.append(checkin.new_check_in(distress, areas, note, self.now))
        if energy is not None:
            entries.append(checkin.new_energy(energy, self.now))
        if not entries:
            self.say("Nothing was saved. You can check in whenever you like.")
            return EXIT_OK
        try:
            for entry in entries:
                self.services.journal.add(entry)
        except SaveError as error:
            raise _NotSaved(str(error)) from None
        self.say("Saved. " + (checkin.THANKS if distress is not None else "Thank you."))
        appointments = self.services.appointments.listing().items
        care = checkin.care_team_note(distress, appointments, self.now)
        if care:
            self.say(harmless(care))
        return EXIT_OK


class _NotSaved(Exception):
    """The journal could not be written: one line for stderr, exit code 1."""


def run_check_in(
    services: Services, read: Callable[[], str], out: TextIO, err: TextIO, now: datetime,
    *, asking: bool,
) -> int:
    """Run the plain check-in; InputError (exit 2, said by the command line) on a bad answer
    from a pipe; exit 1 with one line on ``err`` when it could not be saved."""
    try:
        return CheckInPlain(services, read, out, now, asking=asking).run()
    except _NotSaved as error:
        text = str(error)
        while text.startswith("Not saved: Not saved: "):  # the service and the store both say it
            text = text.removeprefix("Not saved: ")
        err.write(f"pacer: {harmless(text)}\n")
        return EXIT_FAILED
