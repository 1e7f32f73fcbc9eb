"""Dates and times read back from the hand-editable files, never trusted.

Why one module: every feature that reads a stored day or moment (the wait, the debrief offer,
the weekly check-in, the prompt line) must treat a value that is missing, not a string, not
ISO, without its UTC offset, or outside :data:`~pacer.domain.limits.YEARS` the same way: as
no value, never as a crash. Light on purpose (datetime only): :mod:`pacer.status` uses it at
every new shell.
"""

from __future__ import annotations

from datetime import date, datetime

from pacer.domain.limits import YEARS


def stored_day(value: object) -> date | None:
    """A stored day ("2026-12-02"; a date or datetime passes as its day), or None."""
    if isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    elif isinstance(value, str):
        try:
            day = date.fromisoformat(value)
        except ValueError:
            return None
    else:
        return None
    return day if YEARS[0] <= day.year <= YEARS[1] else None


def stored_moment(value: object) -> datetime | None:
    """A stored moment with its UTC offset ("2026-12-02T10:00:00+01:00"), or None."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return None
    else:
        return None
    if moment.tzinfo is None or not YEARS[0] <= moment.year <= YEARS[1]:
        return None
    return moment
