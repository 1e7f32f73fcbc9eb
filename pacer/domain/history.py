"""Pace over time: weekly minutes, practice days, and how stress changed around practice.

The marathon image is the point: steady weekly practice matters more than long sessions, so the
numbers here are per week (Monday to Sunday, in the person's local time) and there is no streak
to lose. Everything is pure and one pass over the records, so ten years of sessions cost
milliseconds; records that cannot be read (a hand-edited line) are skipped, never fatal.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

from pacer.domain.text import clock_time, csv_cell, harmless, plural

Record = Mapping[str, Any]

#: Weeks shown by the charts: about a season, enough to see a pace without years of scrolling.
CHART_WEEKS = 12

SESSIONS = "Breathing sessions"
REAPPRAISALS = "Reappraisals"
ROUTINES = "Calm-down routines"
STRESS_KINDS: tuple[str, ...] = (SESSIONS, REAPPRAISALS, ROUTINES)

#: Columns of ``pacer history --csv`` (the stored fields people and spreadsheets want).
CSV_COLUMNS: tuple[str, ...] = (
    "id",
    "started",
    "ended",
    "pattern",
    "rhythm",
    "minutes",
    "planned_minutes",
    "whole",
    "stress_before",
    "stress_after",
    "note",
    "source",
)


@dataclass(frozen=True)
class WeekPace:
    """One Monday-to-Sunday week: practised seconds, sessions and days with any practice."""

    start: date
    seconds: float = 0.0
    sessions: int = 0
    days: int = 0

    @property
    def minutes(self) -> float:
        return self.seconds / 60


@dataclass(frozen=True)
class StressChange:
    """The average stress rating before and after one kind of practice (pairs with both only)."""

    kind: str
    count: int = 0
    before: float = 0.0
    after: float = 0.0

    @property
    def change(self) -> float:
        """after - before: negative means calmer afterwards."""
        return self.after - self.before


@dataclass(frozen=True)
class Totals:
    """All-time figures for a calm summary line (no streaks)."""

    sessions: int = 0
    seconds: float = 0.0
    days: int = 0
    first: date | None = None


# --- reading records --------------------------------------------------------------------------


def week_start(day: date) -> date:
    """The Monday of ``day``'s week."""
    return day - timedelta(days=day.weekday())


def local_start(record: Record, tz: tzinfo | None) -> datetime | None:
    """When a session started, in ``tz``; None means the computer's own time zone.

    None is what the app passes: ``astimezone()`` then applies the zone's rules *for that
    date*, so a summer session still reads 08:00 in winter (a fixed offset taken from "now"
    would show it an hour off). Naive times are taken as already local.
    """
    value = record.get("started")
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=tz) if tz is not None else moment
    return moment.astimezone(tz)


def local_midnight(day: date, tz: tzinfo | None) -> datetime:
    """00:00 on ``day`` as an aware datetime, in ``tz`` or the computer's own time zone."""
    if tz is not None:
        return datetime.combine(day, time.min, tzinfo=tz)
    return datetime.combine(day, time.min).astimezone()


def practised_seconds(record: Record) -> float:
    """The real practised length in seconds; 0 for anything unusable."""
    value = record.get("seconds")
    if isinstance(value, bool) or not isinstance(value, int | float):
        return 0.0
    seconds = float(value)
    return seconds if math.isfinite(seconds) and seconds > 0 else 0.0


def score(value: Any) -> int | None:
    """A 0-10 stress rating from a record field, or None.

    Accepts a number, a numeric string, or a small dict carrying ``stress`` (or ``rating``),
    because the routine and reappraisal features may nest their check-ins.
    """
    if isinstance(value, Mapping):
        value = value.get("stress", value.get("rating"))
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str):
        value = value.strip()
        if not value.isdigit():
            return None
        value = int(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and 0 <= value <= 10:
        return value
    return None


def journal_stress(entry: Record) -> tuple[str, int, int] | None:
    """(kind, before, after) for a journal entry carrying both ratings, else None.

    Routines record ``checkin`` / ``checkout``; reappraisals ``stress_before`` / ``stress_after``;
    anything else with ``before`` / ``after`` counts by its ``kind`` (routine or reappraisal).
    """
    kind_field = str(entry.get("kind") or entry.get("type") or "").lower()
    if "checkin" in entry or "checkout" in entry:
        kind, before, after = ROUTINES, entry.get("checkin"), entry.get("checkout")
    elif "stress_before" in entry or "stress_after" in entry:
        kind, before, after = REAPPRAISALS, entry.get("stress_before"), entry.get("stress_after")
    elif "before" in entry and "after" in entry:
        kind = ROUTINES if "routine" in kind_field else REAPPRAISALS
        before, after = entry.get("before"), entry.get("after")
    else:
        return None
    if "routine" in kind_field:
        kind = ROUTINES
    elif "reapprais" in kind_field:
        kind = REAPPRAISALS
    first, last = score(before), score(after)
    if first is None or last is None:
        return None
    return kind, first, last


# --- aggregates -------------------------------------------------------------------------------


def weekly_pace(
    sessions: Iterable[Record], today: date, tz: tzinfo | None, weeks: int = CHART_WEEKS
) -> list[WeekPace]:
    """The last ``weeks`` weeks, oldest first, ending with this week (one pass).

    Sessions outside the window (older, or dated in the future by a wrong clock) are ignored.
    A practice day is a local date with at least one session of any length.
    """
    this_monday = week_start(today)
    first = this_monday - timedelta(weeks=weeks - 1)
    end = today + timedelta(days=1)
    seconds = [0.0] * weeks
    counts = [0] * weeks
    days: list[set[date]] = [set() for _ in range(weeks)]
    for record in sessions:
        started = local_start(record, tz)
        if started is None:
            continue
        day = started.date()
        if day < first or day >= end:
            continue
        index = (day - first).days // 7
        seconds[index] += practised_seconds(record)
        counts[index] += 1
        days[index].add(day)
    return [
        WeekPace(first + timedelta(weeks=i), seconds[i], counts[i], len(days[i]))
        for i in range(weeks)
    ]


def stress_changes(
    sessions: Iterable[Record], journal: Iterable[Record] = ()
) -> list[StressChange]:
    """Average before/after stress for sessions, reappraisals and routines (one pass each).

    Only records with both ratings count: a lone "before" says nothing about change.
    """
    sums: dict[str, list[float]] = {kind: [0, 0.0, 0.0] for kind in STRESS_KINDS}
    for record in sessions:
        before, after = score(record.get("before")), score(record.get("after"))
        if before is not None and after is not None:
            bucket = sums[SESSIONS]
            bucket[0] += 1
            bucket[1] += before
            bucket[2] += after
    for entry in journal:
        found = journal_stress(entry)
        if found is not None:
            kind, before, after = found
            bucket = sums[kind]
            bucket[0] += 1
            bucket[1] += before
            bucket[2] += after
    changes = []
    for kind in STRESS_KINDS:
        count, total_before, total_after = sums[kind]
        n = int(count)
        changes.append(
            StressChange(kind, n, total_before / n, total_after / n) if n else StressChange(kind)
        )
    return changes


def totals(sessions: Iterable[Record], tz: tzinfo | None) -> Totals:
    """All-time sessions, seconds and practice days (one pass)."""
    count, seconds = 0, 0.0
    days: set[date] = set()
    for record in sessions:
        started = local_start(record, tz)
        if started is None:
            continue
        count += 1
        seconds += practised_seconds(record)
        days.add(started.date())
    return Totals(count, seconds, len(days), min(days) if days else None)


def window_start(today: date, tz: tzinfo | None, weeks: int = CHART_WEEKS) -> datetime:
    """Monday 00:00 local time, ``weeks - 1`` weeks before this week: what the charts read."""
    return local_midnight(week_start(today) - timedelta(weeks=weeks - 1), tz)


def sorted_with_totals(
    sessions: Iterable[Record], tz: tzinfo | None
) -> tuple[list[Record], Totals]:
    """:func:`newest_first` and :func:`totals` in one pass (each start time is parsed once).

    The history screen runs this over the whole log in a background thread, where every
    parsed date counts: ten years are 40,000 of them.
    """
    timed: list[tuple[float, int, Record]] = []
    untimed: list[Record] = []
    count, seconds = 0, 0.0
    days: set[date] = set()
    for position, record in enumerate(sessions):
        started = local_start(record, tz)
        if started is None:
            untimed.append(record)
            continue
        count += 1
        seconds += practised_seconds(record)
        days.add(started.date())
        if started.tzinfo is None:
            untimed.append(record)
        else:
            timed.append((started.timestamp(), position, record))
    timed.sort(key=lambda item: (item[0], item[1]), reverse=True)
    ordered = [record for _, _, record in timed] + untimed
    return ordered, Totals(count, seconds, len(days), min(days) if days else None)


def since_start(newest: Sequence[Record], start: datetime, tz: tzinfo | None) -> list[Record]:
    """The leading sessions of a newest-first list that started at or after ``start`` (aware).

    Stops at the first older one, so picking the chart window out of ten years of sessions
    parses a few hundred dates, not forty thousand.
    """
    out: list[Record] = []
    for record in newest:
        started = local_start(record, tz)
        if started is None:
            continue
        if started.tzinfo is None:
            started = started.replace(tzinfo=start.tzinfo)
        if started < start:
            break
        out.append(record)
    return out


def newest_first(sessions: Iterable[Record]) -> list[Record]:
    """Sessions sorted newest first by start time (unreadable times last, file order kept).

    The log is in the order sessions were saved, which is nearly always start order; sorting is
    for the rare late-logged or imported session.
    """
    timed: list[tuple[float, int, Record]] = []
    untimed: list[Record] = []
    for position, record in enumerate(sessions):
        started = local_start(record, None)
        if started is None or started.tzinfo is None:
            untimed.append(record)
        else:
            timed.append((started.timestamp(), position, record))
    timed.sort(key=lambda item: (item[0], item[1]), reverse=True)
    return [record for _, _, record in timed] + untimed


# --- words ------------------------------------------------------------------------------------


def minutes_words(seconds: float) -> str:
    """Practice time for summaries: "0 min", "under 1 min", "42 min", "3 h 5 min"."""
    if seconds <= 0:
        return "0 min"
    if seconds < 60:
        return "under 1 min"
    minutes = math.floor(seconds / 60 + 0.5)
    if minutes < 60:
        return f"{minutes} min"
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest} min" if rest else f"{hours} h"


def change_words(change: StressChange) -> str:
    """How the average moved, kindly: a rise is not a failure, just a harder stretch."""
    if change.count == 0:
        return "no before-and-after ratings yet"
    delta = round(change.change, 1)
    if abs(delta) < 0.05:
        return "about the same before and after"
    average = ", on average" if change.count > 1 else ""
    points = plural(abs(delta), "point")
    if delta < 0:
        return f"stress {points} lower after{average}"
    return f"stress {points} higher after{average}. Some stretches are like that"


def pattern_label(record: Record, names: Mapping[str, str]) -> str:
    """The pattern's name when it is a known key, else what was stored (a typed rhythm),
    made harmless: the log is a file anyone can edit."""
    key = str(record.get("pattern") or record.get("rhythm") or "?")
    return harmless(names.get(key, key))


def table_row(record: Record, tz: tzinfo | None, names: Mapping[str, str]) -> tuple[str, ...]:
    """The history table's cells: date, pattern, minutes, stress before -> after, whole/partial."""
    started = local_start(record, tz)
    when = f"{started:%a} {started:%d %b %Y %H:%M}" if started else "unknown date"
    minutes = clock_time(practised_seconds(record))
    before, after = score(record.get("before")), score(record.get("after"))
    if before is None and after is None:
        stress = "–"
    else:
        stress = f"{'–' if before is None else before} → {'–' if after is None else after}"
    kind = "whole" if record.get("completed") is True else "partial"
    return when, pattern_label(record, names), minutes, stress, kind


def to_csv(records: Iterable[Record]) -> str:
    """``pacer history --csv``: one row per session, minutes rounded to 0.01, in the order given.

    Stress cells are empty when not rated (a spreadsheet reads empty as "no value", unlike 0).
    Every text cell goes through :func:`csv_cell`: control characters made visible, and a cell
    starting ``= + - @`` escaped so a spreadsheet never runs it as a formula.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for record in records:
        planned = record.get("planned_seconds")
        planned_cell = ""
        if isinstance(planned, int | float) and not isinstance(planned, bool):
            planned_cell = f"{float(planned) / 60:.2f}"
        before, after = score(record.get("before")), score(record.get("after"))
        writer.writerow(
            (
                csv_cell(record.get("id", "")),
                csv_cell(record.get("started", "")),
                csv_cell(record.get("ended", "")),
                csv_cell(record.get("pattern", "")),
                csv_cell(record.get("rhythm", "")),
                f"{practised_seconds(record) / 60:.2f}",
                planned_cell,
                "yes" if record.get("completed") is True else "no",
                "" if before is None else before,
                "" if after is None else after,
                csv_cell(record.get("note") or ""),
                csv_cell(record.get("source", "")),
            )
        )
    return out.getvalue()


def best_scale(values: Sequence[float], target: float) -> float:
    """The top of a bar chart's scale: room for the target and the biggest week, rounded up."""
    top = max([target * 1.25, *values, 1.0])
    step = 10 if top <= 100 else 30 if top <= 300 else 60
    return math.ceil(top / step) * step


# --- how the weeks felt: the weekly check-in and the daily battery ------------------------------

#: Shown for a day or a week without an answer (never a zero, which would be a real answer).
NO_ANSWER = "·"


@dataclass(frozen=True)
class WeekFeeling:
    """One Monday-to-Sunday week: the week's distress (its latest check-in) and each day's
    battery (the day's latest reading), Monday first; None where nothing was said."""

    start: date
    distress: int | None = None
    energy: tuple[int | None, ...] = (None,) * 7

    @property
    def said(self) -> bool:
        return self.distress is not None or any(e is not None for e in self.energy)


def weekly_feelings(
    entries: Iterable[Record], today: date, tz: tzinfo | None, weeks: int = CHART_WEEKS
) -> list[WeekFeeling]:
    """The last ``weeks`` weeks of check-ins and battery readings, oldest first, lined up with
    :func:`weekly_pace`. Entries that cannot be used (a hand-edited line) are skipped."""
    from pacer.domain.checkin import check_ins, energies

    listed = list(entries)
    first = week_start(today) - timedelta(weeks=weeks - 1)
    distress: list[int | None] = [None] * weeks
    energy: list[list[int | None]] = [[None] * 7 for _ in range(weeks)]

    def slot(moment: datetime) -> tuple[int, int] | None:
        day = moment.astimezone(tz).date()
        if day < first or day > today:
            return None
        return (day - first).days // 7, day.weekday()

    for check_in in check_ins(listed):  # oldest first: the latest of a week wins
        where = slot(check_in.created)
        if where is not None:
            distress[where[0]] = check_in.distress
    for reading in energies(listed):
        where = slot(reading.created)
        if where is not None:
            energy[where[0]][where[1]] = reading.energy
    return [WeekFeeling(first + timedelta(weeks=i), distress[i], tuple(energy[i]))
            for i in range(weeks)]


#: Columns of :func:`feeling_lines`: week, practice minutes, distress, then the battery.
FEELING_WIDTHS = (10, 8, 10)
#: Below this many cells the battery is one weekly average instead of seven days.
FEELING_DAYS_FROM = sum(FEELING_WIDTHS) + 7 * 3


def _week_name(start: date, this_monday: date) -> str:
    return "This week" if start == this_monday else f"{start.day} {start:%b}"


def feeling_lines(
    feelings: Sequence[WeekFeeling], paces: Sequence[WeekPace], this_monday: date,
    width: int = 80,
) -> list[str]:
    """Weekly distress and daily battery beside each week's practice minutes, newest week
    first, as plain text (readable without colour). Only weeks with something said, plus
    this week; [] when nothing was ever said."""
    if not any(f.said for f in feelings):
        return []
    minutes = {pace.start: pace.seconds for pace in paces}
    days = width >= FEELING_DAYS_FROM
    week_w, practice_w, distress_w = FEELING_WIDTHS
    battery = "Battery, Mon to Sun" if days else "Battery"
    lines = [f"{'Week':<{week_w}}{'Practice':>{practice_w}}{'Distress':>{distress_w}}  "
             f"{battery}"]
    for feeling in reversed(feelings):
        if not feeling.said and feeling.start != this_monday:
            continue
        seconds = minutes.get(feeling.start, 0.0)
        practice = f"{round(seconds / 60)} min"
        distress = NO_ANSWER if feeling.distress is None else str(feeling.distress)
        shown = [e for e in feeling.energy if e is not None]
        if days:
            values = list(feeling.energy)
            while feeling.start == this_monday and values and values[-1] is None:
                values.pop()  # the days of this week still to come (or not answered yet)
            battery = " ".join(f"{NO_ANSWER if e is None else e:>2}" for e in values) \
                if shown else ""  # a week of no answers is left blank, not a row of dots
        else:
            average = f"{sum(shown) / len(shown):.1f}" if shown else ""
            battery = f"{average} on {plural(len(shown), 'day')}" if shown else NO_ANSWER
        lines.append(f"{_week_name(feeling.start, this_monday):<{week_w}}"
                     f"{practice:>{practice_w}}{distress:>{distress_w}}  {battery}".rstrip())
    lines.append(f"Distress: the week's check-in, 0 to 10. Battery: each day, 0 to 10. "
                 f"{NO_ANSWER} not answered.")
    return lines
