"""The calm-down routine's steps, its record, its breathing settings and the finish line."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pacer.domain.routine import (
    DEFAULT_ROUTINE_MINUTES,
    DEFAULT_ROUTINE_PATTERN,
    STEPS,
    Routine,
    RoutineStep,
    finish_line,
    finish_line_text,
    routine_about_when,
    routine_breathing,
    routine_situation,
)

TZ = timezone(timedelta(hours=1))
NOW = datetime(2026, 11, 30, 10, 0, tzinfo=TZ)


def test_defaults_are_short_in_long_out_for_three_minutes() -> None:
    pattern, minutes = routine_breathing({})
    assert pattern.key == DEFAULT_ROUTINE_PATTERN == "extended-exhale"
    assert minutes == DEFAULT_ROUTINE_MINUTES == 3.0
    assert not pattern.has_holds


@pytest.mark.parametrize(
    ("settings", "key", "minutes"),
    [
        ({"routine_pattern": "resonance", "routine_minutes": 5}, "resonance", 5.0),
        ({"routine_pattern": "3-0-8"}, "3-0-8", 3.0),
        ({"routine_pattern": "box"}, "extended-exhale", 3.0),  # holds: not in this routine
        ({"routine_pattern": "4-7-8"}, "extended-exhale", 3.0),
        ({"routine_pattern": "nonsense", "routine_minutes": "lots"}, "extended-exhale", 3.0),
        ({"routine_minutes": 0}, "extended-exhale", 3.0),
        ({"routine_minutes": 2.5}, "extended-exhale", 2.5),
    ],
)
def test_routine_breathing_settings(settings: dict, key: str, minutes: float) -> None:
    pattern, got = routine_breathing(settings)
    assert (pattern.key, got) == (key, minutes)
    assert not pattern.has_holds


def test_walking_every_step_records_them_all_done() -> None:
    routine = Routine(started=NOW)
    routine.appointment_id = "a1"
    routine.checkin, routine.checkout = 7, 4
    routine.session_id, routine.journal_id = "s1", "j1"
    while routine.complete() is not None:
        pass
    assert routine.finished
    record = routine.to_record(NOW + timedelta(minutes=9))
    assert record["kind"] == "routine"
    assert record["steps_done"] == [s.value for s in STEPS]
    assert record["steps_skipped"] == []
    assert record["finished"] is True and record["left_at"] is None
    assert (record["checkin"], record["checkout"]) == (7, 4)
    assert (record["session_id"], record["journal_id"]) == ("s1", "j1")
    assert record["started"] == "2026-11-30T10:00:00+01:00"
    assert record["created"] == "2026-11-30T10:09:00+01:00"
    assert "about_when" not in record  # no appointment moment given: the field is left out
    when = "2026-12-03T09:30:00+01:00"
    assert routine.to_record(NOW, about_when=when)["about_when"] == when


def test_skip_back_and_redo() -> None:
    routine = Routine(started=NOW)
    routine.skip()  # no appointment
    routine.complete()  # check-in
    assert routine.skip() is RoutineStep.REAPPRAISE  # breathing skipped
    assert routine.back() is RoutineStep.BREATHE
    routine.complete()  # went back and breathed after all
    assert RoutineStep.BREATHE in routine.done and RoutineStep.BREATHE not in routine.skipped
    routine.back()
    routine.skip()  # skipping past a step already done does not undo it
    assert RoutineStep.BREATHE in routine.done
    record = routine.to_record(NOW)
    assert record["steps_done"] == ["checkin", "breathe"]
    assert record["steps_skipped"] == ["appointment"]
    assert record["finished"] is False and record["left_at"] == "reappraise"


def test_back_stops_at_the_first_step() -> None:
    routine = Routine(started=NOW)
    assert routine.back() is RoutineStep.APPOINTMENT


def test_only_picking_an_appointment_is_not_worth_saving() -> None:
    routine = Routine(started=NOW)
    routine.complete()
    assert not routine.anything_done
    routine.skip()
    assert not routine.anything_done
    routine.mark_done()
    assert routine.anything_done and routine.step is RoutineStep.BREATHE


@given(st.lists(st.sampled_from(["complete", "skip", "back"]), max_size=30))
def test_done_and_skipped_never_overlap(moves: list[str]) -> None:
    routine = Routine(started=NOW)
    for move in moves:
        if routine.finished:
            break
        getattr(routine, move)()
    record = routine.to_record(NOW)
    assert not set(record["steps_done"]) & set(record["steps_skipped"])
    order = [s.value for s in STEPS]
    assert record["steps_done"] == sorted(record["steps_done"], key=order.index)


def test_situation_is_aimed_at_the_appointment() -> None:
    appointment = {"id": "a", "kind": "scan", "where": "City Hospital",
                   "when": "2026-12-03T09:30:00+01:00"}
    # Saved in the journal, so a date and not "in 3 days" or "Tomorrow", which go stale.
    assert routine_situation(appointment, NOW) == (
        "My appointment: Scan at City Hospital, Thu 3 Dec, 09:30")
    later = NOW + timedelta(days=400)
    assert routine_situation(appointment, later).endswith("Thu 3 Dec 2026, 09:30")
    assert routine_situation(None, NOW) == "What is coming up for me"
    assert routine_situation({"kind": "other", "when": "?"}, NOW) == "My appointment: Other"


def test_about_when_is_the_appointments_moment_as_a_date() -> None:
    appointment = {"id": "a", "kind": "scan", "when": "2026-12-03T09:30:00+01:00"}
    assert routine_about_when(appointment) == "2026-12-03T09:30:00+01:00"
    assert routine_about_when(None) is None
    assert routine_about_when({"kind": "other", "when": "?"}) is None


def test_finish_line_is_the_goal_of_the_day() -> None:
    goals = [
        {"id": "1", "title": "Run the 5k", "status": "reached"},
        {"id": "2", "title": "See Lisbon in spring", "next_step": "Look at flights"},
    ]
    goal = finish_line(goals, date(2026, 11, 30))
    assert goal is not None and goal["title"] == "See Lisbon in spring"
    text = finish_line_text(goal)
    assert "See Lisbon in spring" in text and "Look at flights" in text
    assert finish_line([], date(2026, 11, 30)) is None
    assert "not written a finish line" in finish_line_text(None)
