"""History: weekly buckets in local time, practice days, stress change, CSV, table rows."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pacer.domain.history import (
    CSV_COLUMNS,
    REAPPRAISALS,
    ROUTINES,
    SESSIONS,
    StressChange,
    best_scale,
    change_words,
    journal_stress,
    local_midnight,
    local_start,
    minutes_words,
    newest_first,
    score,
    sorted_with_totals,
    stress_changes,
    table_row,
    to_csv,
    totals,
    week_start,
    weekly_pace,
    window_start,
)

TZ = timezone(timedelta(hours=1))
TODAY = date(2025, 3, 12)  # a Wednesday
NAMES = {"resonance": "Slow, long exhale"}


def session(started: str, seconds: float = 300.0, **fields: object) -> dict:
    return {
        "id": f"id-{started}",
        "started": started,
        "ended": started,
        "pattern": "resonance",
        "rhythm": "4-0-6-0",
        "seconds": seconds,
        "planned_seconds": 300.0,
        "completed": True,
        "before": None,
        "after": None,
        "note": None,
        "source": "app",
        **fields,
    }


@pytest.mark.parametrize(
    ("day", "monday"),
    [
        (date(2025, 3, 10), date(2025, 3, 10)),
        (date(2025, 3, 12), date(2025, 3, 10)),
        (date(2025, 3, 16), date(2025, 3, 10)),
        (date(2025, 3, 17), date(2025, 3, 17)),
        (date(2025, 1, 1), date(2024, 12, 30)),
    ],
)
def test_weeks_start_on_monday(day: date, monday: date) -> None:
    assert week_start(day) == monday


def test_weekly_pace_buckets_by_local_monday() -> None:
    records = [
        # Sunday 23:30 UTC is Monday 00:30 at UTC+1: this week's Monday, not last week's Sunday.
        session("2025-03-09T23:30:00+00:00", 600),
        session("2025-03-10T08:00:00+01:00", 120),  # the same Monday, a second session
        session("2025-03-12T07:00:00+01:00", 60),  # today
        session("2025-03-09T12:00:00+01:00", 300),  # last week's Sunday
        session("2025-03-03T12:00:00+01:00", 300),  # last week's Monday
        session("2024-12-01T12:00:00+01:00", 900),  # before the window
        session("2025-03-20T12:00:00+01:00", 900),  # the future (a wrong clock): ignored
        session("not a time"),
        {"started": None},
    ]
    weeks = weekly_pace(records, TODAY, TZ, weeks=3)
    assert [w.start for w in weeks] == [date(2025, 2, 24), date(2025, 3, 3), date(2025, 3, 10)]
    assert [w.seconds for w in weeks] == [0, 600, 780]
    assert [w.sessions for w in weeks] == [0, 2, 3]
    assert [w.days for w in weeks] == [0, 2, 2]
    assert weeks[-1].minutes == 13


@given(
    st.lists(
        st.tuples(st.integers(0, 200 * 24 * 60), st.floats(0, 3600, allow_nan=False)),
        max_size=60,
    )
)
def test_weekly_pace_adds_up(offsets: list[tuple[int, float]]) -> None:
    """Every session inside the window is counted exactly once, in its own week."""
    start = window_start(TODAY, TZ, weeks=26)
    records = []
    for minutes, seconds in offsets:
        moment = start + timedelta(minutes=minutes)
        records.append(session(moment.isoformat(), seconds))
    weeks = weekly_pace(records, TODAY, TZ, weeks=26)
    inside = [
        (start + timedelta(minutes=m), s)
        for m, s in offsets
        if (start + timedelta(minutes=m)).date() <= TODAY
    ]
    assert sum(w.sessions for w in weeks) == len(inside)
    assert sum(w.seconds for w in weeks) == pytest.approx(sum(s for _, s in inside))
    for week in weeks:
        assert 0 <= week.days <= 7
        assert week.start.weekday() == 0


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, 0),
        (10, 10),
        (7.0, 7),
        ("4", 4),
        (" 6 ", 6),
        ({"stress": 8}, 8),
        ({"rating": 2}, 2),
        (11, None),
        (-1, None),
        (7.5, None),
        (True, None),
        (None, None),
        ("high", None),
        ({"mood": 3}, None),
    ],
)
def test_score_accepts_ratings_in_the_shapes_features_store(
    value: object, expected: object
) -> None:
    assert score(value) == expected


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ({"stress_before": 7, "stress_after": 4}, (REAPPRAISALS, 7, 4)),
        ({"checkin": {"stress": 8}, "checkout": {"stress": 5}}, (ROUTINES, 8, 5)),
        ({"checkin": 6, "checkout": 6}, (ROUTINES, 6, 6)),
        ({"kind": "routine", "before": 5, "after": 3}, (ROUTINES, 5, 3)),
        ({"kind": "reappraisal", "before": 5, "after": 3}, (REAPPRAISALS, 5, 3)),
        ({"stress_before": 7}, None),
        ({"checkin": 7, "checkout": None}, None),
        ({"text": "a note"}, None),
    ],
)
def test_journal_stress_handles_what_is_present(entry: dict, expected: object) -> None:
    assert journal_stress(entry) == expected


def test_stress_changes_average_pairs_only() -> None:
    sessions = [
        session("2025-03-10T08:00:00+01:00", before=6, after=3),
        session("2025-03-11T08:00:00+01:00", before=8, after=4),
        session("2025-03-11T09:00:00+01:00", before=9),  # no after: left out
        session("2025-03-11T10:00:00+01:00"),
    ]
    journal = [
        {"stress_before": 7, "stress_after": 5},
        {"checkin": {"stress": 6}, "checkout": {"stress": 6}},
        {"text": "no ratings"},
    ]
    by_kind = {c.kind: c for c in stress_changes(sessions, journal)}
    assert by_kind[SESSIONS] == StressChange(SESSIONS, 2, 7.0, 3.5)
    assert by_kind[SESSIONS].change == -3.5
    assert by_kind[REAPPRAISALS] == StressChange(REAPPRAISALS, 1, 7.0, 5.0)
    assert by_kind[ROUTINES].change == 0
    assert [c.kind for c in stress_changes([], [])] == [SESSIONS, REAPPRAISALS, ROUTINES]
    assert all(c.count == 0 for c in stress_changes([], []))


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (StressChange(SESSIONS), "no before-and-after ratings yet"),
        (StressChange(SESSIONS, 3, 6.0, 3.5), "stress 2.5 points lower after, on average"),
        (StressChange(SESSIONS, 3, 5.0, 5.02), "about the same before and after"),
        (StressChange(SESSIONS, 3, 4.0, 5.0), "stress 1 point higher after, on average"),
    ],
)
def test_change_words_are_kind(change: StressChange, words: str) -> None:
    assert change_words(change).startswith(words)


def test_totals_and_newest_first() -> None:
    records = [
        session("2025-03-10T08:00:00+01:00", 60),
        session("2025-03-12T08:00:00+01:00", 120),
        session("2025-03-11T08:00:00+01:00", 180),  # logged late
        session("2025-03-11T20:00:00+01:00", 240),
        {"id": "broken"},
    ]
    summary = totals(records, TZ)
    assert (summary.sessions, summary.seconds, summary.days) == (4, 600, 3)
    assert summary.first == date(2025, 3, 10)
    assert [r.get("seconds") for r in newest_first(records)] == [120, 240, 180, 60, None]
    assert sorted_with_totals(records, TZ) == (newest_first(records), summary)


@pytest.mark.parametrize(
    ("seconds", "words"),
    [(0, "0 min"), (30, "under 1 min"), (89, "1 min"), (2520, "42 min"), (3600, "1 h"),
     (11100, "3 h 5 min")],
)
def test_minutes_words(seconds: float, words: str) -> None:
    assert minutes_words(seconds) == words


def test_table_row() -> None:
    row = table_row(session("2025-03-09T23:30:00+00:00", 172.5, before=6, after=3), TZ, NAMES)
    assert row == ("Mon 10 Mar 2025 00:30", "Slow, long exhale", "2:52", "6 → 3", "whole")
    partial = session("2025-03-10T08:00:00+01:00", 60, completed=False, before=5, pattern="4-2-6")
    assert table_row(partial, TZ, NAMES)[1:] == ("4-2-6", "1:00", "5 → –", "partial")
    # The same m:ss as the session screen and the summary ("0:08", never "0.1").
    assert table_row(session("2025-03-10T08:00:00+01:00", 8), TZ, NAMES)[2] == "0:08"
    assert table_row(session("x"), TZ, NAMES)[0] == "unknown date"
    assert table_row(session("2025-03-10T08:00:00+01:00"), TZ, NAMES)[3] == "–"


def test_to_csv_round_trips_through_a_csv_reader() -> None:
    records = [
        session("2025-03-10T08:00:00+01:00", 172.5, before=6, after=3, note='said "hi", then'),
        session("2025-03-11T08:00:00+01:00", 60, completed=False),
    ]
    rows = list(csv.DictReader(io.StringIO(to_csv(records))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert rows[0]["minutes"] == "2.88"
    assert rows[0]["planned_minutes"] == "5.00"
    assert rows[0]["whole"] == "yes"
    assert (rows[0]["stress_before"], rows[0]["stress_after"]) == ("6", "3")
    assert rows[0]["note"] == 'said "hi", then'
    assert rows[1]["whole"] == "no"
    assert (rows[1]["stress_before"], rows[1]["stress_after"]) == ("", "")
    assert to_csv([]) == ",".join(CSV_COLUMNS) + "\n"


@pytest.mark.parametrize(
    ("values", "target", "top"),
    [([], 60, 80), ([0, 10], 0, 10), ([130], 60, 150), ([400], 60, 420), ([5], 150, 210)],
)
def test_best_scale_leaves_room_for_target_and_biggest_week(
    values: list[float], target: float, top: float
) -> None:
    assert best_scale(values, target) == top


def test_window_start_is_a_local_monday() -> None:
    start = window_start(TODAY, TZ, weeks=12)
    assert start == datetime(2024, 12, 23, tzinfo=TZ)
    assert start.weekday() == 0


def test_no_zone_means_the_computers_zone_with_summer_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A summer session keeps its summer clock time when looked at in winter."""
    import time as time_module

    monkeypatch.setenv("TZ", "Europe/London")
    time_module.tzset()
    try:
        summer = session("2024-07-01T07:00:00+00:00")
        winter = session("2024-12-01T07:00:00+00:00")
        assert local_start(summer, None).strftime("%H:%M %Z") == "08:00 BST"  # type: ignore[union-attr]
        assert local_start(winter, None).strftime("%H:%M %Z") == "07:00 GMT"  # type: ignore[union-attr]
        assert table_row(summer, None, NAMES)[0] == "Mon 01 Jul 2024 08:00"
        assert local_midnight(date(2024, 7, 1), None).utcoffset() == timedelta(hours=1)
        assert local_midnight(date(2024, 12, 1), None).utcoffset() == timedelta(0)
    finally:
        monkeypatch.undo()
        time_module.tzset()


def test_to_csv_escapes_formulas_and_control_characters_in_every_text_cell() -> None:
    evil = "\u001b]0;TITLE\u0007\u001b[2J"
    record = session("2025-03-10T08:00:00+01:00", 60, note="=HYPERLINK(1)", pattern="+cmd")
    record.update(id="@id", rhythm="-4", source=evil)
    row = next(csv.DictReader(io.StringIO(to_csv([record]))))
    assert row["note"] == "'=HYPERLINK(1)"
    assert row["pattern"] == "'+cmd"
    assert row["id"] == "'@id"
    assert row["rhythm"] == "'-4"
    assert "\x1b" not in row["source"] and "␛" in row["source"]


def test_table_row_makes_pattern_names_harmless() -> None:
    row = table_row(session("2025-03-10T08:00:00+01:00", 60, pattern="\u001b[2Jx"), TZ, NAMES)
    assert row[1] == "␛[2Jx"
