"""The wait for results: day counts, dated or linked results, and what ends it."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pacer.domain.appointments import ordered_questions
from pacer.domain.wait import (
    STALE_DAYS,
    current_waits,
    pleasant_for,
    short_wait,
    wait_line,
    wait_of,
)

PARIS = ZoneInfo("Europe/Paris")
SCAN_AT = datetime(2026, 12, 1, 9, 30, tzinfo=PARIS)  # Tuesday


def scan(**fields: Any) -> dict[str, Any]:
    return {"id": "scan-1", "kind": "scan", "when": SCAN_AT.isoformat(), **fields}


def visit(when: datetime) -> dict[str, Any]:
    return {"id": "visit-1", "kind": "results", "when": when.isoformat()}


@pytest.mark.parametrize(
    ("now", "day"),
    [
        (datetime(2026, 12, 1, 9, 30, tzinfo=PARIS), 1),  # the moment of the scan
        (datetime(2026, 12, 1, 23, 59, tzinfo=PARIS), 1),
        (datetime(2026, 12, 2, 0, 0, tzinfo=PARIS), 2),  # local midnight starts day 2
        (datetime(2026, 12, 3, 8, 0, tzinfo=PARIS), 3),
    ],
)
def test_days_count_on_the_local_calendar(now: datetime, day: int) -> None:
    wait = wait_of(scan(results_due="2026-12-04"), [], now)
    assert wait is not None and wait.day == day


def test_a_dst_change_neither_skips_nor_repeats_a_day() -> None:
    # Clocks go back on Sunday 25 October 2026 in Paris: that day has 25 hours.
    test = {"id": "t", "kind": "blood-test", "when": "2026-10-24T10:00:00+02:00",
            "results_due": "2026-10-30"}
    days = [wait_of(test, [], datetime(2026, 10, d, 0, 30, tzinfo=PARIS)) for d in (25, 26, 27)]
    late = wait_of(test, [], datetime(2026, 10, 25, 23, 30, tzinfo=PARIS))
    assert [w.day for w in days if w] == [2, 3, 4]
    assert late is not None and late.day == 2


def test_no_wait_before_the_test_or_without_an_expected_time() -> None:
    before = datetime(2026, 12, 1, 9, 0, tzinfo=PARIS)
    after = datetime(2026, 12, 2, 9, 0, tzinfo=PARIS)
    assert wait_of(scan(results_due="2026-12-04"), [], before) is None
    assert wait_of(scan(), [], after) is None


@pytest.mark.parametrize("kind", ["oncologist", "results", "treatment", "other", 5, None])
def test_only_tests_carry_a_wait(kind: object) -> None:
    now = datetime(2026, 12, 2, 9, 0, tzinfo=PARIS)
    assert wait_of(scan(kind=kind, results_due="2026-12-04"), [], now) is None


def test_a_dated_wait_says_the_day() -> None:
    now = datetime(2026, 12, 3, 8, 0, tzinfo=PARIS)  # Thursday; due Friday
    wait = wait_of(scan(results_due="2026-12-04"), [], now)
    assert wait is not None
    assert wait.expected == date(2026, 12, 4)
    assert wait_line(wait, now) == "Waiting for your scan results: day 3, expected tomorrow"
    later = wait_of(scan(results_due="2026-12-07"), [], now)
    assert later is not None
    assert wait_line(later, now) == "Waiting for your scan results: day 3, expected Monday"
    assert short_wait(wait) == "waiting day 3"


def test_a_late_result_keeps_the_wait_and_says_so_calmly() -> None:
    now = datetime(2026, 12, 8, 8, 0, tzinfo=PARIS)
    wait = wait_of(scan(results_due="2026-12-04"), [], now)
    assert wait is not None and wait.day == 8
    assert "were expected Fri 4 Dec" in wait_line(wait, now)
    stale = now + timedelta(days=STALE_DAYS + 1)
    assert wait_of(scan(results_due="2026-12-04"), [], stale) is None


def test_a_linked_results_visit_gives_the_day_and_ends_the_wait_when_it_comes() -> None:
    at = datetime(2026, 12, 10, 14, 0, tzinfo=PARIS)
    test = scan(results_appointment="visit-1", results_due="2026-12-04")
    everything = [test, visit(at)]
    during = wait_of(test, everything, datetime(2026, 12, 5, 8, 0, tzinfo=PARIS))
    assert during is not None
    assert during.expected == date(2026, 12, 10)  # the visit wins over the due day
    assert during.visit is not None and during.visit["id"] == "visit-1"
    assert wait_of(test, everything, at - timedelta(minutes=1)) is not None
    assert wait_of(test, everything, at) is None


def test_a_link_to_a_deleted_visit_falls_back_to_the_due_day() -> None:
    now = datetime(2026, 12, 2, 8, 0, tzinfo=PARIS)
    assert wait_of(scan(results_appointment="gone"), [], now) is None
    wait = wait_of(scan(results_appointment="gone", results_due="2026-12-04"), [], now)
    assert wait is not None and wait.visit is None and wait.expected == date(2026, 12, 4)


def test_the_results_came_ends_the_wait() -> None:
    now = datetime(2026, 12, 2, 8, 0, tzinfo=PARIS)
    came = scan(results_due="2026-12-04", results_came="2026-12-02T07:00:00+01:00")
    assert wait_of(came, [], now) is None


def test_current_waits_lists_the_longest_first() -> None:
    now = datetime(2026, 12, 5, 8, 0, tzinfo=PARIS)
    blood = {"id": "b", "kind": "blood-test", "when": "2026-12-04T08:00:00+01:00",
             "results_due": "2026-12-06"}
    waits = current_waits([blood, scan(results_due="2026-12-07")], now)
    assert [w.test["id"] for w in waits] == ["scan-1", "b"]
    assert wait_line(waits[1], now).startswith("Waiting for your blood test results: day 2")


def test_pleasant_things_go_round_one_a_day() -> None:
    things = ["a walk", "call Sam", "  ", "tea in the garden"]
    days = [pleasant_for(date(2026, 12, 1) + timedelta(days=n), things) for n in range(6)]
    assert set(days) == {"a walk", "call Sam", "tea in the garden"}
    assert days[0] == days[3] and days[0] != days[1]
    assert pleasant_for(date(2026, 12, 1), []) is None


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                 max_size=3),
    max_leaves=8,
)


@given(field=st.sampled_from(["kind", "when", "results_due", "results_appointment",
                              "results_came", "id"]), value=JSON)
def test_any_json_value_in_any_wait_field_never_raises(field: str, value: object) -> None:
    test = {**scan(results_due="2026-12-04"), field: value}
    now = datetime(2026, 12, 2, 8, 0, tzinfo=PARIS)
    for wait in current_waits([test, visit(SCAN_AT + timedelta(days=3))], now):
        assert wait_line(wait, now).startswith("Waiting for your")


@pytest.mark.parametrize(
    ("questions", "top", "expected"),
    [
        (["a", "b", "c", "d"], ["c", "a"], ["c", "a", "b", "d"]),
        (["a", "b"], [], ["a", "b"]),
        (["a", "b"], ["gone", "b"], ["b", "a"]),  # a top question no longer asked is left out
        (["a", "b", "c", "d", "e"], ["e", "d", "c", "b"], ["e", "d", "c", "a", "b"]),
        (["a", "a2"], ["a2", "a2"], ["a2", "a"]),
        ("not a list", ["a"], []),
        (["a", 5, None, "b"], 7, ["a", "b"]),
    ],
)
def test_top_questions_come_first(questions: object, top: object, expected: list[str]) -> None:
    assert ordered_questions({"questions": questions, "top_questions": top}) == expected
