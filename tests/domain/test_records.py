"""pacer.domain.records: every kind of record, checked without ever raising.

Table-driven (one valid record per Struct, the date fields found from the Structs themselves)
and property-based: any JSON value in any field gives a Struct or a Rejected that names the
field, and checking never changes the record it was given.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from msgspec import Struct

from pacer.domain import records as r
from pacer.domain.records import Rejected, check, check_in_collection

SESSION_ID = "0b6a1f4e-3c1d-4c55-9a53-8f0e2d1c7b10"

#: One valid, fully filled record of every kind, as the files hold them.
VALID: dict[type[Struct], dict[str, Any]] = {
    r.SessionRecord: {
        "id": SESSION_ID, "schema": 1,
        "started": "2026-11-02T09:00:00+01:00", "ended": "2026-11-02T09:05:00+01:00",
        "pattern": "box", "rhythm": "4-4-4-4", "seconds": 300.0, "planned_seconds": 300.0,
        "completed": True, "source": "plain", "before": 7, "after": 3,
        "note": "waiting room", "logged": "2026-11-02T09:05:01+01:00",
    },
    r.ReappraisalEntry: {
        "id": "e1", "kind": "reappraisal", "created": "2026-11-02T10:00:00+01:00",
        "started": "2026-11-02T09:50:00+01:00", "mode": "short", "path": "nuts",
        "complete": False, "situation": "The scan on Thursday", "stress_before": 8,
        "stress_after": 5, "sprint": False, "action": "Call the nurse",
        "action_done": "2026-11-02T12:00:00+01:00", "contact": "Sam",
        "nuts": {"novel": True, "control": False},
        "answers": {"novel": [{"prompt": "What is new here?", "answer": "The machine"}]},
        "balanced": "Hard, and I have a plan", "next_step": "Write my questions",
        "appointment_id": "scan-1", "routine": "r1", "about_when": "2026-11-05T09:30:00+01:00",
        "logged": "2026-11-02T10:00:01+01:00",
    },
    r.RoutineEntry: {
        "id": "r1", "kind": "routine", "created": "2026-11-02T10:10:00+01:00",
        "started": "2026-11-02T09:45:00+01:00", "appointment_id": "scan-1", "checkin": 7,
        "checkout": 4, "session_id": SESSION_ID, "journal_id": "e1",
        "pattern": "extended-exhale", "minutes": 3.0, "questions_added": ["By phone?"],
        "steps_done": ["checkin", "breathe"], "steps_skipped": ["appointment"],
        "finished": False, "left_at": "questions", "about_when": "2026-11-05T09:30:00+01:00",
        "logged": "2026-11-02T10:10:01+01:00",
    },
    r.CheckInEntry: {
        "id": "c1", "kind": "check-in", "created": "2026-11-02T10:20:00+01:00",
        "distress": 5, "areas": ["body", "family"], "note": "Tired after treatment",
        "logged": "2026-11-02T10:20:01+01:00",
    },
    r.EnergyEntry: {
        "id": "n1", "kind": "energy", "created": "2026-11-02T08:00:00+01:00", "energy": 3,
        "logged": "2026-11-02T08:00:01+01:00",
    },
    r.OtherEntry: {
        "id": "o1", "created": "2026-11-02T10:00:00+01:00",
        "logged": "2026-11-02T10:00:01+01:00",
    },
    r.Goal: {
        "id": "g1", "title": "Dance at Sam's wedding", "kind": "experience", "status": "moving",
        "check_in": "2026-12-01", "target": "June", "area": "family", "why": "Joy",
        "who": "Sam", "next_step": "Ten minutes of music", "route_b": "A slow dance",
        "archived": False, "created": "2026-11-01T09:00:00+01:00",
        "updated": "2026-11-02T09:00:00+01:00", "last_reviewed": "2026-11-02T09:00:00+01:00",
    },
    r.Appointment: {
        "id": "scan-1", "kind": "scan", "when": "2026-12-03T09:30:00+01:00",
        "where": "City Hospital", "notes": "Fasting", "questions": ["When will I hear?"],
        "top_questions": ["When will I hear?"], "bring": "Sam", "minutes": 45,
        "results_due": "2026-12-10", "results_appointment": "visit-1",
        "results_came": "2026-12-09T16:00:00+01:00",
        "debrief": {
            "created": "2026-12-03T12:00:00+01:00", "updated": "2026-12-03T12:05:00+01:00",
            "answers": [{"question": "When will I hear?", "answer": "Next week"}],
            "other": "Stable", "next_steps": "Scan in three months",
            "next_when": "2027-03-03T09:30:00+01:00", "next_appointment": "scan-2",
            "stress": 4, "goal_id": "g1", "finish_line": "Still on for June",
        },
        "debrief_later": "2026-12-04", "debrief_dismissed": False,
        "created": "2026-11-01T09:00:00+01:00", "updated": "2026-11-02T09:00:00+01:00",
    },
    r.Debrief: {
        "created": "2026-12-03T12:00:00+01:00", "updated": "2026-12-03T12:05:00+01:00",
        "answers": [{"question": "When will I hear?", "answer": "Next week"}],
        "other": "", "next_steps": "", "next_when": "2027-03-03T09:30:00+01:00",
        "next_appointment": None, "stress": 3, "goal_id": None, "finish_line": "",
    },
    r.QuestionAnswer: {"question": "When will I hear?", "answer": "Next week"},
    r.CustomPattern: {"id": "evening", "name": "Evening", "rhythm": "4-2-7-0"},
    r.Draft: {
        "id": "d1", "kind": "goal", "updated": "2026-11-02T09:00:00+01:00", "target": "g1",
        "fields": {"title": "Garden par"}, "step": "title", "mode": "full",
        "answers": {"novel": [1, 2]}, "context": {"from": "today"},
        "started": "2026-11-02T08:59:00+01:00",
    },
    r.Settings: {
        "schema": 1, "default_pattern": "box", "default_minutes": 10, "reduced_motion": True,
        "sound": False, "theme": "pacer-light", "weekly_target_minutes": 90,
        "sound_style": "chime", "swell": True, "volume": 40, "welcome_seen": True,
        "seen_patterns": ["box"], "routine_pattern": "resonance", "routine_minutes": 4.5,
        "ask_stress_before": False, "hide_holds": True, "pleasant_things": ["A walk"],
        "check_in_later": "2026-11-03", "ask_energy": True, "settle_in_seconds": 5,
    },
}
STRUCTS = list(VALID)

#: Fields checked against each other: a value in one may be reported on the other.
LINKED = {(r.SessionRecord, "started"): {"started", "ended"},
          (r.SessionRecord, "ended"): {"started", "ended"}}

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                 max_size=4),
    max_leaves=12,
)


def field_names(struct: type[Struct]) -> list[str]:
    return [f.name for f in msgspec.inspect.type_info(struct).fields]


def _is_date(kind: msgspec.inspect.Type) -> bool:
    if isinstance(kind, msgspec.inspect.UnionType):
        return any(_is_date(t) for t in kind.types)
    return isinstance(kind, msgspec.inspect.DateTimeType | msgspec.inspect.DateType)


def date_fields(struct: type[Struct]) -> list[tuple[str, bool]]:
    """(name, is a datetime) for every date or date-time field of ``struct``."""
    found = []
    for f in msgspec.inspect.type_info(struct).fields:
        if _is_date(f.type):
            types = f.type.types if isinstance(f.type, msgspec.inspect.UnionType) else (f.type,)
            found.append((f.name, any(isinstance(t, msgspec.inspect.DateTimeType)
                                      for t in types)))
    return found


def named(rejected: Rejected, struct: type[Struct], name: str) -> bool:
    """Does the rejection point at the field ``name`` (or its nested value)?"""
    if rejected.field is None:
        return False
    top = rejected.field.split(".")[0].split("[")[0]
    return top in LINKED.get((struct, name), {name})


# --- tables ---------------------------------------------------------------------------------


def test_every_struct_has_a_valid_example() -> None:
    structs = {
        value for value in vars(r).values()
        if isinstance(value, type) and issubclass(value, Struct)
        and value not in (Struct, r._Base, r.PromptAnswer)
    }
    assert structs == set(VALID)
    for struct, record in VALID.items():
        assert set(record) == set(field_names(struct)), struct.__name__  # every field filled


@pytest.mark.parametrize("struct", STRUCTS, ids=lambda s: s.__name__)
def test_a_valid_record_round_trips_unchanged(struct: type[Struct]) -> None:
    record = copy.deepcopy(VALID[struct])
    result = check(struct, record, "file[0]")
    assert isinstance(result, struct), result
    assert record == VALID[struct]  # checking never changes the record
    assert msgspec.to_builtins(result) == VALID[struct]


@pytest.mark.parametrize("struct", STRUCTS, ids=lambda s: s.__name__)
def test_unknown_fields_are_kept_in_the_record(struct: type[Struct]) -> None:
    record = {**VALID[struct], "from_a_later_pacer": {"x": [1, 2]}}
    before = copy.deepcopy(record)
    assert isinstance(check(struct, record, "file[0]"), struct)
    assert record == before


DATE_CASES = [
    (struct, name, datetime, value)
    for struct in STRUCTS
    for name, datetime in date_fields(struct)
    for value in (
        ("1899-12-31T23:00:00+00:00", "2201-01-01T00:00:00+00:00", "9999-12-31T23:30:00+01:00",
         "0001-01-01T00:30:00+01:00")
        if datetime else ("1899-12-31", "2201-01-01", "9999-12-31", "0001-01-01")
    )
]


@pytest.mark.parametrize("struct", [r.ReappraisalEntry, r.RoutineEntry])
def test_old_entries_without_about_when_still_load(struct: type[Struct]) -> None:
    old = {k: v for k, v in VALID[struct].items() if k != "about_when"}
    loaded = check(struct, old, "journal.jsonl[0]")
    assert isinstance(loaded, r.ReappraisalEntry | r.RoutineEntry)
    assert loaded.about_when is None


def test_the_date_table_covers_every_date_field() -> None:
    assert {(s, n) for s, n, _, _ in DATE_CASES} >= {
        (r.SessionRecord, "started"), (r.SessionRecord, "ended"), (r.Goal, "check_in"),
        (r.Appointment, "when"), (r.RoutineEntry, "started"), (r.Draft, "updated"),
    }


@pytest.mark.parametrize(
    ("struct", "name", "datetime", "value"), DATE_CASES,
    ids=[f"{s.__name__}.{n}={v[:4]}" for s, n, _, v in DATE_CASES],
)
def test_years_outside_1900_2200_are_rejected(
    struct: type[Struct], name: str, datetime: bool, value: str
) -> None:
    result = check(struct, {**VALID[struct], name: value}, "file[3]")
    assert isinstance(result, Rejected), f"{struct.__name__}.{name} = {value} was accepted"
    assert result.field == name and result.where == "file[3]"
    assert value[:4].lstrip("0") in str(result)


@pytest.mark.parametrize("struct", STRUCTS, ids=lambda s: s.__name__)
def test_the_edges_of_the_years_are_accepted(struct: type[Struct]) -> None:
    for name, datetime in date_fields(struct):
        for year in (1900, 2200):
            value = f"{year}-06-01T12:00:00+00:00" if datetime else f"{year}-06-01"
            record = {**VALID[struct], name: value}
            if struct is r.SessionRecord:  # keep ended after started
                record = {**record, "started": value, "ended": value}
            assert isinstance(check(struct, record, "f"), struct), (struct, name, year)


@pytest.mark.parametrize(
    ("struct", "changes", "field"),
    [
        (r.Goal, {"title": 5}, "title"),
        (r.Goal, {"next_step": {"call": "Sam"}}, "next_step"),
        (r.Goal, {"title": ""}, "title"),
        (r.Goal, {"title": "x" * (r.TITLE_LIMIT + 1)}, "title"),
        (r.Appointment, {"questions": 5}, "questions"),
        (r.Appointment, {"questions": ["ok", 5]}, "questions[1]"),
        (r.Appointment, {"top_questions": ["a", "b", "c", "d"]}, "top_questions"),
        (r.Appointment, {"minutes": 0}, "minutes"),
        (r.Appointment, {"results_due": "soon"}, "results_due"),
        (r.Appointment, {"results_came": "2026-12-09T16:00:00"}, "results_came"),
        (r.Appointment, {"debrief": {"created": "2026-12-03T12:00:00+01:00", "stress": 11}},
         "debrief.stress"),
        (r.Appointment, {"debrief": {"created": "2026-12-03T12:00:00+01:00",
                                     "answers": [{"question": 5}]}},
         "debrief.answers[0].question"),
        (r.Settings, {"pleasant_things": ["ok", ""]}, "pleasant_things[1]"),
        (r.RoutineEntry, {"steps_done": 5}, "steps_done"),
        (r.SessionRecord, {"before": 11}, "before"),
        (r.SessionRecord, {"seconds": -1}, "seconds"),
        (r.SessionRecord, {"ended": "2026-11-02T08:00:00+01:00"}, "ended"),
        (r.SessionRecord, {"started": "2026-11-02T09:00:00"}, "started"),  # no UTC offset
        (r.SessionRecord, {"id": "not-a-uuid"}, "id"),
        (r.CustomPattern, {"rhythm": "999-0-999"}, "rhythm"),
        (r.CustomPattern, {"rhythm": "0.1-0-0.1"}, "rhythm"),
        (r.ReappraisalEntry, {"answers": {"novel": [{"prompt": "p", "answer": 5}]}},
         "answers[...][0].answer"),  # msgspec does not name dict keys
        (r.Settings, {"volume": 150}, "volume"),
        (r.CheckInEntry, {"distress": 11}, "distress"),
        (r.CheckInEntry, {"areas": ["body", "money"]}, "areas[1]"),
        (r.EnergyEntry, {"energy": "ten"}, "energy"),
        (r.Settings, {"check_in_later": "soon"}, "check_in_later"),
        (r.Settings, {"default_minutes": 121}, "default_minutes"),
        (r.Settings, {"routine_minutes": 31}, "routine_minutes"),
    ],
)
def test_bad_values_are_rejected_naming_the_field(
    struct: type[Struct], changes: dict[str, Any], field: str
) -> None:
    result = check(struct, {**VALID[struct], **changes}, "goals.json goals[2]")
    assert isinstance(result, Rejected)
    assert result.field == field
    assert str(result).startswith(f"goals.json goals[2]: field '{field}'")
    assert "\n" not in str(result)


@pytest.mark.parametrize("value", [None, 5, "text", [1, 2], True])
def test_a_record_that_is_not_an_object_is_rejected(value: object) -> None:
    for struct in STRUCTS:
        result = check(struct, value, "goals.json goals[0]")
        assert isinstance(result, Rejected) and "JSON object" in result.reason


def test_missing_required_fields_are_named() -> None:
    record = dict(VALID[r.Goal])
    del record["title"]
    result = check(r.Goal, record, "g")
    assert isinstance(result, Rejected) and result.field == "title"
    assert "missing" in str(result)


def test_ranges_are_one_constant_each() -> None:
    assert r.SESSION_MINUTES == (0.5, 120.0)
    assert r.YEARS == (1900, 2200)
    assert r.CYCLE_SECONDS[0] == 1.0 and r.PHASE_SECONDS == (0.0, 30.0)


# --- properties -----------------------------------------------------------------------------


FIELDS = [(struct, name) for struct in STRUCTS for name in field_names(struct)]


@pytest.mark.parametrize(("struct", "name"), FIELDS,
                         ids=[f"{s.__name__}.{n}" for s, n in FIELDS])
@settings(max_examples=25, deadline=None)
@given(value=JSON)
def test_any_json_value_in_any_field_is_checked_without_raising(
    struct: type[Struct], name: str, value: Any
) -> None:
    record = {**copy.deepcopy(VALID[struct]), name: value}
    before = copy.deepcopy(record)
    result = check(struct, record, "file[7]")
    assert isinstance(result, struct | Rejected)
    assert _same(record, before)  # never changed, even when rejected
    if isinstance(result, Rejected):
        assert named(result, struct, name), (name, value, str(result))
        assert str(result).startswith("file[7]: ") and "\n" not in str(result)


@settings(max_examples=200, deadline=None)
@given(struct=st.sampled_from(STRUCTS), record=st.dictionaries(st.text(max_size=10), JSON))
def test_any_json_object_is_checked_without_raising(
    struct: type[Struct], record: dict[str, Any]
) -> None:
    result = check(struct, record, "f")
    assert isinstance(result, struct | Rejected)


@settings(max_examples=200, deadline=None)
@given(
    collection=st.sampled_from(["sessions.jsonl", "journal.jsonl", "goals.json",
                                "appointments.json", "patterns.json", "drafts.json",
                                "settings.json", "something.json"]),
    record=JSON,
)
def test_check_in_collection_never_raises(collection: str, record: Any) -> None:
    line = check_in_collection(collection, 3, record)
    assert line is None or (line and "\n" not in line and not line.startswith(collection))


@settings(max_examples=100, deadline=None)
@given(year=st.integers(1, 9999), month=st.integers(1, 12), day=st.integers(1, 28),
       offset=st.integers(-14, 14))
def test_every_year_is_in_range_or_rejected(year: int, month: int, day: int, offset: int) -> None:
    sign = "+" if offset >= 0 else "-"
    when = f"{year:04d}-{month:02d}-{day:02d}T12:00:00{sign}{abs(offset):02d}:00"
    result = check(r.Appointment, {**VALID[r.Appointment], "when": when}, "a")
    if r.YEARS[0] <= year <= r.YEARS[1]:
        assert isinstance(result, r.Appointment)
        assert isinstance(result.when, dt.datetime)
    else:
        assert isinstance(result, Rejected) and result.field == "when"


def _same(a: Any, b: Any) -> bool:
    """Equality that takes NaN as equal to itself (a record may hold NaN from a file)."""
    if isinstance(a, float) and isinstance(b, float):
        return a == b or (a != a and b != b)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b) and type(a) is type(b)
