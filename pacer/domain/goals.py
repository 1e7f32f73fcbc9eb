"""Finish lines: what a person is running toward, in their own words.

Hope theory (Snyder) says hope is a goal, routes to it, and the will to use them; so a finish line
keeps a next small step (sized for a low-energy day) and a route B beside the title. Goals change
with illness, and letting some go is healthy, so the status words are gentle (moving, resting,
reshaped, reached) and there is no "failed". Archiving hides a finish line without deleting it.

Everything here is pure: records are plain dicts (the store keeps fields it does not know), times
come in as arguments, and nothing reads a clock or a file. Screens and the command line call these
functions; the store saves what they return.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from typing import Any

from pacer.domain import dates
from pacer.domain.errors import InputError
from pacer.domain.records import YEARS
from pacer.domain.text import harmless

Goal = dict[str, Any]

KINDS: tuple[str, ...] = ("milestone", "ongoing", "experience")
KIND_WORDS: dict[str, str] = {
    "milestone": "A milestone (something to reach once)",
    "ongoing": "Ongoing (something to keep doing)",
    "experience": "An experience (something to do or share)",
}

STATUSES: tuple[str, ...] = ("moving", "resting", "reshaped", "reached")
STATUS_WORDS: dict[str, str] = {
    "moving": "Moving toward it",
    "resting": "Resting for now",
    "reshaped": "Reshaped",
    "reached": "Reached",
}
DEFAULT_STATUS = "moving"

#: The editable text fields, in the order a form shows them.
TEXT_FIELDS: tuple[str, ...] = (
    "title",
    "kind",
    "area",
    "why",
    "who",
    "next_step",
    "route_b",
    "target",
    "check_in",
    "status",
)

#: Life areas offered as suggestions; any words are fine.
AREAS: tuple[str, ...] = (
    "family",
    "friends",
    "health",
    "home",
    "work",
    "fun",
    "creativity",
    "nature",
    "travel",
    "faith and meaning",
    "learning",
    "legacy",
)

TITLE_LIMIT = 200
TEXT_LIMIT = 2000

_ISO_DATE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")


class GoalFieldError(InputError):
    """Bad input in one field of a finish line; ``field`` says which, so a form can point at it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


# --- parsing ----------------------------------------------------------------------------------


def parse_date(text: str | None, today: date, *, field: str = "check_in") -> date | None:
    """A date typed by a person: blank (no date), "friday", "3 dec", "in 2 weeks", 2026-06-01.

    The one date grammar of :mod:`pacer.domain.dates` (its rules are written there), so a
    check-in date reads the same words as an appointment. Relative forms exist because counting
    days on a tired day is work. Raises :class:`GoalFieldError` for ``field``.
    """
    value = (text or "").strip()
    if not value:
        return None
    try:
        return dates.parse_day(value, today)
    except dates.DateError as error:
        raise GoalFieldError(field, str(error)) from None


def _text(fields: Mapping[str, Any], name: str) -> str:
    value = fields.get(name)
    return "" if value is None else str(value).strip()


def clean_field(name: str, value: Any, today: date) -> Any:
    """Check one typed field (one of :data:`TEXT_FIELDS`) and return the value to store.

    Blank optional fields become None, so a file stays easy to read by hand. Raises
    :class:`GoalFieldError` naming the field and the value.
    """
    text = _text({name: value}, name)
    if name == "title":
        if not text:
            raise GoalFieldError("title", "A finish line needs a few words; the title is empty")
        if len(text) > TITLE_LIMIT:
            raise GoalFieldError(
                "title", f"The title is {len(text)} characters; please keep it under {TITLE_LIMIT}"
            )
        return text
    if name == "kind":
        kind = text.lower()
        if kind and kind not in KINDS:
            raise GoalFieldError(
                "kind",
                f"'{kind}' is not a kind of finish line; use milestone, ongoing or experience",
            )
        return kind or None
    if name == "status":
        status = text.lower() or DEFAULT_STATUS
        if status not in STATUSES:
            raise GoalFieldError(
                "status", f"'{status}' is not a status; use moving, resting, reshaped or reached"
            )
        return status
    if name == "check_in":
        check_in = parse_date(text, today, field="check_in")
        return check_in.isoformat() if check_in else None
    if name == "target":
        if _ISO_DATE.match(text):
            parse_date(text, today, field="target")  # a date-like target must be a real date
        if len(text) > TEXT_LIMIT:
            raise GoalFieldError(
                name, f"This is {len(text)} characters; please keep it under {TEXT_LIMIT}"
            )
        return text or None
    if len(text) > TEXT_LIMIT:
        raise GoalFieldError(
            name, f"This is {len(text)} characters; please keep it under {TEXT_LIMIT}"
        )
    return text or None


def clean_fields(fields: Mapping[str, Any], today: date) -> dict[str, Any]:
    """Check what a form (or the command line) gave and return the values to store.

    Only the title is required. Raises :class:`GoalFieldError` naming the field and the value
    (the first bad field in the form's order).
    """
    order = ("title", "kind", "status", "check_in", "target", "area", "why", "who",
             "next_step", "route_b")
    return {name: clean_field(name, fields.get(name), today) for name in order}


def _stamp(now: datetime) -> str:
    """ISO-8601 with the UTC offset; a naive time would be ambiguous in a health record."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("times in goal records need a UTC offset (use an aware datetime)")
    return now.replace(microsecond=0).isoformat()


# --- records ----------------------------------------------------------------------------------


def new_goal(fields: Mapping[str, Any], now: datetime, *, goal_id: str | None = None) -> Goal:
    """A new finish line from form fields; raises :class:`GoalFieldError` on bad input."""
    clean = clean_fields(fields, now.date())
    stamp = _stamp(now)
    return {
        "id": goal_id or str(uuid.uuid4()),
        **clean,
        "archived": False,
        "created": stamp,
        "updated": stamp,
        "last_reviewed": None,
    }


def edit_goal(goal: Goal, fields: Mapping[str, Any], now: datetime) -> Goal:
    """``goal`` with the form's ``fields`` applied; other keys (even unknown ones) are kept.

    Only the given fields are checked: a hand-written value in a field nobody touched (a target
    like "2025-13-01") must not stop a change to another one.
    """
    today = now.date()
    clean = {
        name: clean_field(name, value, today)
        for name, value in fields.items()
        if name in TEXT_FIELDS
    }
    return {**goal, **clean, "updated": _stamp(now)}


def form_values(goal: Goal | None) -> dict[str, str]:
    """The text a form shows for ``goal`` (blank strings for a new one or missing fields).

    Made :func:`harmless`: a control character from the file is shown, never sent to the
    terminal; the form compares with these very values, so an untouched field is not saved.
    """
    values = {name: "" for name in TEXT_FIELDS}
    values["status"] = DEFAULT_STATUS
    if goal:
        for name in TEXT_FIELDS:
            value = goal.get(name)
            if isinstance(value, str):
                values[name] = harmless(value)
    return values


def archive(goal: Goal, now: datetime) -> Goal:
    """Put a finish line away (kept in the file, hidden from lists); undo with :func:`unarchive`."""
    return {**goal, "archived": True, "archived_at": _stamp(now), "updated": _stamp(now)}


def unarchive(goal: Goal, now: datetime) -> Goal:
    """Bring an archived finish line back exactly as it was, apart from ``updated``."""
    restored = {key: value for key, value in goal.items() if key != "archived_at"}
    return {**restored, "archived": False, "updated": _stamp(now)}


def review(
    goal: Goal,
    now: datetime,
    *,
    status: str | None = None,
    next_step: str | None = None,
    check_in: str | None = None,
) -> Goal:
    """Record a check-in: maybe a new status, next step or check-in date; always last_reviewed.

    ``next_step`` and ``check_in`` are the typed text (None leaves them as they are, blank clears
    them). Raises :class:`GoalFieldError` for a bad status or date.
    """
    fields: dict[str, Any] = {}
    if status is not None:
        fields["status"] = status
    if next_step is not None:
        fields["next_step"] = next_step
    if check_in is not None:
        fields["check_in"] = check_in
    reviewed = edit_goal(goal, fields, now)
    reviewed["last_reviewed"] = _stamp(now)
    if status_of(reviewed) == "reached" and goal.get("status") != "reached":
        reviewed["reached"] = _stamp(now)
    return reviewed


# --- reading ----------------------------------------------------------------------------------


def status_of(goal: Mapping[str, Any]) -> str:
    """The goal's status, with anything unknown (a hand-edited file) read as "moving"."""
    status = goal.get("status")
    return status if status in STATUSES else DEFAULT_STATUS


def title_of(goal: Mapping[str, Any]) -> str:
    """The title to show, made :func:`harmless` (never a Python repr of an odd value)."""
    title = goal.get("title")
    title = harmless(title).strip() if isinstance(title, str) else ""
    return title or "(a finish line with no title)"


def text_of(goal: Mapping[str, Any], name: str) -> str:
    """A text field to show: made :func:`harmless`, and "" for anything that is not text."""
    value = goal.get(name)
    return harmless(value) if isinstance(value, str) else ""


def is_archived(goal: Mapping[str, Any]) -> bool:
    return goal.get("archived") is True


def is_active(goal: Mapping[str, Any]) -> bool:
    """Still being run toward: not archived and not reached (resting ones count)."""
    return not is_archived(goal) and status_of(goal) != "reached"


def _day(value: Any) -> date | None:
    """A stored date or date-time as a date; None when missing, unreadable or out of range."""
    if not isinstance(value, str) or not value:
        return None
    try:
        day = (
            date.fromisoformat(value) if len(value) <= 10 else datetime.fromisoformat(value).date()
        )
    except ValueError:
        return None
    # Outside the years a record may hold, date arithmetic can overflow: treat it as no date.
    return day if YEARS[0] <= day.year <= YEARS[1] else None


def check_in_date(goal: Mapping[str, Any]) -> date | None:
    return _day(goal.get("check_in"))


def is_due(goal: Mapping[str, Any], today: date) -> bool:
    """Its check-in date has come and it has not been reviewed on or after that date."""
    if not is_active(goal):
        return False
    check_in = check_in_date(goal)
    if check_in is None or check_in > today:
        return False
    reviewed = _day(goal.get("last_reviewed"))
    return reviewed is None or reviewed < check_in


def due_for_review(goals: Iterable[Goal], today: date) -> list[Goal]:
    """Active finish lines in review order.

    First those whose check-in date has come (the longest-waiting first), then the others, least
    recently reviewed first (never reviewed before anything else), then oldest created. Reached
    and archived ones are not reviewed.
    """
    active = [goal for goal in goals if is_active(goal)]

    def key(goal: Goal) -> tuple[int, date, str, str]:
        created, ident = str(goal.get("created") or ""), str(goal.get("id"))
        if is_due(goal, today):
            return (0, check_in_date(goal) or date.max, created, ident)
        return (1, _day(goal.get("last_reviewed")) or date.min, created, ident)

    return sorted(active, key=key)


def goal_of_the_day(goals: Iterable[Goal], today: date) -> Goal | None:
    """One active finish line to keep in sight today: the same all day, a different one tomorrow.

    Chosen by the date from the active ones sorted by id, so the choice does not depend on the
    order of the file. Moving (and reshaped) ones come first; resting ones are shown only when
    nothing else is active, so a rest is not nagged about every morning.
    """
    active = [goal for goal in goals if is_active(goal)]
    moving = [goal for goal in active if status_of(goal) != "resting"]
    pool = sorted(moving or active, key=lambda goal: str(goal.get("id")))
    if not pool:
        return None
    return pool[today.toordinal() % len(pool)]


def running_toward(goals: Iterable[Goal], today: date) -> str | None:
    """The home screen's line, e.g. "Running toward: Dance at Sam's wedding"; None if no goals."""
    goal = goal_of_the_day(goals, today)
    if goal is None:
        return None
    return f"Running toward: {title_of(goal)}"


_LIST_ORDER = {"moving": 0, "reshaped": 1, "resting": 2, "reached": 3}


def listed(goals: Iterable[Goal]) -> list[Goal]:
    """The finish lines a list shows: not archived; active ones first, reached ones last.

    Within a status, the order of the file (the order they were added) is kept.
    """
    shown = [goal for goal in goals if not is_archived(goal)]
    return sorted(shown, key=lambda goal: _LIST_ORDER[status_of(goal)])


def friendly_date(day: date, today: date) -> str:
    """ "today", "tomorrow", "Mon 3 Mar", or "3 Mar 2027" outside this year."""
    if day == today:
        return "today"
    if day == today + timedelta(days=1):
        return "tomorrow"
    if day == today - timedelta(days=1):
        return "yesterday"
    if day.year == today.year:
        return f"{day:%a} {day.day} {day:%b}"
    return f"{day.day} {day:%b %Y}"


def check_in_words(goal: Mapping[str, Any], today: date) -> str:
    """How the check-in date reads in a list: "", "check in today", "check in Mon 3 Mar"."""
    check_in = check_in_date(goal)
    if check_in is None:
        return ""
    if is_due(goal, today) and check_in < today:
        return f"check-in was {friendly_date(check_in, today)}"
    return f"check in {friendly_date(check_in, today)}"


DETAIL_LABELS: tuple[tuple[str, str], ...] = (
    ("kind", "Kind"),
    ("area", "Life area"),
    ("why", "Why it matters"),
    ("who", "Running with me"),
    ("next_step", "Next small step"),
    ("route_b", "Route B"),
    ("target", "Target"),
)


def detail_lines(goal: Mapping[str, Any], today: date) -> list[tuple[str, str]]:
    """(label, text) pairs describing a finish line, skipping what was left blank.

    The text is :func:`harmless`; a value that is not text (a hand-edited file) is skipped.
    """
    lines: list[tuple[str, str]] = [("Status", STATUS_WORDS[status_of(goal)])]
    for key, label in DETAIL_LABELS:
        value = text_of(goal, key)
        if value:
            lines.append((label, value))
    check_in = check_in_date(goal)
    if check_in is not None:
        lines.append(("Check-in", friendly_date(check_in, today)))
    reviewed = _day(goal.get("last_reviewed"))
    if reviewed is not None:
        lines.append(("Last looked at", friendly_date(reviewed, today)))
    return lines
