"""The debrief (pacer.domain.debrief): when Today offers "How did it go?", the record built
from the answers, and the next appointment made from it in one step."""

from __future__ import annotations

import contextlib
from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pacer.domain import debrief as d
from pacer.domain.reappraisal import FieldError
from pacer.domain.records import Appointment, Debrief, Rejected, check

TZ = timezone(timedelta(hours=1))
NOW = datetime(2026, 12, 3, 15, 0, tzinfo=TZ)  # a Thursday afternoon


def appt(hours_ago: float = 2, **extra: Any) -> dict[str, Any]:
    when = NOW - timedelta(hours=hours_ago)
    return {"id": extra.pop("id", "a1"), "kind": extra.pop("kind", "scan"),
            "when": when.isoformat(timespec="seconds"), **extra}


# --- the offer --------------------------------------------------------------------------------


def test_not_offered_before_the_time_and_offered_after() -> None:
    soon = appt(hours_ago=-1)
    assert d.offer_for([soon], NOW) is None
    assert d.offer_for([soon], NOW + timedelta(hours=1)) == soon


def test_the_offer_waits_for_the_visits_length_when_it_is_known() -> None:
    visit = appt(hours_ago=0.5, minutes=45)
    assert d.offer_for([visit], NOW) is None
    assert d.offer_for([visit], NOW + timedelta(minutes=15)) == visit


def test_not_offered_once_written_or_dismissed() -> None:
    done = appt(debrief={"created": NOW.isoformat()})
    dismissed = appt(debrief_dismissed=True)
    assert d.offer_for([done], NOW) is None
    assert d.offer_for([dismissed], NOW) is None


def test_put_off_until_tomorrow_comes_back_tomorrow() -> None:
    later = d.put_off_until(NOW)
    assert later == date(2026, 12, 4)
    put_off = appt(debrief_later=later.isoformat())
    assert d.offer_for([put_off], NOW) is None
    assert d.offer_for([put_off], NOW + timedelta(days=1)) == put_off


def test_the_most_recent_one_is_offered() -> None:
    older = appt(hours_ago=50, id="old")
    newer = appt(hours_ago=3, id="new")
    coming = appt(hours_ago=-5, id="coming")
    assert d.offer_for([older, newer, coming], NOW) == newer
    assert d.offer_for([older, {**newer, "debrief_dismissed": True}], NOW) == older


def test_never_one_older_than_two_weeks() -> None:
    day = 24
    assert d.offer_for([appt(hours_ago=day * d.OFFER_DAYS)], NOW) is not None
    assert d.offer_for([appt(hours_ago=day * (d.OFFER_DAYS + 1))], NOW) is None


def test_offer_words() -> None:
    assert d.offer_line(appt()) == "How did the scan go?"
    assert d.offer_line(appt(kind="blood-test")) == "How did the blood test go?"
    assert d.offer_line(appt(kind="made-up")) == "How did the appointment go?"


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                  max_size=3),
    max_leaves=8,
)
FIELDS = ("id", "kind", "when", "minutes", "debrief", "debrief_later", "debrief_dismissed",
          "questions", "top_questions", "where", "next_when", "created", "answers", "other",
          "next_steps", "stress", "goal_id", "finish_line")


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(FIELDS), JSON), st.lists(JSON, max_size=3))
def test_arbitrary_json_in_every_field_never_raises(record: dict[str, Any],
                                                    others: list[Any]) -> None:
    for candidate in (record, {**appt(), **record}, {**appt(), "debrief": record}):
        d.offer_for([candidate, *others], NOW)
        d.offered(candidate, NOW)
        d.offer_line(candidate)
        d.debrief_line(candidate, NOW)
        d.debrief_lines(candidate, NOW, {}, {})
        d.written([candidate, *others])
        d.next_kind(candidate)
        d.is_empty(candidate)
        with contextlib.suppress(FieldError):
            d.build_debrief(candidate, ["x"], record, NOW)
        with contextlib.suppress(FieldError):
            d.next_appointment(candidate, record, "results", NOW)


# --- the record -------------------------------------------------------------------------------


def test_the_record_follows_the_questions_top_ones_first() -> None:
    visit = appt(questions=["When are results?", "Is it working?", "Side effects?"],
                 top_questions=["Is it working?"])
    record = d.build_debrief(visit, ["yes, the tumour is smaller", "in a week"],
                             {"other": " rest more ", "next_steps": "results visit",
                              "next_when": "10 dec 10:00", "stress": "4", "goal_id": "g1",
                              "finish_line": "Sam's wedding feels closer"}, NOW)
    assert record["answers"] == [
        {"question": "Is it working?", "answer": "yes, the tumour is smaller"},
        {"question": "When are results?", "answer": "in a week"},
        {"question": "Side effects?", "answer": ""},
    ]
    assert record["other"] == "rest more"
    assert record["next_when"] == "2026-12-10T10:00:00+01:00"
    assert record["stress"] == 4
    assert record["goal_id"] == "g1"
    assert record["created"] == record["updated"] == NOW.isoformat(timespec="seconds")
    assert not isinstance(check(Debrief, record, "x"), Rejected)
    assert not isinstance(check(Appointment, {**visit, "debrief": record}, "x"), Rejected)


def test_empty_fields_are_left_out_and_a_rating_can_be_skipped() -> None:
    record = d.build_debrief(appt(), [], {"stress": ""}, NOW)
    assert record["stress"] is None and record["next_when"] is None
    assert record["goal_id"] is None
    assert d.is_empty(record)


@pytest.mark.parametrize("stress", ["11", "-1", "seven", "4.5"])
def test_a_bad_rating_names_the_field(stress: str) -> None:
    with pytest.raises(FieldError) as error:
        d.build_debrief(appt(), [], {"stress": stress}, NOW)
    assert error.value.field == "stress"
    assert stress in str(error.value)


@pytest.mark.parametrize("typed", ["blue moon", "yesterday 9:00", "2026-12-01 10:00"])
def test_a_bad_or_past_next_date_names_the_field(typed: str) -> None:
    with pytest.raises(FieldError) as error:
        d.build_debrief(appt(), [], {"next_when": typed}, NOW)
    assert error.value.field == "next_when"


def test_changing_a_debrief_keeps_when_it_was_written_and_an_unchanged_past_date() -> None:
    first = d.build_debrief(appt(), [], {"next_when": "friday 9:00"}, NOW)
    later = NOW + timedelta(days=10)
    shown = d.typed_next_when(datetime.fromisoformat(first["next_when"]))
    again = d.build_debrief(appt(debrief={**first, "next_appointment": "n1"}), [],
                            {"next_when": shown, "other": "more"}, later)
    assert again["created"] == first["created"]
    assert again["updated"] == later.isoformat(timespec="seconds")
    assert again["next_when"] == first["next_when"]
    assert again["next_appointment"] == "n1"


def test_an_answer_too_long_for_the_file_is_refused_naming_the_field() -> None:
    with pytest.raises(FieldError) as error:
        d.build_debrief(appt(), [], {"other": "x" * 20_000}, NOW)
    assert error.value.field == "other"


# --- the next appointment ---------------------------------------------------------------------


def test_the_next_appointment_is_made_from_the_debrief_in_one_step() -> None:
    scan = appt(where="City Hospital")
    record = d.build_debrief(scan, [], {"next_steps": "results with Dr Lee",
                                        "next_when": "10 dec 10:00"}, NOW)
    assert d.next_kind(scan) == "results"
    made = d.next_appointment(scan, record, d.next_kind(scan), NOW)
    assert made["kind"] == "results"
    assert made["when"] == record["next_when"]
    assert made["where"] == "City Hospital"
    assert made["notes"] == "results with Dr Lee"
    assert made["id"] != scan["id"]
    assert not isinstance(check(Appointment, made, "x"), Rejected)


def test_no_next_appointment_without_a_date_or_with_a_bad_kind() -> None:
    record = d.build_debrief(appt(), [], {}, NOW)
    with pytest.raises(FieldError):
        d.next_appointment(appt(), record, "results", NOW)
    dated = d.build_debrief(appt(), [], {"next_when": "friday 9:00"}, NOW)
    with pytest.raises(FieldError):
        d.next_appointment(appt(), dated, "party", NOW)


def test_a_visit_is_followed_by_one_of_its_kind() -> None:
    assert d.next_kind(appt(kind="oncologist")) == "oncologist"
    assert d.next_kind(appt(kind="nonsense")) == "other"


# --- reading it back --------------------------------------------------------------------------


def test_the_journal_line_and_the_whole_text() -> None:
    visit = appt(questions=["Is it working?"])
    record = d.build_debrief(visit, ["yes"], {"next_steps": "results next Friday",
                                              "stress": "3", "goal_id": "g1",
                                              "finish_line": "closer"}, NOW)
    written = {**visit, "debrief": record}
    assert d.debrief_line(written, NOW) == "After the scan on Thu 3 Dec: results next Friday"
    lines = d.debrief_lines(written, NOW, {"g1": {"title": "Sam's wedding"}}, {})
    assert lines[0] == "After the scan on Thu 3 Dec"
    text = "\n".join(lines)
    assert "Is it working?\n  yes" in text
    assert "What happens next\n  results next Friday" in text
    assert "Stress afterwards\n  3 out of 10" in text
    assert "Your finish line\n  Sam's wedding\n  closer" in text


def test_written_lists_the_debriefs_newest_first() -> None:
    a = appt(id="a", debrief={"created": "2026-12-01T10:00:00+01:00"})
    b = appt(id="b", debrief={"created": "2026-12-02T10:00:00+01:00"})
    assert [x["id"] for x in d.written([a, appt(id="none"), b])] == ["b", "a"]
