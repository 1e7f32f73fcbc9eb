"""After the appointment: "How did it go?", the debrief kept with it.

Why: 40-80% of what a clinician says is forgotten at once (Kessels 2003), and the hours after a
scan or a results visit are when a person is least able to hold it. So once an appointment's
time has passed, Today offers to write it down: a short answer to each question that was taken
in (top ones first, as on the sheet), anything else that was said, what happens next and when
(which can become the next appointment in one step), stress now from 0 to 10, and a look at a
finish line, because a hard visit is easier to carry beside what all this pacing is for.

The offer is asked once per appointment: it is gone once the debrief is written or the person
said "do not ask about this one" (``debrief_dismissed``); "later" puts it off until a day
(``debrief_later``). Only the most recent appointment is offered, never one older than
:data:`OFFER_DAYS` days: an offer about a visit from a month ago would read as a chore missed.

Pure: takes appointments (dicts, as hand-edited files may hold any JSON value in any field) and
``now``; no clock, no files, no Textual. Nothing here raises for an odd value in a record.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any

from pacer.domain import dates
from pacer.domain.appointments import KINDS, format_when, ordered_questions, when_of
from pacer.domain.errors import InputError
from pacer.domain.reappraisal import FieldError
from pacer.domain.records import Debrief, Rejected, check
from pacer.domain.session import parse_stress
from pacer.domain.stored import stored_day, stored_moment

#: An appointment further back than this many days is never offered (see the module's note).
OFFER_DAYS = 14

#: How each kind is named in "How did the scan go?".
NOUNS: dict[str, str] = {
    "scan": "scan",
    "blood-test": "blood test",
    "results": "results visit",
    "oncologist": "visit with your oncologist",
    "treatment": "treatment",
    "new-symptom": "visit about the new symptom",
    "palliative": "palliative care visit",
    "other": "appointment",
}
assert set(NOUNS) == set(KINDS)

#: The kind the next appointment is, unless the person picks another: after a scan or a blood
#: test it is usually the results visit; after a visit, another of the same kind.
NEXT_KIND: dict[str, str] = {"scan": "results", "blood-test": "results"}


def noun(appointment: Mapping[str, Any]) -> str:
    """"scan", "blood test", "appointment" for a kind this version does not know."""
    return NOUNS.get(str(appointment.get("kind")), "appointment")


def has_debrief(appointment: Mapping[str, Any]) -> bool:
    """Was a debrief written? Any value there counts (never offered over data we cannot read)."""
    return appointment.get("debrief") is not None


def offer_from(appointment: Mapping[str, Any]) -> datetime | None:
    """When the offer for ``appointment`` may start: its time plus its length when one is
    stored (``minutes``), so the offer does not come while the person is still in the room."""
    when = when_of(dict(appointment))
    if when is None:
        return None
    minutes = appointment.get("minutes")
    if isinstance(minutes, int) and not isinstance(minutes, bool) and 0 < minutes <= 12 * 60:
        return when + timedelta(minutes=minutes)
    return when


def offered(appointment: Any, now: datetime) -> bool:
    """Would Today offer "How did it go?" for this one at ``now`` (ignoring the others)?"""
    if not isinstance(appointment, Mapping):
        return False
    start = offer_from(appointment)
    if start is None or start > now:
        return False
    if has_debrief(appointment) or appointment.get("debrief_dismissed") is True:
        return False
    later = stored_day(appointment.get("debrief_later"))
    today = now.date()
    if later is not None and later > today:
        return False
    return (today - start.astimezone(now.tzinfo).date()).days <= OFFER_DAYS


def offer_for(appointments: Iterable[Any], now: datetime) -> dict[str, Any] | None:
    """The one appointment Today offers a debrief for at ``now``: the most recent one whose
    time has passed, with no debrief, not dismissed, not put off past today, and at most
    :data:`OFFER_DAYS` days old. None when there is none."""
    best: tuple[datetime, dict[str, Any]] | None = None
    for appointment in appointments:
        if not offered(appointment, now):
            continue
        when = when_of(dict(appointment))
        assert when is not None
        if best is None or when > best[0]:
            best = (when, dict(appointment))
    return best[1] if best else None


def offer_line(appointment: Mapping[str, Any]) -> str:
    """"How did the scan go?" (the keys are added by the screen that shows it)."""
    return f"How did the {noun(appointment)} go?"


def put_off_until(now: datetime) -> date:
    """"Later" means tomorrow: the offer comes back the next day, once."""
    return now.date() + timedelta(days=1)


# --- the record -----------------------------------------------------------------------------

#: The form's fields besides the answers (the keys of :func:`build_debrief`'s ``fields``).
FIELDS = ("other", "next_steps", "next_when", "stress", "goal_id", "finish_line")


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def parse_next_when(
    text: str, now: datetime, *, tz: tzinfo | None = None, existing: Any = None
) -> datetime | None:
    """The next date typed ("friday 9:30", "in 2 weeks 10:00"), through the one date grammar;
    None when nothing is typed. A time saved earlier and left as it was is kept even if it has
    passed since (the debrief can be read and changed later); a new one must be ahead.
    Raises FieldError("next_when") naming the text."""
    typed = text.strip()
    if not typed:
        return None
    old = stored_moment(existing)
    if old is not None and typed == typed_next_when(old, tz):
        return old
    try:
        return dates.parse_when(typed, now, tz=tz)
    except InputError as error:
        raise FieldError("next_when", str(error)) from None


def typed_next_when(when: datetime, tz: tzinfo | None = None) -> str:
    """A stored next date as it is shown in the form: "2026-12-10 09:30"."""
    local = when.astimezone(tz) if tz is not None else when.astimezone()
    return local.strftime("%Y-%m-%d %H:%M")


def build_debrief(
    appointment: Mapping[str, Any],
    answers: Sequence[str],
    fields: Mapping[str, Any],
    now: datetime,
    *,
    tz: tzinfo | None = None,
) -> dict[str, Any]:
    """Check a filled-in debrief and return the record to keep with the appointment.

    ``answers`` are the short answers in :func:`ordered_questions` order (missing ones are
    empty; every question is kept, answered or not, so the sheet can print it with its answer).
    ``fields``: other, next_steps, next_when (typed text), stress (typed text, "" skips),
    goal_id (None or "": no finish line), finish_line. An earlier debrief of this appointment
    keeps its ``created`` and ``next_appointment``. Raises FieldError naming the field.
    """
    questions = ordered_questions(dict(appointment))
    pairs = [
        {"question": q, "answer": _text(answers[i]) if i < len(answers) else ""}
        for i, q in enumerate(questions)
    ]
    old = appointment.get("debrief")
    old = old if isinstance(old, Mapping) else {}
    when = parse_next_when(str(fields.get("next_when") or ""), now, tz=tz,
                           existing=old.get("next_when"))
    stress_text = str(fields.get("stress") if fields.get("stress") is not None else "").strip()
    try:
        stress = parse_stress(stress_text) if stress_text else None
    except InputError as error:
        raise FieldError("stress", str(error)) from None
    goal = fields.get("goal_id")
    stamp = now.isoformat(timespec="seconds")
    created = old.get("created") if isinstance(old.get("created"), str) else None
    record: dict[str, Any] = {
        "created": created or stamp,
        "updated": stamp,
        "answers": pairs,
        "other": _text(fields.get("other")),
        "next_steps": _text(fields.get("next_steps")),
        "next_when": when.isoformat(timespec="seconds") if when else None,
        "next_appointment": old.get("next_appointment")
        if isinstance(old.get("next_appointment"), str) else None,
        "stress": stress,
        "goal_id": goal if isinstance(goal, str) and goal else None,
        "finish_line": _text(fields.get("finish_line")),
    }
    result = check(Debrief, record, "debrief")
    if isinstance(result, Rejected):
        field = (result.field or "other").split(".")[0].split("[")[0]
        raise FieldError(field, result.detail)
    return record


def is_empty(debrief: Mapping[str, Any]) -> bool:
    """Nothing written at all: no answer, no words, no date, no rating, no finish line."""
    answers = debrief.get("answers")
    answered = any(
        isinstance(a, Mapping) and _text(a.get("answer")) for a in answers
    ) if isinstance(answers, list) else False
    return not (answered or any(_text(debrief.get(k)) for k in ("other", "next_steps",
                                                                  "finish_line"))
                or debrief.get("next_when") or debrief.get("stress") is not None
                or debrief.get("goal_id"))


def next_kind(appointment: Mapping[str, Any]) -> str:
    """The kind the next appointment is offered as (the person can pick another)."""
    kind = str(appointment.get("kind"))
    return NEXT_KIND.get(kind, kind if kind in KINDS else "other")


def next_appointment(
    appointment: Mapping[str, Any], debrief: Mapping[str, Any], kind: str, now: datetime
) -> dict[str, Any]:
    """The next appointment made from a debrief in one step: the chosen kind, at the debrief's
    next date, at the same place, with what happens next as its notes.

    Raises FieldError("next_when") when the debrief has no next date, ("kind") for a kind
    that is not one.
    """
    if kind not in KINDS:
        raise FieldError("kind", f"'{kind}' is not a kind of appointment")
    when = stored_moment(debrief.get("next_when"))
    if when is None:
        raise FieldError("next_when", "type when it is, to add it as an appointment")
    stamp = now.isoformat(timespec="seconds")
    notes = _text(debrief.get("next_steps"))
    return {
        "id": str(uuid.uuid4()),
        "kind": kind,
        "when": when.isoformat(timespec="seconds"),
        "where": _text(appointment.get("where")),
        "notes": notes,
        "questions": [],
        "created": stamp,
        "updated": stamp,
    }


# --- reading it back --------------------------------------------------------------------------


def debrief_of(appointment: Mapping[str, Any]) -> dict[str, Any] | None:
    """The appointment's debrief as a dict, or None (none written, or not readable)."""
    debrief = appointment.get("debrief")
    return dict(debrief) if isinstance(debrief, Mapping) else None


def heading(appointment: Mapping[str, Any], now: datetime) -> str:
    """"After the scan on Thu 3 Dec" (the year only when it is not this year)."""
    when = when_of(dict(appointment))
    if when is None:
        return f"After the {noun(appointment)}"
    day = format_when(when, now).split(",")[0]
    return f"After the {noun(appointment)} on {day}"


def summary_words(debrief: Mapping[str, Any]) -> str:
    """A few words to recognise a debrief by: what happens next, else the first thing said."""
    for key in ("next_steps", "other"):
        text = _text(debrief.get(key))
        if text:
            return " ".join(text.split())
    answers = debrief.get("answers")
    for pair in answers if isinstance(answers, list) else []:
        if isinstance(pair, Mapping) and _text(pair.get("answer")):
            return " ".join(_text(pair.get("answer")).split())
    return "(no words)"


def debrief_line(appointment: Mapping[str, Any], now: datetime) -> str:
    """The Journal's line: "After the scan on Thu 3 Dec: results next Friday"."""
    debrief = debrief_of(appointment) or {}
    return f"{heading(appointment, now)}: {summary_words(debrief)}"


def debrief_lines(
    appointment: Mapping[str, Any],
    now: datetime,
    goals: Mapping[str, Mapping[str, Any]] | None = None,
    appointments: Mapping[str, Mapping[str, Any]] | None = None,
) -> list[str]:
    """The whole debrief as plain lines (headings unindented, the person's words indented by
    two spaces), for the Journal, the command line and the visit sheet. Strings are as stored:
    the caller makes them harmless for where they are shown."""
    debrief = debrief_of(appointment) or {}
    lines = [heading(appointment, now)]

    def section(title: str, body: str) -> None:
        body = body.strip()
        if body:
            lines.extend(["", title, *(f"  {line}" for line in body.splitlines())])

    answers = debrief.get("answers")
    for pair in answers if isinstance(answers, list) else []:
        if isinstance(pair, Mapping):
            answer = _text(pair.get("answer")) or "(no answer written)"
            section(_text(pair.get("question")) or "A question", answer)
    section("Anything else they said", _text(debrief.get("other")))
    section("What happens next", _text(debrief.get("next_steps")))
    when = stored_moment(debrief.get("next_when"))
    if when is not None:
        section("When", format_when(when, now))
    made = debrief.get("next_appointment")
    if isinstance(made, str) and made and appointments is not None and made in appointments:
        section("Added to your appointments", "yes")
    stress = debrief.get("stress")
    if isinstance(stress, int) and not isinstance(stress, bool):
        section("Stress afterwards", f"{stress} out of 10")
    goal_id = debrief.get("goal_id")
    goal = goals.get(goal_id) if goals is not None and isinstance(goal_id, str) else None
    title = _text(goal.get("title")) if goal is not None else ""
    section("Your finish line", "\n".join(
        part for part in (title, _text(debrief.get("finish_line"))) if part))
    return lines


def written(appointments: Iterable[Any]) -> list[dict[str, Any]]:
    """The appointments that carry a debrief, newest debrief first (for the Journal)."""
    found = [dict(a) for a in appointments if isinstance(a, Mapping) and debrief_of(a)]

    def key(a: dict[str, Any]) -> str:
        debrief = debrief_of(a) or {}
        created = stored_moment(debrief.get("created"))
        try:
            return created.astimezone(UTC).isoformat() if created else ""
        except (OverflowError, ValueError, OSError):
            return ""

    return sorted(found, key=key, reverse=True)


#: The prefix of a debrief's id in the Journal (its entries are read from the appointments).
JOURNAL_PREFIX = "debrief:"


def journal_entries(appointments: Iterable[Any]) -> list[dict[str, Any]]:
    """Each written debrief as a Journal entry (``kind: "debrief"``), for listing and search
    beside the reappraisals and routines. Made at display time, never written to the journal:
    the debrief lives with its appointment, so it is exported and printed with it."""
    entries = []
    for appointment in written(appointments):
        debrief = debrief_of(appointment) or {}
        created = debrief.get("created")
        entries.append({
            "id": f"{JOURNAL_PREFIX}{appointment.get('id')}",
            "kind": "debrief",
            "created": created if isinstance(created, str) else "",
            "appointment_id": str(appointment.get("id")),
            "appointment": appointment,
            "debrief": debrief,
        })
    return entries


def appointment_of_entry(entry_id: str) -> str | None:
    """The appointment id of a debrief's Journal entry id, or None for any other entry."""
    return entry_id[len(JOURNAL_PREFIX):] if entry_id.startswith(JOURNAL_PREFIX) else None
