"""What each data file may contain, as msgspec types, and which files exist.

Why msgspec: it imports in a few milliseconds and validates tens of thousands of records per
millisecond from C, and app launch time is benchmarked. The Structs below are used only to
*validate* (``msgspec.convert(record_dict, Session)``); the store keeps and returns the plain
dicts, so fields this version does not know (added by a later feature, or by hand) are kept
rather than silently dropped when a file is rewritten.

Every file is registered here with its current schema version. Bumping a version means adding
a step to :mod:`pacer.store.migrations`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Literal

import msgspec
from msgspec import Meta, Struct

AwareDatetime = Annotated[datetime, Meta(tz=True)]
Score = Annotated[int, Meta(ge=0, le=10)]
Seconds = Annotated[float, Meta(ge=0, le=7 * 24 * 3600)]
NonEmpty = Annotated[str, Meta(min_length=1)]
#: "4-7-8-0", "5.5-0-5.5-0", "2+1-0-6-0" (``+`` joins repeated inhales): seconds per phase.
_NUMBER = r"\d+(\.\d+)?"
_PART = rf"{_NUMBER}(\+{_NUMBER})*"
Rhythm = Annotated[str, Meta(pattern=rf"^{_PART}(-{_PART})*$")]

SESSION_SOURCES = ("app", "plain", "log")


# --- log records ------------------------------------------------------------------------------


class Session(Struct):
    """One practised breathing session (a line of ``sessions.jsonl``).

    ``seconds`` is the real practised length, ``planned_seconds`` what was chosen; ``before`` /
    ``after`` are optional 0-10 stress ratings. ``logged`` is written by the store (see
    :meth:`pacer.store.Store.append`), never by callers.
    """

    id: uuid.UUID
    schema: Literal[1]
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
    note: str | None = None
    logged: AwareDatetime | None = None


class JournalEntry(Struct):
    """One journal entry (a line of ``journal.jsonl``).

    Only the envelope is fixed here: ``created`` (filled in by the store when missing) and the
    store's fields. The reappraisal feature owns the rest of the entry.
    """

    id: uuid.UUID
    schema: Literal[1]
    created: AwareDatetime
    logged: AwareDatetime | None = None


# --- documents --------------------------------------------------------------------------------


class Record(Struct):
    """An element of a document's list: it must have a non-empty string ``id`` to merge by."""

    id: NonEmpty


class Settings(Struct):
    schema: int
    default_pattern: NonEmpty = "resonance"
    default_minutes: Annotated[int, Meta(ge=1, le=240)] = 5
    reduced_motion: bool = False
    sound: bool = True
    theme: NonEmpty = "pacer-dark"
    weekly_target_minutes: Annotated[int, Meta(ge=0, le=7 * 24 * 60)] = 60
    sound_style: Literal["bowl", "chime", "tone"] = "bowl"
    swell: bool = False
    volume: Annotated[int, Meta(ge=0, le=100)] = 60
    #: The first-run welcome was read; False shows it again at the next launch.
    welcome_seen: bool = False
    #: Pattern keys whose safety note was shown before their first use.
    seen_patterns: list[str] = []
    #: The calm-down routine's breathing step: a no-hold, long-exhale pattern and its length.
    routine_pattern: NonEmpty = "extended-exhale"
    routine_minutes: Annotated[float, Meta(gt=0, le=30)] = 3


class GoalsDoc(Struct):
    schema: int
    goals: list[Record] = []


class AppointmentsDoc(Struct):
    schema: int
    appointments: list[Record] = []


class PatternsDoc(Struct):
    schema: int
    patterns: list[Record] = []


class DraftsDoc(Struct):
    schema: int
    drafts: list[Record] = []


DEFAULT_SETTINGS: dict[str, Any] = {
    "schema": 1,
    "default_pattern": "resonance",
    "default_minutes": 5,
    "reduced_motion": False,
    "sound": True,
    "theme": "pacer-dark",
    "weekly_target_minutes": 60,
    "sound_style": "bowl",
    "swell": False,
    "volume": 60,
    "welcome_seen": False,
    "seen_patterns": [],
    "routine_pattern": "extended-exhale",
    "routine_minutes": 3,
}


@dataclass(frozen=True)
class DocSpec:
    """A JSON document of the data folder.

    ``list_key`` names the list of id'd records (None for settings); the store checks those ids
    are unique, which is what lets forms and ``pacer import`` merge by id.
    """

    name: str
    version: int
    struct: type[Struct]
    list_key: str | None

    def default(self) -> dict[str, Any]:
        """The content of the document when its file does not exist yet."""
        if self.name == "settings.json":
            # Copy the lists too, so a caller appending to seen_patterns cannot change defaults.
            return {k: list(v) if isinstance(v, list) else v for k, v in DEFAULT_SETTINGS.items()}
        assert self.list_key is not None
        return {"schema": self.version, self.list_key: []}


@dataclass(frozen=True)
class LogSpec:
    """An append-only log of the data folder; ``time_field`` is what "since" queries filter on."""

    name: str
    version: int
    struct: type[Struct]
    time_field: str


DOCUMENTS: dict[str, DocSpec] = {
    spec.name: spec
    for spec in (
        DocSpec("settings.json", 1, Settings, None),
        DocSpec("goals.json", 1, GoalsDoc, "goals"),
        DocSpec("appointments.json", 1, AppointmentsDoc, "appointments"),
        DocSpec("patterns.json", 1, PatternsDoc, "patterns"),
        DocSpec("drafts.json", 1, DraftsDoc, "drafts"),
    )
}

LOGS: dict[str, LogSpec] = {
    spec.name: spec
    for spec in (
        LogSpec("sessions.jsonl", 1, Session, "started"),
        LogSpec("journal.jsonl", 1, JournalEntry, "created"),
    )
}


def document_spec(name: str) -> DocSpec:
    """The spec of a document; unknown names are a programming error (typos must not create
    stray files in someone's health folder)."""
    try:
        return DOCUMENTS[name]
    except KeyError:
        raise ValueError(f"unknown document {name!r}; known: {', '.join(DOCUMENTS)}") from None


def log_spec(name: str) -> LogSpec:
    try:
        return LOGS[name]
    except KeyError:
        raise ValueError(f"unknown log {name!r}; known: {', '.join(LOGS)}") from None


def validate(struct: type[Struct], value: Any) -> Any:
    """``msgspec.convert`` (raises :class:`msgspec.ValidationError`); returns the Struct."""
    return msgspec.convert(value, struct)


def validate_many(struct: type[Struct], values: list[Any]) -> list[Any]:
    """Validate a whole list in one C call (the fast path for reading a log)."""
    return msgspec.convert(values, list[struct])  # type: ignore[valid-type]
