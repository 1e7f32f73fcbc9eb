"""The weekly check-in and the daily battery: how the week went, and how much energy today.

Why: distress is common with cancer and is worth telling the care team about when it is 4 or
more on a 0 to 10 scale over the past week (background: the NCCN Distress Thermometer, NCCN
Guidelines for Patients: Distress; American Cancer Society; content brief section 8). Pacer
uses that idea and that scale in its own words: it never copies the instrument or its problem
list, never names a condition, and never uses alarming words. The note at 4 or more is calm:
this is worth telling your care team about, with the next appointment when there is one.

The daily battery (energy 0-10) is Pacer's own: it only changes what Today suggests. On a low
day (3 or less) that is the finish line's small step (its next step, else its route B, sized
for a low-energy day) and a shorter, gentle session, following the fatigue advice "plan, pace,
prioritise" and avoiding "boom and bust" (NHS and Macmillan fatigue leaflets).

The check-in is offered once a week and never nags: it is due when none was done in the last
7 days, counted on the local calendar (a DST change never moves it), and one key puts it off
until tomorrow. Pure: journal entries and appointments are plain dicts, ``now`` comes in as an
argument; every field may hold any JSON value (a hand-edited file) and nothing here raises.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from pacer.domain.records import CHECK_IN_AREAS, STRESS
from pacer.domain.stored import stored_day, stored_moment
from pacer.domain.text import harmless

Record = Mapping[str, Any]

#: Days between two weekly check-ins, on the calendar.
WEEK_DAYS = 7
#: Distress at or above this is worth telling the care team about (NCCN, as background).
TELL_TEAM_FROM = 4
#: A battery at or below this is a low day.
LOW_ENERGY = 3
#: The shorter, gentle session offered on a low day: no holds, a long out-breath.
LOW_DAY_PATTERN = "extended-exhale"
LOW_DAY_MINUTES = 2
#: The visit sheet lists the check-ins since the previous appointment, at most this far back;
#: with no earlier appointment, the last :data:`SHEET_WEEKS` weeks.
SHEET_WEEKS = 4
SHEET_MAX_WEEKS = 12

DISTRESS_QUESTION = "How much distress have you felt this past week, 0-10?"
DISTRESS_HINT = "0 is none at all, 10 is the most you can imagine."
AREAS_QUESTION = "What weighed on you this week? Tick any, or none."
NOTE_QUESTION = "Anything else, in one line of your own? (optional)"
ENERGY_QUESTION = "How is your battery today, 0-10?"
ENERGY_HINT = "0 is empty, 10 is full. Optional."

#: The areas, in our own words (the keys are :data:`pacer.domain.records.CHECK_IN_AREAS`).
AREAS: dict[str, str] = {
    "body": "Body and symptoms (pain, sleep, tiredness)",
    "practical": "Practical things (work, money, getting about)",
    "family": "Family and friends",
    "feelings": "Feelings (worry, sadness, low mood)",
    "meaning": "Meaning, faith or what matters most",
}
#: The few words an area takes on a line (the visit sheet, History).
AREA_SHORT: dict[str, str] = {
    "body": "body and symptoms",
    "practical": "practical things",
    "family": "family and friends",
    "feelings": "feelings",
    "meaning": "meaning or faith",
}
assert tuple(AREAS) == CHECK_IN_AREAS == tuple(AREA_SHORT)

TELL_TEAM = "This is worth telling your care team about."
TELL_TEAM_NO_VISIT = (
    "You could call them, or bring it up at your next visit. "
    "It is fine to mention it, even if it seems small."
)
THANKS = "Thank you for checking in. Noticing how you are is a good step."


# --- reading entries --------------------------------------------------------------------------


def _score(value: Any) -> int | None:
    """A whole 0-10 number, or None (a bool, 11, "five" are not scores)."""
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if STRESS[0] <= value <= STRESS[1] else None


@dataclass(frozen=True)
class CheckIn:
    """One weekly check-in as read from the journal."""

    created: datetime
    distress: int
    areas: tuple[str, ...]
    note: str


@dataclass(frozen=True)
class Energy:
    """One battery reading as read from the journal."""

    created: datetime
    energy: int


def check_in_of(entry: Any) -> CheckIn | None:
    """A journal entry as a :class:`CheckIn`, or None when it is not one that can be used."""
    if not isinstance(entry, Mapping) or entry.get("kind") != "check-in":
        return None
    created, distress = stored_moment(entry.get("created")), _score(entry.get("distress"))
    if created is None or distress is None:
        return None
    raw = entry.get("areas")
    ticked = {a for a in (raw if isinstance(raw, list) else []) if isinstance(a, str)}
    areas = tuple(a for a in AREAS if a in ticked)  # the listed order, each once
    note = entry.get("note")
    return CheckIn(created, distress, areas, note.strip() if isinstance(note, str) else "")


def energy_of(entry: Any) -> Energy | None:
    """A journal entry as an :class:`Energy` reading, or None."""
    if not isinstance(entry, Mapping) or entry.get("kind") != "energy":
        return None
    created, energy = stored_moment(entry.get("created")), _score(entry.get("energy"))
    if created is None or energy is None:
        return None
    return Energy(created, energy)


def check_ins(entries: Iterable[Any]) -> list[CheckIn]:
    """Every usable check-in, oldest first."""
    found = [c for c in map(check_in_of, entries) if c is not None]
    return sorted(found, key=lambda c: c.created)


def energies(entries: Iterable[Any]) -> list[Energy]:
    """Every usable battery reading, oldest first."""
    found = [e for e in map(energy_of, entries) if e is not None]
    return sorted(found, key=lambda e: e.created)


# --- the weekly offer -------------------------------------------------------------------------


def _local_day(moment: datetime, now: datetime) -> date:
    return moment.astimezone(now.tzinfo).date() if now.tzinfo else moment.date()


def last_check_in(entries: Iterable[Any]) -> CheckIn | None:
    done = check_ins(entries)
    return done[-1] if done else None


def check_in_due(entries: Iterable[Any], now: datetime, later: Any = None) -> bool:
    """Is the weekly check-in offered today?

    Due when no check-in was done in the last :data:`WEEK_DAYS` days by the local calendar (one
    done on a Tuesday is due again the next Tuesday, at any hour, across a DST change), and not
    put off past today (``later``: the settings' ``check_in_later``, a date or its ISO text).
    A check-in dated in the future (a wrong clock) counts as done: never nag.
    """
    today = now.date()
    put_off = stored_day(later)
    if put_off is not None and put_off > today:
        return False
    last = last_check_in(entries)
    if last is None:
        return True
    return (today - _local_day(last.created, now)).days >= WEEK_DAYS


def later_day(now: datetime) -> date:
    """The day a put-off offer comes back: tomorrow."""
    return now.date() + timedelta(days=1)


# --- distress: the >= 4 rule ------------------------------------------------------------------


def worth_telling(distress: int | None) -> bool:
    """4 or more on the 0-10 scale: worth telling the care team about."""
    return distress is not None and distress >= TELL_TEAM_FROM


def care_team_note(
    distress: int | None, appointments: Iterable[Any], now: datetime
) -> str | None:
    """The calm note for a check-in of 4 or more (None below 4): worth telling your care team,
    with the next appointment if there is one (and that it will be on its visit sheet)."""
    if not worth_telling(distress):
        return None
    from pacer.domain.appointments import appointment_title, friendly_countdown, next_appointment

    usable = [a for a in appointments if isinstance(a, dict)]
    try:
        soon = next_appointment(usable, now)
    except (TypeError, ValueError, OverflowError):
        soon = None
    when = stored_moment(soon.get("when")) if soon is not None else None
    if soon is None or when is None:
        return f"{TELL_TEAM} {TELL_TEAM_NO_VISIT}"
    visit = f"{appointment_title(soon)}, {friendly_countdown(when, now)}"
    return (
        f"{TELL_TEAM} Your next appointment: {harmless(visit)}. "
        "This check-in will be on its visit sheet."
    )


# --- the daily battery ------------------------------------------------------------------------


def energy_today(entries: Iterable[Any], now: datetime) -> int | None:
    """Today's battery (the latest reading on today's local date), or None."""
    today = now.date()
    readings = [e for e in energies(entries) if _local_day(e.created, now) == today]
    return readings[-1].energy if readings else None


def is_low(energy: int | None) -> bool:
    return energy is not None and energy <= LOW_ENERGY


@dataclass(frozen=True)
class LowDay:
    """What Today suggests on a low day."""

    energy: int
    #: The finish line's small step for a low-energy day, and the finish line it is for.
    step: str | None
    goal: str | None
    pattern: str = LOW_DAY_PATTERN
    minutes: int = LOW_DAY_MINUTES


def small_step(goals: Iterable[Any], today: date) -> tuple[str, str] | None:
    """(step, finish line) for a low-energy day: the next step, else route B, of today's
    finish line (the one Today shows), else of any other active one; None without any."""
    from pacer.domain.goals import goal_of_the_day, is_active, text_of, title_of

    usable = [g for g in goals if isinstance(g, dict)]
    try:
        first = goal_of_the_day(usable, today)
        active = [g for g in usable if is_active(g)]
    except (TypeError, ValueError):
        return None
    ordered = ([first] if first is not None else []) + sorted(
        (g for g in active if g is not first), key=lambda g: str(g.get("id"))
    )
    for goal in ordered:
        step = text_of(goal, "next_step").strip() or text_of(goal, "route_b").strip()
        if step:
            return step, title_of(goal)
    return None


def low_day(entries: Iterable[Any], goals: Iterable[Any], now: datetime) -> LowDay | None:
    """Today's suggestion when today's battery is 3 or less; None on any other day."""
    energy = energy_today(entries, now)
    if energy is None or not is_low(energy):
        return None
    found = small_step(goals, now.date())
    return LowDay(energy, *(found or (None, None)))


def low_day_lines(low: LowDay) -> list[str]:
    """The suggestion in plain words (made harmless: the step is the person's own text)."""
    lines = [f"Battery today: {low.energy} of 10. A low day: go gently, and save your energy."]
    if low.step:
        lines.append(f"A small step for today: {harmless(low.step)} ({harmless(low.goal)})")
    lines.append(
        f"A shorter, gentle session may suit today: {low.minutes} minutes of extended exhale."
    )
    return lines


def energy_line(energy: int) -> str:
    """Today's battery once it is given, on a day that is not low."""
    return f"Battery today: {energy} of 10."


# --- words for one check-in -------------------------------------------------------------------


def areas_words(areas: Sequence[str]) -> str:
    return ", ".join(AREA_SHORT[a] for a in areas if a in AREA_SHORT)


def check_in_line(check_in: CheckIn, now: datetime) -> str:
    """"Tue 24 Nov: distress 6 of 10; body and symptoms, feelings; "Tired after treatment"."""
    local = check_in.created.astimezone(now.tzinfo) if now.tzinfo else check_in.created
    year = f" {local.year}" if local.year != now.year else ""
    parts = [f"{local:%a} {local.day} {local:%b}{year}: distress {check_in.distress} of 10"]
    if check_in.areas:
        parts.append(areas_words(check_in.areas))
    if check_in.note:
        parts.append(f'"{harmless(check_in.note)}"')
    return "; ".join(parts)


def check_in_lines_for(
    appointment: Any, entries: Iterable[Any], now: datetime, *, others: Iterable[Any] = ()
) -> list[str]:
    """The check-ins for one appointment's visit sheet, oldest first, as short lines.

    The window ends at the appointment (or now, for one still to come) and starts at the
    previous appointment in ``others`` (at most :data:`SHEET_MAX_WEEKS` weeks back), else
    :data:`SHEET_WEEKS` weeks before its end. Never raises; [] when there are none.
    """
    when = stored_moment(appointment.get("when")) if isinstance(appointment, Mapping) else None
    end = now if when is None or when > now else when
    start = end - timedelta(weeks=SHEET_WEEKS)
    own_id = appointment.get("id") if isinstance(appointment, Mapping) else None
    earlier = [
        moment
        for other in others
        if isinstance(other, Mapping) and other.get("id") != own_id
        and (moment := stored_moment(other.get("when"))) is not None
        and moment < (when or end)
    ]
    if earlier:
        start = max(max(earlier), end - timedelta(weeks=SHEET_MAX_WEEKS))
    return [check_in_line(c, now) for c in check_ins(entries) if start <= c.created <= end]


# --- answers ----------------------------------------------------------------------------------


def parse_areas(text: str) -> list[str]:
    """Areas typed by number ("1 3", "1,3", or "" for none), as keys in the listed order.

    Raises :class:`pacer.domain.errors.InputError` naming a value that is not 1 to 5.
    """
    from pacer.domain.errors import InputError

    keys = list(AREAS)
    chosen: list[str] = []
    for part in text.replace(",", " ").split():
        if not (part.isascii() and part.isdigit()) or not 1 <= int(part) <= len(keys):
            raise InputError(
                f"'{part}' is not one of the areas; use numbers from 1 to {len(keys)}, "
                "or press Enter for none"
            )
        key = keys[int(part) - 1]
        if key not in chosen:
            chosen.append(key)
    return [k for k in keys if k in chosen]


def new_check_in(
    distress: int, areas: Sequence[str], note: str, now: datetime
) -> dict[str, Any]:
    """A check-in entry to add to the journal (the id is new)."""
    import uuid

    return {
        "id": str(uuid.uuid4()),
        "kind": "check-in",
        "created": now.isoformat(timespec="seconds"),
        "distress": distress,
        "areas": [a for a in AREAS if a in areas],
        "note": note.strip(),
    }


def new_energy(energy: int, now: datetime) -> dict[str, Any]:
    """A battery reading to add to the journal."""
    import uuid

    return {
        "id": str(uuid.uuid4()),
        "kind": "energy",
        "created": now.isoformat(timespec="seconds"),
        "energy": energy,
    }


def parse_score(text: str, what: str = "distress") -> int:
    """A whole number from 0 to 10 for ``what`` ("distress", "battery"); InputError names the
    value typed otherwise ("11", "ten", "4.5")."""
    from pacer.domain.errors import InputError

    low, high = STRESS
    value = text.strip()
    if not (value.isascii() and value.isdigit()) or not low <= int(value) <= high:
        raise InputError(
            f"'{value}' is not a {what} number; use a whole number from {low} to {high}"
        )
    return int(value)
