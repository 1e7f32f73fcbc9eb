"""The one date grammar: every form people type, its edge cases, and its one-line errors.

"now" is fixed: Tuesday 1 December 2026, 10:00 in London (winter time, +00:00).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pacer.domain.dates import (
    DateError,
    add_months,
    day_placeholder,
    note,
    parse_day,
    parse_when,
    relative,
    understood,
    when_placeholder,
)
from pacer.domain.errors import InputError

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
NOW = datetime(2026, 12, 1, 10, 0, tzinfo=LONDON)  # a Tuesday
TODAY = NOW.date()


def at(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute)


WHEN_CASES = [
    # weekdays, full and short, 12- and 24-hour
    ("friday 9:00", at(2026, 12, 4, 9)),
    ("fri 9:00", at(2026, 12, 4, 9)),
    ("Friday 9am", at(2026, 12, 4, 9)),
    ("FRI 09:00", at(2026, 12, 4, 9)),
    ("thurs 9 am", at(2026, 12, 3, 9)),
    ("friday at 9:30", at(2026, 12, 4, 9, 30)),
    ("monday 14:00", at(2026, 12, 7, 14)),
    # a weekday that is today: today while the time is ahead, else next week
    ("tue 11:00", at(2026, 12, 1, 11)),
    ("tuesday 9:00", at(2026, 12, 8, 9)),
    ("tuesday 10:00", at(2026, 12, 8, 10)),
    ("this tuesday 18:00", at(2026, 12, 1, 18)),
    # next <weekday>: the next one after today
    ("next tuesday 9:30", at(2026, 12, 8, 9, 30)),
    ("next friday 14:00", at(2026, 12, 4, 14)),
    ("next wed 8:00", at(2026, 12, 2, 8)),
    # day and month names, either order, ordinals, with the year
    ("3 dec 14:30", at(2026, 12, 3, 14, 30)),
    ("3 December 14:30", at(2026, 12, 3, 14, 30)),
    ("dec 3 2:30pm", at(2026, 12, 3, 14, 30)),
    ("3rd of december at 9:15", at(2026, 12, 3, 9, 15)),
    ("1 dec 11:00", at(2026, 12, 1, 11)),
    ("30 nov 9:00", at(2027, 11, 30, 9)),  # gone by this year: next year
    ("5 jan 9:00", at(2027, 1, 5, 9)),
    ("4 july 2027 10:00", at(2027, 7, 4, 10)),
    ("Fri 4 Dec, 09:00", at(2026, 12, 4, 9)),  # what Pacer writes back reads back
    ("sept 9 9:00", at(2027, 9, 9, 9)),
    # today / tomorrow with a time, the time first or last
    ("today 14:00", at(2026, 12, 1, 14)),
    ("Tomorrow 8:15", at(2026, 12, 2, 8, 15)),
    ("tomorrow at 9am", at(2026, 12, 2, 9)),
    ("9:30 tomorrow", at(2026, 12, 2, 9, 30)),
    ("tomorrow 9.30 pm", at(2026, 12, 2, 21, 30)),
    ("tomorrow 9:30 p.m.", at(2026, 12, 2, 21, 30)),
    ("tomorrow 9h30", at(2026, 12, 2, 9, 30)),
    # 12am is midnight, 12pm is noon
    ("tomorrow 12am", at(2026, 12, 2, 0)),
    ("tomorrow 12:30am", at(2026, 12, 2, 0, 30)),
    ("tomorrow 12pm", at(2026, 12, 2, 12)),
    ("tomorrow noon", at(2026, 12, 2, 12)),
    ("tomorrow midnight", at(2026, 12, 2, 0)),
    # a time alone: today if still ahead, else tomorrow
    ("14:00", at(2026, 12, 1, 14)),
    ("9:00", at(2026, 12, 2, 9)),
    # in N days / weeks / months
    ("in 3 days 10:00", at(2026, 12, 4, 10)),
    ("in 2 weeks 9:00", at(2026, 12, 15, 9)),
    ("in a week 9:00", at(2026, 12, 8, 9)),
    ("in 1 month 9:00", at(2027, 1, 1, 9)),
    ("next week 9:00", at(2026, 12, 8, 9)),
    # ISO dates and date-times
    ("2026-12-03 09:30", at(2026, 12, 3, 9, 30)),
    ("2026-12-3 9:30", at(2026, 12, 3, 9, 30)),
    ("2026-12-03T14:05", at(2026, 12, 3, 14, 5)),
    ("  2026-12-03   9.30 ", at(2026, 12, 3, 9, 30)),
    # the leap day
    ("29 feb 2028 10:00", at(2028, 2, 29, 10)),
    ("2028-02-29 10:00", at(2028, 2, 29, 10)),
]


@pytest.mark.parametrize(("text", "expected"), WHEN_CASES)
def test_parse_when_reads_what_people_type(text: str, expected: datetime) -> None:
    when = parse_when(text, NOW)
    assert when.tzinfo is LONDON
    assert when.replace(tzinfo=None) == expected


def test_there_are_at_least_forty_cases() -> None:
    assert len(WHEN_CASES) + len(DAY_CASES) + len(BAD_CASES) >= 40
    assert len(WHEN_CASES) >= 40


DAY_CASES = [
    ("friday", TODAY + timedelta(days=3)),
    ("tue", TODAY),  # a weekday that is today, no time: the day is not over
    ("next tue", TODAY + timedelta(days=7)),
    ("3 dec", date(2026, 12, 3)),
    ("30 nov", date(2027, 11, 30)),
    ("today", TODAY),
    ("Tomorrow", TODAY + timedelta(days=1)),
    ("in 2 weeks", TODAY + timedelta(days=14)),
    ("2 weeks", TODAY + timedelta(days=14)),
    ("3 days", TODAY + timedelta(days=3)),
    ("10d", TODAY + timedelta(days=10)),
    ("in two days", TODAY + timedelta(days=2)),
    ("next month", date(2027, 1, 1)),
    ("2025-06-01", date(2025, 6, 1)),  # the past is allowed for a day unless asked otherwise
    ("2025-6-1", date(2025, 6, 1)),
]


@pytest.mark.parametrize(("text", "expected"), DAY_CASES)
def test_parse_day_reads_what_people_type(text: str, expected: date) -> None:
    assert parse_day(text, TODAY) == expected


@pytest.mark.parametrize(
    ("today", "text", "expected"),
    [
        (date(2027, 1, 31), "in 1 month", date(2027, 2, 28)),  # month end: Feb's last day
        (date(2028, 1, 31), "in 1 month", date(2028, 2, 29)),  # a leap year
        (date(2027, 3, 31), "in 1 month", date(2027, 4, 30)),
        (date(2027, 12, 31), "in 2 months", date(2028, 2, 29)),
        (date(2027, 1, 31), "in 12 months", date(2028, 1, 31)),
        (date(2027, 12, 1), "29 feb", date(2028, 2, 29)),  # the next 29 Feb is next year
        (date(2028, 1, 10), "29 feb", date(2028, 2, 29)),
        (date(2027, 12, 31), "1 jan", date(2028, 1, 1)),
        (date(2027, 12, 31), "tomorrow", date(2028, 1, 1)),
    ],
)
def test_month_ends_and_leap_days(today: date, text: str, expected: date) -> None:
    assert parse_day(text, today) == expected


def test_add_months_keeps_the_day_when_it_can() -> None:
    assert add_months(date(2027, 1, 15), 1) == date(2027, 2, 15)
    assert add_months(date(2027, 5, 31), -1) == date(2027, 4, 30)


# --- time zones -------------------------------------------------------------------------------


def test_a_summer_date_typed_in_winter_gets_the_summer_offset() -> None:
    when = parse_when("4 july 2027 10:00", NOW)
    assert when.isoformat() == "2027-07-04T10:00:00+01:00"


def test_the_hour_the_clocks_skip_is_refused_with_the_time_to_use() -> None:
    # London, Sunday 28 March 2027: 01:00 jumps to 02:00.
    with pytest.raises(DateError) as error:
        parse_when("28 mar 2027 1:30", NOW)
    message = str(error.value)
    assert "'28 mar 2027 1:30'" in message and "02:30" in message and "\n" not in message
    assert parse_when("28 mar 2027 9:00", NOW).utcoffset() == timedelta(hours=1)
    assert parse_when("28 mar 2027 0:30", NOW).utcoffset() == timedelta(0)


def test_the_hour_that_happens_twice_is_the_first_one() -> None:
    # London, Sunday 31 October 2027: 02:00 summer time goes back to 01:00.
    when = parse_when("31 oct 2027 1:30", NOW)
    assert when.utcoffset() == timedelta(hours=1)


def test_new_york_across_its_spring_change() -> None:
    friday = datetime(2027, 3, 12, 10, 0, tzinfo=NEW_YORK)  # Friday, winter time
    sunday = parse_when("sunday 9:00", friday)
    assert sunday.isoformat() == "2027-03-14T09:00:00-04:00"
    assert parse_when("sun 9:00", friday) == parse_when("in 2 days 9:00", friday)
    with pytest.raises(DateError, match="clocks go forward"):
        parse_when("sunday 2:30", friday)


def test_the_day_counts_in_nows_zone_not_utc() -> None:
    late = datetime(2026, 12, 1, 23, 30, tzinfo=NEW_YORK)  # already Wednesday in UTC
    assert parse_when("tomorrow 9:00", late).date() == date(2026, 12, 2)


def test_an_iso_time_with_an_offset_keeps_it() -> None:
    when = parse_when("2026-12-03T14:05+01:00", NOW)
    assert when.isoformat() == "2026-12-03T14:05:00+01:00"


def test_a_fixed_offset_that_is_not_the_computers_is_kept() -> None:
    fixed = timezone(timedelta(hours=5, minutes=30))
    now = datetime(2026, 12, 1, 10, 0, tzinfo=fixed)
    assert parse_when("tomorrow 9:00", now).isoformat() == "2026-12-02T09:00:00+05:30"


def test_a_given_zone_wins() -> None:
    paris = ZoneInfo("Europe/Paris")
    assert parse_when("tomorrow 9:00", NOW, tz=paris).isoformat() == "2026-12-02T09:00:00+01:00"


# --- bad input --------------------------------------------------------------------------------

BAD_CASES = [
    ("", "empty"),
    ("   ", "empty"),
    ("blah", "'blah' is not a date and time Pacer can read; try friday 9:30"),
    ("friday", "'friday' has no time; add one, like friday 9:30"),
    ("3 dec", "'3 dec' has no time"),
    ("2026-12-03", "'2026-12-03' has no time"),
    ("friday 25:00", "'friday 25:00' is not a real time"),
    ("2026-12-03 09:75", "'2026-12-03 09:75' is not a real time"),
    ("13pm", "'13pm' is not a real time; with am or pm use 1 to 12"),
    ("0am tomorrow", "'0am tomorrow' is not a real time"),
    ("31 apr 9:00", "'31 apr 9:00' is not a real date"),
    ("2026-02-30 09:00", "'2026-02-30 09:00' is not a real date"),
    ("29 feb 9:00", "there is no 29 February in 2027; add the year, like 29 feb 2028"),
    ("Fri 5 Dec 9:00", "'Fri 5 Dec 9:00': 5 Dec 2026 is a Saturday"),
    ("yesterday 9:00", "'yesterday 9:00' is in the past"),
    ("1 dec 9:00", "'1 dec 9:00' is in the past"),  # a named date is never moved on a year
    ("today 9:59", "is in the past"),
    ("2020-01-01 09:00", "'2020-01-01 09:00' is in the past"),
    ("03/12/2026 09:30", "'03/12/2026 09:30' is not a date and time Pacer can read: with slashes"),
    ("friday 9:00 10:00", "more than one time"),
    ("in -2 weeks 9:00", "'in -2 weeks 9:00' is not a date and time"),
    ("9999-01-01 09:00", "'9999-01-01 09:00' is too far away; please use a year from 1900 to 2200"),
    ("in 99999 days 9:00", "too far away"),
    ("in 9999 months 9:00", "too far away"),
    ("3 dec 27 9:00", "write the year in full"),
    ("friday 9", "is not a date and time"),
]


@pytest.mark.parametrize(("text", "words"), BAD_CASES)
def test_bad_input_gets_one_helpful_line(text: str, words: str) -> None:
    with pytest.raises(DateError) as error:
        parse_when(text, NOW)
    message = str(error.value)
    assert words in message
    assert "\n" not in message
    assert isinstance(error.value, InputError)  # the CLI turns it into exit code 2


def test_an_unreadable_text_gets_examples_that_work() -> None:
    with pytest.raises(DateError) as error:
        parse_when("next blursday 9:00", NOW)
    message = str(error.value)
    assert "'next blursday 9:00'" in message
    for example in ("friday 9:30", "3 dec 14:00", "tomorrow 9am"):
        assert example in message
        parse_when(example, NOW)  # the examples really work


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "empty"),
        ("friday 9:00", "has a time; a day is enough here"),
        ("soon", "'soon' is not a date Pacer can read; try friday, 3 dec or in 2 weeks"),
        ("2025-13-01", "'2025-13-01' is not a real date"),
        ("in -2 weeks", "'in -2 weeks'"),
        ("12/06/2025", "'12/06/2025'"),
    ],
)
def test_bad_days_get_one_helpful_line(text: str, words: str) -> None:
    with pytest.raises(DateError) as error:
        parse_day(text, TODAY)
    assert words in str(error.value)


def test_a_day_can_be_required_in_the_future() -> None:
    with pytest.raises(DateError, match="in the past"):
        parse_day("2025-06-01", TODAY, allow_past=False)
    assert parse_day("today", TODAY, allow_past=False) == TODAY


def test_the_past_can_be_allowed() -> None:
    assert parse_when("2020-01-01 09:00", NOW, allow_past=True).year == 2020
    assert parse_when("yesterday 9:00", NOW, allow_past=True).date() == date(2026, 11, 30)


@given(st.text(max_size=40))
def test_any_text_gives_a_date_or_the_parsers_own_error(text: str) -> None:
    for parse in (lambda: parse_when(text, NOW), lambda: parse_day(text, TODAY)):
        try:
            result = parse()
        except DateError:
            continue
        assert isinstance(result, date)


_PIECES = st.sampled_from(
    ["fri", "next", "in", "3", "31", "29", "feb", "dec", "2028", "9999", "0", "12", "am", "pm",
     "9:30", "24:00", "today", "tomorrow", "weeks", "months", "99999", "-", "/", "of", "noon",
     "2026-02-29", "2026-12-03t09:30+01:00", ",", "."]
)


@given(st.lists(_PIECES, max_size=6))
def test_any_mix_of_date_words_gives_a_date_or_the_parsers_own_error(pieces: list[str]) -> None:
    text = " ".join(pieces)
    for parse in (lambda: parse_when(text, NOW), lambda: parse_day(text, TODAY)):
        try:
            result = parse()
        except DateError:
            continue
        assert isinstance(result, date)


# --- writing it back --------------------------------------------------------------------------


def test_understood_names_the_day_and_the_time() -> None:
    assert understood(parse_when("friday 9:00", NOW), NOW) == "Fri 4 Dec, 09:00"
    assert understood(parse_when("30 nov 14:30", NOW), NOW) == "Tue 30 Nov 2027, 14:30"
    assert understood(date(2026, 12, 4), NOW) == "Fri 4 Dec"
    assert understood(date(2028, 2, 29), TODAY) == "Tue 29 Feb 2028"


def test_understood_shows_the_wall_clock_typed() -> None:
    when = parse_when("2026-12-03T14:05+05:00", NOW)
    assert understood(when, NOW) == "Thu 3 Dec, 14:05"


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (datetime(2026, 12, 1, 9, 30, tzinfo=LONDON), "today 09:30"),
        (datetime(2026, 12, 2, 9, 30, tzinfo=LONDON), "tomorrow 09:30"),
        (datetime(2026, 11, 30, 18, 0, tzinfo=LONDON), "yesterday 18:00"),
        (datetime(2026, 12, 4, 9, 0, tzinfo=LONDON), "Fri 4 Dec, 09:00"),
        (datetime(2027, 1, 4, 9, 0, tzinfo=LONDON), "Mon 4 Jan 2027, 09:00"),
        (date(2026, 12, 2), "tomorrow"),
        (date(2026, 12, 1), "today"),
        (date(2026, 12, 4), "Fri 4 Dec"),
        # shown in now's zone: 02:00 in Paris on the 2nd is still the 2nd, 01:00 in London
        (datetime(2026, 12, 2, 2, 0, tzinfo=ZoneInfo("Europe/Paris")), "tomorrow 01:00"),
    ],
)
def test_relative_is_worked_out_when_shown(value: date | datetime, words: str) -> None:
    assert relative(value, NOW) == words


def test_relative_changes_as_the_days_go_by() -> None:
    when = datetime(2026, 12, 2, 9, 30, tzinfo=LONDON)
    assert relative(when, NOW) == "tomorrow 09:30"
    assert relative(when, NOW + timedelta(days=1)) == "today 09:30"
    assert relative(when, NOW + timedelta(days=3)) == "Wed 2 Dec, 09:30"


@pytest.mark.parametrize("days", [0, 1, 200, 365, 366 + 31])
def test_placeholders_are_always_in_the_future(days: int) -> None:
    now = NOW + timedelta(days=days)
    for part in when_placeholder(now).split(" or "):
        assert parse_when(part, now) > now
    for part in day_placeholder(now.date()).replace(" or ", ", ").split(", "):
        assert parse_day(part, now.date()) > now.date()
    assert str(now.year - 1) not in when_placeholder(now)


def test_the_note_beside_a_field_says_what_was_understood_or_what_is_wrong() -> None:
    assert note("friday 9:00", NOW) == ("Fri 4 Dec, 09:00", True)
    assert note("in 2 weeks", NOW, need_time=False) == ("Tue 15 Dec", True)
    assert note("", NOW) == ("", True)
    words, ok = note("fri 25:00", NOW)
    assert not ok and "'fri 25:00' is not a real time" in words
    assert note("2025-06-01", NOW, need_time=False, allow_past=True) == ("Sun 1 Jun 2025", True)
    assert note("2025-06-01", NOW, need_time=False, allow_past=False)[1] is False
