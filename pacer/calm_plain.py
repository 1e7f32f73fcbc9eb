"""`pacer calm --plain`: the calm-down routine as plain text prompts, for screen readers.

Same steps, same domain objects and the same records as the TUI routine (see
:mod:`pacer.domain.routine`): a breathing session in sessions.jsonl, a reappraisal entry and one
`kind: "routine"` record in journal.jsonl. Enter on its own skips any question or step, and the
routine says so once, at the start: one way to skip, said once, is easier to hold in mind for
someone listening than a rule repeated (or changed) at every prompt. Yes-or-no questions ask
again on anything that is not yes or no ("maybe" is not quietly taken as no). No symbols a
screen reader reads aloud (backticks, arrows, dashes as bullets, "4s"): words. Ctrl+D
(end of input) or Ctrl+C leaves at any point, and what was done so far is saved. The breathing
step prints one line per phase, exactly like `pacer breathe --plain` (it reuses `run_plain`).

The same one way out as `breathe --plain` (:class:`pacer.plain.WayOut`): a closed window
(SIGHUP), SIGTERM, or a reader that closed the pipe save what was done just as Ctrl+D does: the
breathing session as partial with its real length, the words typed into the reappraisal as a
partial journal entry (``complete: false``, the same entry Ctrl+D keeps, so the journal shows it
like any other), and the routine record with ``left_at``. The line being typed when the signal
came is still in the terminal, not in Pacer, so it cannot be kept.

Data is read through the services: a record that does not fit (an appointment whose questions
are a number, a date in the year 9999) is left out and said once on stderr, never a crash.
Every string from the data is made harmless before it is printed.

No Textual here: this is imported by the command line, which must start fast.
"""

from __future__ import annotations

import contextlib
import io
import sys
from collections.abc import Callable
from datetime import datetime
from typing import Any, TextIO, cast

from pacer.clock import Clock, local_now
from pacer.domain.appointments import (
    appointment_title,
    friendly_countdown,
    ordered_questions,
    suggested_questions,
    upcoming,
    when_of,
)
from pacer.domain.errors import InputError
from pacer.domain.reappraisal import CAVEAT, INGREDIENTS, SYMPTOMS, ReappraisalFlow, Step
from pacer.domain.routine import (
    PICK_GRACE,
    PICK_LIMIT,
    Routine,
    RoutineStep,
    finish_line,
    finish_line_text,
    routine_about_when,
    routine_breathing,
    routine_situation,
)
from pacer.domain.session import Session, parse_stress
from pacer.domain.text import harmless
from pacer.domain.timeline import Timeline
from pacer.plain import (
    WayOut,
    minutes_words,
    record_session,
    rhythm_words,
    run_plain,
    saved_line,
    shown,
    sleep_until,
)
from pacer.plain import summary as breathing_summary
from pacer.services import Listing, RecordGone, SaveError, Services


class _Leave(Exception):
    """The person pressed Ctrl+D or Ctrl+C: stop asking, save what was done."""


class _ReaderGone(_Leave):
    """Nobody reads the output any more (a closed pipe or terminal): save what was done,
    quietly, then leave as a broken pipe."""


class _Output(io.TextIOBase):
    """The routine's stdout: a write that fails (EPIPE, or EIO from a closed terminal) raises
    :class:`_ReaderGone` once; after that, writes are dropped so saving can finish. Once
    ``leaving`` is set (the way out is saving), a failed write is only dropped, never raised:
    nothing may stop the save that follows it."""

    def __init__(self, out: TextIO) -> None:
        super().__init__()
        self._out = out
        self.gone = False
        self.leaving = False

    def write(self, text: str) -> int:
        if not self.gone:
            try:
                self._out.write(text)
            except OSError:
                self._lost()
        return len(text)

    def flush(self) -> None:
        if not self.gone:
            try:
                self._out.flush()
            except OSError:
                self._lost()

    def _lost(self) -> None:
        self.gone = True
        if not self.leaving:
            raise _ReaderGone from None


class CalmPlain:
    """One run of the plain routine; `run()` returns the saved routine record (or None)."""

    def __init__(
        self,
        services: Services,
        input_fn: Callable[[], str],
        output: TextIO,
        clock: Clock,
        *,
        wall_clock: Callable[[], datetime] = local_now,
        wait: Callable[[float], None] | None = None,
        appointment_id: str | None = None,
        way_out: WayOut | None = None,
        errors: TextIO | None = None,
    ) -> None:
        self.services = services
        self.input_fn = input_fn
        self.out = _Output(output)
        self.errors = errors
        self.way_out = way_out
        #: One line per record left out because it did not fit (also said on stderr).
        self.skipped: list[str] = []
        self.clock = clock
        self.wall_clock = wall_clock
        self.wait = wait or (lambda deadline: sleep_until(clock, deadline))
        self.routine = Routine(started=wall_clock())
        self.appointment: dict[str, Any] | None = None
        self.wanted_appointment = appointment_id
        self.flow: ReappraisalFlow | None = None
        #: The routine record once saved on the way out (None: nothing was worth saving).
        self.saved: dict[str, Any] | None = None

    # --- small helpers -----------------------------------------------------------------------

    def say(self, text: str = "") -> None:
        """Print a line (app text, or text from the data already made harmless)."""
        self.out.write(harmless(text, multiline=True) + "\n")
        self.out.flush()

    def held(self) -> contextlib.AbstractContextManager[None]:
        """A save that a signal must not cut in half (see :meth:`WayOut.held`)."""
        return self.way_out.held() if self.way_out else contextlib.nullcontext()

    def read(self, listing: Listing, what: str) -> list[dict[str, Any]]:
        """The records of ``listing`` that fit; each left out is said once on stderr."""
        problems = listing.problems
        if problems:
            errors = self.errors or sys.stderr
            for problem in problems:
                line = f"pacer: skipped {harmless(problem)}"
                self.skipped.append(line)
                with contextlib.suppress(OSError):
                    print(line, file=errors, flush=True)
            if listing.error is not None:
                self.say(f"Your {what} could not be read; going on without them.")
        return listing.items

    def ask(self, prompt: str) -> str:
        """Print the prompt on its own line end and read one line; Ctrl+D/Ctrl+C leave."""
        self.out.write(prompt + " ")
        self.out.flush()
        try:
            return self.input_fn().strip()
        except (EOFError, KeyboardInterrupt):
            self.say()
            raise _Leave from None

    def ask_stress(self, prompt: str) -> int | None:
        """A 0-10 rating; Enter skips; a bad value is named and asked again (nothing saved)."""
        while True:
            text = self.ask(prompt)
            if not text:
                return None
            try:
                return parse_stress(text)
            except InputError as error:
                self.say(f"{error}.")

    def ask_yes_no(self, prompt: str) -> bool | None:
        """A yes or no: True, False, or None when Enter skipped it; anything else (a typo,
        "maybe") is named and asked again, never taken as a no without a word."""
        while True:
            text = self.ask(prompt)
            answer = text.lower()
            if not answer:
                return None
            if answer in ("y", "yes"):
                return True
            if answer in ("n", "no"):
                return False
            self.say(f"'{text}' is not yes or no; please type y or n.")

    def _rated(self, rating: int | None) -> None:
        """A rating given completes its step; Enter (no rating) skips it."""
        if rating is None:
            self.routine.skip()
        else:
            self.routine.complete()

    def _store_error(self, what: str, problem: object) -> None:
        reason = str(problem).removeprefix("Not saved:").strip()
        self.say(f"Pacer could not save {what}: {reason}")

    # --- the steps ---------------------------------------------------------------------------

    def step_appointment(self) -> None:
        appointments = self.read(self.services.appointments.listing(), "appointments")
        now = self.wall_clock()
        if self.wanted_appointment:
            self.appointment = next(
                (a for a in appointments if a.get("id") == self.wanted_appointment), None
            )
            if self.appointment is None:
                self.say("That appointment was not found; going on without one.")
        else:
            choices = upcoming(appointments, now, grace=PICK_GRACE)[:PICK_LIMIT]
            if not choices:
                self.routine.skip()
                return
            self.say("Which appointment is this for?")
            for number, appointment in enumerate(choices, start=1):
                when = when_of(appointment)
                countdown = friendly_countdown(when, now) if when else ""
                self.say(f"{number}. {harmless(appointment_title(appointment))}, {countdown}.")
            while True:
                text = self.ask("Type its number:")
                if not text:
                    break
                if text.isdigit() and 1 <= int(text) <= len(choices):
                    self.appointment = choices[int(text) - 1]
                    break
                self.say(f"'{text}' is not on the list; type a number from 1 to {len(choices)}.")
        if self.appointment is not None:
            self.routine.appointment_id = str(self.appointment["id"])
            self.routine.complete()
        else:
            self.routine.skip()

    def step_checkin(self) -> None:
        self.say()
        rating = self.ask_stress("How stressed are you right now, from 0 to 10?")
        self.routine.checkin = rating
        self._rated(rating)

    def step_breathe(self) -> None:
        pattern, minutes = routine_breathing(self.services.settings.load().values)
        self.say()
        rhythm = rhythm_words(pattern)
        self.say(f"Breathing: {harmless(pattern.name)}. {rhythm[:1].upper()}{rhythm[1:]}, for "
                 f"{minutes_words(minutes)}. Slow, not big. Dizzy, tingly or more anxious? "
                 "Stop and breathe normally.")
        if not self.ask_yes_no("Start the breathing now? Type y to start."):
            self.routine.skip()
            return
        session = Session(Timeline.for_minutes(pattern, minutes), self.clock)
        try:
            run_plain(session, self.out, self.wait)
        except BaseException:  # a signal or a closed output: save it on the way out, then go
            self.out.leaving = True
            with self.held():
                self._save_session(session, pattern.key, minutes)
            raise
        with self.held():
            self._save_session(session, pattern.key, minutes)
        self.routine.complete()

    def _save_session(self, session: Session, pattern: str, minutes: float) -> None:
        session.end()
        if not session.started:
            return
        self.routine.pattern, self.routine.minutes = pattern, minutes
        record = session.record(before=self.routine.checkin, source="plain")
        saved, problem = record_session(self.services, record)
        if problem is not None:
            self._store_error("the breathing session", problem)
            if "id" not in saved:
                return
        self.routine.session_id = str(saved["id"])
        self.routine.mark_done()
        if problem is None:
            self.say(f"{breathing_summary(session)} {saved_line(session)}")

    def step_reappraise(self) -> None:
        situation = routine_situation(self.appointment, self.wall_clock())
        context: dict[str, Any] = {"routine": True}
        if self.routine.appointment_id:
            context["appointment_id"] = self.routine.appointment_id
        about_when = routine_about_when(self.appointment)
        if about_when is not None:
            context["about_when"] = about_when
        flow = ReappraisalFlow.short(
            situation, stress_before=self.routine.checkin, **context
        )
        flow.started = self.wall_clock().isoformat(timespec="seconds")
        self.flow = flow
        self.say()
        self.say("Look at it again. What makes this stressful? Answer yes or no to each.")
        self.say(CAVEAT)
        for ingredient in INGREDIENTS:
            fits = self.ask_yes_no(f"{ingredient.letter}, {ingredient.name}: {ingredient.line} "
                                   "Yes or no?")
            flow.tick(ingredient.key, bool(fits))
        flow.next()
        while flow.step is not Step.BALANCED:
            ingredient = next(i for i in INGREDIENTS if i.step is flow.step)
            self.say()
            self.say(f"{ingredient.letter}: {ingredient.name}.")
            for number, prompt in enumerate(ingredient.prompts):
                flow.set(ingredient.prompt_key(number), self.ask(prompt))
            flow.next()
        self.say()
        self.say("A way to see it that helps. It can hold both: what is hard, and what helps "
                 "you carry it.")
        flow.set("balanced", self.ask("In your own words:"))
        flow.set("next_step", self.ask("One next step that is in your hands:"))
        flow.next()
        self._save_reappraisal()
        if self.routine.journal_id is not None:
            self.routine.complete()
        else:
            self.routine.skip()

    def _save_reappraisal(self) -> None:
        """Save the routine's reappraisal once, finished or left half-way, if it holds words."""
        flow, self.flow = self.flow, None
        if flow is None:
            return
        if not flow.has_words:
            return
        entry = flow.to_entry(self.wall_clock(), partial=not flow.done)
        try:
            saved = self.services.journal.add(entry)
        except SaveError as error:
            self._store_error("your reappraisal", error)
        else:
            self.routine.journal_id = str(saved["id"])
            self.say("Saved in your journal.")

    def step_questions(self) -> None:
        self.say()
        appointment = self.appointment
        if appointment is None:
            self.say("Questions worth asking your care team:")
            self._numbered(suggested_questions("other"))
            self.routine.complete()
            return
        questions = [harmless(q) for q in ordered_questions(appointment)]  # top ones first
        if questions:
            self.say(f"Your questions for {harmless(appointment_title(appointment))}:")
            self._numbered(questions)
        else:
            self.say("You have no questions written yet. Some people find these useful:")
            self._numbered(suggested_questions(str(appointment.get("kind")))[:5])
        while True:
            text = self.ask("Type a question to add to your list, or nothing when you are done:")
            if not text:
                break
            self._add_question(appointment, text)
        self.routine.complete()

    def _numbered(self, lines: list[str]) -> None:
        """A list read out as "1. ...", "2. ...": a dash bullet is read aloud as "dash"."""
        for number, line in enumerate(lines, start=1):
            self.say(f"{number}. {line}")

    def _add_question(self, appointment: dict[str, Any], question: str) -> None:
        """Save one new question at once (so leaving never loses it), added to the questions
        the appointment has on disk now (another window may have added some)."""
        appointments = self.services.appointments
        try:
            with self.held():
                now = appointments.get(str(appointment["id"]))
                if now is None:
                    raise RecordGone("this appointment was changed or deleted meanwhile")
                mine = {**now, "questions": [*now.get("questions", []), question]}
                appointments.save(mine, base=now)
                self.routine.questions_added.append(question)
        except SaveError as error:
            self._store_error("the new question", error)
            return
        self.say("Added to your questions.")

    def step_finish_line(self) -> None:
        goals = [shown(goal) for goal in self.read(self.services.goals.listing(), "goals")]
        self.say()
        self.say(finish_line_text(finish_line(goals, self.wall_clock().date())))
        self.routine.complete()

    def step_checkout(self) -> None:
        self.say()
        rating = self.ask_stress("How stressed are you now, from 0 to 10?")
        self.routine.checkout = rating
        self._rated(rating)

    # --- the whole routine -------------------------------------------------------------------

    def run(self) -> dict[str, Any] | None:
        steps: dict[RoutineStep, Callable[[], None]] = {
            RoutineStep.APPOINTMENT: self.step_appointment,
            RoutineStep.CHECKIN: self.step_checkin,
            RoutineStep.BREATHE: self.step_breathe,
            RoutineStep.REAPPRAISE: self.step_reappraise,
            RoutineStep.QUESTIONS: self.step_questions,
            RoutineStep.FINISH_LINE: self.step_finish_line,
            RoutineStep.CHECKOUT: self.step_checkout,
        }
        self.say("Calm-down routine: about 10 minutes. To skip any question or step, press "
                 "Enter without typing. Ctrl+D leaves at any time and keeps what you did.")
        self.say(SYMPTOMS)
        if not self._offer_debrief():
            return None
        try:
            while not self.routine.finished:
                steps[self.routine.step]()
        except _ReaderGone:
            self._keep_and_save()
            raise BrokenPipeError("the output was closed") from None
        except _Leave:
            self._keep_and_save()
            return self.saved
        except BaseException:  # a signal (pacer.plain.Stop): keep what was done, then go
            self._keep_and_save()
            raise
        with self.held():
            self.saved = self.save()
        return self.saved

    def _offer_debrief(self) -> bool:
        """"How did the scan go?" first, when one is due (one yes/no question); False when
        input ended there. Records that do not fit are said by the appointment step."""
        from pacer.debrief_plain import offer_in_calm

        return offer_in_calm(self.services, self.services.appointments.listing().items,
                             self.input_fn, cast(TextIO, self.out), self.wall_clock)

    def _keep_and_save(self) -> None:
        """The one way out, for Ctrl+D, a signal or a closed output alike: the typed words
        become a partial journal entry, then the routine so far is saved. Never cut short,
        not by a signal and not by an output that closed meanwhile."""
        self.out.leaving = True
        with self.held():
            self._save_reappraisal()
            if self.routine.journal_id is not None:
                self.routine.mark_done()
            self.saved = self.save()

    def save(self) -> dict[str, Any] | None:
        routine = self.routine
        if not routine.anything_done:
            self.say("Nothing to save. Come back whenever you need it.")
            return None
        try:
            record = routine.to_record(
                self.wall_clock(), about_when=routine_about_when(self.appointment)
            )
            saved = self.services.journal.add(record)
        except SaveError as error:
            self._store_error("this routine", error)
            return None
        change = ""
        if routine.checkin is not None and routine.checkout is not None:
            change = f" Stress went from {routine.checkin} to {routine.checkout}."
        self.say(f"Saved.{change} Go gently.")
        return saved


def run_calm_plain(
    services: Services,
    input_fn: Callable[[], str],
    output: TextIO,
    clock: Clock,
    *,
    wall_clock: Callable[[], datetime] = local_now,
    wait: Callable[[float], None] | None = None,
    appointment_id: str | None = None,
) -> dict[str, Any] | None:
    """Run the routine on text in and out; returns the saved routine record, or None.

    `input_fn()` reads one line (raising EOFError at the end of input), `wait(deadline)` blocks
    until the session clock reaches a deadline (tests move a FakeClock instead of sleeping).
    """
    return CalmPlain(
        services, input_fn, output, clock,
        wall_clock=wall_clock, wait=wait, appointment_id=appointment_id,
    ).run()
