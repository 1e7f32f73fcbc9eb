"""`pacer appointments` and `pacer goals`: everything their screens do, from the command line.

Why: a person who cannot use the TUI (a screen reader, a slow link, a script) must still be
able to add, list, change and delete appointments and finish lines. These commands go through
the services only (never a file by name), use the same domain checks as the forms (so a date or
a kind refused on screen is refused here with the same words), and print every string from the
data through :func:`harmless`.

Ids: lists show each id cut to a short prefix that is still unique (8 characters for Pacer's
own ids), and every command takes the whole id or any prefix of it that fits one record only.

Bad input (a kind, a date, an empty title, an id that fits nothing) is one line naming it and
exit 2, raised as :class:`InputError` for :func:`pacer.cli.main` to print; a change the store
refused is one line and exit 1. No Textual here; the domain modules load only when a command
runs, so `pacer --help` stays fast.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from pacer.cli_output import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    json_text,
    report_listings,
    unreadable,
)
from pacer.domain.errors import InputError
from pacer.domain.text import harmless
from pacer.services import Listing, Record, SaveError, Services
from pacer.services.goals import Goals
from pacer.store import Store

#: The shortest prefix a list shows (ids shorter than this are shown whole).
SHORT_ID = 8


# --- ids ------------------------------------------------------------------------------------


def short_ids(ids: Iterable[str]) -> dict[str, str]:
    """Each id cut to the shortest prefix of at least :data:`SHORT_ID` characters that no other
    id starts with (the whole id when even that is not unique, or it is short already)."""
    every = list(dict.fromkeys(ids))
    shown: dict[str, str] = {}
    for record_id in every:
        length = min(SHORT_ID, len(record_id))
        while length < len(record_id) and any(
            other != record_id and other.startswith(record_id[:length]) for other in every
        ):
            length += 1
        shown[record_id] = record_id[:length]
    return shown


def find(listing: Listing, typed: str, noun: str, command: str) -> Record:
    """The one record whose id is ``typed`` or starts with it; InputError naming it otherwise.

    A file that could not be read is a store problem (exit 1), not a bad id: it is said as such.
    """
    if listing.error is not None:
        raise SaveError(f"{harmless(listing.error)}; nothing was changed")
    shown = harmless(typed)
    if not typed.strip():
        raise InputError(f"'{shown}' is not an id; pacer {command} lists them")
    exact = [r for r in listing.items if str(r["id"]) == typed]
    if exact:
        return exact[0]
    found = [r for r in listing.items if str(r["id"]).startswith(typed)]
    if len(found) == 1:
        return found[0]
    if found:
        raise InputError(f"'{shown}' is the start of {len(found)} {noun}s' ids; "
                         "type more of it")
    unread = "; some records could not be read (pacer doctor names them)" \
        if listing.rejected else ""
    raise InputError(f"no {noun} has the id '{shown}'; pacer {command} lists them{unread}")


def whole_id(listing: Listing, typed: str) -> str:
    """The full id of the one record ``typed`` is the start of; else ``typed`` as it is (the
    caller says it was not found, in its own words)."""
    if not typed.strip() or listing.error is not None:
        return typed
    found = [str(r["id"]) for r in listing.items if str(r["id"]).startswith(typed)]
    return typed if typed in found or len(found) != 1 else found[0]


def _failed(error: SaveError) -> int:
    """A change the store refused, or a record deleted meanwhile: one line, exit 1."""
    print(f"pacer: {harmless(str(error))}", file=sys.stderr)
    return EXIT_FAILED


def _now() -> datetime:
    from pacer.clock import local_now

    return local_now()


# --- the parsers ----------------------------------------------------------------------------


def add_record_commands(
    sub: argparse._SubParsersAction[Any], common: argparse.ArgumentParser
) -> None:
    """Add `appointments` and `goals` with their actions to the `pacer` parser."""
    appointments = sub.add_parser(
        "appointments", parents=[common],
        help="list your appointments; add, edit or delete one",
        description="With no action: list your appointments, soonest first, with their ids.",
    )
    appointments.add_argument("--json", action="store_true", help="print the records as JSON")
    actions = appointments.add_subparsers(dest="action", metavar="ACTION")
    add = actions.add_parser("add", parents=[common], help="add an appointment")
    _appointment_fields(add, new=True)
    edit = actions.add_parser("edit", parents=[common],
                              help="change an appointment (only what you give)")
    edit.add_argument("id", metavar="ID", help="its id, or the start of it")
    _appointment_fields(edit, new=False)
    delete = actions.add_parser("delete", parents=[common], help="delete an appointment")
    delete.add_argument("id", metavar="ID", help="its id, or the start of it")
    debrief = actions.add_parser(
        "debrief", parents=[common], help="write down how an appointment went, in plain text",
        description="Asks one question at a time; Enter skips one, Ctrl+D keeps what you "
                    "typed for next time.")
    debrief.add_argument("id", metavar="ID", help="its id, or the start of it")
    _sheet_commands(actions, common)
    came = actions.add_parser("results-came", parents=[common],
                              help="say a scan's or blood test's results came: the wait ends")
    came.add_argument("id", metavar="ID", help="its id, or the start of it")
    came.add_argument("--undo", action="store_true",
                      help="take it back: the results have not come yet")

    goals = sub.add_parser(
        "goals", parents=[common],
        help="list your finish lines; add, edit, archive or delete one",
        description="With no action: list your finish lines in use, with their ids.",
    )
    goals.add_argument("--json", action="store_true", help="print the records as JSON")
    goals.add_argument("--all", action="store_true", help="archived ones too")
    actions = goals.add_subparsers(dest="action", metavar="ACTION")
    add = actions.add_parser("add", parents=[common], help="add a finish line")
    add.add_argument("title", metavar="TITLE", help="a few words: what you are running toward")
    _goal_fields(add)
    edit = actions.add_parser("edit", parents=[common],
                              help="change a finish line (only what you give)")
    edit.add_argument("id", metavar="ID", help="its id, or the start of it")
    edit.add_argument("--title", default=None)
    _goal_fields(edit)
    for name, words in (("archive", "put a finish line away (it is kept)"),
                        ("unarchive", "bring an archived finish line back"),
                        ("delete", "delete a finish line for good")):
        action = actions.add_parser(name, parents=[common], help=words)
        action.add_argument("id", metavar="ID", help="its id, or the start of it")


def _appointment_fields(parser: argparse.ArgumentParser, *, new: bool) -> None:
    parser.add_argument("--kind", default="other" if new else None,
                        help="scan, blood-test, results, oncologist, treatment, new-symptom, "
                        "palliative or other"
                        + (" (default: other)" if new else ""))
    parser.add_argument("--when", required=new, default=None,
                        help='the date and time, like "2026-12-03 09:30" or "tomorrow 9:30"')
    parser.add_argument("--where", default=None, help="the place")
    parser.add_argument("--notes", default=None)
    parser.add_argument("--question", action="append", default=[], metavar="TEXT",
                        help="a question to ask (give it again for more)"
                        + ("" if new else "; added to those it has"))
    parser.add_argument("--top", action="append", default=[], metavar="N",
                        help="mark question N as one of your top three (1 is the first "
                        "pacer appointments lists; give it again for more)"
                        + ("" if new else "; replaces the marks it has"))
    if not new:
        parser.add_argument("--clear-questions", action="store_true",
                            help="remove its questions first")
        parser.add_argument("--clear-top", action="store_true",
                            help="unmark its top questions")

    parser.add_argument("--results-due", default=None, metavar="DAY",
                        help='a scan or blood test: when the results are expected, like '
                        '"in a week" or "thursday" (counted from the test\'s day)'
                        + ("" if new else '; "none" clears it'))
    parser.add_argument("--results-at", default=None, metavar="ID",
                        help="a scan or blood test: the later results or oncologist visit "
                        'where the results come (its id, or the start of it)'
                        + ("" if new else '; "none" unlinks it'))

def _sheet_commands(
    actions: argparse._SubParsersAction[Any], common: argparse.ArgumentParser
) -> None:
    """`appointments sheet ID [-o FILE]` and `appointments ics [-o FILE]`."""
    sheet = actions.add_parser(
        "sheet", parents=[common],
        help="one page to take along: when, where, your questions with room for answers",
        description="Print an appointment's visit sheet as text, or write it to a file: "
                    "Markdown when the name ends .md, a printable web page for .html, "
                    "else text.",
    )
    sheet.add_argument("id", metavar="ID", help="its id, or the start of it")
    sheet.add_argument("-o", "--output", type=Path, default=None, metavar="FILE",
                       help="write it here (.md, .html or text) instead of printing it")
    ics = actions.add_parser(
        "ics", parents=[common],
        help="a calendar file of your upcoming appointments, with two reminders each",
        description="An iCalendar file of your upcoming appointments for your phone or "
                    "computer calendar: a reminder the evening before (write your questions) "
                    "and an hour before (the calm-down routine). Importing it again updates "
                    "the events instead of adding them twice.",
    )
    ics.add_argument("-o", "--output", type=Path, default=None, metavar="FILE",
                     help="write it here instead of printing it")


def _goal_fields(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--next-step", default=None, metavar="TEXT",
                        help="one small next step, sized for a low-energy day")
    parser.add_argument("--check-in", default=None, metavar="DATE",
                        help='when to look at it again: "in 2 weeks", "tomorrow", a date')


# --- appointments ---------------------------------------------------------------------------


def _kind(text: str) -> str:
    """A kind as people type it ("Blood test", "blood-test"); InputError naming it otherwise."""
    from pacer.domain.appointments import KINDS

    kind = "-".join(text.strip().lower().replace("_", " ").split())
    if kind not in KINDS:
        raise InputError(f"'{harmless(text)}' is not a kind of appointment; use "
                         + ", ".join(list(KINDS)[:-1]) + f" or {list(KINDS)[-1]}")
    return kind


def _appointment_line(record: Record, short: str | None, now: datetime) -> str:
    """"Scan at City Hospital, Fri 4 Dec, 9:00." (with the short id first in a list)."""
    from pacer.domain.appointments import appointment_title, format_when, when_of

    when = when_of(record)
    text = f"{harmless(appointment_title(record))}, " + (
        format_when(when, now) if when else "time not known")
    return f"{short}  {text}." if short is not None else f"{text}."


def _checked_appointment(record: Record) -> None:
    """Refuse a record the file could not hold (a 20,000-character note) as bad input now,
    naming the field, rather than as a failed save later."""
    from pacer.domain.records import Appointment, Rejected, check

    fits = check(Appointment, record, "appointment")
    if isinstance(fits, Rejected):
        raise InputError(harmless(fits.detail))


def cmd_appointments(args: argparse.Namespace, store: Store) -> int:
    services = Services.open(store)
    action = getattr(args, "action", None)
    try:
        if action is None:
            return _list_appointments(args, store, services)
        if action == "add":
            return _save_appointment(services, args, None)
        if action in ("sheet", "ics"):
            return _sheet_or_calendar(args, services)
        record = find(services.appointments.listing(), args.id, "appointment", "appointments")
        if action == "debrief":
            return _debrief(services, record)
        if action == "edit":
            return _save_appointment(services, args, record)
        if action == "results-came":
            return _results_came(services, args, record)
        gone = not services.appointments.delete(str(record["id"]))
    except SaveError as error:  # RecordGone too: deleted in another window meanwhile
        return _failed(error)
    print(("It was deleted already: " if gone else "Deleted: ")
          + _appointment_line(record, None, _now()))
    return EXIT_OK


def _debrief(services: Services, record: Record) -> int:
    """`pacer appointments debrief ID`: asked in plain text; one still to come is bad input."""
    from pacer.debrief_plain import DebriefPlain
    from pacer.domain.appointments import when_of

    now = _now()
    when = when_of(record)
    if when is not None and when > now:
        raise InputError(f"{_appointment_line(record, None, now).rstrip('.')} is still to "
                         "come; write down how it went after it")
    DebriefPlain(services, record, input, sys.stdout, _now).run()
    return EXIT_OK


def _list_appointments(args: argparse.Namespace, store: Store, services: Services) -> int:
    from pacer.domain.appointments import ordered_questions, sorted_appointments

    listing = services.appointments.listing()
    records = sorted_appointments(listing.items)
    if args.json:
        print(json_text(records))
    elif not records:
        if not unreadable(store, listing, "appointments.json"):
            print('No appointments yet. To add one, type: pacer appointments add --kind scan '
                  '--when "tomorrow 9:30"')
    else:
        now = _now()
        shorts = short_ids(str(r["id"]) for r in listing.items)
        for record in records:
            print(_appointment_line(record, shorts[str(record["id"])], now))
            tops = set(record.get("top_questions") or [])
            for number, question in enumerate(ordered_questions(record), start=1):
                top = " (top)" if question in tops else ""
                print(f"    Question {number}{top}: {harmless(question)}")
            notes = str(record.get("notes") or "").strip()
            if notes:
                print(f"    Notes: {harmless(notes)}")
            for line in _results_lines(record, listing.by_id(), now):
                print(f"    {line}")
    return report_listings(store, listing)


def _top(numbers: list[str], listed: list[str]) -> list[str]:
    """``--top N`` (1-based, as the list numbers them) to question texts; InputError naming a
    number that fits no question."""
    chosen = []
    for typed in numbers:
        try:
            number = int(typed.strip())
        except ValueError:
            number = 0
        if not 1 <= number <= len(listed):
            have = f"there {'is' if len(listed) == 1 else 'are'} {len(listed)} question" \
                + ("" if len(listed) == 1 else "s")
            raise InputError(f"--top '{harmless(typed)}' is not a question number; {have}")
        chosen.append(listed[number - 1])
    return chosen


def _save_appointment(services: Services, args: argparse.Namespace, base: Record | None) -> int:
    from pacer.domain.appointments import (
        build_appointment,
        ordered_questions,
        typed_when,
        when_of,
    )

    now = _now()
    if base is None:
        fields: dict[str, Any] = {"kind": _kind(args.kind), "when": args.when,
                                  "where": args.where, "notes": args.notes,
                                  "questions": list(args.question)}
        if args.top:
            fields["top_questions"] = _top(args.top, list(args.question))
    else:
        given = [args.kind, args.when, args.where, args.notes, args.results_due,
                 args.results_at]
        if (all(v is None for v in given) and not args.question and not args.clear_questions
                and not args.top and not args.clear_top):
            raise InputError("nothing to change; give --kind, --when, --where, --notes, "
                             "--question, --top, --clear-questions, --clear-top, "
                             "--results-due or --results-at")
        when = when_of(base)
        # Numbered as the list shows them: the top ones first, then the new ones.
        listed = [] if args.clear_questions else ordered_questions(base)
        fields = {
            "kind": _kind(args.kind) if args.kind is not None else base.get("kind"),
            "when": args.when if args.when is not None else (typed_when(when) if when else ""),
            "where": args.where if args.where is not None else base.get("where"),
            "notes": args.notes if args.notes is not None else base.get("notes"),
            "questions": [*([] if args.clear_questions else list(base.get("questions") or [])),
                          *args.question],
        }
        if args.top:
            fields["top_questions"] = _top(args.top, [*listed, *args.question])
        elif args.clear_top:
            fields["top_questions"] = []
    listing = services.appointments.listing()
    fields.update(_results_options(args, listing))
    record = build_appointment(fields, now, existing=base, appointments=listing.items)
    _checked_appointment(record)
    saved = services.appointments.save(record, base)
    line = _appointment_line(saved, None, now)
    results = "".join(f" {text}." for text in _results_lines(saved, listing.by_id(), now,
                                                             sentence=True))
    if base is None:
        shown = short_ids(str(r["id"]) for r in services.appointments.listing().items)
        print(f"Added: {line}{results} Its id is {shown.get(str(saved['id']), saved['id'])}.")
    else:
        print(f"Saved: {line}{results}")
    return EXIT_OK


# --- the wait for results ------------------------------------------------------------------

#: Typed to clear --results-due or unlink --results-at.
NONE_WORDS = ("", "none", "no")


def _results_options(args: argparse.Namespace, listing: Listing) -> dict[str, Any]:
    """--results-due and --results-at as build_appointment's fields (only those given).

    A --results-at id is found like any other (a unique start of it is enough); the domain
    then checks that it is a later results or oncologist visit.
    """
    fields: dict[str, Any] = {}
    if args.results_due is not None:
        typed = args.results_due.strip()
        fields["results_due"] = "" if typed.lower() in NONE_WORDS else typed
    if args.results_at is not None:
        typed = args.results_at.strip()
        fields["results_appointment"] = "" if typed.lower() in NONE_WORDS else str(
            find(listing, typed, "appointment", "appointments")["id"])
    return fields


def _results_lines(
    record: Record, by_id: dict[str, Record], now: datetime, *, sentence: bool = False
) -> list[str]:
    """What a test says of its results: "Results expected: Fri 11 Jan", "Results at: ...",
    "Results came: ..." (as sentences for add and edit: "Results expected Fri 11 Jan")."""
    from datetime import date

    from pacer.domain import dates
    from pacer.domain.appointments import TESTS, appointment_title, format_when, when_of

    if record.get("kind") not in TESTS:
        return []
    lines = []
    due = record.get("results_due")
    if isinstance(due, str) and due:
        with contextlib.suppress(ValueError):
            words = dates.understood(date.fromisoformat(due), now)
            lines.append(f"Results expected {words}" if sentence else
                         f"Results expected: {words}")
    visit = by_id.get(str(record.get("results_appointment") or ""))
    visit_when = when_of(visit) if visit is not None else None
    if visit is not None and visit_when is not None:
        title = harmless(appointment_title(visit))
        shown = f"{title}, {format_when(visit_when, now)}"
        lines.append(f"Results at the {shown[:1].lower()}{shown[1:]}" if sentence else
                     f"Results at: {shown}")
    came = record.get("results_came")
    if isinstance(came, str) and came and not sentence:
        with contextlib.suppress(ValueError):
            lines.append(f"Results came: {dates.relative(datetime.fromisoformat(came), now)}")
    return lines


def _results_came(services: Services, args: argparse.Namespace, record: Record) -> int:
    """`pacer appointments results-came ID [--undo]`: the wait ends (or shows again)."""
    from pacer.domain.appointments import TESTS, appointment_title, when_of

    now = _now()
    title = harmless(appointment_title(record))
    what = f"{title[:1].lower()}{title[1:]}"
    if record.get("kind") not in TESTS:
        raise InputError(f"'{harmless(args.id)}' is not a scan or a blood test; only those "
                         "have results to wait for")
    appointment_id = str(record["id"])
    if args.undo:
        if record.get("results_came") is None:
            print(f"The results of your {what} were not marked as come; nothing to do.")
            return EXIT_OK
        services.appointments.undo_results_came(appointment_id)
        print(f"Taken back: Pacer shows you are waiting again for the results of your {what}.")
        return EXIT_OK
    when = when_of(record)
    if when is None or when > now:
        raise InputError(f"your {what} has not happened yet, so its results cannot have come")
    if record.get("results_came") is not None:
        print(f"The results of your {what} came already; nothing to do.")
        return EXIT_OK
    services.appointments.results_came(appointment_id, now)
    print(f"Noted: the results of your {what} came. The wait is over; "
          "be gentle with yourself today.")
    return EXIT_OK


def _sheet_or_calendar(args: argparse.Namespace, services: Services) -> int:
    """Print or write a visit sheet or the calendar file. A bad id, or a path that cannot be
    written (inside the data folder, a folder, a missing folder, no permission): one line,
    exit 2, nothing written."""
    from pacer.domain.sheet import format_for
    from pacer.services.sheets import Sheets

    sheets = Sheets(services)
    output: Path | None = args.output
    if args.action == "sheet":
        record = find(services.appointments.listing(), args.id, "appointment", "appointments")
        text = sheets.sheet(record, format_for(str(output)) if output else "text")
        done = f"Saved the visit sheet to {harmless(str(output))}."
    else:
        text, count = sheets.calendar(_now())
        done = (f"Saved {count} upcoming appointment{'' if count == 1 else 's'} to "
                f"{harmless(str(output))}. Import it into your calendar; importing it again "
                "updates them.")
    if output is None:
        sys.stdout.write(text)
        return EXIT_OK
    try:
        sheets.write(text, output)
    except SaveError as error:
        print(f"pacer: error: {harmless(str(error))}", file=sys.stderr)
        return EXIT_USAGE
    print(done)
    return EXIT_OK


# --- finish lines ---------------------------------------------------------------------------


def _goal_line(goal: Record, short: str, today: Any) -> list[str]:
    """A finish line in a list: its id, title and state, then its next small step."""
    from pacer.domain import goals as domain

    title = harmless(domain.title_of(goal))
    if domain.is_archived(goal):
        return [f"{short}  {title} (archived)"]
    status = domain.status_of(goal)
    state = [domain.STATUS_WORDS[status].lower()]
    when = domain.check_in_words(goal, today)
    if when:
        state.append(when)
    lines = [f"{short}  {title} ({', '.join(state)})"]
    step = domain.text_of(goal, "next_step").strip()
    if step and status != "reached":
        lines.append(f"    Next small step: {harmless(step)}")
    return lines


def cmd_goals(args: argparse.Namespace, store: Store) -> int:
    services = Services.open(store)
    action = getattr(args, "action", None)
    if action is None:
        return _list_goals(args, store, services)
    try:
        return _change_goal(args, services.goals, _now())
    except SaveError as error:  # RecordGone too: deleted or archived in another window
        return _failed(error)


def _change_goal(args: argparse.Namespace, goals: Goals, now: datetime) -> int:
    from pacer.domain import goals as domain

    action = args.action
    if action == "add":
        record = domain.new_goal({"title": args.title, "next_step": args.next_step,
                                  "check_in": args.check_in}, now)
        saved = goals.save(record)
        shown = short_ids(str(g["id"]) for g in goals.listing().items)
        print(f"Added: {harmless(domain.title_of(saved))}. "
              f"Its id is {shown.get(str(saved['id']), saved['id'])}.")
        return EXIT_OK
    goal = find(goals.listing(), args.id, "finish line", "goals --all")
    goal_id, title = str(goal["id"]), harmless(domain.title_of(goal))
    if action == "edit":
        changes = {name: value for name, value in (
            ("title", args.title), ("next_step", args.next_step), ("check_in", args.check_in)
        ) if value is not None}
        if not changes:
            raise InputError("nothing to change; give --title, --next-step or --check-in")
        saved = goals.save(domain.edit_goal(goal, changes, now), goal)
        print(f"Saved: {harmless(domain.title_of(saved))}.")
    elif action == "archive":
        if domain.is_archived(goal):
            print(f"{title} is archived already; nothing to do.")
        else:
            goals.archive(goal_id, now)
            short = short_ids(str(g["id"]) for g in goals.listing().items).get(goal_id, goal_id)
            print(f"Archived: {title}. To bring it back: pacer goals unarchive {short}")
    elif action == "unarchive":
        if not domain.is_archived(goal):
            print(f"{title} is not archived; nothing to do.")
        else:
            goals.unarchive(goal_id, now)
            print(f"Back in your list: {title}.")
    else:
        gone = not goals.delete(goal_id)
        print(f"{'It was deleted already' if gone else 'Deleted'}: {title}.")
    return EXIT_OK


def _list_goals(args: argparse.Namespace, store: Store, services: Services) -> int:
    from pacer.domain import goals as domain

    listing = services.goals.listing()
    active = domain.listed(listing.items)
    archived = [g for g in listing.items if domain.is_archived(g)]
    chosen = [*active, *archived] if args.all else active
    if args.json:
        print(json_text(chosen))
    elif chosen:
        today = _now().date()
        shorts = short_ids(str(g["id"]) for g in listing.items)
        for goal in chosen:
            for line in _goal_line(goal, shorts[str(goal["id"])], today):
                print(line)
    elif archived:
        count = len(archived)
        print(f"No finish lines in use. {count} {'is' if count == 1 else 'are'} archived; "
              f"pacer goals --all shows {'it' if count == 1 else 'them'}.")
    elif not unreadable(store, listing, "goals.json"):  # "none yet" only if true
        print('No finish lines yet. To add one, type: pacer goals add "a few words"')
    return report_listings(store, listing)
