"""The `pacer` command line.

Every path here except opening the TUI stays free of Textual (a test checks `sys.modules`), so
`pacer patterns`, `history`, `log` and `breathe --plain` start fast and work over any terminal.
Bad input is one line naming the value and exit code 2; store failures are one line and exit 1.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import stat
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from pacer import __version__
from pacer.clock import TEST_NOW, MonotonicClock
from pacer.clock import test_now as clock_test_now
from pacer.domain.errors import InputError
from pacer.domain.text import harmless
from pacer.paths import ENV_VAR, data_dir
from pacer.store import Store, StoreError

if TYPE_CHECKING:
    from pacer.clock import Clock
    from pacer.domain.patterns import Pattern
    from pacer.domain.session import Session
    from pacer.domain.timeline import Ramp
    from pacer.plain import WayOut
    from pacer.services import Services

# What a command needs is imported inside it: plain `pacer` opens the app, and every module
# loaded here is launch time (tests/test_launch_imports.py keeps these deferred).
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def sleep_until(clock: Clock, deadline: float) -> None:
    """:func:`pacer.plain.sleep_until`, imported when a plain session runs (tests replace it)."""
    from pacer.plain import sleep_until as plain_sleep_until

    plain_sleep_until(clock, deadline)


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (no usage dump) and exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"pacer: error: {message}\n")


def _add_common(parser: argparse.ArgumentParser, top: bool) -> None:
    """Options accepted before and after the command name.

    After the command they default to SUPPRESS so they do not overwrite a value given before it.
    """
    parser.add_argument(
        "--data-dir", default=None if top else argparse.SUPPRESS, metavar="DIR",
        help="where Pacer keeps its files (default: $PACER_HOME, else your data folder)",
    )
    parser.add_argument(
        "--no-sound", action="store_true", default=False if top else argparse.SUPPRESS,
        help="no cues or sounds",
    )


def build_parser() -> argparse.ArgumentParser:
    from pacer.arguments import add_session_arguments, typed
    from pacer.cli_pleasant import add_pleasant_command
    from pacer.cli_records import add_record_commands
    from pacer.domain.length import parse_settle
    from pacer.domain.patterns import parse_minutes
    from pacer.domain.session import parse_stress
    from pacer_audio.command import add_export_audio_arguments

    common = _Parser(add_help=False)
    _add_common(common, top=False)
    parser = _Parser(
        prog="pacer",
        description="Pace stress the way a marathoner paces a race. Typing pacer on its own, "
        "with no command, opens the app. Each command below does one thing without opening it.",
    )
    _add_common(parser, top=True)
    # 0.x: still beta (pyproject's classifier says the same); the number is pacer.__version__.
    stage = " (beta)" if __version__.startswith("0.") else ""
    parser.add_argument("--version", action="version", version=f"pacer {__version__}{stage}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    breathe = sub.add_parser("breathe", parents=[common], help="start a breathing session now")
    add_session_arguments(breathe, breaths=True)
    breathe.add_argument("--settle", default=None, type=typed(parse_settle), metavar="SECONDS",
                         help="seconds of \"get comfortable\" before the first breath, 0 to 30 "
                         "(0 is off; default: the setting)")
    breathe.add_argument("--plain", action="store_true",
                         help="no screen: print one line as each phase starts")
    breathe.add_argument("--find-pace", action="store_true",
                         help="find the slow pace that feels easiest to you: five short paces, "
                         "each rated 0-10")

    patterns = sub.add_parser("patterns", parents=[common], help="list the breathing patterns")
    patterns.add_argument("--json", action="store_true", help="print JSON")

    history = sub.add_parser("history", parents=[common], help="list past sessions, newest first")
    output = history.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print the stored records as JSON")
    output.add_argument("--csv", action="store_true", help="print a CSV table")

    add_record_commands(sub, common)
    add_pleasant_command(sub, common)

    log = sub.add_parser("log", parents=[common], help="record practice done away from the app")
    log.add_argument("--pattern", required=True)
    log.add_argument("--minutes", required=True, type=typed(parse_minutes))
    log.add_argument("--before", type=typed(parse_stress), help="stress before, 0-10")
    log.add_argument("--after", type=typed(parse_stress), help="stress after, 0-10")
    log.add_argument("--note", default=None)

    export = sub.add_parser("export", parents=[common], help="write all your data as one JSON file")
    export.add_argument("-o", "--output", type=Path, default=None, metavar="FILE",
                        help="the file to write (default: print to the screen)")
    importer = sub.add_parser("import", parents=[common],
                              help="merge a file made by pacer export (safe to run twice)")
    importer.add_argument("file", type=Path, metavar="FILE")
    sub.add_parser("doctor", parents=[common], help="check the data folder and its files")

    breathless = sub.add_parser("breathless", parents=[common],
                                help="breathless now: a gentle pace at once, with what helps")
    breathless.add_argument("--plain", action="store_true",
                            help="no screen: what helps, once, then one line as each phase starts")

    calm = sub.add_parser("calm", parents=[common],
                          help="the calm-down routine for before an appointment")
    calm.add_argument("--plain", action="store_true",
                      help="no screen: text prompts on stdin and stdout, for screen readers")
    calm.add_argument("--appointment", default=None, metavar="ID",
                      help="the appointment to prepare for (its id from pacer appointments)")

    sub.add_parser("check-in", parents=[common],
                   help="the weekly check-in: how the week went, and your battery today")

    status = sub.add_parser("status", parents=[common],
                            help="one calm line for a shell prompt: the next appointment, a "
                            "wait for results, minutes this week (nothing when there is "
                            "nothing to say)")
    status.add_argument("--json", action="store_true", help="print the facts as JSON")
    status.add_argument("-v", "--verbose", action="store_true",
                        help="say on stderr why a part is missing (a file that cannot be read)")

    export_audio = sub.add_parser("export-audio", parents=[common],
                                  help="save a guided session as an audio file")
    add_export_audio_arguments(export_audio)
    return parser


# --- commands -----------------------------------------------------------------------------


def _pattern(text: str | None, services: Services) -> Pattern | None:
    """--pattern as typed: a built-in key, seconds like 4-7-8, or one of your own patterns.

    Your patterns are read (through the services, so a bad record is left out) only when the
    text is not a built-in one. Unknown or malformed: InputError naming it (exit code 2).
    """
    from pacer.domain.patterns import resolve

    if text is None:
        return None
    try:
        return resolve(text)
    except InputError:
        return resolve(text, services.patterns.custom())


def _default_pattern(settings: dict[str, Any], services: Services, builtin: Pattern) -> Pattern:
    """The default pattern of the settings, which may be one of your own (else ``builtin``)."""
    try:
        return _pattern(str(settings.get("default_pattern")), services) or builtin
    except InputError:
        return builtin


def _say(text: str) -> bool:
    """Print a line of the plain mode; False (and stdout silenced) when no one can read it."""
    try:
        print(text, flush=True)
    except OSError:  # a closed pipe or a closed terminal window
        from pacer.plain import quiet_stdout

        quiet_stdout()
        return False
    return True


def cmd_breathe(args: argparse.Namespace, store: Store) -> int:
    from pacer.arguments import default_session, ramp_for
    from pacer.domain.length import breaths_words
    from pacer.domain.session import Session
    from pacer.domain.timeline import Timeline
    from pacer.plain import Stop, WayOut, minutes_words
    from pacer.services import Services

    if args.find_pace:
        return _find_pace(args, store)
    services = Services.open(store)
    settings = services.settings.load().values
    default_pattern, default_minutes = default_session(settings)
    pattern: Pattern = _pattern(args.pattern, services) or _default_pattern(
        settings, services, default_pattern
    )
    minutes: float = args.minutes or default_minutes
    ramp = ramp_for(args, pattern)
    breaths: int | None = args.breaths
    if breaths is not None:
        timeline = Timeline.for_breaths(pattern, breaths, ramp)
        minutes = timeline.duration / 60
        length = breaths_words(breaths, timeline.duration)
    else:
        timeline = Timeline.for_minutes(pattern, minutes, ramp)
        length = minutes_words(minutes)
    if not args.plain:
        return _open_tui(store, args, start=(pattern, minutes), ramp=ramp, breaths=breaths,
                         settle_in=args.settle)
    settle = args.settle if args.settle is not None else int(settings["settle_in_seconds"])
    session = Session(timeline, MonotonicClock())
    with WayOut() as way_out:
        try:
            return _breathe_plain(
                session, length, settings, args.no_sound, services, way_out, settle=settle
            )
        except Stop as stop:  # a signal while the way out itself was printing
            return stop.exit_code


def cmd_breathless(args: argparse.Namespace, store: Store) -> int:
    """Breathless now: the TUI straight into it, or (--plain) the red flag and the card once,
    then the cues, with nothing asked before or after."""
    from pacer.domain import breathless
    from pacer.domain.session import Session
    from pacer.plain import Stop, WayOut
    from pacer.services import Services

    if not args.plain:
        return _open_tui(store, args, breathless=True)
    services = Services.open(store)
    settings = services.settings.load().values
    session = Session(breathless.timeline(), MonotonicClock())
    with WayOut() as way_out:
        try:
            return _breathe_plain(session, "", settings, args.no_sound, services, way_out,
                                  breathless_now=True)
        except Stop as stop:
            return stop.exit_code


def _breathe_plain(
    session: Session,
    length: str,
    settings: dict[str, Any],
    no_sound: bool,
    services: Services,
    way_out: WayOut,
    *,
    breathless_now: bool = False,
    settle: int = 0,
) -> int:
    """`breathe --plain` and its one way out.

    On a terminal it asks how stressed you are before and after (Enter skips either), so the
    before-and-after line in History fills from plain sessions too. Between the breathing and
    the second question one line says the session is over: without it, a person listening
    cannot tell the end from a long pause.

    However the breathing ends (its last breath, Ctrl+C, SIGTERM, SIGHUP, a reader that closed
    the pipe), the session is ended where it is and saved once, whole or partial, with its real
    length. Ctrl+C is a normal way to stop (exit 0); a signal exits 128 + its number, a broken
    pipe 141, quietly (nothing on stderr unless the session could not be saved).

    ``breathless_now`` (`pacer breathless --plain`): the red flag and the card instead of the
    pattern's line, no questions, and on a terminal Ctrl+D (the end of input) stops it too.

    ``length`` is said in the first line ("3 minutes", "4 breaths, about 1 minute"); ``settle``
    seconds of "Get comfortable" come before the first breath, outside the session's time, so
    leaving during them saves nothing.
    """
    from pacer.plain import (
        EXIT_PIPE,
        EndOnEof,
        Stop,
        breathless_intro,
        quiet_stdout,
        record_session,
        rhythm_words,
        run_plain,
        saved_line,
        summary,
    )
    from pacer_audio.player import END_SECONDS, open_player
    from pacer_audio.settings import SoundSettings

    pattern, clock = session.timeline.pattern, session.clock
    before: int | None = None
    after: int | None = None
    code, reader_gone, told = EXIT_OK, False, False
    terminal = sys.stdin.isatty()
    asking = terminal and not breathless_now
    watcher = EndOnEof(sys.stdin) if breathless_now and terminal else None

    def wait(deadline: float) -> None:
        if watcher is not None:
            watcher.wait_until(clock, deadline)
        else:
            sleep_until(clock, deadline)

    try:
        if breathless_now:
            print("\n".join(breathless_intro(end_of_input=watcher is not None)), flush=True)
        else:
            print(f"{harmless(pattern.name)}: {rhythm_words(pattern)}. {length}. "
                  f"{pattern.safety}", flush=True)
        if asking:
            before = _ask_rating("Before you start: how stressed are you, from 0 to 10?")
            if before == _LEFT:
                print(NOT_STARTED, flush=True)
                return EXIT_OK
        # Opened before the start so that the first cue is on time.
        player = open_player(session, SoundSettings.from_settings(settings, no_sound=no_sound))
        try:
            if player.notice:
                print(player.notice, flush=True)
            run_plain(session, sys.stdout, wait, settle=settle)
        finally:
            player.close(after=END_SECONDS if session.finished else 0.0)
        if not session.started:  # Ctrl+C during the settle-in: no breath was taken
            print(NOT_STARTED, flush=True)
            return EXIT_OK
        print(summary(session), flush=True)
        told = True
        if asking:
            after = _ask_rating("How stressed are you now, from 0 to 10?")
    except Stop as stop:
        code = stop.exit_code
    except BrokenPipeError:
        code, reader_gone = EXIT_PIPE, True
        quiet_stdout()
    except OSError as error:  # EIO: the terminal went away before its SIGHUP arrived
        code, reader_gone = EXIT_FAILED, True
        quiet_stdout()
        with contextlib.suppress(OSError):
            print(f"pacer: stopped: {error.strerror or error}", file=sys.stderr)
    with way_out.held():
        session.end()
        if not session.started:
            return code
        record = session.record(before=_rating(before), after=_rating(after), source="plain")
        _saved, problem = record_session(services, record)
        if problem is not None:
            with contextlib.suppress(OSError):  # stderr may have closed with the window
                print(f"pacer: {problem}", file=sys.stderr)
            return code or EXIT_FAILED
        if not reader_gone:
            _say(saved_line(session) if told else f"{summary(session)} {saved_line(session)}")
    return code


def _find_pace(args: argparse.Namespace, store: Store) -> int:
    """`breathe --find-pace [--plain]`: the sweep chooses its own paces and lengths, so
    --pattern, --minutes and --ramp are refused (exit 2) rather than quietly ignored."""
    from pacer.domain.pace_finder import step_seconds

    for option, given in (("--pattern", args.pattern), ("--minutes", args.minutes),
                          ("--ramp", args.ramp)):
        if given:
            raise InputError(f"--find-pace chooses its own paces; leave out {option}")
    seconds = step_seconds(os.environ)  # tests only; a bad value is named (exit 2)
    if not args.plain:
        return _open_tui(store, args, find_pace=True)
    from pacer.pace_plain import PacePlain
    from pacer.plain import EXIT_PIPE, Stop, WayOut, quiet_stdout
    from pacer.services import Services

    clock = MonotonicClock()
    with WayOut() as way_out:
        sweep = PacePlain(Services.open(store), input, sys.stdout, clock,
                          interactive=sys.stdin.isatty(),
                          wait=lambda deadline: sleep_until(clock, deadline),
                          step_seconds=seconds, way_out=way_out)
        try:
            return sweep.run()
        except Stop as stop:
            return stop.exit_code
        except BrokenPipeError:
            quiet_stdout()
            return EXIT_PIPE

#: Said when the plain session is left before its first breath.
NOT_STARTED = "Not started, so nothing was saved."

#: What :func:`_ask_rating` returns when the person pressed Ctrl+C: leave, start nothing.
_LEFT = -1


def _rating(value: int | None) -> int | None:
    """A rating to save (:data:`_LEFT` is not one)."""
    return None if value is None or value == _LEFT else value


def _ask_rating(question: str) -> int | None:
    """Ask an optional 0-10 rating on a terminal; Enter (or Ctrl+D) skips, Ctrl+C leaves
    (:data:`_LEFT`), bad input is named and asked again."""
    from pacer.domain.session import parse_stress

    while True:
        try:
            text = input(f"{question} Press Enter to skip. ").strip()
        except EOFError:
            print()
            return None
        except KeyboardInterrupt:
            print()
            return _LEFT
        if not text:
            return None
        try:
            return parse_stress(text)
        except InputError as error:
            print(f"{error}.")


def cmd_patterns(args: argparse.Namespace, store: Store) -> int:
    """The built-in library, then the person's own patterns from patterns.json."""
    from pacer.cli_output import json_text as _json
    from pacer.cli_output import report_listings as _report_listings
    from pacer.domain.custom_patterns import patterns_from_records
    from pacer.domain.patterns import BUILTIN, NOTES, notes_for
    from pacer.services import Services

    listing = Services.open(store).patterns.listing()
    library = [*BUILTIN.values(), *patterns_from_records(listing.items).values()]
    if args.json:
        rows = [
            {
                "key": p.key,
                "name": p.name,
                "rhythm": p.rhythm,
                "phases": [{"kind": str(ph.kind), "seconds": ph.seconds, "hint": ph.hint}
                           for ph in p.phases],
                "breaths_per_minute": round(p.breaths_per_minute, 2),
                "has_holds": p.has_holds,
                "description": p.description,
                "safety": p.safety,
                "source": p.source,
                "suggested": p.suggested,
                "notes": [{"key": n.key, "title": n.title, "text": n.text,
                           "safety": n.safety, "source": n.source} for n in notes_for(p)],
            }
            for p in library
        ]
        print(_json(rows))
    else:
        for p in library:
            holds = "  (has holds)" if p.has_holds else ""
            print(f"{harmless(p.key):<16} {p.rhythm:<12} {p.pace:<18} {harmless(p.name)}{holds}")
        for note in NOTES.values():
            print(f"\n{note.title} ({', '.join(note.variant_of)}): {note.text} "
                  f"{note.safety} Source: {note.source}.")
    return _report_listings(store, listing)


def _format_row(record: dict[str, Any]) -> str:
    """One session of `pacer history` (the record already made harmless)."""
    started = str(record.get("started", ""))[:16].replace("T", " ")
    seconds = float(record.get("seconds") or 0)
    length = f"{int(seconds) // 60}:{int(seconds) % 60:02d}"
    before = record.get("before")
    after = record.get("after")
    # Words, not "7 -> 4": a screen reader reads an arrow as "dash greater than".
    if before is not None and after is not None:
        stress = f"stress {before} to {after}"
    elif before is not None:
        stress = f"stress before {before}"
    elif after is not None:
        stress = f"stress after {after}"
    else:
        stress = "stress not rated"
    kind = "whole" if record.get("completed") else "partial"
    return f"{started}  {record.get('pattern', '?'):<16} {length:>6}  {stress:<16}  {kind}"


def cmd_history(args: argparse.Namespace, store: Store) -> int:
    from pacer.cli_output import json_text as _json
    from pacer.cli_output import report_listings as _report_listings
    from pacer.cli_output import unreadable as _unreadable
    from pacer.domain.history import newest_first
    from pacer.plain import shown
    from pacer.services import Services

    listing = Services.open(store).sessions.all()
    records = newest_first(listing.items)
    if args.json:
        print(_json(records))
    elif args.csv:
        from pacer.domain.history import to_csv

        sys.stdout.write(to_csv([shown(record) for record in records]))
    elif not records:
        if not _unreadable(store, listing, "sessions.jsonl"):  # else stderr says why
            print("No sessions yet. To start one, type: pacer breathe")
    else:
        for record in records:
            print(_format_row(shown(record)))
    return _report_listings(store, listing)


def cmd_calm(args: argparse.Namespace, store: Store) -> int:
    from pacer.cli_records import whole_id
    from pacer.plain import EXIT_PIPE, Stop, WayOut, quiet_stdout
    from pacer.services import Services

    if args.appointment:  # a short id as the list shows it, or any unique start of one
        args.appointment = whole_id(Services.open(store).appointments.listing(), args.appointment)
    if not args.plain:
        return _open_tui(store, args, calm=True, appointment=args.appointment)
    from pacer.calm_plain import CalmPlain

    with WayOut() as way_out:
        routine = CalmPlain(Services.open(store), input, sys.stdout, MonotonicClock(),
                            appointment_id=args.appointment, way_out=way_out)
        try:
            routine.run()
        except Stop as stop:
            return stop.exit_code
        except BrokenPipeError:
            quiet_stdout()
            return EXIT_PIPE
    return EXIT_FAILED if routine.skipped else EXIT_OK


def cmd_check_in(args: argparse.Namespace, store: Store) -> int:
    """`pacer check-in`: typed answers; a bad one is asked again on a terminal, exit 2 from a
    pipe (see :mod:`pacer.check_in_plain`)."""
    from pacer.check_in_plain import run_check_in
    from pacer.clock import local_now
    from pacer.services import Services

    return run_check_in(Services.open(store), input, sys.stdout, sys.stderr, local_now(),
                        asking=sys.stdin.isatty())


def cmd_log(args: argparse.Namespace, store: Store) -> int:
    import uuid
    from datetime import timedelta

    from pacer.clock import local_now
    from pacer.domain.records import Rejected, SessionRecord, check
    from pacer.plain import record_session
    from pacer.services import Services

    services = Services.open(store)
    pattern = _pattern(args.pattern, services)
    assert pattern is not None  # --pattern is required
    minutes: float = args.minutes
    ended = local_now()
    started = ended - timedelta(minutes=minutes)
    record = {
        "started": started.isoformat(timespec="seconds"),
        "ended": ended.isoformat(timespec="seconds"),
        "pattern": pattern.key,
        "rhythm": pattern.rhythm,
        "seconds": round(minutes * 60, 1),
        "planned_seconds": round(minutes * 60, 1),
        "completed": True,
        "before": args.before,
        "after": args.after,
        "note": args.note,
        "source": "log",
    }
    # Checked at the door, as the log will check it when read: a record that does not fit
    # (a note of 20,000 characters) is refused now, naming the field, not left out later.
    fits = check(SessionRecord, {**record, "id": str(uuid.uuid4())}, "pacer log")
    if isinstance(fits, Rejected):
        raise InputError(harmless(str(fits).removeprefix("pacer log: ")))
    _saved, problem = record_session(services, record)
    if problem is not None:
        print(f"pacer: {problem}", file=sys.stderr)
        return EXIT_FAILED
    print(f"Logged {minutes:g} min of {harmless(pattern.name.lower())}. Every minute counts.")
    return EXIT_OK


def cmd_export(args: argparse.Namespace, store: Store) -> int:
    """Print or save everything; ``-o`` inside the data folder or onto a device, pipe, folder
    or link is a usage error (exit 2) checked before anything is read or written."""
    import json

    from pacer.cli_output import report_problems as _report_problems
    from pacer.store.tools import UnsafeTarget, check_export_target, export_all, save_export

    try:
        if args.output is not None:
            check_export_target(args.output, store.root)
        data = export_all(store)
        if args.output is None:
            print(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            save_export(data, args.output, data_root=store.root)
            print(f"Saved everything to {args.output}. It holds health data: keep it private.")
    except UnsafeTarget as error:
        print(f"pacer: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    return _report_problems(store)


def cmd_import(args: argparse.Namespace, store: Store) -> int:
    from pacer.cli_output import report_problems as _report_problems
    from pacer.domain.records import check_in_collection
    from pacer.store.tools import import_all, load_export

    print(import_all(store, load_export(args.file), check=check_in_collection))
    return _report_problems(store)


def _record_problems(services: Services) -> list[str]:
    """Doctor's lines for records that do not fit their kind (left out, never changed)."""
    listings = [services.goals.listing(), services.appointments.listing(),
                services.patterns.listing(), services.drafts.listing(),
                services.sessions.all(), services.journal.entries()]
    return [harmless(str(r)) for listing in listings for r in listing.rejected]


def cmd_doctor(args: argparse.Namespace, store: Store) -> int:
    from pacer.services import Services
    from pacer.store.tools import doctor
    from pacer_audio.player import diagnose

    ok, lines = doctor(store, _record_problems(Services.open(store)))
    for line in lines:
        print(line)
    print(diagnose())  # no sound is not a fault: Pacer runs silently
    return EXIT_OK if ok else EXIT_FAILED


def _open_tui(
    store: Store,
    args: argparse.Namespace,
    start: tuple[Pattern, float] | None = None,
    ramp: Ramp | None = None,
    calm: bool = False,
    appointment: str | None = None,
    find_pace: bool = False,
    breathless: bool = False,
    breaths: int | None = None,
    settle_in: int | None = None,
) -> int:
    """The only place the command line imports Textual. ``breaths`` and ``settle_in`` (None:
    the setting) apply to the ``start`` session, as ``ramp`` does."""
    from pacer.app import PacerApp

    app = PacerApp(store, start=start, ramp=ramp, sound=not args.no_sound,
                   start_calm=calm, calm_appointment=appointment, start_find_pace=find_pace,
                   start_breathless=breathless, start_breaths=breaths, settle_in=settle_in)
    app.run()
    return app.return_code or EXIT_OK


def cmd_goals(args: argparse.Namespace, store: Store) -> int:
    from pacer.cli_records import cmd_goals as run

    return run(args, store)


def cmd_appointments(args: argparse.Namespace, store: Store) -> int:
    from pacer.cli_records import cmd_appointments as run

    return run(args, store)


def cmd_status(args: argparse.Namespace, store: Store) -> int:
    """`pacer status` when the fast path (pacer.entry) did not take it: the same answer."""
    from pacer.status import run

    return run(str(store.root), as_json=args.json, verbose=args.verbose)


def cmd_pleasant(args: argparse.Namespace, store: Store) -> int:
    from pacer.cli_pleasant import cmd_pleasant as run

    return run(args, store)


def cmd_export_audio(args: argparse.Namespace, store: Store) -> int:
    from pacer_audio.command import cmd_export_audio as run

    return run(args, store)


COMMANDS: dict[str, Callable[[argparse.Namespace, Store], int]] = {
    "breathe": cmd_breathe,
    "patterns": cmd_patterns,
    "history": cmd_history,
    "goals": cmd_goals,
    "appointments": cmd_appointments,
    "breathless": cmd_breathless,
    "pleasant": cmd_pleasant,
    "calm": cmd_calm,
    "check-in": cmd_check_in,
    "log": cmd_log,
    "export": cmd_export,
    "import": cmd_import,
    "doctor": cmd_doctor,
    "export-audio": cmd_export_audio,
    "status": cmd_status,
}


def _not_a_folder(args: argparse.Namespace, root: Path) -> str | None:
    """The one-line error when the data folder path exists but is not a folder (every command
    refuses it: an export of it would be empty, a save would fail later)."""
    try:
        st = os.stat(root)
    except FileNotFoundError:
        return None  # created by the first save
    except OSError as error:
        return f"cannot use the data folder {root}: {error.strerror or error}"
    if stat.S_ISDIR(st.st_mode):
        return None
    if args.data_dir:
        source = "--data-dir"
    else:
        source = ENV_VAR if os.environ.get(ENV_VAR) else "the data folder"
    return f"{source} {root} is not a folder"


def _flush_pending(store: Store) -> None:
    """Add records kept aside by an earlier run (a session whose save failed); never blocks
    for long and never stops the command: on failure they stay for next time."""
    try:
        added = store.flush_pending(timeout=1.0)
    except StoreError as error:
        print(f"pacer: note: records kept aside earlier still wait: {harmless(str(error))}",
              file=sys.stderr)
        return
    if added:
        n = len(added)
        print(f"pacer: Saved {n} record{'s' if n > 1 else ''} kept aside earlier.", file=sys.stderr)


class _NotPlain(Exception):
    """Raised by :func:`_launch_args` when the command line is more than plain `pacer`."""


class _LaunchParser(argparse.ArgumentParser):
    """Only the options of plain `pacer`; anything it does not know goes to the full parser."""

    def error(self, message: str) -> NoReturn:
        raise _NotPlain(message)


def _launch_args(argv: Sequence[str] | None) -> argparse.Namespace | None:
    """The options of plain `pacer` (open the app), or None when there is more to parse.

    Building the full parser imports what every subcommand needs to describe its options; the
    app's launch is timed, so plain `pacer` is parsed without it. Help, --version, a command,
    or any mistake falls through to :func:`build_parser`, which says the same as it always did.
    """
    parser = _LaunchParser(prog="pacer", add_help=False)
    _add_common(parser, top=True)
    try:
        args, rest = parser.parse_known_args(argv)
    except _NotPlain:
        return None
    if rest:
        return None
    args.command = None
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = _launch_args(argv)
    if args is None:
        args = build_parser().parse_args(argv)
    test_now = os.environ.get(TEST_NOW)
    if test_now:  # tests only: a bad value is said, never quietly replaced by the real time
        try:
            clock_test_now(test_now)
        except ValueError as error:
            print(f"pacer: error: {harmless(str(error))}", file=sys.stderr)
            return EXIT_USAGE
    root = data_dir(args.data_dir)
    bad_root = _not_a_folder(args, root)
    if bad_root is not None:
        print(f"pacer: error: {bad_root}", file=sys.stderr)
        return EXIT_USAGE
    store = Store(root)
    # doctor reports pending records and changes nothing; the TUI adds them itself, after its
    # first frame, with a note on screen (a line printed here would be hidden by the TUI).
    if args.command not in ("doctor", "status", None):  # status never writes
        _flush_pending(store)
    try:
        if args.command is None:
            return _open_tui(store, args)
        return COMMANDS[args.command](args, store)
    except InputError as error:  # the typed value is in it: shown, never sent to the terminal
        print(f"pacer: error: {harmless(str(error))}", file=sys.stderr)
        return EXIT_USAGE
    except StoreError as error:
        print(f"pacer: {harmless(str(error))}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `pacer history | head -1`: the reader has what it wanted
        from pacer.plain import quiet_stdout

        quiet_stdout()
        return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
