"""Every kind of record Pacer keeps, defined once as a msgspec Struct, with its ranges.

Why here: the files are hand-editable and importable, so any field can hold any JSON value. The
store checks only the envelope of a file (is it JSON, does each record have an id); these
Structs say what each field of each record must be. The services validate every record they
read or import against them, and report a record that does not fit (file, line or index, field,
value) instead of handing it to a screen that would crash on it. A record is never changed by
validation: the services keep the raw dict and write changes back field by field, so unknown
fields (from a later Pacer, or a person's own notes) survive every save.

This module is pure: msgspec and the domain only, no files, no Textual.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any, Literal, TypeVar

import msgspec
from msgspec import Meta, Struct

from pacer.domain.limits import APPOINTMENT_KINDS as APPOINTMENT_KINDS
from pacer.domain.limits import TOP_QUESTIONS as TOP_QUESTIONS
from pacer.domain.limits import YEARS as YEARS

# YEARS, APPOINTMENT_KINDS and TOP_QUESTIONS are written in pacer.domain.limits (no msgspec
# there, for `pacer status`) and are part of this module's ranges all the same.

# --- one place for every range ----------------------------------------------------------------

#: Session length in minutes: the chooser, `--minutes`, settings and the store all use this.
SESSION_MINUTES = (0.5, 120.0)
#: Session length in whole breaths (cycles), as `--breaths` and Breathe take it; the session
#: must still fit in SESSION_MINUTES' longest.
BREATHS = (1, 200)
#: The settle-in countdown before the first breath, in whole seconds (0 = off).
SETTLE_SECONDS = (0, 30)
#: One phase of a rhythm, in seconds (a hold of 0 is no hold).
PHASE_SECONDS = (0.0, 30.0)
#: A whole breath (one cycle), in seconds: below 1 s a "breath" is a flicker, not a breath.
CYCLE_SECONDS = (1.0, 120.0)
STRESS = (0, 10)
VOLUME = (0, 100)
WEEKLY_TARGET_MINUTES = (0, 7 * 24 * 60)
ROUTINE_MINUTES = (0.5, 30.0)
TITLE_LIMIT = 200
TEXT_LIMIT = 2000
NOTE_LIMIT = 10_000

Score = Annotated[int, Meta(ge=STRESS[0], le=STRESS[1])]
Seconds = Annotated[float, Meta(ge=0, le=7 * 24 * 3600)]
NonEmpty = Annotated[str, Meta(min_length=1)]
Text = Annotated[str, Meta(max_length=NOTE_LIMIT)]
AwareDatetime = Annotated[datetime, Meta(tz=True)]
_NUMBER = r"\d+(\.\d+)?"
_PART = rf"{_NUMBER}(\+{_NUMBER})*"
Rhythm = Annotated[str, Meta(pattern=rf"^{_PART}(-{_PART})*$")]
T = TypeVar("T", bound=Struct)


class RecordError(ValueError):
    """A record that does not fit its Struct; ``field`` is a dotted path or None."""

    def __init__(self, field: str | None, message: str) -> None:
        super().__init__(f"field '{field}': {message}" if field else message)
        self.field = field
        self.reason = message


def _years(struct: Struct, *fields: str) -> None:
    """Raise RecordError for a date or datetime field outside :data:`YEARS`."""
    for name in fields:
        value = getattr(struct, name)
        if isinstance(value, date) and not YEARS[0] <= value.year <= YEARS[1]:
            raise RecordError(
                name, f"the year {value.year} is outside {YEARS[0]}-{YEARS[1]}"
            )


class _Base(Struct, kw_only=True):
    """Unknown fields are ignored here (and kept in the raw dict by the services)."""


# --- logs -------------------------------------------------------------------------------------


class SessionRecord(_Base, kw_only=True):
    """One practised breathing session (a line of sessions.jsonl)."""

    id: uuid.UUID
    schema: Literal[1] = 1
    started: AwareDatetime
    ended: AwareDatetime
    pattern: NonEmpty
    rhythm: Rhythm
    seconds: Seconds
    planned_seconds: Seconds
    completed: bool
    source: Literal["app", "plain", "log"]
    before: Score | None = None
    after: Score | None = None
    note: Text | None = None
    logged: AwareDatetime | None = None

    def __post_init__(self) -> None:
        _years(self, "started", "ended", "logged")
        if self.ended < self.started:
            raise RecordError("ended", "'ended' is before 'started'")


class PromptAnswer(_Base, kw_only=True):
    prompt: str
    answer: Text


class ReappraisalEntry(_Base, kw_only=True):
    """A NUTS reappraisal in the journal (``kind: "reappraisal"``)."""

    id: NonEmpty
    kind: Literal["reappraisal"]
    created: AwareDatetime
    started: AwareDatetime | None = None
    mode: str = "full"
    path: str | None = None
    complete: bool = True
    situation: Text = ""
    stress_before: Score | None = None
    stress_after: Score | None = None
    sprint: bool | None = None
    action: Text | None = None
    #: When the person marked the sprint's action done on Today (None: not done yet).
    action_done: AwareDatetime | None = None
    contact: Text | None = None
    nuts: dict[str, bool] = {}
    answers: dict[str, list[PromptAnswer]] = {}
    balanced: Text | None = None
    next_step: Text | None = None
    appointment_id: str | None = None
    routine: str | bool | None = None
    #: The appointment's moment, kept as a date so the Journal can say "tomorrow" or "today"
    #: when it is shown, not when it was written (None: not about an appointment).
    about_when: AwareDatetime | None = None
    logged: AwareDatetime | None = None

    def __post_init__(self) -> None:
        _years(self, "created", "started", "logged", "action_done", "about_when")


class RoutineEntry(_Base, kw_only=True):
    """A calm-down routine in the journal (``kind: "routine"``)."""

    id: NonEmpty
    kind: Literal["routine"]
    created: AwareDatetime
    started: AwareDatetime
    appointment_id: str | None = None
    checkin: Score | None = None
    checkout: Score | None = None
    session_id: str | None = None
    journal_id: str | None = None
    pattern: str | None = None
    minutes: Annotated[float, Meta(ge=0, le=SESSION_MINUTES[1])] | None = None
    questions_added: list[Text] = []
    steps_done: list[str] = []
    steps_skipped: list[str] = []
    finished: bool = False
    left_at: str | None = None
    #: The appointment's moment, so the Journal shows it relative to the day it is read.
    about_when: AwareDatetime | None = None
    logged: AwareDatetime | None = None

    def __post_init__(self) -> None:
        _years(self, "created", "started", "logged", "about_when")


#: The areas a weekly check-in can tick (keys; the words live in :mod:`pacer.domain.checkin`).
CHECK_IN_AREAS = ("body", "practical", "family", "feelings", "meaning")
#: A 0-10 number for distress over the week and for today's battery (energy).
DISTRESS = ENERGY = STRESS
Area = Literal["body", "practical", "family", "feelings", "meaning"]


class CheckInEntry(_Base, kw_only=True):
    """The weekly check-in in the journal (``kind: "check-in"``): distress over the past week
    (0-10), the areas that weighed on the person, and one line of their own."""

    id: NonEmpty
    kind: Literal["check-in"]
    created: AwareDatetime
    distress: Score
    areas: list[Area] = []
    note: Text = ""
    logged: AwareDatetime | None = None

    def __post_init__(self) -> None:
        _years(self, "created", "logged")


class EnergyEntry(_Base, kw_only=True):
    """Today's battery in the journal (``kind: "energy"``): 0 empty, 10 full."""

    id: NonEmpty
    kind: Literal["energy"]
    created: AwareDatetime
    energy: Score
    logged: AwareDatetime | None = None

    def __post_init__(self) -> None:
        _years(self, "created", "logged")


class OtherEntry(_Base, kw_only=True):
    """A journal entry of a kind this version does not know: shown by its date only."""

    id: NonEmpty
    created: AwareDatetime
    logged: AwareDatetime | None = None

    def __post_init__(self) -> None:
        _years(self, "created", "logged")


# --- documents --------------------------------------------------------------------------------

GOAL_KINDS = ("milestone", "ongoing", "experience")
GOAL_STATUSES = ("moving", "resting", "reshaped", "reached")


class Goal(_Base, kw_only=True):
    """A finish line (an element of goals.json ``goals``)."""

    id: NonEmpty
    title: Annotated[str, Meta(min_length=1, max_length=TITLE_LIMIT)]
    kind: Literal["milestone", "ongoing", "experience"] | None = None
    status: Literal["moving", "resting", "reshaped", "reached"] = "moving"
    check_in: date | None = None
    target: Annotated[str, Meta(max_length=TEXT_LIMIT)] | None = None
    area: Annotated[str, Meta(max_length=TEXT_LIMIT)] | None = None
    why: Annotated[str, Meta(max_length=TEXT_LIMIT)] | None = None
    who: Annotated[str, Meta(max_length=TEXT_LIMIT)] | None = None
    next_step: Annotated[str, Meta(max_length=TEXT_LIMIT)] | None = None
    route_b: Annotated[str, Meta(max_length=TEXT_LIMIT)] | None = None
    archived: bool = False
    created: AwareDatetime | None = None
    updated: AwareDatetime | None = None
    last_reviewed: AwareDatetime | None = None

    def __post_init__(self) -> None:
        _years(self, "check_in", "created", "updated", "last_reviewed")




#: A visit's length for the calendar, in minutes.
APPOINTMENT_MINUTES = (5, 12 * 60)
#: The person's own short list of pleasant things for the wait ("a walk", "call Sam").
PLEASANT_LIMIT = 12


class QuestionAnswer(_Base, kw_only=True):
    """One question taken to a visit and the short answer written down after it."""

    question: Text
    answer: Text = ""


class Debrief(_Base, kw_only=True):
    """"How did it go?", written after the appointment and kept with it.

    ``next_appointment`` is the id of the appointment made from ``next_when`` in one step
    (None when none was made); ``goal_id`` the finish line looked at, ``finish_line`` the words.
    """

    created: AwareDatetime
    updated: AwareDatetime | None = None
    answers: list[QuestionAnswer] = []
    other: Text = ""
    next_steps: Text = ""
    next_when: AwareDatetime | None = None
    next_appointment: str | None = None
    stress: Score | None = None
    goal_id: str | None = None
    finish_line: Text = ""

    def __post_init__(self) -> None:
        _years(self, "created", "updated", "next_when")


class Appointment(_Base, kw_only=True):
    """A scan, blood test or visit (an element of appointments.json ``appointments``).

    The wait for results: a scan or test carries ``results_due`` (the day they are expected)
    and/or ``results_appointment`` (the id of the later results visit); ``results_came`` is
    when the person said the results came (the wait ends). ``top_questions`` are question
    texts from ``questions`` marked as the top ones. ``debrief_later`` puts the "How did it
    go?" offer off until that day; ``debrief_dismissed`` stops it.
    """

    id: NonEmpty
    kind: NonEmpty
    when: AwareDatetime
    where: Text = ""
    notes: Text = ""
    questions: list[Text] = []
    top_questions: Annotated[list[Text], Meta(max_length=TOP_QUESTIONS)] = []
    bring: Text = ""
    minutes: Annotated[
        int, Meta(ge=APPOINTMENT_MINUTES[0], le=APPOINTMENT_MINUTES[1])
    ] | None = None
    results_due: date | None = None
    results_appointment: str | None = None
    results_came: AwareDatetime | None = None
    debrief: Debrief | None = None
    debrief_later: date | None = None
    debrief_dismissed: bool = False
    created: AwareDatetime | None = None
    updated: AwareDatetime | None = None

    def __post_init__(self) -> None:
        _years(self, "when", "created", "updated", "results_due", "results_came",
               "debrief_later")


class CustomPattern(_Base, kw_only=True):
    """A person's own rhythm (an element of patterns.json ``patterns``)."""

    id: NonEmpty
    name: Annotated[str, Meta(min_length=1, max_length=TITLE_LIMIT)]
    rhythm: Rhythm

    def __post_init__(self) -> None:
        check_rhythm(self.rhythm)


class Draft(_Base, kw_only=True):
    """Words typed into a form and not saved yet (an element of drafts.json ``drafts``).

    ``kind`` names the form (``reappraisal``, ``goal``, ``appointment``, ``pattern``,
    ``review``, ``routine``); ``target`` the record being edited (None for a new one);
    ``fields`` the typed text per field. Reappraisal drafts carry their flow in ``answers``,
    ``step``, ``mode`` and ``context`` instead.
    """

    id: NonEmpty
    kind: NonEmpty
    updated: AwareDatetime | None = None
    target: str | None = None
    fields: dict[str, Text] = {}
    step: str | None = None
    mode: str | None = None
    answers: dict[str, Any] = {}
    context: dict[str, Any] = {}
    started: AwareDatetime | None = None

    def __post_init__(self) -> None:
        _years(self, "updated", "started")


class Settings(_Base, kw_only=True):
    """settings.json. The only place each setting's range is written down."""

    schema: int = 1
    default_pattern: NonEmpty = "resonance"
    default_minutes: Annotated[int, Meta(ge=1, le=int(SESSION_MINUTES[1]))] = 5
    reduced_motion: bool = False
    sound: bool = True
    theme: NonEmpty = "pacer-dark"
    weekly_target_minutes: Annotated[
        int, Meta(ge=WEEKLY_TARGET_MINUTES[0], le=WEEKLY_TARGET_MINUTES[1])
    ] = 60
    sound_style: Literal["bowl", "chime", "tone"] = "bowl"
    swell: bool = False
    volume: Annotated[int, Meta(ge=VOLUME[0], le=VOLUME[1])] = 60
    #: The first-run welcome was read; False shows it again at the next launch.
    welcome_seen: bool = False
    #: Pattern keys whose safety note was shown before their first use.
    seen_patterns: list[str] = []
    #: The calm-down routine's breathing step: a no-hold, long-exhale pattern and its length.
    routine_pattern: NonEmpty = "extended-exhale"
    routine_minutes: Annotated[
        float, Meta(ge=ROUTINE_MINUTES[0], le=ROUTINE_MINUTES[1])
    ] = 3
    #: Ask "how stressed are you now?" (optional) before each breathing session.
    ask_stress_before: bool = True
    #: Seconds of "Get comfortable" before the first breath (0 = straight in).
    settle_in_seconds: Annotated[int, Meta(ge=SETTLE_SECONDS[0], le=SETTLE_SECONDS[1])] = 0
    #: Hide the patterns with breath holds (the first-run safety question); None: not asked yet.
    hide_holds: bool | None = None
    #: The person's own pleasant things, one offered each day of a wait for results.
    pleasant_things: Annotated[
        list[Annotated[str, Meta(min_length=1, max_length=TITLE_LIMIT)]],
        Meta(max_length=PLEASANT_LIMIT),
    ] = []
    #: The weekly check-in offer on Today is put off until this day (None: not put off).
    check_in_later: date | None = None
    #: Ask "How is your battery today?" on Today once a day.
    ask_energy: bool = False

    def __post_init__(self) -> None:
        _years(self, "check_in_later")


# --- checking ---------------------------------------------------------------------------------


def check_rhythm(rhythm: str) -> None:
    """Raise RecordError unless each phase and the whole breath are in range."""
    try:
        phases = [
            sum(float(x) for x in part.split("+")) for part in rhythm.split("-")
        ]
    except ValueError:
        raise RecordError("rhythm", f"{rhythm!r} is not a rhythm like 4-0-6-0") from None
    for seconds in phases:
        if not math.isfinite(seconds) or not PHASE_SECONDS[0] <= seconds <= PHASE_SECONDS[1]:
            raise RecordError(
                "rhythm", f"{rhythm!r}: each phase must be 0 to {PHASE_SECONDS[1]:g} seconds"
            )
    cycle = sum(phases)
    if not CYCLE_SECONDS[0] <= cycle <= CYCLE_SECONDS[1]:
        raise RecordError(
            "rhythm",
            f"{rhythm!r}: one breath must take {CYCLE_SECONDS[0]:g} to "
            f"{CYCLE_SECONDS[1]:g} seconds",
        )


@dataclass(frozen=True)
class Rejected:
    """Why one record was not used: where it is, which field, what value, and why."""

    where: str
    field: str | None
    value: str
    reason: str

    @property
    def detail(self) -> str:
        """The problem without its place: ``field 'title' = 5 (Expected str, got int)``."""
        if not self.field:
            return self.reason
        value = f"= {self.value} " if self.value else ""
        return f"field '{self.field}' {value}({self.reason})"

    def __str__(self) -> str:
        return f"{self.where}: {self.detail}"


def _short(value: Any, limit: int = 40) -> str:
    """A value as a short, printable snippet for a message."""
    try:
        text = msgspec.json.encode(value).decode()
    except (TypeError, msgspec.EncodeError, OverflowError):
        text = repr(value)
    text = "".join(c if c.isprintable() else "?" for c in text)
    return text if len(text) <= limit else text[: limit - 3] + "..."


_MISSING = object()


def _lookup(record: Any, path: str | None) -> Any:
    """The value at a msgspec error path such as ``answers.nuts[0].answer``."""
    if not path or "..." in path:
        return _MISSING
    value = record
    for part in path.replace("]", "").replace("[", ".").split("."):
        if not part:
            continue
        try:
            value = value[int(part)] if isinstance(value, list) else value[part]
        except (KeyError, IndexError, ValueError, TypeError):
            return _MISSING
    return value


def check(kind: type[T], record: Any, where: str) -> T | Rejected:
    """``record`` as a ``kind`` Struct, or why not (never raises for any JSON value)."""
    if not isinstance(record, Mapping):
        return Rejected(where, None, "", f"a record must be a JSON object, not {_short(record)}")
    try:
        return msgspec.convert(record, kind)
    except RecordError as error:
        return Rejected(where, error.field, _short(record.get(error.field or "")), error.reason)
    except msgspec.ValidationError as error:
        message = str(error)
        field: str | None = None
        if " - at `$." in message:
            message, _, at = message.partition(" - at `$.")
            field = at.rstrip("`")
        if message.startswith("field '") and "': " in message:
            # A __post_init__ RecordError, wrapped by msgspec: "field 'x': reason".
            inner, _, message = message[len("field '") :].partition("': ")
            field = f"{field}.{inner}" if field else inner
        elif message.startswith("Object missing required field") and "`" in message:
            missing = message.split("`")[1]
            return Rejected(where, f"{field}.{missing}" if field else missing, "",
                            "this field is missing")
        value = _lookup(record, field)
        return Rejected(where, field, "" if value is _MISSING else _short(value), message)
    except (ValueError, TypeError, OverflowError) as error:
        return Rejected(where, None, "", str(error))


JOURNAL_KINDS: dict[str, type[Struct]] = {
    "reappraisal": ReappraisalEntry,
    "routine": RoutineEntry,
    "check-in": CheckInEntry,
    "energy": EnergyEntry,
}


def journal_struct(record: Any) -> type[Struct]:
    """The Struct a journal record is checked against (by its ``kind``)."""
    kind = record.get("kind") if isinstance(record, Mapping) else None
    return JOURNAL_KINDS.get(kind, OtherEntry) if isinstance(kind, str) else OtherEntry


#: The Struct of each collection's records, by file name (documents: their list's records).
COLLECTIONS: dict[str, type[Struct]] = {
    "sessions.jsonl": SessionRecord,
    "goals.json": Goal,
    "appointments.json": Appointment,
    "patterns.json": CustomPattern,
    "drafts.json": Draft,
}


def check_in_collection(collection: str, index: int, record: Any) -> str | None:
    """One line saying why record ``index`` of ``collection`` is bad, or None.

    The hook ``pacer import`` passes to the store, which names the place itself
    (``sessions.jsonl[3]: ``), so the line is only the problem: ``field 'ended' ...``.
    """
    if collection == "journal.jsonl":
        struct: type[Struct] = journal_struct(record)
    elif collection == "settings.json":
        struct = Settings
    else:
        struct = COLLECTIONS.get(collection, _Base)
    result = check(struct, record, f"{collection}[{index}]")
    return result.detail if isinstance(result, Rejected) else None
