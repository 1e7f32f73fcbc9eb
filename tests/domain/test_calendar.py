"""The calendar file, read back with icalendar: every event, both alarms, zones across DST.

A person imports this into their phone; a wrong hour after the clocks change, a missing alarm
or a duplicate event on the second import would all be real harm, so each is checked on the
parsed file, not on its text.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from pacer.domain.calendar import (
    EVENING_WORDS,
    HOUR_BEFORE_WORDS,
    KIND_MINUTES,
    PRODID,
    calendar_text,
    minutes_of,
)
from pacer.domain.records import APPOINTMENT_KINDS

PARIS = ZoneInfo("Europe/Paris")
NEW_YORK = ZoneInfo("America/New_York")
# Friday 20 March 2026, 10:00 in Paris: the clocks go forward on Sunday 29 March.
NOW = datetime(2026, 3, 20, 10, 0, tzinfo=PARIS)


def appointment(ident: str, when: datetime, kind: str = "scan", **extra: Any) -> dict[str, Any]:
    return {"id": ident, "kind": kind, "when": when.isoformat(timespec="seconds"), **extra}


WINTER = appointment("winter", datetime(2026, 3, 27, 9, 30, tzinfo=PARIS),
                     where="City Hospital\nLevel 2", notes="Bring the letter.",
                     bring="Sam", questions=["Why this test?", "When will I hear?"],
                     top_questions=["When will I hear?"])
# Monday 30 March, 09:00 summer time; the evening before is the day the clocks changed.
SUMMER = appointment("summer", datetime(2026, 3, 30, 9, 0, tzinfo=PARIS), "oncologist",
                     minutes=45)
PAST = appointment("past", datetime(2026, 3, 19, 9, 0, tzinfo=PARIS))


def parsed(text: str) -> Calendar:
    return Calendar.from_ical(text)


def events(text: str) -> dict[str, Any]:
    return {str(e["UID"]): e for e in parsed(text).walk("VEVENT")}


def test_the_file_is_a_calendar_with_every_upcoming_appointment_only() -> None:
    text = calendar_text([PAST, SUMMER, WINTER], NOW, zone=PARIS)
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    calendar = parsed(text)
    assert str(calendar["PRODID"]) == PRODID and str(calendar["VERSION"]) == "2.0"
    assert list(events(text)) == ["winter@pacer.local", "summer@pacer.local"]


def test_each_event_has_its_start_place_summary_and_description() -> None:
    event = events(calendar_text([WINTER], NOW, zone=PARIS))["winter@pacer.local"]
    assert event.decoded("DTSTART") == datetime(2026, 3, 27, 9, 30, tzinfo=PARIS)
    assert str(event["SUMMARY"]) == "Scan"
    assert str(event["LOCATION"]) == "City Hospital, Level 2"
    text = str(event["DESCRIPTION"])
    assert text.startswith("Bring the letter.\n\nWho to bring: Sam\n\nQuestions to ask:\n")
    assert text.index("1. When will I hear? (top question)") < text.index("2. Why this test?")
    assert event.decoded("DTSTAMP") == NOW.astimezone(UTC)


def test_times_carry_the_named_zone_across_dst() -> None:
    text = calendar_text([WINTER, SUMMER], NOW, zone=PARIS)
    assert "DTSTART;TZID=Europe/Paris:20260327T093000" in text
    assert "DTSTART;TZID=Europe/Paris:20260330T090000" in text
    found = events(text)
    winter = found["winter@pacer.local"].decoded("DTSTART")
    summer = found["summer@pacer.local"].decoded("DTSTART")
    assert winter.utcoffset() == timedelta(hours=1) and summer.utcoffset() == timedelta(hours=2)
    assert (winter.hour, winter.minute, summer.hour) == (9, 30, 9)
    (zone,) = parsed(text).walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/Paris"
    assert {c.name for c in zone.subcomponents} == {"STANDARD", "DAYLIGHT"}


def test_a_time_made_in_another_zone_is_written_in_utc() -> None:
    """Typed in New York, exported on a computer in Paris: the offsets differ, so UTC."""
    visit = appointment("ny", datetime(2026, 3, 27, 9, 30, tzinfo=NEW_YORK))
    text = calendar_text([visit], NOW, zone=PARIS)
    assert "DTSTART:20260327T133000Z" in text and "VTIMEZONE" not in text
    start = events(text)["ny@pacer.local"].decoded("DTSTART")
    assert start == datetime(2026, 3, 27, 9, 30, tzinfo=NEW_YORK)


def test_no_known_zone_means_utc() -> None:
    fixed = appointment("fixed", datetime(2026, 3, 27, 9, 30, tzinfo=timezone(timedelta(hours=1))))
    assert "DTSTART:20260327T083000Z" in calendar_text([fixed], NOW, zone=None)
    assert "DTSTART:20260327T083000Z" in calendar_text(
        [fixed], NOW, zone=timezone(timedelta(hours=1)))  # an offset has no name: still UTC


def alarms(event: Any) -> dict[str, Any]:
    return {str(a["DESCRIPTION"]): a for a in event.walk("VALARM")}


def test_two_display_alarms_the_evening_before_and_an_hour_before() -> None:
    event = events(calendar_text([WINTER], NOW, zone=PARIS))["winter@pacer.local"]
    found = alarms(event)
    assert set(found) == {EVENING_WORDS, HOUR_BEFORE_WORDS}
    assert all(str(a["ACTION"]) == "DISPLAY" for a in found.values())
    evening = found[EVENING_WORDS].decoded("TRIGGER")
    assert evening == datetime(2026, 3, 26, 19, 0, tzinfo=PARIS)
    assert found[EVENING_WORDS]["TRIGGER"].params["VALUE"] == "DATE-TIME"
    assert found[HOUR_BEFORE_WORDS].decoded("TRIGGER") == timedelta(hours=-1)


def test_the_evening_alarm_is_19_local_on_the_day_the_clocks_change() -> None:
    event = events(calendar_text([SUMMER], NOW, zone=PARIS))["summer@pacer.local"]
    evening = alarms(event)[EVENING_WORDS].decoded("TRIGGER")
    assert evening == datetime(2026, 3, 29, 19, 0, tzinfo=PARIS)
    assert evening.astimezone(UTC) == datetime(2026, 3, 29, 17, 0, tzinfo=UTC)


def test_the_evening_alarm_in_utc_mode_is_19_on_the_stored_wall_clock() -> None:
    visit = appointment("ny", datetime(2026, 3, 27, 9, 30, tzinfo=NEW_YORK))
    event = events(calendar_text([visit], NOW, zone=PARIS))["ny@pacer.local"]
    evening = alarms(event)[EVENING_WORDS].decoded("TRIGGER")
    assert evening == datetime(2026, 3, 26, 19, 0, tzinfo=NEW_YORK)


@pytest.mark.parametrize("kind", APPOINTMENT_KINDS)
def test_duration_is_the_kind_default(kind: str) -> None:
    visit = appointment("v", datetime(2026, 3, 27, 9, 30, tzinfo=PARIS), kind)
    event = events(calendar_text([visit], NOW, zone=PARIS))["v@pacer.local"]
    assert event.decoded("DURATION") == timedelta(minutes=KIND_MINUTES[kind])


def test_kind_defaults_are_the_ones_agreed() -> None:
    assert KIND_MINUTES == {"scan": 60, "blood-test": 20, "results": 30, "oncologist": 30,
                            "treatment": 120, "new-symptom": 30, "palliative": 45, "other": 30}


def test_duration_is_the_appointments_own_length_when_it_has_one() -> None:
    event = events(calendar_text([SUMMER], NOW, zone=PARIS))["summer@pacer.local"]
    assert event.decoded("DURATION") == timedelta(minutes=45)


@pytest.mark.parametrize("odd", [None, True, 0, 4, 10_000, "45", 45.5])
def test_an_odd_length_falls_back_to_the_kind(odd: Any) -> None:
    assert minutes_of({"kind": "treatment", "minutes": odd}) == 120
    assert minutes_of({"kind": 3, "minutes": odd}) == 30


def test_two_exports_are_the_same_but_for_the_stamp() -> None:
    first = calendar_text([WINTER, SUMMER], NOW, zone=PARIS)
    second = calendar_text([SUMMER, WINTER], NOW + timedelta(hours=2), zone=PARIS)
    assert list(events(first)) == list(events(second))

    def without_stamp(text: str) -> list[str]:
        return [line for line in text.splitlines() if not line.startswith("DTSTAMP")]

    assert without_stamp(first) == without_stamp(second)
    assert first != second


def test_strings_are_harmless_and_escaped() -> None:
    hostile = "\u001b]0;TITLE\u0007\u001b[2J; a, b\\c"
    visit = {**WINTER, "where": hostile, "notes": hostile, "questions": [hostile]}
    text = calendar_text([visit], NOW, zone=PARIS)
    assert "\u001b" not in text and "\u0007" not in text
    event = events(text)["winter@pacer.local"]
    assert str(event["LOCATION"]) == "␛]0;TITLE␇␛[2J; a, b\\c"


def test_nothing_upcoming_is_an_empty_calendar() -> None:
    calendar = parsed(calendar_text([PAST], NOW, zone=PARIS))
    assert list(calendar.walk("VEVENT")) == [] and list(calendar.walk("VTIMEZONE")) == []


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=6,
)


@settings(max_examples=150, deadline=None)
@given(st.fixed_dictionaries(
    {"id": st.text(max_size=8) | JSON,
     "when": st.sampled_from(["2026-03-27T09:30:00+01:00", "2200-12-31T23:59:00-12:00"]) | JSON},
    optional={name: JSON for name in ("kind", "where", "notes", "questions", "top_questions",
                                      "bring", "minutes", "updated")}))
def test_any_json_values_never_raise(record: dict[str, Any]) -> None:
    parsed(calendar_text([record, 5, "x"], NOW, zone=PARIS))  # type: ignore[list-item]


def test_the_zone_holds_only_the_years_the_events_need() -> None:
    far = appointment("far", datetime(2031, 7, 1, 9, 0, tzinfo=PARIS))
    text = calendar_text([far], NOW, zone=PARIS)
    assert events(text)["far@pacer.local"].decoded("DTSTART").utcoffset() == timedelta(hours=2)
    assert "20310330T030000" in text  # the change to summer time in the event's year
    assert "2029" not in text and "1970" not in text
