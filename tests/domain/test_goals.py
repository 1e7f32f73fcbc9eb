"""Finish lines: validation, the goal of the day, review order, archive and undo."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pacer.domain.errors import InputError
from pacer.domain.goals import (
    STATUSES,
    GoalFieldError,
    archive,
    check_in_words,
    clean_fields,
    detail_lines,
    due_for_review,
    edit_goal,
    form_values,
    goal_of_the_day,
    is_active,
    is_due,
    listed,
    new_goal,
    parse_date,
    review,
    running_toward,
    unarchive,
)

TZ = timezone(timedelta(hours=1))
NOW = datetime(2025, 3, 12, 9, 30, 15, 123456, tzinfo=TZ)
TODAY = NOW.date()


def goal(title: str = "See the sea", **fields: object) -> dict:
    record = new_goal({"title": title}, NOW, goal_id=str(fields.pop("id", uuid.uuid4())))
    record.update(fields)
    return record


# --- parsing and validation --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", None),
        ("   ", None),
        (None, None),
        ("today", TODAY),
        ("Tomorrow", TODAY + timedelta(days=1)),
        ("2025-06-01", date(2025, 6, 1)),
        ("2025-6-1", date(2025, 6, 1)),
        ("in 2 weeks", TODAY + timedelta(days=14)),
        ("3 days", TODAY + timedelta(days=3)),
        ("in 1 month", date(2025, 4, 12)),  # a calendar month now, as for appointments
        ("10d", TODAY + timedelta(days=10)),
        # one grammar with appointments: weekdays, day and month names
        ("next thursday", date(2025, 3, 13)),
        ("friday", date(2025, 3, 14)),
        ("wed", TODAY),
        ("3 dec", date(2025, 12, 3)),
        ("1 march", date(2026, 3, 1)),
    ],
)
def test_parse_date_reads_what_people_type(text: str | None, expected: date | None) -> None:
    assert parse_date(text, TODAY) == expected


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("2025-02-30", "'2025-02-30'"),
        ("2025-13-01", "'2025-13-01'"),
        ("next blursday", "'next blursday'"),
        ("friday 9:00", "'friday 9:00'"),
        ("12/06/2025", "'12/06/2025'"),
        ("in -2 weeks", "'in -2 weeks'"),
    ],
)
def test_bad_dates_name_the_value(text: str, named: str) -> None:
    with pytest.raises(GoalFieldError) as caught:
        parse_date(text, TODAY)
    assert named in str(caught.value)
    assert caught.value.field == "check_in"
    assert isinstance(caught.value, InputError)


@pytest.mark.parametrize(
    ("fields", "field", "named"),
    [
        ({"title": ""}, "title", "empty"),
        ({"title": "   "}, "title", "empty"),
        ({"title": "x" * 201}, "title", "201"),
        ({"title": "Walk", "kind": "sprint"}, "kind", "'sprint'"),
        ({"title": "Walk", "status": "failed"}, "status", "'failed'"),
        ({"title": "Walk", "check_in": "soonish"}, "check_in", "'soonish'"),
        ({"title": "Walk", "target": "2025-02-31"}, "target", "'2025-02-31'"),
        ({"title": "Walk", "why": "y" * 2001}, "why", "2001"),
    ],
)
def test_clean_fields_rejects_bad_input_pointing_at_the_field(
    fields: dict, field: str, named: str
) -> None:
    with pytest.raises(GoalFieldError) as caught:
        clean_fields(fields, TODAY)
    assert caught.value.field == field
    assert named in str(caught.value)


def test_only_the_title_is_required_and_blanks_become_none() -> None:
    clean = clean_fields({"title": "  Dance at Sam's wedding ", "area": " ", "kind": ""}, TODAY)
    assert clean == {
        "title": "Dance at Sam's wedding",
        "kind": None,
        "status": "moving",
        "check_in": None,
        "target": None,
        "area": None,
        "why": None,
        "who": None,
        "next_step": None,
        "route_b": None,
    }


def test_free_text_targets_are_kept_as_typed() -> None:
    assert clean_fields({"title": "Garden", "target": "next summer"}, TODAY)["target"] == (
        "next summer"
    )


def test_new_goal_has_the_full_record_shape() -> None:
    record = new_goal(
        {"title": "Walk the coast path", "kind": "Milestone", "check_in": "in 2 weeks"}, NOW
    )
    assert uuid.UUID(record["id"]).version == 4
    assert record["kind"] == "milestone"
    assert record["check_in"] == "2025-03-26"
    assert record["status"] == "moving"
    assert record["archived"] is False
    assert record["created"] == record["updated"] == "2025-03-12T09:30:15+01:00"
    assert record["last_reviewed"] is None
    assert datetime.fromisoformat(record["created"]).utcoffset() == timedelta(hours=1)


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValueError, match="UTC offset"):
        new_goal({"title": "x"}, datetime(2025, 3, 12, 9, 0))


def test_edit_keeps_unknown_fields_and_created() -> None:
    original = {**goal("Old words"), "colour": "teal"}
    later = NOW + timedelta(days=2)
    edited = edit_goal(original, {"title": "New words", "who": "Ana"}, later)
    assert edited["title"] == "New words"
    assert edited["who"] == "Ana"
    assert edited["colour"] == "teal"
    assert edited["created"] == original["created"]
    assert edited["updated"] == later.replace(microsecond=0).isoformat()
    assert edited["id"] == original["id"]


def test_form_values_round_trip() -> None:
    record = new_goal({"title": "Paint", "area": "creativity", "check_in": "2025-04-01"}, NOW)
    values = form_values(record)
    assert values["title"] == "Paint"
    assert values["check_in"] == "2025-04-01"
    assert values["why"] == ""
    assert form_values(None)["status"] == "moving"
    again = edit_goal(record, values, NOW)
    assert {k: again[k] for k in values} == {k: record[k] for k in values}


# --- archive, undo and review ------------------------------------------------------------------


def test_archive_and_undo_restore_the_record() -> None:
    original = goal("Learn three songs", who="Mum")
    gone = archive(original, NOW + timedelta(hours=1))
    assert gone["archived"] is True and not is_active(gone)
    assert gone not in listed([gone])
    back = unarchive(gone, NOW + timedelta(hours=2))
    assert back["archived"] is False and "archived_at" not in back
    assert {k: v for k, v in back.items() if k != "updated"} == {
        k: v for k, v in original.items() if k != "updated"
    }
    assert original["archived"] is False  # the functions never mutate


def test_review_records_the_check_in_and_celebrates_reached() -> None:
    record = goal("Finish the quilt", next_step="Sort the squares", check_in="2025-03-01")
    later = NOW + timedelta(days=1)
    kept = review(record, later, next_step="Sew one row", check_in="in 2 weeks")
    assert kept["next_step"] == "Sew one row"
    assert kept["check_in"] == "2025-03-27"
    assert kept["status"] == "moving"
    assert kept["last_reviewed"] == later.replace(microsecond=0).isoformat()
    done = review(kept, later, status="reached")
    assert done["status"] == "reached" and done["reached"] == done["last_reviewed"]
    assert not is_active(done)
    assert review(record, later)["next_step"] == "Sort the squares"  # None leaves it as it was
    with pytest.raises(GoalFieldError):
        review(record, later, status="failed")


def test_due_means_check_in_came_and_not_reviewed_since() -> None:
    assert is_due(goal(check_in="2025-03-12"), TODAY)
    assert is_due(goal(check_in="2025-03-01"), TODAY)
    assert not is_due(goal(check_in="2025-03-13"), TODAY)
    assert not is_due(goal(), TODAY)
    assert not is_due(goal(check_in="2025-03-01", last_reviewed="2025-03-02T10:00:00+01:00"), TODAY)
    assert is_due(goal(check_in="2025-03-05", last_reviewed="2025-03-02T10:00:00+01:00"), TODAY)
    assert not is_due(goal(check_in="2025-03-01", status="reached"), TODAY)
    assert not is_due(goal(check_in="2025-03-01", archived=True), TODAY)
    assert not is_due(goal(check_in="not a date"), TODAY)


def test_review_order_puts_due_check_ins_first() -> None:
    never = goal("never reviewed", created="2025-01-01T00:00:00+01:00")
    old_review = goal("reviewed long ago", last_reviewed="2025-01-05T00:00:00+01:00")
    recent = goal("reviewed yesterday", last_reviewed="2025-03-11T00:00:00+01:00")
    due_late = goal("due a week ago", check_in="2025-03-05")
    due_now = goal("due today", check_in="2025-03-12")
    future = goal("due next week", check_in="2025-03-19")
    reached = goal("reached", status="reached", check_in="2025-03-01")
    archived = goal("archived", archived=True, check_in="2025-03-01")
    resting = goal("resting", status="resting", last_reviewed="2025-02-01T00:00:00+01:00")
    order = due_for_review(
        [recent, future, reached, due_now, never, old_review, archived, due_late, resting], TODAY
    )
    assert [g["title"] for g in order] == [
        "due a week ago",
        "due today",
        "never reviewed",
        "due next week",
        "reviewed long ago",
        "resting",
        "reviewed yesterday",
    ]


# --- the goal of the day -----------------------------------------------------------------------

ids = st.uuids(version=4).map(str)
statuses = st.sampled_from(STATUSES)


@st.composite
def goal_lists(draw: st.DrawFn) -> list[dict]:
    unique = draw(st.lists(ids, unique=True, max_size=8))
    return [
        goal(f"goal {n}", id=i, status=draw(statuses), archived=draw(st.booleans()))
        for n, i in enumerate(unique)
    ]


days = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1))


@given(goal_lists(), days, st.randoms(use_true_random=False))
def test_goal_of_the_day_is_active_and_ignores_file_order(
    goals: list[dict], day: date, rnd: object
) -> None:
    chosen = goal_of_the_day(goals, day)
    shuffled = list(goals)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    assert goal_of_the_day(shuffled, day) == chosen
    active = [g for g in goals if is_active(g)]
    if not active:
        assert chosen is None
        return
    assert chosen in active
    if any(g["status"] != "resting" for g in active):
        assert chosen["status"] != "resting"  # a rest is not nagged about


@given(st.lists(ids, unique=True, min_size=2, max_size=8), days)
def test_goal_of_the_day_changes_daily(unique: list[str], day: date) -> None:
    goals = [goal(f"goal {n}", id=i) for n, i in enumerate(unique)]
    assert goal_of_the_day(goals, day) != goal_of_the_day(goals, day + timedelta(days=1))


def test_running_toward_line() -> None:
    assert running_toward([], TODAY) is None
    assert running_toward([goal("reached", status="reached")], TODAY) is None
    assert running_toward([goal("Dance at Sam's wedding")], TODAY) == (
        "Running toward: Dance at Sam's wedding"
    )


# --- lists and words ---------------------------------------------------------------------------


def test_listed_hides_archived_and_puts_reached_last() -> None:
    goals = [
        goal("a", status="reached"),
        goal("b"),
        goal("c", archived=True),
        goal("d", status="resting"),
        goal("e", status="reshaped"),
        goal("f"),
    ]
    assert [g["title"] for g in listed(goals)] == ["b", "f", "e", "d", "a"]


def test_detail_lines_and_check_in_words() -> None:
    record = goal("Quilt", why="For my granddaughter", check_in="2025-03-10")
    assert ("Why it matters", "For my granddaughter") in detail_lines(record, TODAY)
    assert ("Status", "Moving toward it") in detail_lines(record, TODAY)
    assert ("Check-in", "Mon 10 Mar") in detail_lines(record, TODAY)
    assert check_in_words(record, TODAY) == "check-in was Mon 10 Mar"
    assert check_in_words(goal(check_in="2025-03-12"), TODAY) == "check in today"
    assert check_in_words(goal(check_in="2026-01-02"), TODAY) == "check in 2 Jan 2026"
    assert check_in_words(goal(), TODAY) == ""


# --- dates stay in a sane range; the command line shows text, never objects or escapes ---------


@pytest.mark.parametrize("field", ["check_in", "target"])
@pytest.mark.parametrize("typed", ["9999-12-31", "1899-12-31", "2201-01-01"])
def test_a_date_too_far_away_is_a_field_error_not_a_crash(field: str, typed: str) -> None:
    with pytest.raises(GoalFieldError) as error:
        clean_fields({"title": "Trip", field: typed}, TODAY)
    assert error.value.field == field
    assert typed in str(error.value) and "\n" not in str(error.value)
    assert "1900" in str(error.value) and "2200" in str(error.value)


def test_a_relative_date_past_the_range_is_a_field_error() -> None:
    with pytest.raises(GoalFieldError, match="2200"):
        parse_date("in 999 months", date(2199, 1, 1))


def test_a_review_with_a_date_too_far_away_is_a_field_error() -> None:
    with pytest.raises(GoalFieldError) as error:
        review(goal(), NOW, check_in="9999-12-31")
    assert error.value.field == "check_in"


@pytest.mark.parametrize(
    "stored", ["9999-12-31", "0001-01-01", "9999-12-31T23:30:00-05:00", "2201-01-01"]
)
def test_dates_from_the_file_outside_the_range_never_reach_date_arithmetic(stored: str) -> None:
    odd = goal(check_in=stored, last_reviewed=stored)
    assert check_in_words(odd, TODAY) == ""
    assert is_due(odd, TODAY) is False
    assert ("Check-in", "") not in detail_lines(odd, TODAY)
    other = goal()
    assert {g["id"] for g in due_for_review([odd, other], TODAY)} == {odd["id"], other["id"]}


def test_review_leaves_fields_it_was_not_given_alone() -> None:
    """A hand-written target like "2025-13-01" must not stop a review of the next step."""
    odd = goal(target="2025-13-01")
    reviewed = review(odd, NOW, next_step="Book")
    assert reviewed["target"] == "2025-13-01" and reviewed["next_step"] == "Book"


EVIL = "\u001b]0;TITLE\u0007\u001b[2J[b]x"


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
    | st.sampled_from(["9999-12-31", "0001-01-01T00:00:00+00:00", "reached", "", "\x1b[2J"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=6,
)


@given(
    field=st.sampled_from(
        ["title", "kind", "status", "check_in", "target", "next_step", "archived", "created",
         "last_reviewed", "why", "id"]
    ),
    value=json_values,
)
def test_the_goal_helpers_take_any_json_value(field: str, value: object) -> None:
    goals = [{**goal("Visit Rome"), field: value}, goal("Knit a hat")]
    due_for_review(goals, TODAY)
    goal_of_the_day(goals, TODAY)
    for one in goals:
        detail_lines(one, TODAY)
        check_in_words(one, TODAY)
