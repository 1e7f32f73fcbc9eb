"""`pacer appointments debrief ID`: "How did it go?" asked in plain text, for screen readers.

The same record as the debrief screen (:func:`pacer.domain.debrief.build_debrief`), asked one
question at a time: a short answer to each question taken in (top ones first), anything else
they said, what happens next and when (a date that is not one is named and asked again), "add
it to your appointments?", stress now from 0 to 10 (a bad rating is asked again) and a look at
one active finish line. Enter on its own skips any question, said once at the start.

Ctrl+D (end of input) or Ctrl+C keeps what was typed as the ``debrief`` draft, the same draft
the screen keeps and offers back, so a person can go on in either. `pacer calm --plain` offers
this at its start when a debrief is due (:func:`offer_in_calm`).

No Textual here: the command line imports this and must start fast. Every string from the data
is made harmless before it is printed.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import datetime
from typing import Any, TextIO

from pacer.domain.appointments import (
    KINDS,
    appointment_title,
    format_when,
    ordered_questions,
    when_of,
)
from pacer.domain.debrief import (
    build_debrief,
    debrief_of,
    next_appointment,
    next_kind,
    offer_line,
    parse_next_when,
    put_off_until,
)
from pacer.domain.errors import InputError
from pacer.domain.goals import is_active, title_of
from pacer.domain.session import parse_stress
from pacer.domain.text import harmless
from pacer.services import SaveError, Services
from pacer.services.drafts import draft_fields

#: The draft kind, shared with the debrief screen (pacer.screens.debrief.DRAFT_KIND).
DRAFT_KIND = "debrief"


class Left(Exception):
    """Ctrl+D or Ctrl+C: stop asking; what was typed is kept as a draft."""


class DebriefPlain:
    """One run of the plain debrief; :meth:`run` returns the appointment as saved, or None."""

    def __init__(
        self,
        services: Services,
        appointment: dict[str, Any],
        input_fn: Callable[[], str],
        output: TextIO,
        wall_clock: Callable[[], datetime],
    ) -> None:
        self.services = services
        self.appointment = appointment
        self.input_fn = input_fn
        self.out = output
        self.wall_clock = wall_clock
        self.questions = ordered_questions(appointment)
        #: What was typed so far, under the draft's field names.
        self.typed: dict[str, str] = {}
        #: True once input ended (Ctrl+D): the caller stops asking too.
        self.left = False

    def say(self, text: str = "") -> None:
        self.out.write(harmless(text, multiline=True) + "\n")
        self.out.flush()

    def ask(self, prompt: str) -> str:
        self.out.write(prompt + " ")
        self.out.flush()
        try:
            return self.input_fn().strip()
        except (EOFError, KeyboardInterrupt):
            self.say()
            raise Left from None

    def ask_yes_no(self, prompt: str) -> bool | None:
        while True:
            text = self.ask(prompt)
            if not text:
                return None
            if text.lower() in ("y", "yes"):
                return True
            if text.lower() in ("n", "no"):
                return False
            self.say(f"'{harmless(text)}' is not yes or no; please type y or n.")

    def _field(self, key: str, prompt: str) -> None:
        """Ask for one field unless the draft carried on already holds it."""
        if self.typed.get(key):
            return
        self.typed[key] = self.ask(prompt)

    # --- the questions ---------------------------------------------------------------------

    def run(self) -> dict[str, Any] | None:
        """Ask everything, then save; on Ctrl+D keep the draft and return None."""
        now = self.wall_clock()
        self.say(f"{offer_line(self.appointment)} {self._about(now)}")
        self.say("To skip any question, press Enter without typing. Ctrl+D stops and keeps "
                 "what you typed for next time.")
        self._carry_on()
        try:
            self._ask_all()
        except Left:
            self.left = True
            self._keep_draft()
            return None
        return self._save()

    def _about(self, now: datetime) -> str:
        when = when_of(self.appointment)
        title = harmless(appointment_title(self.appointment))
        return f"{title}, {format_when(when, now)}." if when else f"{title}."

    def _carry_on(self) -> None:
        draft = draft_fields(self.services.drafts.find(DRAFT_KIND, str(self.appointment["id"])))
        if not any(draft.values()):
            return
        try:
            use = self.ask_yes_no("You started this earlier. Carry on with what you typed? "
                                  "Type y or n.")
        except Left:
            return
        if use is not False:
            self.typed = dict(draft)
            self.say("Carrying on: questions you answered then are not asked again.")

    def _ask_all(self) -> None:
        for index, question in enumerate(self.questions):
            self.say()
            self._field(f"answer:{index}", f"Your question: {harmless(question)} "
                                          "What did they say?")
        self.say()
        self._field("other", "Anything else they said?")
        self._field("next_steps", "What happens next?")
        self._ask_when()
        self._ask_add_next()
        self._ask_stress()
        self._ask_finish_line()

    def _ask_when(self) -> None:
        while not self.typed.get("next_when"):
            text = self.ask("When is it? For example friday 9:30. Enter if you do not know.")
            if not text:
                self.typed["next_when"] = ""
                return
            try:
                parse_next_when(text, self.wall_clock())
            except InputError as error:
                self.say(f"{error}.")
                continue
            self.typed["next_when"] = text

    def _ask_add_next(self) -> None:
        if not self.typed.get("next_when") or (debrief_of(self.appointment) or {}).get(
                "next_appointment"):
            self.typed["add_next"] = ""
            return
        kind = self.typed.get("next_kind") or next_kind(self.appointment)
        self.typed["next_kind"] = kind
        if self.typed.get("add_next") in ("yes", "no"):
            return
        add = self.ask_yes_no(f"Add it to your appointments as a {KINDS[kind].lower()}? "
                              "Type y or n.")
        self.typed["add_next"] = "yes" if add else "no"

    def _ask_stress(self) -> None:
        while not self.typed.get("stress"):
            text = self.ask("How stressed are you now, from 0 to 10?")
            if not text:
                self.typed["stress"] = ""
                return
            try:
                parse_stress(text)
            except InputError as error:
                self.say(f"{error}.")
                continue
            self.typed["stress"] = text

    def _ask_finish_line(self) -> None:
        goals = [g for g in self.services.goals.listing().items if is_active(g)]
        if not goals or self.typed.get("goal_id"):
            return
        self.say()
        self.say("A look at your finish lines:")
        for number, goal in enumerate(goals, start=1):
            self.say(f"{number}. {harmless(title_of(goal))}")
        while True:
            text = self.ask("Type the number of one to look at, or Enter to skip:")
            if not text:
                return
            if text.isdigit() and 1 <= int(text) <= len(goals):
                self.typed["goal_id"] = str(goals[int(text) - 1]["id"])
                break
            self.say(f"'{harmless(text)}' is not on the list; type a number from 1 to "
                     f"{len(goals)}.")
        self._field("finish_line", "One line: how does it look from here?")

    # --- keeping it ------------------------------------------------------------------------

    def _keep_draft(self) -> None:
        if not any(self.typed.values()):
            self.say("Nothing typed, nothing kept.")
            return
        try:
            self.services.drafts.keep(DRAFT_KIND, str(self.appointment["id"]), self.typed,
                                      self.wall_clock())
        except SaveError as error:
            self.say(f"What you typed could not be kept: {error}")
            return
        self.say("Kept what you typed. Run this again, or press g in the app, to go on.")

    def _save(self) -> dict[str, Any] | None:
        now = self.wall_clock()
        answers = [self.typed.get(f"answer:{i}", "") for i in range(len(self.questions))]
        try:
            record = build_debrief(self.appointment, answers, self.typed, now)
            made = None
            if self.typed.get("add_next") == "yes" and record["next_when"]:
                made = next_appointment(self.appointment, record,
                                        self.typed.get("next_kind") or "other", now)
            saved = self.services.appointments.save_debrief(str(self.appointment["id"]),
                                                            record, now, made)
        except (InputError, SaveError) as error:
            self.say(f"Not saved: {str(error).removeprefix('Not saved: ')}")
            self._keep_draft()
            return None
        with contextlib.suppress(SaveError):  # only a draft: offered again, nothing lost
            self.services.drafts.drop(DRAFT_KIND, str(self.appointment["id"]))
        self.say("Saved with the appointment.")
        if made is not None:
            self.say(f"Added to your appointments: {harmless(appointment_title(made))}, "
                     f"{format_when(datetime.fromisoformat(made['when']), now)}.")
        return saved


def offer_in_calm(
    services: Services,
    appointments: list[dict[str, Any]],
    input_fn: Callable[[], str],
    output: TextIO,
    wall_clock: Callable[[], datetime],
) -> bool:
    """At the start of `pacer calm --plain`: when a debrief is due, one yes/no question.

    Yes writes it now (then the routine goes on), no puts it off until tomorrow, Enter goes on
    and asks again next time. Returns False when input ended (the routine then leaves too).
    """
    from pacer.domain.debrief import offer_for

    now = wall_clock()
    due = offer_for(appointments, now)
    if due is None:
        return True
    run = DebriefPlain(services, due, input_fn, output, wall_clock)
    run.say()
    try:
        answer = run.ask_yes_no(f"{offer_line(due)} {run._about(now)} Write it down now? "
                                "Type y or n, or press Enter to go on.")
    except Left:
        return False
    if answer is True:
        run.run()
        run.say()
        return not run.left
    if answer is False:
        try:
            services.appointments.put_off_debrief(str(due["id"]), put_off_until(now))
        except SaveError as error:
            run.say(f"Not put off: {error}")
        else:
            run.say("I will ask again tomorrow.")
    return True
