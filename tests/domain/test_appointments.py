"""Appointments: typed local times, friendly countdowns, the next one, and the form's checks."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pacer.domain.appointments import (
    KINDS,
    build_appointment,
    format_when,
    friendly_countdown,
    next_appointment,
    next_appointment_line,
    parse_questions,
    parse_when,
    sorted_appointments,
    suggested_questions,
    typed_when,
    upcoming,
)
from pacer.domain.errors import InputError
from pacer.domain.reappraisal import FieldError

PARIS = ZoneInfo("Europe/Paris")
# Monday 30 November 2026, 10:00 in Paris (winter time, +01:00).
NOW = datetime(2026, 11, 30, 10, 0, tzinfo=PARIS)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-03 09:30", datetime(2026, 12, 3, 9, 30)),
        ("2026-12-3 9:30", datetime(2026, 12, 3, 9, 30)),
        ("2026-12-03T14:05", datetime(2026, 12, 3, 14, 5)),
        ("  2026-12-03   9.30 ", datetime(2026, 12, 3, 9, 30)),
        ("today 14:00", datetime(2026, 11, 30, 14, 0)),
        ("Tomorrow 8:15", datetime(2026, 12, 1, 8, 15)),
        # the everyday forms of issue 11 (the whole grammar is in tests/domain/test_dates.py)
        ("friday 9:00", datetime(2026, 12, 4, 9, 0)),
        ("fri 9:00", datetime(2026, 12, 4, 9, 0)),
        ("next thursday 9am", datetime(2026, 12, 3, 9, 0)),
        ("3 dec 14:30", datetime(2026, 12, 3, 14, 30)),
        ("in 2 weeks 9:30", datetime(2026, 12, 14, 9, 30)),
    ],
)
def test_parse_when_accepts_what_people_type(text: str, expected: datetime) -> None:
    when = parse_when(text, NOW, tz=PARIS)
    assert when.replace(tzinfo=None) == expected
    assert when.utcoffset() == timedelta(hours=1)


def test_parse_when_uses_the_offset_in_force_on_that_date() -> None:
    summer = parse_when("2027-07-01 09:00", NOW, tz=PARIS)
    assert summer.isoformat() == "2027-07-01T09:00:00+02:00"


def test_parse_when_without_tz_uses_the_computers_zone() -> None:
    when = parse_when("2030-01-02 03:04", NOW)
    assert when.tzinfo is not None
    assert when.replace(tzinfo=None) == datetime(2030, 1, 2, 3, 4)
    # The app's wall clock is a fixed offset (datetime.now().astimezone()): read as the
    # computer's zone, with the offset in force on the typed date.
    local_now = datetime(2026, 11, 30, 10, 0).astimezone()
    summer = parse_when("2030-07-02 03:04", local_now)
    assert summer == datetime(2030, 7, 2, 3, 4).astimezone()


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "empty"),
        ("next blursday", "'next blursday' is not a date and time"),
        ("next thursday", "'next thursday' has no time"),
        ("2026-12-03", "'2026-12-03' has no time"),
        ("2026-02-30 09:00", "'2026-02-30 09:00' is not a real date"),
        ("2026-12-03 25:00", "'2026-12-03 25:00' is not a real time"),
        ("2026-12-03 09:75", "not a real time"),
        ("2026-11-30 09:59", "'2026-11-30 09:59' is in the past"),
        ("2020-01-01 09:00", "in the past"),
        ("03/12/2026 09:30", "'03/12/2026 09:30' is not a date and time"),
    ],
)
def test_parse_when_rejects_with_the_typed_text(text: str, words: str) -> None:
    with pytest.raises(InputError) as error:
        parse_when(text, NOW, tz=PARIS)
    assert words in str(error.value)


def test_parse_when_can_allow_the_past() -> None:
    assert parse_when("2020-01-01 09:00", NOW, tz=PARIS, allow_past=True).year == 2020


@pytest.mark.parametrize(
    ("when", "words"),
    [
        (datetime(2026, 11, 30, 9, 30), "Today at 9:30"),
        (datetime(2026, 11, 30, 23, 59), "Today at 23:59"),
        (datetime(2026, 12, 1, 14, 0), "Tomorrow at 14:00"),
        (datetime(2026, 12, 1, 0, 5), "Tomorrow at 0:05"),
        (datetime(2026, 12, 3, 9, 30), "Thursday, in 3 days"),
        (datetime(2026, 12, 2, 9, 30), "Wednesday, in 2 days"),
        (datetime(2026, 12, 6, 9, 30), "Sunday, in 6 days"),
        (datetime(2026, 12, 7, 9, 30), "in 1 week"),
        (datetime(2026, 12, 21, 9, 30), "in 3 weeks"),
        (datetime(2027, 2, 28, 9, 30), "in 3 months"),
        (datetime(2026, 11, 29, 9, 30), "Yesterday"),
        (datetime(2026, 11, 25, 9, 30), "5 days ago"),
        (datetime(2026, 10, 30, 9, 30), "4 weeks ago"),
    ],
)
def test_friendly_countdown(when: datetime, words: str) -> None:
    assert friendly_countdown(when.replace(tzinfo=PARIS), NOW) == words


def test_countdown_counts_calendar_days_in_the_persons_zone() -> None:
    late = datetime(2026, 11, 30, 23, 0, tzinfo=PARIS)
    stored_in_utc = datetime(2026, 12, 1, 7, 0, tzinfo=UTC)  # 8:00 in Paris
    assert friendly_countdown(stored_in_utc, late) == "Tomorrow at 8:00"


def test_format_when_shows_the_year_only_when_it_differs() -> None:
    assert format_when(datetime(2026, 12, 3, 9, 30, tzinfo=PARIS), NOW) == "Thu 3 Dec, 9:30"
    assert format_when(datetime(2027, 1, 4, 14, 0, tzinfo=PARIS), NOW) == "Mon 4 Jan 2027, 14:00"


def appt(id_: str, when: str, kind: str = "scan", where: str = "") -> dict:
    return {"id": id_, "kind": kind, "when": when, "where": where}


def test_next_appointment_skips_past_and_unreadable_ones() -> None:
    items = [
        appt("past", "2026-11-30T09:00:00+01:00"),
        appt("later", "2026-12-10T09:00:00+01:00"),
        appt("bad", "someday"),
        appt("soon", "2026-12-01T08:00:00+00:00"),
    ]
    assert next_appointment(items, NOW)["id"] == "soon"
    assert [a["id"] for a in upcoming(items, NOW)] == ["soon", "later"]
    assert next(a["id"] for a in upcoming(items, NOW, grace=timedelta(hours=2))) == "past"
    assert next_appointment([], NOW) is None
    assert [a["id"] for a in sorted_appointments(items)] == ["past", "soon", "later", "bad"]


def test_next_appointment_line_for_the_home_screen() -> None:
    items = [appt("a", "2026-12-03T09:30:00+01:00", "oncologist", "City Hospital")]
    assert next_appointment_line(items, NOW) == (
        "Next: Oncologist at City Hospital, Thursday, in 3 days")
    assert next_appointment_line([], NOW) is None


@given(st.integers(min_value=-400, max_value=400), st.integers(0, 23), st.integers(0, 59))
def test_countdown_always_gives_words(days: int, hour: int, minute: int) -> None:
    when = (NOW + timedelta(days=days)).replace(hour=hour, minute=minute)
    words = friendly_countdown(when, NOW)
    assert words and "-" not in words
    assert not re.search(r"\b0 (days|weeks|months)", words)
    assert not re.search(r"\b1 (days|weeks|months)", words)  # "1 week", never "1 weeks"


def test_build_appointment_checks_and_keeps_unknown_fields() -> None:
    record = build_appointment(
        {"kind": "scan", "when": "2026-12-03 09:30", "where": " City Hospital ",
         "notes": "Bring the letter", "questions": "- When will I hear?\n\n2) Why this test?"},
        NOW, tz=PARIS,
    )
    assert record["when"] == "2026-12-03T09:30:00+01:00"
    assert record["where"] == "City Hospital"
    assert record["questions"] == ["When will I hear?", "Why this test?"]
    assert record["id"] and record["created"] == record["updated"]
    edited = build_appointment(
        {"kind": "oncologist", "when": "2026-12-03 09:30", "questions": []},
        NOW + timedelta(days=10), existing={**record, "future_field": 1}, tz=PARIS,
    )  # the time has passed since, but it was not changed: fine
    assert edited["id"] == record["id"] and edited["future_field"] == 1
    assert edited["kind"] == "oncologist" and edited["created"] == record["created"]


@pytest.mark.parametrize(
    ("fields", "field", "named"),
    [
        ({"kind": "party", "when": "2026-12-03 09:30"}, "kind", "'party'"),
        ({"kind": "scan", "when": "soon"}, "when", "'soon'"),
        ({"kind": "scan", "when": "2026-11-01 09:30"}, "when", "in the past"),
        ({"kind": "scan", "when": ""}, "when", "empty"),
    ],
)
def test_build_appointment_errors_name_the_field(fields: dict, field: str, named: str) -> None:
    with pytest.raises(FieldError) as error:
        build_appointment(fields, NOW, tz=PARIS)
    assert error.value.field == field and named in str(error.value)


def test_changing_an_old_appointment_to_another_past_time_is_refused() -> None:
    old = build_appointment({"kind": "scan", "when": "2026-12-03 09:30"}, NOW, tz=PARIS)
    with pytest.raises(FieldError, match="in the past"):
        build_appointment({"kind": "scan", "when": "2026-12-02 09:30"},
                          NOW + timedelta(days=10), existing=old, tz=PARIS)


def test_typed_when_round_trips() -> None:
    when = parse_when("2026-12-03 09:30", NOW, tz=PARIS)
    assert typed_when(when, PARIS) == "2026-12-03 09:30"


def test_questions_suggestions_skip_ones_already_listed() -> None:
    for kind in KINDS:
        assert suggested_questions(kind)
    have = ["when and how will I get the results?"]
    assert "When and how will I get the results?" not in suggested_questions("scan", have)
    assert any("palliative" in q for q in suggested_questions("oncologist"))
    assert parse_questions("  \n* One\n•Two\n3. Three") == ["One", "Two", "Three"]
