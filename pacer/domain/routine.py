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

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from pacer.domain.appointments import appointment_title, friendly_countdown, when_of
from pacer.domain.errors import InputError
from pacer.domain.patterns import BUILTIN, Pattern, parse_minutes, resolve

DEFAULT_ROUTINE_PATTERN = "extended-exhale"
DEFAULT_ROUTINE_MINUTES = 3.0


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
    """The situation the short reappraisal is aimed at, in the person's voice."""
    if appointment is None:
        return "What is coming up for me"
    when = when_of(appointment)
    title = appointment_title(appointment)
    if when is None:
        return f"My appointment: {title}"
    return f"My appointment: {title}, {friendly_countdown(when, now)}"


def _active(goal: dict[str, Any]) -> bool:
    return str(goal.get("status") or "moving") not in ("reached", "reshaped", "archived")


def finish_line(goals: list[dict[str, Any]], today: date) -> dict[str, Any] | None:
    """The finish line to show: `pacer.domain.goals.goal_of_the_day` when it exists, else the
    first goal that is still active (not reached or reshaped)."""
    try:
        from pacer.domain.goals import goal_of_the_day
    except ImportError:
        return next(
            (g for g in goals if isinstance(g, dict) and g.get("title") and _active(g)), None
        )
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

    def to_record(self, now: datetime) -> dict[str, Any]:
        """The journal record (`kind: "routine"`), written once when the routine ends."""
        done = [s.value for s in STEPS if s in self.done]
        skipped = [s.value for s in STEPS if s in self.skipped and s not in self.done]
        return {
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
        }
