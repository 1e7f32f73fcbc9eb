"""Appointments: what, when (local time, stored with its UTC offset), where, notes, questions.

Scans, blood tests and visits are where scanxiety lives, so Pacer keeps them close: the Today
screen shows the next one with a friendly countdown, and the calm-down routine can be aimed at
one, with the person's questions to ask.

Times are typed as local wall-clock time, in everyday words ("friday 9:30", "3 dec 14:00": one
grammar, :mod:`pacer.domain.dates`), and stored as ISO 8601 *with the
offset in force on that date* (so a December appointment typed in July gets the winter offset).
All functions take `now` instead of reading the clock, so tests never depend on today's date.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from pacer.domain.errors import InputError
from pacer.domain.limits import APPOINTMENT_KINDS, TOP_QUESTIONS, YEARS
from pacer.domain.questions import suggested_questions as suggested_questions

# Light to import on purpose: `pacer status` (a shell prompt line, benchmarked against a bare
# Python) words the next appointment with this module, so what only the forms need (the date
# grammar, FieldError's module, re, uuid) is imported where it is used.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from datetime import tzinfo
    from typing import Any

#: Each kind's label, in the order the form lists them (the keys are
#: :data:`~pacer.domain.records.APPOINTMENT_KINDS`).
KINDS: dict[str, str] = {
    "scan": "Scan",
    "blood-test": "Blood test",
    "results": "Results visit",
    "oncologist": "Oncologist",
    "treatment": "Treatment",
    "new-symptom": "New symptom",
    "palliative": "Palliative care",
    "other": "Other",
}
assert tuple(KINDS) == APPOINTMENT_KINDS
# The suggested questions by kind live in pacer.domain.questions, with their sources; the
# form, the routine and calm --plain import suggested_questions from here too (re-exported).

#: Kinds whose results come later: they can carry a wait (``results_due`` or a results visit).
TESTS = ("scan", "blood-test")

#: The kinds of visit where results are given: a scan or a blood test can link to one.
RESULTS_VISITS = ("results", "oncologist")
#: Results expected later than this after the test are surely a slip ("1 dec" read as next
#: year's), so the form says so rather than showing a wait for half a year.
RESULTS_WITHIN_DAYS = 183

#: A time to type that always works (no year, so it never goes out of date).
WHEN_EXAMPLE = "friday 9:30"


def parse_when(
    text: str, now: datetime, *, tz: tzinfo | None = None, allow_past: bool = False
) -> datetime:
    """A typed local date and time: "friday 9:00", "3 dec 14:30", "tomorrow 9am", ISO.

    The one date grammar of :mod:`pacer.domain.dates` (its rules are written there); kept here
    under this name for the forms and the command line. Raises InputError (a
    :class:`~pacer.domain.dates.DateError`) naming the text when it is not a date and time, or
    is in the past.
    """
    from pacer.domain import dates

    return dates.parse_when(text, now, tz=tz, allow_past=allow_past)


def when_of(appointment: dict[str, Any]) -> datetime | None:
    """The appointment's time, or None if it is missing, unreadable or outside :data:`YEARS`
    (hand-edited files: a year of 9999 would overflow the countdown's arithmetic)."""
    value = appointment.get("when")
    if not isinstance(value, str):
        return None
    try:
        when = datetime.fromisoformat(value)
        if not YEARS[0] <= when.year <= YEARS[1]:
            return None
        return when if when.tzinfo is not None else when.astimezone()
    except (ValueError, OverflowError, OSError):
        return None


def typed_when(when: datetime, tz: tzinfo | None = None) -> str:
    """A stored time as a person would type it, for the edit form: "2026-12-03 09:30"."""
    local = when.astimezone(tz) if tz is not None else when.astimezone()
    return local.strftime("%Y-%m-%d %H:%M")


def parse_questions(text: str) -> list[str]:
    """One question per line; bullets and numbers people paste in are taken off."""
    import re

    questions = []
    for line in text.splitlines():
        clean = re.sub(r"^\s*(?:[-*•]|\d+[.)])\s*", "", line).strip()
        if clean:
            questions.append(clean)
    return questions


def ordered_questions(appointment: dict[str, Any]) -> list[str]:
    """The appointment's questions with the top ones first (in the order they were marked),
    then the rest in the order written. A top question no longer on the list is left out, and
    an odd value (not a list, not strings) is read as no questions rather than a crash."""
    raw = appointment.get("questions")
    questions = [q for q in raw if isinstance(q, str)] if isinstance(raw, list) else []
    marked = appointment.get("top_questions")
    tops = [q for q in marked if isinstance(q, str)] if isinstance(marked, list) else []
    first = [q for q in dict.fromkeys(tops) if q in questions][:TOP_QUESTIONS]
    return first + [q for q in questions if q not in first]


def top_questions(marked: object, questions: Sequence[str]) -> list[str]:
    """The questions marked as the top ones, checked against the list; FieldError otherwise.

    ``marked`` is a list of question texts (or one per line, as a form's draft keeps them), in
    the order they were marked. Each must be one of ``questions`` (outer spaces aside) and
    there may be at most :data:`~pacer.domain.records.TOP_QUESTIONS`: a top three that is
    really ten would put nothing first.
    """
    from pacer.domain.reappraisal import FieldError

    if marked is None or marked == "":
        return []
    if isinstance(marked, str):
        marked = marked.splitlines()
    if not isinstance(marked, list | tuple):
        raise FieldError("top_questions", f"'{marked!r}' is not a list of questions")
    chosen = list(dict.fromkeys(str(q).strip() for q in marked if str(q).strip()))
    for question in chosen:
        if question not in questions:
            raise FieldError("top_questions",
                             f"'{question}' is marked as a top question but is not one of "
                             "the questions")
    if len(chosen) > TOP_QUESTIONS:
        raise FieldError("top_questions",
                         f"{len(chosen)} questions are marked as top ones; "
                         f"{TOP_QUESTIONS} at most")
    return chosen


def build_appointment(
    fields: dict[str, Any],
    now: datetime,
    *,
    existing: dict[str, Any] | None = None,
    tz: tzinfo | None = None,
    appointments: Iterable[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Check a filled-in form and return the record to save; raises FieldError per field.

    `fields`: kind, when (typed text), where, notes, questions (list or one-per-line text),
    and optionally top_questions (see :func:`top_questions`; left out, an edit keeps the marks
    on the questions that are still there).
    For a scan or blood test (each optional: left out, it is left as it was):
    results_due (a typed day, "in a week", "thursday"; counted from the test's day while it
    is to come), results_appointment (the id of a later results or oncologist visit, one of
    `appointments`; "" for none), results_came ("yes" ticked, "" not).
    When editing, an unchanged time that has since passed is accepted (you can still add notes
    after the visit); a *changed* time must be in the future. Unknown keys of `existing` are
    kept, so a later Pacer's fields survive an edit by this one.
    """
    import uuid

    from pacer.domain.reappraisal import FieldError

    kind = str(fields.get("kind") or "")
    if kind not in KINDS:
        raise FieldError("kind", f"'{kind}' is not a kind of appointment; choose one of "
                         + ", ".join(KINDS.values()).lower())
    typed = str(fields.get("when") or "")
    old_when = when_of(existing) if existing else None
    unchanged = old_when is not None and typed.strip() == typed_when(old_when, tz)
    try:
        when = old_when if unchanged and old_when else parse_when(typed, now, tz=tz)
    except InputError as error:
        raise FieldError("when", str(error)) from None
    questions = fields.get("questions") or []
    if isinstance(questions, str):
        questions = parse_questions(questions)
    questions = [str(q).strip() for q in questions if str(q).strip()]
    if "top_questions" in fields:
        top = top_questions(fields.get("top_questions"), questions)
    else:  # not given (an edit of other fields): the marks kept, on questions still there
        kept = (existing or {}).get("top_questions")
        marks = [q for q in kept if isinstance(q, str)] if isinstance(kept, list) else []
        top = [q for q in dict.fromkeys(marks) if q in questions][:TOP_QUESTIONS]
    stamp = now.isoformat(timespec="seconds")
    record = dict(existing or {})
    record.update(
        {
            "id": record.get("id") or str(uuid.uuid4()),
            "kind": kind,
            "when": when.isoformat(timespec="seconds"),
            "where": str(fields.get("where") or "").strip(),
            "notes": str(fields.get("notes") or "").strip(),
            "questions": questions,
            "top_questions": top,
            "created": record.get("created") or stamp,
            "updated": stamp,
        }
    )
    record.update(_results_fields(fields, record, existing or {}, when, now, appointments))
    return record


def typed_due(appointment: dict[str, Any]) -> str:
    """A stored results day as the edit form shows it ("2026-12-10"), or "" for none."""
    value = appointment.get("results_due")
    if not isinstance(value, str):
        return ""
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        return ""


def results_reference(when: datetime, now: datetime) -> date:
    """The day "in a week" or "thursday" counts from in "Results expected": the test's own
    day while it is still to come (results follow the test), else today."""
    return max(now.date(), when.astimezone(now.tzinfo).date())


def results_visits(
    appointments: Iterable[dict[str, Any]], after: datetime, *, exclude: str | None = None
) -> list[dict[str, Any]]:
    """The visits a test can link its results to: results or oncologist visits later than
    the test (``after``), soonest first; ``exclude`` is the test's own id."""
    out = []
    for appointment in appointments:
        when = when_of(appointment)
        if (appointment.get("kind") in RESULTS_VISITS and when is not None and when > after
                and appointment.get("id") != exclude):
            out.append((when, appointment))
    out.sort(key=lambda pair: pair[0])
    return [a for _, a in out]


def _what_test(kind: str) -> str:
    return {"scan": "the scan", "blood-test": "the blood test"}.get(kind, "the test")


def _results_fields(
    fields: dict[str, Any],
    record: dict[str, Any],
    existing: dict[str, Any],
    when: datetime,
    now: datetime,
    appointments: Iterable[dict[str, Any]] | None,
) -> dict[str, Any]:
    """The results fields the form gave (``results_due``, ``results_appointment``,
    ``results_came``), checked; a field left out of ``fields`` is left as it was.

    None clears a field that was set; a field that was never set is not written at all, so a
    record without a wait stays as short as before.
    """
    from pacer.domain.reappraisal import FieldError

    kind = str(record["kind"])
    test = kind in TESTS
    out: dict[str, Any] = {}

    def put(name: str, value: Any) -> None:
        if value is not None or existing.get(name) is not None:
            out[name] = value

    if "results_due" in fields:
        typed = str(fields.get("results_due") or "").strip()
        if not typed:
            put("results_due", None)
        elif not test:
            raise FieldError("results_due", "only a scan or a blood test has results to wait "
                             "for; leave Results expected empty")
        elif typed == typed_due(existing):
            put("results_due", existing["results_due"])  # unchanged: kept, passed or not
        else:
            put("results_due", results_due_day(typed, kind, when, now).isoformat())
    if "results_appointment" in fields:
        link = str(fields.get("results_appointment") or "").strip()
        if not link:
            put("results_appointment", None)
        elif not test:
            raise FieldError("results_appointment", "only a scan or a blood test has results "
                             "to wait for; choose none")
        elif link == existing.get("results_appointment"):
            put("results_appointment", link)  # unchanged: kept, even if that visit is gone
        else:
            _check_link(link, record, when, list(appointments or ()))
            put("results_appointment", link)
    if "results_came" in fields:
        ticked = str(fields.get("results_came") or "").strip().lower() not in ("", "no", "false")
        if not ticked:
            put("results_came", None)
        elif existing.get("results_came"):
            put("results_came", existing["results_came"])  # ticked before: its first moment
        elif when > now:
            raise FieldError("results_came", f"{_what_test(kind)} has not happened yet, so its "
                             "results cannot have come")
        else:
            put("results_came", now.isoformat(timespec="seconds"))
    return out


def results_due_day(typed: str, kind: str, when: datetime, now: datetime) -> date:
    """A typed results day, counted from :func:`results_reference`; on or after the test's
    day and within :data:`RESULTS_WITHIN_DAYS` of it, else a FieldError saying which."""
    from pacer.domain import dates
    from pacer.domain.reappraisal import FieldError

    try:
        due = dates.parse_day(typed, results_reference(when, now))
    except InputError as error:
        raise FieldError("results_due", str(error)) from None
    test_day = when.astimezone(now.tzinfo).date()
    shown = dates.understood(due, now)
    if due < test_day:
        raise FieldError("results_due", f"'{typed}' is {shown}, before {_what_test(kind)} on "
                         f"{dates.understood(test_day, now)}; type a day on or after it")
    if (due - test_day).days > RESULTS_WITHIN_DAYS:
        raise FieldError("results_due", f"'{typed}' is {shown}, over half a year after "
                         f"{_what_test(kind)}; type the day the results are expected")
    return due


def _check_link(
    link: str, record: dict[str, Any], when: datetime, appointments: list[dict[str, Any]]
) -> None:
    """A newly chosen results visit must exist, be a results or oncologist visit, and come
    after the test; a FieldError on ``results_appointment`` says which it is not."""
    from pacer.domain.reappraisal import FieldError

    visit = next((a for a in appointments if a.get("id") == link), None)
    kind = str(record["kind"])
    if visit is None or link == record.get("id"):
        raise FieldError("results_appointment", f"no other appointment has the id '{link}'")
    if visit.get("kind") not in RESULTS_VISITS:
        raise FieldError("results_appointment", f"'{link}' is not a results visit or an "
                         "oncologist visit; choose one of those, or none")
    visit_when = when_of(visit)
    if visit_when is None or visit_when <= when:
        raise FieldError("results_appointment", f"that visit is before {_what_test(kind)}; "
                         "choose one after it, or none")


def sorted_appointments(appointments: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """By time, soonest first; records with an unreadable time go last (never dropped)."""
    far = datetime.max.replace(tzinfo=None)

    def key(a: dict[str, Any]) -> tuple[int, datetime]:
        when = when_of(a)
        return (0, when.astimezone().replace(tzinfo=None)) if when else (1, far)

    return sorted(appointments, key=key)


def upcoming(
    appointments: Iterable[dict[str, Any]], now: datetime, *, grace: timedelta = timedelta(0)
) -> list[dict[str, Any]]:
    """Appointments at or after `now - grace`, soonest first."""
    out = []
    for appointment in appointments:
        when = when_of(appointment)
        if when is not None and when >= now - grace:
            out.append((when, appointment))
    out.sort(key=lambda pair: pair[0])
    return [a for _, a in out]


def next_appointment(
    appointments: Iterable[dict[str, Any]], now: datetime
) -> dict[str, Any] | None:
    """The soonest appointment that has not started yet, or None."""
    soon = upcoming(appointments, now)
    return soon[0] if soon else None


def clock_text(when: datetime) -> str:
    """9:30, 14:00: hours without a leading zero, the way people say them."""
    return f"{when.hour}:{when.minute:02d}"


def friendly_countdown(when: datetime, now: datetime) -> str:
    """How far away an appointment is, in words: "Today at 9:30", "Tomorrow at 14:00",
    "Thursday, in 2 days", "in 3 weeks", "in 2 months"; past ones: "Yesterday", "5 days ago".

    Days are counted on the calendar in `now`'s time zone, not in 24-hour blocks: 23:00 to
    08:00 the next morning is "Tomorrow".
    """
    local = when.astimezone(now.tzinfo)
    days = (local.date() - now.date()).days
    if days == 0:
        return f"Today at {clock_text(local)}"
    if days == 1:
        return f"Tomorrow at {clock_text(local)}"
    if 2 <= days <= 6:
        return f"{local.strftime('%A')}, in {days} days"
    if 7 <= days <= 55:
        weeks = days // 7
        return f"in {weeks} week{'s' if weeks > 1 else ''}"
    if days > 55:
        months = round(days / 30.44)
        return f"in {months} months"
    if days == -1:
        return "Yesterday"
    if days >= -13:
        return f"{-days} days ago"
    return f"{-days // 7} weeks ago"


def format_when(when: datetime, now: datetime) -> str:
    """A full, unambiguous time: "Thu 3 Dec, 9:30" (the year only when it is not this year)."""
    local = when.astimezone(now.tzinfo)
    year = f" {local.year}" if local.year != now.year else ""
    return f"{local.strftime('%a')} {local.day} {local.strftime('%b')}{year}, {clock_text(local)}"


def appointment_title(appointment: dict[str, Any]) -> str:
    """"Scan at City Hospital", or just "Scan"."""
    kind = KINDS.get(str(appointment.get("kind")), "Appointment")
    where = str(appointment.get("where") or "").strip()
    return f"{kind} at {where}" if where else kind


def next_appointment_line(
    appointments: Iterable[dict[str, Any]], now: datetime
) -> str | None:
    """The Today screen's line: "Next: Scan at City Hospital, Thursday, in 2 days", or None."""
    soon = next_appointment(appointments, now)
    if soon is None:
        return None
    when = when_of(soon)
    assert when is not None
    return f"Next: {appointment_title(soon)}, {friendly_countdown(when, now)}"
