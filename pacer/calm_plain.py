"""`pacer calm --plain`: the calm-down routine as plain text prompts, for screen readers.

Same steps, same domain objects and the same records as the TUI routine (see
:mod:`pacer.domain.routine`): a breathing session in sessions.jsonl, a reappraisal entry and one
`kind: "routine"` record in journal.jsonl. Every question can be skipped with Enter. Ctrl+D
(end of input) or Ctrl+C leaves at any point, and what was done so far is saved. The breathing
step prints one line per phase, exactly like `pacer breathe --plain` (it reuses `run_plain`).

No Textual here: this is imported by the command line, which must start fast.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, TextIO

from pacer.clock import Clock, local_now
from pacer.domain.appointments import (
    appointment_title,
    friendly_countdown,
    suggested_questions,
    upcoming,
    when_of,
)
from pacer.domain.errors import InputError
from pacer.domain.reappraisal import CAVEAT, INGREDIENTS, SYMPTOMS, ReappraisalFlow, Step
from pacer.domain.routine import (
    Routine,
    RoutineStep,
    finish_line,
    finish_line_text,
    routine_breathing,
    routine_situation,
)
from pacer.domain.session import Session, parse_stress
from pacer.domain.timeline import Timeline
from pacer.plain import run_plain, sleep_until
from pacer.plain import summary as breathing_summary
from pacer.store import Store, StoreError

# Appointments shown for picking: upcoming ones, and today's earlier ones (waiting for a result
# right after a scan is one of the hardest moments).
PICK_GRACE = timedelta(hours=12)
PICK_LIMIT = 6


class _Leave(Exception):
    """The person pressed Ctrl+D or Ctrl+C: stop asking, save what was done."""


class CalmPlain:
    """One run of the plain routine; `run()` returns the saved routine record (or None)."""

    def __init__(
        self,
        store: Store,
        input_fn: Callable[[], str],
        output: TextIO,
        clock: Clock,
        *,
        wall_clock: Callable[[], datetime] = local_now,
        wait: Callable[[float], None] | None = None,
        appointment_id: str | None = None,
    ) -> None:
        self.store = store
        self.input_fn = input_fn
        self.out = output
        self.clock = clock
        self.wall_clock = wall_clock
        self.wait = wait or (lambda deadline: sleep_until(clock, deadline))
        self.routine = Routine(started=wall_clock())
        self.appointment: dict[str, Any] | None = None
        self.wanted_appointment = appointment_id
        self.flow: ReappraisalFlow | None = None

    # --- small helpers -----------------------------------------------------------------------

    def say(self, text: str = "") -> None:
        self.out.write(text + "\n")
        self.out.flush()

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

    def _rated(self, rating: int | None) -> None:
        """A rating given completes its step; Enter (no rating) skips it."""
        if rating is None:
            self.routine.skip()
        else:
            self.routine.complete()

    def _store_error(self, what: str, error: Exception) -> None:
        self.say(f"Pacer could not save {what}: {error}")

    # --- the steps ---------------------------------------------------------------------------

    def step_appointment(self) -> None:
        try:
            appointments = self.store.read_document("appointments.json")["appointments"]
        except StoreError as error:  # a damaged file: carry on without
            self.say(f"Your appointments could not be read ({error}); going on without one.")
            appointments = []
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
                self.say(f"  {number}. {appointment_title(appointment)}, {countdown}")
            while True:
                text = self.ask("Type its number, or press Enter for none:")
                if not text:
                    break
                if text.isdigit() and 1 <= int(text) <= len(choices):
                    self.appointment = choices[int(text) - 1]
                    break
                self.say(f"'{text}' is not on the list; type 1 to {len(choices)}, "
                         "or press Enter for none.")
        if self.appointment is not None:
            self.routine.appointment_id = str(self.appointment["id"])
            self.routine.complete()
        else:
            self.routine.skip()

    def step_checkin(self) -> None:
        self.say()
        rating = self.ask_stress("How stressed are you right now, 0-10? (Enter skips)")
        self.routine.checkin = rating
        self._rated(rating)

    def step_breathe(self) -> None:
        try:
            settings = self.store.settings()
        except StoreError:
            settings = {}
        pattern, minutes = routine_breathing(settings)
        self.say()
        self.say(f"Breathing: {pattern.name}, {pattern.rhythm}, {minutes:g} min. "
                 "Slow, not big. Dizzy, tingly or more anxious? Stop and breathe normally.")
        text = self.ask("Press Enter to start, or type s to skip:")
        if text.lower().startswith("s"):
            self.routine.skip()
            return
        session = Session(Timeline.for_minutes(pattern, minutes), self.clock)
        run_plain(session, self.out, self.wait)
        self.routine.pattern, self.routine.minutes = pattern.key, minutes
        record = session.record(before=self.routine.checkin, source="plain")
        try:
            saved = self.store.append_session(record)
        except StoreError as error:
            self._store_error("the breathing session", error)
        else:
            self.routine.session_id = str(saved["id"])
            self.say(breathing_summary(session))
        self.routine.complete()

    def step_reappraise(self) -> None:
        situation = routine_situation(self.appointment, self.wall_clock())
        flow = ReappraisalFlow.short(
            situation,
            stress_before=self.routine.checkin,
            routine=True,
            **({"appointment_id": self.routine.appointment_id}
               if self.routine.appointment_id else {}),
        )
        flow.started = self.wall_clock().isoformat(timespec="seconds")
        self.flow = flow
        self.say()
        self.say("Look at it again. What makes this stressful? Answer y or n; Enter skips.")
        self.say(CAVEAT)
        for ingredient in INGREDIENTS:
            text = self.ask(f"{ingredient.letter}, {ingredient.name}: {ingredient.line} (y/n)")
            flow.tick(ingredient.key, text.lower().startswith("y"))
        flow.next()
        while flow.step is not Step.BALANCED:
            ingredient = next(i for i in INGREDIENTS if i.step is flow.step)
            self.say()
            self.say(f"{ingredient.letter}: {ingredient.name}. Enter skips any question.")
            for number, prompt in enumerate(ingredient.prompts):
                flow.set(ingredient.prompt_key(number), self.ask(prompt))
            flow.next()
        self.say()
        self.say("A way to see it that helps. It can hold both: what is hard, and what helps "
                 "you carry it.")
        flow.set("balanced", self.ask("In your own words (Enter skips):"))
        flow.set("next_step", self.ask("One next step that is in your hands (Enter skips):"))
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
            saved = self.store.append("journal.jsonl", entry)
        except StoreError as error:
            self._store_error("your reappraisal", error)
        else:
            self.routine.journal_id = str(saved["id"])
            self.say("Saved in your journal.")

    def step_questions(self) -> None:
        self.say()
        appointment = self.appointment
        if appointment is None:
            self.say("Questions worth asking your care team:")
            for question in suggested_questions("other"):
                self.say(f"  - {question}")
            self.routine.complete()
            return
        questions = [str(q) for q in appointment.get("questions") or []]
        if questions:
            self.say(f"Your questions for {appointment_title(appointment)}:")
            for question in questions:
                self.say(f"  - {question}")
        else:
            self.say("You have no questions written yet. Some people find these useful:")
            for question in suggested_questions(str(appointment.get("kind")))[:5]:
                self.say(f"  - {question}")
        while True:
            text = self.ask("Add a question to ask (Enter when done):")
            if not text:
                break
            self._add_question(appointment, text)
        self.routine.complete()

    def _add_question(self, appointment: dict[str, Any], question: str) -> None:
        """Save one new question at once (so leaving never loses it), merged into the
        appointment as it is on disk now."""
        target = str(appointment["id"])

        def change(doc: dict[str, Any]) -> None:
            for record in doc["appointments"]:
                if record.get("id") == target:
                    record["questions"] = [*(record.get("questions") or []), question]

        try:
            self.store.update_document("appointments.json", change)
        except StoreError as error:
            self._store_error("the new question", error)
            return
        self.routine.questions_added.append(question)
        self.say("Added to your questions.")

    def step_finish_line(self) -> None:
        try:
            goals = self.store.read_document("goals.json")["goals"]
        except StoreError:
            goals = []
        self.say()
        self.say(finish_line_text(finish_line(goals, self.wall_clock().date())))
        self.routine.complete()

    def step_checkout(self) -> None:
        self.say()
        rating = self.ask_stress("How stressed are you now, 0-10? (Enter skips)")
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
        self.say("Calm-down routine: about 10 minutes. Press Enter to skip any step; "
                 "Ctrl+D leaves, keeping what you did.")
        self.say(SYMPTOMS)
        try:
            while not self.routine.finished:
                steps[self.routine.step]()
        except _Leave:
            self._save_reappraisal()
            if self.routine.journal_id is not None:
                self.routine.mark_done()
        return self.save()

    def save(self) -> dict[str, Any] | None:
        routine = self.routine
        if not routine.anything_done:
            self.say("Nothing to save. Come back whenever you need it.")
            return None
        try:
            saved = self.store.append("journal.jsonl", routine.to_record(self.wall_clock()))
        except StoreError as error:
            self._store_error("this routine", error)
            return None
        change = ""
        if routine.checkin is not None and routine.checkout is not None:
            change = f" Stress {routine.checkin} → {routine.checkout}."
        self.say(f"Saved.{change} Go gently.")
        return saved


def run_calm_plain(
    store: Store,
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
        store, input_fn, output, clock,
        wall_clock=wall_clock, wait=wait, appointment_id=appointment_id,
    ).run()
