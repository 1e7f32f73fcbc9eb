"""The wait for results: between a scan or blood test and the day its results come.

Why: the wait between the test and the results is the hardest part of scanxiety (Bui et al.
2022: 55% of people with advanced cancer report it, worst while *waiting for results*, and
70% wait more than two days; Derry-Vick et al. 2023). So Today names the wait in calm words
("Waiting for your scan results: day 3, expected Thursday") and offers one small thing a day.
Nothing here counts streaks or marks a skipped day.

A wait exists for a test (:data:`~pacer.domain.appointments.TESTS`) whose time has passed and
that says when its results are expected: a day (``results_due``) or a later results visit
(``results_appointment``, the id of another appointment). It ends when that visit's time
comes, or when the person says the results came (``results_came``). A due day that passes
does not end it (results are often late); the words then say when they were expected.

Days are counted on the calendar in `now`'s time zone: the day of the test is day 1, and a
day changes at local midnight, so a DST change never makes a day of 23 or 25 hours count
twice or not at all. Pure: takes the appointments (dicts that fit the Appointment Struct)
and `now`; no clock, no files, no Textual.
"""

from __future__ import annotations

from datetime import date, datetime

from pacer.domain.appointments import KINDS, TESTS, when_of
from pacer.domain.stored import stored_day

# `pacer status` (a shell prompt line, benchmarked against a bare Python) says "waiting day 3"
# with this module, so it imports nothing heavy: no typing or dataclasses at run time.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from typing import Any

#: A wait with no results visit and a due day this long past stops showing: by then the
#: results have almost surely come, and a wait that never ends would nag.
STALE_DAYS = 21


class Wait:
    """One wait for results, as Today shows it.

    Frozen and compared by value like a frozen dataclass, written by hand because importing
    dataclasses (and the inspect module it loads) would double the time of `pacer status`.
    """

    __slots__ = ("day", "expected", "test", "visit")

    test: dict[str, Any]
    #: 1 on the day of the test.
    day: int
    #: The day the results are expected (the results visit's day when there is one), or None.
    expected: date | None
    #: The results visit, when the test is linked to one that is still to come.
    visit: dict[str, Any] | None

    def __init__(self, test: dict[str, Any], day: int, expected: date | None,
                 visit: dict[str, Any] | None) -> None:
        for name, value in (("test", test), ("day", day), ("expected", expected),
                            ("visit", visit)):
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a Wait does not change (tried to set {name!r})")

    def _fields(self) -> tuple[object, ...]:
        return (self.test, self.day, self.expected, self.visit)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Wait) and self._fields() == other._fields()

    def __repr__(self) -> str:
        return (f"Wait(test={self.test!r}, day={self.day!r}, expected={self.expected!r}, "
                f"visit={self.visit!r})")


def _came(test: dict[str, Any]) -> bool:
    return test.get("results_came") not in (None, "")


def wait_of(
    test: dict[str, Any], appointments: Sequence[dict[str, Any]], now: datetime
) -> Wait | None:
    """The wait that ``test`` starts, as of ``now``, or None (no wait, not yet, or over)."""
    if test.get("kind") not in TESTS or _came(test):
        return None
    when = when_of(test)
    if when is None or when > now:
        return None
    visit = None
    link = test.get("results_appointment")
    if isinstance(link, str) and link:
        visit = next((a for a in appointments if a.get("id") == link), None)
    visit_when = when_of(visit) if visit is not None else None
    due = stored_day(test.get("results_due"))
    if visit_when is not None:
        if visit_when <= now:
            return None  # the results visit has come: the wait is over
    elif due is None:
        return None  # nothing says when the results come: no wait to show
    today = now.date()
    if visit_when is None and due is not None and (today - due).days > STALE_DAYS:
        return None
    day = (today - when.astimezone(now.tzinfo).date()).days + 1
    expected = visit_when.astimezone(now.tzinfo).date() if visit_when is not None else due
    return Wait(test=test, day=day, expected=expected,
                visit=visit if visit_when is not None else None)


def current_waits(appointments: Iterable[dict[str, Any]], now: datetime) -> list[Wait]:
    """Every wait going on at ``now``, the one that started first first."""
    everything = list(appointments)
    waits = [w for a in everything if (w := wait_of(a, everything, now)) is not None]
    return sorted(waits, key=lambda w: -w.day)


def _day_name(day: date, today: date) -> str:
    days = (day - today).days
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days == -1:
        return "yesterday"
    if 2 <= days <= 6:
        return day.strftime("%A")
    return f"{day.strftime('%a')} {day.day} {day.strftime('%b')}"


def _what(test: dict[str, Any]) -> str:
    return {"scan": "scan", "blood-test": "blood test"}.get(
        str(test.get("kind")), KINDS.get(str(test.get("kind")), "test").lower())


def wait_line(wait: Wait, now: datetime) -> str:
    """"Waiting for your scan results: day 3, expected Thursday" (calm, no count of misses)."""
    head = f"Waiting for your {_what(wait.test)} results: day {wait.day}"
    if wait.expected is None:
        return head
    today = now.date()
    name = _day_name(wait.expected, today)
    if wait.expected < today:
        return f"{head}. They were expected {name}; results are often late"
    return f"{head}, expected {name}"


def short_wait(wait: Wait) -> str:
    """The few words for a prompt line: "waiting day 3"."""
    return f"waiting day {wait.day}"


def pleasant_for(day: date, things: Sequence[str]) -> str | None:
    """Today's pleasant thing from the person's own list: one a day, the same all day,
    going round the list; None when the list is empty."""
    usable = [t for t in things if isinstance(t, str) and t.strip()]
    if not usable:
        return None
    return usable[day.toordinal() % len(usable)]
