"""build_appointment's results fields (issue 12, the wait): when a scan's or a blood test's
results are expected, in everyday words or as a later results visit, and "the results came".

Each bad value is a FieldError naming its own field, so the form can point at it."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from pacer.domain.appointments import (
    build_appointment,
    results_reference,
    results_visits,
    typed_due,
)
from pacer.domain.reappraisal import FieldError

PARIS = ZoneInfo("Europe/Paris")
# Monday 30 November 2026, 10:00 in Paris.
NOW = datetime(2026, 11, 30, 10, 0, tzinfo=PARIS)
SCAN = "2026-12-03 09:30"  # Thursday
VISIT = {"id": "visit-1", "kind": "results", "when": "2026-12-10T11:00:00+01:00"}
ONCOLOGIST = {"id": "onc-1", "kind": "oncologist", "when": "2026-12-08T15:00:00+01:00"}
EARLY = {"id": "early-1", "kind": "results", "when": "2026-12-02T10:00:00+01:00"}
TREATMENT = {"id": "treat-1", "kind": "treatment", "when": "2026-12-09T10:00:00+01:00"}
OTHERS = [VISIT, ONCOLOGIST, EARLY, TREATMENT]


def build(existing: dict[str, Any] | None = None, now: datetime = NOW, **fields: Any
          ) -> dict[str, Any]:
    base = {"kind": "scan", "when": SCAN}
    return build_appointment({**base, **fields}, now, existing=existing, tz=PARIS,
                             appointments=OTHERS)


@pytest.mark.parametrize(
    ("typed", "due"),
    [
        # Counted from the day of the scan while it is still to come: results follow the test.
        ("in a week", date(2026, 12, 10)),
        ("in 2 weeks", date(2026, 12, 17)),
        ("tuesday", date(2026, 12, 8)),
        ("thursday", date(2026, 12, 3)),  # the day of the scan itself
        ("2026-12-11", date(2026, 12, 11)),
        ("11 dec", date(2026, 12, 11)),
    ],
)
def test_results_expected_in_everyday_words(typed: str, due: date) -> None:
    record = build(results_due=typed)
    assert record["results_due"] == due.isoformat()


def test_a_test_already_done_counts_from_today() -> None:
    scan = build(results_due="")
    later = NOW + timedelta(days=5)  # Saturday 5 December, the scan was on Thursday
    edited = build(scan, later, when=SCAN, results_due="in a week")
    assert edited["results_due"] == "2026-12-12"
    assert results_reference(datetime(2026, 12, 3, 9, 30, tzinfo=PARIS), later) == date(
        2026, 12, 5)


def test_empty_results_expected_is_none_and_no_key_is_written_for_nothing() -> None:
    record = build(results_due="", results_appointment="")
    assert "results_due" not in record and "results_appointment" not in record
    cleared = build(build(results_due="in a week"), results_due="")
    assert cleared["results_due"] is None  # written as null, so the merge clears it on disk


def test_leaving_the_fields_out_keeps_what_was_there() -> None:
    """Callers that do not know the results fields (an edit of the notes) change nothing."""
    record = build(results_due="in a week", results_appointment="visit-1")
    edited = build_appointment({"kind": "scan", "when": SCAN, "notes": "fast from 8"}, NOW,
                               existing=record, tz=PARIS)
    assert edited["results_due"] == "2026-12-10"
    assert edited["results_appointment"] == "visit-1"


def test_an_unchanged_due_day_is_kept_even_once_it_has_passed() -> None:
    record = build(results_due="in a week")
    much_later = NOW + timedelta(days=30)
    edited = build(record, much_later, results_due=typed_due(record))
    assert edited["results_due"] == "2026-12-10"


def test_link_to_a_later_results_visit() -> None:
    record = build(results_appointment="visit-1")
    assert record["results_appointment"] == "visit-1"
    assert build(results_appointment="onc-1")["results_appointment"] == "onc-1"


@pytest.mark.parametrize(
    ("fields", "field", "named"),
    [
        ({"results_due": "soon"}, "results_due", "'soon'"),
        ({"results_due": "friday 9:00"}, "results_due", "has a time"),
        # Counted from the scan's day, a bare "1 dec" is next year's: far too late to be meant.
        ({"results_due": "1 dec"}, "results_due", "Wed 1 Dec 2027"),
        ({"results_due": "2026-12-02"}, "results_due", "before the scan"),
        ({"results_due": "2026-12-02"}, "results_due", "Thu 3 Dec"),
        ({"results_appointment": "nobody"}, "results_appointment", "'nobody'"),
        ({"results_appointment": "early-1"}, "results_appointment", "before the scan"),
        ({"results_appointment": "treat-1"}, "results_appointment", "results visit"),
        ({"kind": "oncologist", "results_due": "in a week"}, "results_due",
         "scan or a blood test"),
        ({"kind": "other", "results_appointment": "visit-1"}, "results_appointment",
         "scan or a blood test"),
        ({"results_came": "yes"}, "results_came", "not happened yet"),
    ],
)
def test_bad_results_fields_name_their_field(fields: dict, field: str, named: str) -> None:
    with pytest.raises(FieldError) as error:
        build(**fields)
    assert error.value.field == field and named in str(error.value)


def test_a_test_cannot_be_its_own_results_visit() -> None:
    record = build()
    with pytest.raises(FieldError) as error:
        build_appointment({"kind": "scan", "when": SCAN, "results_appointment": record["id"]},
                          NOW, existing=record, tz=PARIS, appointments=[*OTHERS, record])
    assert error.value.field == "results_appointment"


def test_an_unchanged_link_is_kept_even_if_that_visit_is_gone() -> None:
    record = build(results_appointment="visit-1")
    edited = build_appointment({"kind": "scan", "when": SCAN, "results_appointment": "visit-1"},
                               NOW, existing=record, tz=PARIS, appointments=[])
    assert edited["results_appointment"] == "visit-1"


def test_switching_to_a_kind_without_results_clears_them() -> None:
    record = build(results_due="in a week", results_appointment="visit-1")
    edited = build(record, kind="oncologist", results_due="", results_appointment="")
    assert edited["results_due"] is None and edited["results_appointment"] is None


def test_results_came_tick_sets_keeps_and_clears_the_moment() -> None:
    after = datetime(2026, 12, 5, 12, 0, tzinfo=PARIS)
    record = build(results_due="in a week")
    came = build(record, after, results_came="yes")
    assert came["results_came"] == after.isoformat(timespec="seconds")
    again = build(came, after + timedelta(days=1), results_came="yes")
    assert again["results_came"] == came["results_came"]  # ticked already: the first moment
    undone = build(came, after, results_came="")
    assert undone["results_came"] is None


def test_results_visits_are_later_results_or_oncologist_visits_soonest_first() -> None:
    when = datetime(2026, 12, 3, 9, 30, tzinfo=PARIS)
    assert [a["id"] for a in results_visits(OTHERS, when)] == ["onc-1", "visit-1"]
    assert [a["id"] for a in results_visits(OTHERS, when, exclude="onc-1")] == ["visit-1"]


def test_typed_due_is_the_iso_day_or_empty() -> None:
    assert typed_due({"results_due": "2026-12-10"}) == "2026-12-10"
    assert typed_due({}) == "" and typed_due({"results_due": 5}) == ""
