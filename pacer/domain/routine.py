"""The calm-down routine for the hardest moments: before a scan, a blood test, a visit, a result.

Steps, all skippable: pick an appointment (or none), check-in 0-10, about 3 minutes of no-hold,
long-exhale breathing, a short NUTS reappraisal aimed at the appointment, the questions to ask,
the person's finish line, check-out 0-10. It fits in about ten minutes.

Where it is saved, and why: one record in `journal.jsonl` with `kind: "routine"`. The journal is
append-only, so a routine is written once, whole, when it ends (finished or left with Escape);
it links the breathing session (`session_id`, in sessions.jsonl) and the reappraisal
(`journal_id`, its own journal entry) rather than copying them. Those two are saved by their
own steps as they finish, so leaving half-way never loses them.

Pure: the TUI screen and `pacer calm --plain` both drive this class.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from pacer.domain import dates
from pacer.domain.appointments import appointment_title, when_of
from pacer.domain.errors import InputError
from pacer.domain.goals import goal_of_the_day
from pacer.domain.patterns import BUILTIN, Pattern, parse_minutes, resolve
from pacer.domain.records import STRESS

DEFAULT_ROUTINE_PATTERN = "extended-exhale"
DEFAULT_ROUTINE_MINUTES = 3.0

#: Appointments offered for picking: upcoming ones, and today's earlier ones (waiting for a
#: result right after a scan is one of the hardest moments). Shared by the TUI and --plain.
PICK_GRACE = timedelta(hours=12)
#: How many appointments the first step offers.
PICK_LIMIT = 6
#: The draft kind of a routine left with words typed (see :func:`routine_draft`).
DRAFT_KIND = "routine"


class RoutineStep(StrEnum):
    APPOINTMENT = "appointment"
    CHECKIN = "checkin"
    BREATHE = "breathe"
    REAPPRAISE = "reappraise"
    QUESTIONS = "questions"
    FINISH_LINE = "finish_line"
    CHECKOUT = "checkout"


STEPS: tuple[RoutineStep, ...] = tuple(RoutineStep)

STEP_TITLES: dict[RoutineStep, str] = {
    RoutineStep.APPOINTMENT: "What is it for?",
    RoutineStep.CHECKIN: "Check in",
    RoutineStep.BREATHE: "Breathe",
    RoutineStep.REAPPRAISE: "Look at it again",
    RoutineStep.QUESTIONS: "Questions to ask",
    RoutineStep.FINISH_LINE: "Your finish line",
    RoutineStep.CHECKOUT: "Check out",
}


def routine_breathing(settings: dict[str, Any]) -> tuple[Pattern, float]:
    """The routine's pattern and length from `routine_pattern` / `routine_minutes`.

    The routine is for moments when stress is already high, so only no-hold patterns are used:
    a pattern with holds (or anything unreadable) falls back to short-in, long-out. Custom
    rhythms like "4-0-8" are fine as long as they have no holds.
    """
    try:
        pattern = resolve(str(settings.get("routine_pattern") or DEFAULT_ROUTINE_PATTERN))
    except InputError:
        pattern = BUILTIN[DEFAULT_ROUTINE_PATTERN]
    if pattern.has_holds:
        pattern = BUILTIN[DEFAULT_ROUTINE_PATTERN]
    try:
        minutes = parse_minutes(str(settings.get("routine_minutes") or DEFAULT_ROUTINE_MINUTES))
    except InputError:
        minutes = DEFAULT_ROUTINE_MINUTES
    return pattern, minutes


def routine_situation(appointment: dict[str, Any] | None, now: datetime) -> str:
    """The situation the short reappraisal is aimed at, in the person's voice.

    It is saved in the journal, so the time is a date ("Thu 3 Dec, 09:30"), never words like
    "Tomorrow at 9:30" that stop being true the next day.
    """
    if appointment is None:
        return "What is coming up for me"
    when = when_of(appointment)
    title = appointment_title(appointment)
    if when is None:
        return f"My appointment: {title}"
    local = when.astimezone(now.tzinfo) if now.tzinfo is not None else when
    return f"My appointment: {title}, {dates.understood(local, now)}"


def routine_about_when(appointment: dict[str, Any] | None) -> str | None:
    """The appointment's moment as ISO text for the journal entry's ``about_when``.

    Why: the situation's words are fixed when saved; this date lets the Journal say
    "tomorrow" or "today" on the day it is read. None when there is no usable time.
    """
    when = when_of(appointment) if appointment is not None else None
    return when.isoformat(timespec="seconds") if when is not None else None


def finish_line(goals: list[dict[str, Any]], today: date) -> dict[str, Any] | None:
    """The finish line to show: the goal of the day (:func:`pacer.domain.goals.goal_of_the_day`),
    so the routine, Today and the reappraisal keep the same one in sight."""
    return goal_of_the_day(goals, today)


def finish_line_text(goal: dict[str, Any] | None) -> str:
    """What the routine and the reappraisal's last step say about the person's finish line."""
    if goal is None:
        return (
            "You have not written a finish line yet: something you are running toward. "
            "When you are ready, Finish lines on the Today screen is the place."
        )
    text = f"You are running toward: {goal['title']}."
    step = str(goal.get("next_step") or "").strip()
    if step:
        text += f" A small next step: {step}."
    return text + " Steady pace."


@dataclass
class Routine:
    """One run of the routine: where it is, what was done or skipped, and the links."""

    started: datetime
    step: RoutineStep = RoutineStep.APPOINTMENT
    #: The journal entry's id: a routine carried on from a draft replaces its earlier record.
    id: str = field(default_factory=lambda: str(uuid.uuid4()))
    appointment_id: str | None = None
    checkin: int | None = None
    checkout: int | None = None
    session_id: str | None = None
    journal_id: str | None = None
    pattern: str | None = None
    minutes: float | None = None
    questions_added: list[str] = field(default_factory=list)
    done: list[RoutineStep] = field(default_factory=list)
    skipped: list[RoutineStep] = field(default_factory=list)
    finished: bool = False

    @property
    def index(self) -> int:
        return STEPS.index(self.step)

    def _advance(self) -> RoutineStep | None:
        if self.index == len(STEPS) - 1:
            self.finished = True
            return None
        self.step = STEPS[self.index + 1]
        return self.step

    def _mark(self, into: list[RoutineStep], other: list[RoutineStep]) -> None:
        if self.step in other:
            other.remove(self.step)
        if self.step not in into:
            into.append(self.step)

    def mark_done(self) -> None:
        """The current step was done (without moving on: leaving mid-routine needs this)."""
        self._mark(self.done, self.skipped)

    def complete(self) -> RoutineStep | None:
        """The current step was done; move on. Returns the next step, None at the end."""
        self.mark_done()
        return self._advance()

    def skip(self) -> RoutineStep | None:
        """The current step was skipped; move on. A step done earlier (then revisited with
        Back) stays done: skipping past it again does not undo it."""
        if self.step not in self.done:
            self._mark(self.skipped, self.done)
        return self._advance()

    def back(self) -> RoutineStep:
        if self.index > 0:
            self.step = STEPS[self.index - 1]
        return self.step

    @property
    def anything_done(self) -> bool:
        """Worth saving? Picking an appointment alone is not a routine."""
        return any(s is not RoutineStep.APPOINTMENT for s in self.done)

    def to_record(self, now: datetime, *, about_when: str | None = None) -> dict[str, Any]:
        """The journal record (`kind: "routine"`), written once when the routine ends.

        ``about_when`` (from :func:`routine_about_when`) keeps the appointment's moment as a
        date, so the Journal can still say when it was after the appointment is deleted.
        """
        done = [s.value for s in STEPS if s in self.done]
        skipped = [s.value for s in STEPS if s in self.skipped and s not in self.done]
        return {
            "id": self.id,
            "kind": "routine",
            "created": now.isoformat(timespec="seconds"),
            "started": self.started.isoformat(timespec="seconds"),
            "appointment_id": self.appointment_id,
            "checkin": self.checkin,
            "checkout": self.checkout,
            "session_id": self.session_id,
            "journal_id": self.journal_id,
            "pattern": self.pattern,
            "minutes": self.minutes,
            "questions_added": list(self.questions_added),
            "steps_done": done,
            "steps_skipped": skipped,
            "finished": self.finished,
            "left_at": None if self.finished else self.step.value,
        } | ({"about_when": about_when} if about_when is not None else {})


def routine_draft(routine: Routine, typed: Mapping[str, str], now: datetime) -> dict[str, Any]:
    """The draft of a routine left part-way (kind ``routine``): its step, what was done, and
    the words typed into the step on screen (``typed``: the rating or the question).

    Why a whole routine and not only the words: the routine is short, and offered back at the
    same step with the same check-in it reads as "carry on", not "start again".
    """
    return {
        "id": routine.id,
        "kind": DRAFT_KIND,
        "target": None,
        "step": routine.step.value,
        "fields": {str(k): str(v) for k, v in typed.items()},
        "context": {
            "appointment_id": routine.appointment_id,
            "checkin": routine.checkin,
            "checkout": routine.checkout,
            "session_id": routine.session_id,
            "journal_id": routine.journal_id,
            "pattern": routine.pattern,
            "minutes": routine.minutes,
            "questions_added": list(routine.questions_added),
            "done": [s.value for s in routine.done],
            "skipped": [s.value for s in routine.skipped],
        },
        "started": routine.started.isoformat(timespec="seconds"),
        "updated": now.isoformat(timespec="seconds"),
    }


def _step_of(value: Any) -> RoutineStep | None:
    try:
        return RoutineStep(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _score(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if STRESS[0] <= value <= STRESS[1] else None


def _text_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def routine_from_draft(draft: Mapping[str, Any], now: datetime) -> tuple[Routine, dict[str, str]]:
    """A routine and its typed words back from :func:`routine_draft`.

    Drafts are hand-editable JSON: anything odd is left at its default rather than refused (a
    step that is not a step starts at the first one; a check-in of "seven" is no check-in).
    Words typed are never dropped.
    """
    context = draft.get("context")
    ctx: Mapping[str, Any] = context if isinstance(context, Mapping) else {}
    try:
        started = datetime.fromisoformat(str(draft.get("started")))
        if started.tzinfo is None:
            started = now
    except (ValueError, OverflowError):
        started = now
    minutes = ctx.get("minutes")
    questions = ctx.get("questions_added")
    routine = Routine(
        started=started,
        step=_step_of(draft.get("step")) or RoutineStep.APPOINTMENT,
        appointment_id=_text_or_none(ctx.get("appointment_id")),
        checkin=_score(ctx.get("checkin")),
        checkout=_score(ctx.get("checkout")),
        session_id=_text_or_none(ctx.get("session_id")),
        journal_id=_text_or_none(ctx.get("journal_id")),
        pattern=_text_or_none(ctx.get("pattern")),
        minutes=float(minutes) if isinstance(minutes, int | float)
        and not isinstance(minutes, bool) and 0 <= minutes <= 120 else None,
        questions_added=[q for q in questions if isinstance(q, str)]
        if isinstance(questions, list) else [],
    )
    draft_id = draft.get("id")
    if isinstance(draft_id, str) and draft_id:
        routine.id = draft_id
    for key, into in (("done", routine.done), ("skipped", routine.skipped)):
        values = ctx.get(key)
        for value in values if isinstance(values, list) else []:
            step = _step_of(value)
            if step is not None and step not in routine.done and step not in routine.skipped:
                into.append(step)
    fields = draft.get("fields")
    typed = {str(k): str(v) for k, v in fields.items()} if isinstance(fields, Mapping) else {}
    return routine, typed
