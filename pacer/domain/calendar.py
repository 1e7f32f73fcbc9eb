"""The calendar file: upcoming appointments as iCalendar (RFC 5545), for a phone or computer.

Why: people keep their days in their phone's calendar, not in a terminal. One file holds every
upcoming appointment with two reminders: the evening before at 19:00 ("Write your questions
for tomorrow": a question written down is a question asked, Clayton 2007) and an hour before
("Calm-down routine: pacer calm").

Decisions:

* UIDs are ``<appointment id>@pacer.local``, so importing a newer file updates the events
  instead of adding them twice. Two exports of the same appointments are the same text except
  DTSTAMP (the moment of the export, from the injected ``now``).
* Time zones: an appointment is stored with the UTC offset in force on its day. When the
  computer's named zone (``zone``, found by the caller) has that same offset at that moment,
  DTSTART carries ``TZID=<the zone's name>`` and the file holds a VTIMEZONE for it (only the
  years the appointments need), so the event stays at its wall-clock time in any calendar.
  When it does not (the appointment was typed in another zone, or the zone is not known), the
  time is written in UTC (``...Z``): exact, and read the same by every calendar, where a
  made-up fixed-offset zone is not (some calendars drop or rename such a TZID).
* DURATION is the appointment's ``minutes``, else the kind's usual length
  (:data:`KIND_MINUTES`, the one place these defaults live).
* The evening-before alarm is an absolute UTC trigger (RFC 5545 allows only UTC there),
  worked out as 19:00 on the day before in the event's own zone, so DST is respected; the
  other is relative, one hour before the start.

``icalendar`` is imported inside :func:`calendar_text` only: Pacer's launch never loads it.
Pure: takes the appointments, ``now`` and the zone; no files, no clock, no Textual.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, time, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from pacer.domain.appointments import KINDS, ordered_questions, upcoming, when_of
from pacer.domain.records import APPOINTMENT_KINDS, APPOINTMENT_MINUTES
from pacer.domain.text import harmless

#: How long each kind of appointment usually takes, in minutes, when it has no ``minutes``.
KIND_MINUTES: dict[str, int] = {
    "scan": 60,
    "blood-test": 20,
    "results": 30,
    "oncologist": 30,
    "treatment": 120,
    "new-symptom": 30,
    "palliative": 45,
    "other": 30,
}
assert tuple(KIND_MINUTES) == APPOINTMENT_KINDS

PRODID = "-//Pacer//Pacer appointments//EN"
CALENDAR_NAME = "Pacer appointments"
UID_DOMAIN = "pacer.local"
EVENING_HOUR = 19
EVENING_WORDS = "Write your questions for tomorrow"
HOUR_BEFORE_WORDS = "Calm-down routine: pacer calm"


def minutes_of(appointment: Mapping[str, Any]) -> int:
    """The visit's length: its ``minutes`` when usable, else the kind's usual length."""
    minutes = appointment.get("minutes")
    low, high = APPOINTMENT_MINUTES
    if isinstance(minutes, int) and not isinstance(minutes, bool) and low <= minutes <= high:
        return minutes
    kind = appointment.get("kind")
    return KIND_MINUTES.get(kind, KIND_MINUTES["other"]) if isinstance(kind, str) \
        else KIND_MINUTES["other"]


def event_zone(when: datetime, zone: tzinfo | None) -> tzinfo:
    """The zone to write ``when`` in: ``zone`` when it has a name and ``when``'s offset at
    that moment, else UTC (see the module's decisions)."""
    if isinstance(zone, ZoneInfo) and when.astimezone(zone).utcoffset() == when.utcoffset():
        return zone
    return UTC


def evening_before(when: datetime, zone: tzinfo) -> datetime:
    """19:00 on the day before ``when``, on the wall clock of ``zone`` (``when``'s own offset
    when ``zone`` is UTC, the fallback), as a UTC moment."""
    local_zone = zone if zone is not UTC else when.tzinfo or UTC
    local = when.astimezone(local_zone)
    day = local.date() - timedelta(days=1)
    return datetime.combine(day, time(EVENING_HOUR), tzinfo=local_zone).astimezone(UTC)


def _one_line(value: Any) -> str:
    text = value.strip() if isinstance(value, str) else ""
    return harmless(", ".join(part.strip() for part in text.splitlines() if part.strip()))


def description(appointment: Mapping[str, Any]) -> str:
    """The event's notes: the appointment's notes, who to bring, the questions (top first)."""
    record = dict(appointment)
    parts: list[str] = []
    notes = record.get("notes")
    if isinstance(notes, str) and notes.strip():
        parts.append(harmless(notes.strip(), multiline=True))
    bring = _one_line(record.get("bring"))
    if bring:
        parts.append(f"Who to bring: {bring}")
    questions = ordered_questions(record)
    if questions:
        marked = record.get("top_questions")
        tops = set(marked) if isinstance(marked, list) and all(
            isinstance(q, str) for q in marked) else set()
        lines = ["Questions to ask:"]
        for number, question in enumerate(questions, start=1):
            top = " (top question)" if question in tops else ""
            lines.append(f"{number}. {_one_line(question)}{top}")
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


def calendar_text(
    appointments: Iterable[Mapping[str, Any]], now: datetime, *, zone: tzinfo | None = None
) -> str:
    """An iCalendar file (CRLF lines, as RFC 5545 says) of the appointments at or after
    ``now``, soonest first. ``zone``: the computer's named zone, or None when not known."""
    from icalendar import Alarm, Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", CALENDAR_NAME)
    stamp = now.astimezone(UTC).replace(microsecond=0)
    years: list[int] = []
    for record in upcoming((dict(a) for a in appointments if isinstance(a, Mapping)), now):
        when = when_of(record)
        record_id = record.get("id")
        if when is None or not isinstance(record_id, str) or not record_id:
            continue
        tz = event_zone(when, zone)
        start = when.astimezone(tz).replace(microsecond=0)
        years.append(start.year)
        event = Event()
        event.add("uid", f"{record_id}@{UID_DOMAIN}")
        event.add("dtstamp", stamp)
        event.add("dtstart", start)
        event.add("duration", timedelta(minutes=minutes_of(record)))
        kind = record.get("kind")
        event.add("summary", KINDS.get(kind, "Appointment") if isinstance(kind, str)
                  else "Appointment")
        where = _one_line(record.get("where"))
        if where:
            event.add("location", where)
        words = description(record)
        if words:
            event.add("description", words)
        updated = when_of({"when": record.get("updated")})
        if updated is not None:
            event.add("last-modified", updated.astimezone(UTC).replace(microsecond=0))
        evening = Alarm()
        evening.add("action", "DISPLAY")
        evening.add("description", EVENING_WORDS)
        evening.add("trigger", evening_before(when, tz), parameters={"VALUE": "DATE-TIME"})
        event.add_component(evening)
        hour = Alarm()
        hour.add("action", "DISPLAY")
        hour.add("description", HOUR_BEFORE_WORDS)
        hour.add("trigger", timedelta(hours=-1))
        event.add_component(hour)
        calendar.add_component(event)
    if years:
        calendar.add_missing_timezones(
            first_date=datetime(min(years) - 1, 1, 1).date(),
            last_date=datetime(max(years) + 1, 12, 31).date(),
        )
    return str(calendar.to_ical(), "utf-8")
