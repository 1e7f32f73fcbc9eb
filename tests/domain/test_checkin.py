"""The weekly check-in and the daily battery: when it is due, the >= 4 rule, low days, the
visit sheet's lines, and never a crash on a hand-edited journal."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pacer.domain import checkin as c
from pacer.domain.errors import InputError
from pacer.domain.history import WeekPace, feeling_lines, weekly_feelings
from pacer.domain.records import CheckInEntry, EnergyEntry, Rejected, check

TZ = timezone(timedelta(hours=1))
# A Wednesday.
NOW = datetime(2026, 11, 25, 15, 0, tzinfo=TZ)
LONDON = ZoneInfo("Europe/London")


def entry(created: datetime, distress: Any = 5, **more: Any) -> dict[str, Any]:
    return {"id": f"c{created.isoformat()}", "kind": "check-in",
            "created": created.isoformat(), "distress": distress, **more}


def battery(created: datetime, energy: Any) -> dict[str, Any]:
    return {"id": f"e{created.isoformat()}", "kind": "energy",
            "created": created.isoformat(), "energy": energy}


# --- due --------------------------------------------------------------------------------------


def test_due_when_there_has_never_been_one() -> None:
    assert c.check_in_due([], NOW)


def test_not_due_within_the_week_and_due_again_on_the_same_weekday() -> None:
    done = [entry(NOW - timedelta(days=6, hours=3))]  # last Thursday, late morning
    assert not c.check_in_due(done, NOW)
    # Wednesday a week ago at 23:50: due from Wednesday 00:00, whatever the hour.
    late = [entry(datetime(2026, 11, 18, 23, 50, tzinfo=TZ))]
    assert c.check_in_due(late, NOW.replace(hour=0, minute=1))
    assert not c.check_in_due(late, NOW.replace(day=24, hour=23, minute=59))


def test_the_newest_check_in_counts_not_the_file_order() -> None:
    entries = [entry(NOW - timedelta(days=1)), entry(NOW - timedelta(days=30))]
    assert not c.check_in_due(entries, NOW)


def test_weeks_are_counted_on_the_local_calendar_across_dst() -> None:
    # Done on Saturday 24 Oct 2026 at 09:00 BST; the clocks go back on Sunday 25 Oct.
    done = [entry(datetime(2026, 10, 24, 9, 0, tzinfo=LONDON))]
    friday_night = datetime(2026, 10, 30, 23, 59, tzinfo=LONDON)
    saturday_dawn = datetime(2026, 10, 31, 0, 0, tzinfo=LONDON)
    assert not c.check_in_due(done, friday_night)
    assert c.check_in_due(done, saturday_dawn)  # 7 days on the calendar, 7 x 24 h + 1 h
    # And in spring (clocks go forward on 29 Mar 2026): still the same weekday.
    spring = [entry(datetime(2026, 3, 28, 0, 30, tzinfo=LONDON))]
    assert not c.check_in_due(spring, datetime(2026, 4, 3, 23, 30, tzinfo=LONDON))
    assert c.check_in_due(spring, datetime(2026, 4, 4, 0, 0, tzinfo=LONDON))


def test_a_check_in_written_in_another_zone_counts_by_the_local_date() -> None:
    # 23:30 in UTC-5 on Tuesday is Wednesday 05:30 here (UTC+1).
    far = timezone(timedelta(hours=-5))
    done = [entry(datetime(2026, 11, 17, 23, 30, tzinfo=far))]
    assert not c.check_in_due(done, NOW.replace(day=24))  # Tuesday here
    assert c.check_in_due(done, NOW)  # Wednesday


def test_put_off_until_tomorrow() -> None:
    tomorrow = c.later_day(NOW)
    assert tomorrow == date(2026, 11, 26)
    assert not c.check_in_due([], NOW, tomorrow)
    assert not c.check_in_due([], NOW, tomorrow.isoformat())  # as settings.json holds it
    assert c.check_in_due([], NOW + timedelta(days=1), tomorrow.isoformat())
    assert c.check_in_due([], NOW, "2026-11-25")  # put off until today: offered today
    assert c.check_in_due([], NOW, "not a date")  # an unreadable setting never hides it


def test_a_future_check_in_from_a_wrong_clock_never_nags() -> None:
    assert not c.check_in_due([entry(NOW + timedelta(days=40))], NOW)


def test_unusable_check_ins_do_not_count() -> None:
    bad = [entry(NOW - timedelta(days=1), distress=11), entry(NOW, distress="five"),
           {"kind": "check-in", "created": "yesterday", "distress": 3},
           battery(NOW, 5), {"kind": "reappraisal", "created": NOW.isoformat()}]
    assert c.check_ins(bad) == []
    assert c.check_in_due(bad, NOW)


# --- the >= 4 rule ----------------------------------------------------------------------------


@pytest.mark.parametrize(("distress", "worth"), [(0, False), (3, False), (4, True), (10, True),
                                                 (None, False)])
def test_four_or_more_is_worth_telling(distress: int | None, worth: bool) -> None:
    assert c.worth_telling(distress) is worth
    note = c.care_team_note(distress, [], NOW)
    assert (note is not None) is worth


def test_the_calm_note_names_the_next_appointment() -> None:
    appointments = [
        {"id": "old", "kind": "scan", "when": "2026-11-20T09:00:00+01:00"},
        {"id": "a1", "kind": "oncologist", "when": "2026-11-27T10:30:00+01:00",
         "where": "City \x1b[2JHospital"},
    ]
    note = c.care_team_note(6, appointments, NOW)
    assert note is not None
    assert note.startswith("This is worth telling your care team about.")
    assert "Oncologist at City" in note and "Friday, in 2 days" in note
    assert "visit sheet" in note
    assert "\x1b" not in note  # the place is the person's text: made harmless


def test_without_an_appointment_the_note_says_what_to_do_calmly() -> None:
    note = c.care_team_note(4, [{"id": "x", "kind": "scan", "when": "soon"}], NOW)
    assert note == f"{c.TELL_TEAM} {c.TELL_TEAM_NO_VISIT}"


def test_no_alarming_or_diagnostic_words() -> None:
    words = " ".join([
        c.TELL_TEAM, c.TELL_TEAM_NO_VISIT, c.THANKS, c.DISTRESS_QUESTION, c.DISTRESS_HINT,
        c.AREAS_QUESTION, c.NOTE_QUESTION, c.ENERGY_QUESTION, c.ENERGY_HINT,
        *c.AREAS.values(), *c.low_day_lines(c.LowDay(2, "Walk to the gate", "Garden")),
    ]).lower()
    for word in ("urgent", "emergency", "danger", "warning", "depress", "disorder",
                 "diagnos", "severe", "alarm", "crisis", "thermometer", "nccn"):
        assert word not in words, word


# --- energy -----------------------------------------------------------------------------------


def test_today_s_energy_is_the_latest_reading_of_the_local_day() -> None:
    entries = [battery(NOW.replace(hour=8), 6), battery(NOW.replace(hour=12), 2),
               battery(NOW - timedelta(days=1), 9)]
    assert c.energy_today(entries, NOW) == 2
    assert c.energy_today(entries[2:], NOW) is None
    # 00:30 here is still yesterday in UTC: the local date decides.
    early = battery(datetime(2026, 11, 24, 23, 30, tzinfo=UTC), 7)
    assert c.energy_today([early], NOW) == 7


GOALS = [
    {"id": "g2", "title": "Garden", "next_step": "", "route_b": "Sit outside for a bit"},
    {"id": "g1", "title": "Dance at Sam's wedding", "next_step": "Ten minutes of music"},
    {"id": "g0", "title": "Reached one", "status": "reached", "next_step": "Not this"},
]


@pytest.mark.parametrize(("energy", "low"), [(0, True), (3, True), (4, False), (10, False)])
def test_a_low_day_is_three_or_less(energy: int, low: bool) -> None:
    suggestion = c.low_day([battery(NOW, energy)], GOALS, NOW)
    assert (suggestion is not None) is low


def test_a_low_day_suggests_the_small_step_and_a_short_gentle_session() -> None:
    suggestion = c.low_day([battery(NOW, 2)], GOALS, NOW)
    assert suggestion is not None
    assert suggestion.energy == 2
    assert suggestion.step in ("Ten minutes of music", "Sit outside for a bit")
    assert (suggestion.pattern, suggestion.minutes) == ("extended-exhale", 2)
    text = "\n".join(c.low_day_lines(suggestion))
    assert "Battery today: 2 of 10" in text and suggestion.step in text
    assert "2 minutes of extended exhale" in text


def test_route_b_when_the_finish_line_has_no_next_step() -> None:
    found = c.small_step([GOALS[0]], NOW.date())
    assert found == ("Sit outside for a bit", "Garden")
    assert c.small_step([GOALS[2]], NOW.date()) is None  # reached: nothing to step toward
    low = c.low_day([battery(NOW, 1)], [], NOW)
    assert low is not None and low.step is None
    assert not any("small step" in line for line in c.low_day_lines(low))


# --- the visit sheet --------------------------------------------------------------------------


def test_check_in_lines_since_the_previous_appointment() -> None:
    visit = {"id": "v", "kind": "oncologist", "when": "2026-11-27T10:30:00+01:00"}
    earlier = {"id": "s", "kind": "scan", "when": "2026-11-10T09:00:00+01:00"}
    entries = [
        entry(datetime(2026, 11, 3, 9, tzinfo=TZ), 2),  # before the scan: not on the sheet
        entry(datetime(2026, 11, 11, 9, tzinfo=TZ), 6, areas=["feelings", "body", "body"],
              note="Worried about \x1b]0;x\x07the scan"),
        entry(datetime(2026, 11, 24, 20, tzinfo=TZ), 3),
        battery(datetime(2026, 11, 24, 8, tzinfo=TZ), 2),
    ]
    lines = c.check_in_lines_for(visit, entries, NOW, others=[visit, earlier])
    assert lines == [
        'Wed 11 Nov: distress 6 of 10; body and symptoms, feelings; '
        '"Worried about \u241b]0;x\u2407the scan"',
        "Tue 24 Nov: distress 3 of 10",
    ]
    assert "\x1b" not in lines[0] and "\x07" not in lines[0]


def test_without_an_earlier_appointment_the_last_four_weeks() -> None:
    visit = {"id": "v", "kind": "results", "when": "2026-11-27T10:30:00+01:00"}
    entries = [entry(NOW - timedelta(weeks=5)), entry(NOW - timedelta(weeks=3), 7)]
    lines = c.check_in_lines_for(visit, entries, NOW)
    assert lines == [c.check_in_line(c.check_ins(entries)[1], NOW)]


def test_a_past_visit_s_sheet_stops_at_the_visit() -> None:
    visit = {"id": "v", "kind": "results", "when": "2026-11-20T10:30:00+01:00"}
    entries = [entry(datetime(2026, 11, 19, 9, tzinfo=TZ), 5),
               entry(datetime(2026, 11, 22, 9, tzinfo=TZ), 1)]
    assert c.check_in_lines_for(visit, entries, NOW) == ["Thu 19 Nov: distress 5 of 10"]


def test_a_long_gap_since_the_previous_appointment_is_capped() -> None:
    visit = {"id": "v", "kind": "results", "when": "2026-11-27T10:30:00+01:00"}
    long_ago = {"id": "o", "kind": "scan", "when": "2025-01-01T10:30:00+01:00"}
    entries = [entry(NOW - timedelta(weeks=20)), entry(NOW - timedelta(weeks=10), 8)]
    assert len(c.check_in_lines_for(visit, entries, NOW, others=[long_ago])) == 1


# --- answers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "areas"), [
    ("", []), ("1 3", ["body", "family"]), ("3,1", ["body", "family"]), ("5 5", ["meaning"]),
])
def test_areas_by_number(text: str, areas: list[str]) -> None:
    assert c.parse_areas(text) == areas


@pytest.mark.parametrize("text", ["9", "0", "two", "1 x", "²"])
def test_a_bad_area_is_named(text: str) -> None:
    with pytest.raises(InputError, match="is not one of the areas"):
        c.parse_areas(text)


@pytest.mark.parametrize("text", ["11", "ten", "-1", "4.5", "", "²"])
def test_a_bad_number_is_named(text: str) -> None:
    with pytest.raises(InputError) as raised:
        c.parse_score(text)
    assert f"'{text}'" in str(raised.value)


def test_new_entries_fit_their_records() -> None:
    made = c.new_check_in(6, ["family", "body"], "  tired  ", NOW)
    fits = check(CheckInEntry, made, "journal.jsonl[0]")
    assert isinstance(fits, CheckInEntry) and fits.areas == ["body", "family"]
    assert fits.note == "tired"
    assert isinstance(check(EnergyEntry, c.new_energy(3, NOW), "j"), EnergyEntry)
    assert isinstance(check(CheckInEntry, {**made, "areas": ["money"]}, "j"), Rejected)


# --- History -------------------------------------------------------------------------------


def test_weekly_feelings_line_up_with_the_weeks_of_practice() -> None:
    monday = date(2026, 11, 23)
    entries = [
        entry(datetime(2026, 11, 24, 9, tzinfo=TZ), 6),
        entry(datetime(2026, 11, 24, 20, tzinfo=TZ), 7),  # the latest of the week counts
        entry(datetime(2026, 11, 17, 9, tzinfo=TZ), 2),
        battery(datetime(2026, 11, 24, 8, tzinfo=TZ), 8),
        battery(datetime(2026, 11, 25, 8, tzinfo=TZ), 3),
        battery(datetime(2026, 11, 30, 8, tzinfo=TZ), 9),  # tomorrow (a wrong clock): not shown
        entry(datetime(2026, 8, 1, 9, tzinfo=TZ), 9),  # before the window
    ]
    felt = weekly_feelings(entries, NOW.date(), TZ, weeks=3)
    assert [f.start for f in felt] == [monday - timedelta(weeks=2), monday - timedelta(weeks=1),
                                       monday]
    assert [f.distress for f in felt] == [None, 2, 7]
    assert felt[2].energy == (None, 8, 3, None, None, None, None)
    paces = [WeekPace(monday, seconds=900.0), WeekPace(monday - timedelta(weeks=1))]
    lines = feeling_lines(felt, paces, monday)
    assert lines[0].startswith("Week") and "Battery, Mon to Sun" in lines[0]
    assert lines[1] == "This week   15 min         7   ·  8  3"
    assert lines[2] == "16 Nov       0 min         2"
    assert len(lines) == 4  # the empty week is left out; then the key to the columns
    assert "· not answered" in lines[-1]
    narrow = feeling_lines(felt, paces, monday, width=36)
    assert narrow[1].endswith("7  5.5 on 2 days")
    assert feeling_lines(weekly_feelings([], NOW.date(), TZ), paces, monday) == []


# --- never a crash ----------------------------------------------------------------------------

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=4),
    max_leaves=10,
)
FIELDS = ("id", "kind", "created", "distress", "areas", "note", "energy", "when", "title",
          "next_step", "route_b", "status", "archived")


@given(st.lists(st.dictionaries(st.sampled_from(FIELDS), JSON, max_size=7) | JSON, max_size=4),
       JSON)
def test_any_json_in_any_field_never_raises(records: list[Any], later: Any) -> None:
    kinds = [{**r, "kind": k} if isinstance(r, dict) else r
             for r, k in zip(records, ["check-in", "energy", "x", "check-in"], strict=False)]
    c.check_in_due(kinds, NOW, later)
    c.energy_today(kinds, NOW)
    c.low_day(kinds, kinds, NOW)
    c.care_team_note(5, kinds, NOW)
    feeling_lines(weekly_feelings(kinds, NOW.date(), TZ), [], NOW.date())
    for record in [*kinds, None, 5]:
        c.check_in_lines_for(record, kinds, NOW, others=kinds)
