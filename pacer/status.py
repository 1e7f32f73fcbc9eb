"""`pacer status`: one calm line for a shell prompt or a login.

"Scan Friday, in 3 days · waiting day 3 · 10 min this week": the next appointment (if it is
within :data:`NEXT_DAYS`), the wait for results going on (:mod:`pacer.domain.wait`), and the
minutes practised since Monday. Nothing at all (no output, exit 0) when there is nothing to
say; ``--json`` prints the same facts with stable keys for scripts.

Why this module is so sparing with imports: it runs at every new shell, where a tenth of a
second is felt, and its target is under twice a bare ``python -c pass``
(``bench/bench_status.py``). So it reads only ``appointments.json`` and the end of
``sessions.jsonl``, itself, with the standard library's cheapest pieces: no Textual, no rich,
no msgspec (which loads ``msgspec.inspect``), no :mod:`pacer.store` (msgspec, dataclasses,
pathlib), no argparse, no pathlib, no platformdirs in the usual case. The domain's wording
modules (:mod:`pacer.domain.appointments`, :mod:`pacer.domain.wait`) are imported only when
there is an appointment or a wait to put into words.

It never writes, never takes the folder's lock and never moves a damaged file aside: the store
does that when the app or a command next opens the folder. It opens files the store's way (no
symbolic links, plain files only, the same size caps). A file it cannot read gives no words
for that part, and with ``--verbose`` one line on stderr naming the file and the record; a
shell prompt never shows a traceback.
"""

from __future__ import annotations

import os
import sys
from datetime import datetime, timedelta

from pacer.domain.stored import stored_moment

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence
    from typing import Any

APPOINTMENTS = "appointments.json"
SESSIONS = "sessions.jsonl"
#: The schema of appointments.json this version reads (the store's DocSpec; a test checks).
APPOINTMENTS_SCHEMA = 1
#: The store's size caps (pacer.store.files; a test checks they agree).
MAX_DOCUMENT_BYTES = 16 * 1024 * 1024
MAX_LOG_BYTES = 512 * 1024 * 1024
#: An appointment further ahead than this many days is not said at the prompt: a line at
#: every new shell about something weeks away would be noise, not help.
NEXT_DAYS = 6
#: Lines without ``logged`` (hand-written, early builds) older than Monday in a row before
#: the backwards scan stops (the store's own bound, pacer.store.logs._LEGACY_RUN).
LEGACY_RUN = 64
#: The words between the parts of the line.
SEPARATOR = " · "
#: For tests only: the wall clock's moment (ISO with offset), as for the app and the CLI.
TEST_NOW = "PACER_TEST_NOW"

_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) \
    | getattr(os, "O_CLOEXEC", 0)
_BLANK = " \t\r\n"
_CHUNK = 64 * 1024


class Unreadable(Exception):
    """A file, or a record in it, that gives no words; ``str(e)`` is one line for stderr."""


# --- reading, the store's way, without the store ------------------------------------------


def open_plain(path: str, cap: int) -> int | None:
    """A descriptor of a data file opened the store's way; None when it is missing;
    :class:`Unreadable` for a link, a pipe, a folder, a file over ``cap`` bytes or one the
    system refuses."""
    name = os.path.basename(path)
    try:
        fd = os.open(path, _FLAGS)
    except FileNotFoundError:
        return None
    except OSError as error:
        if os.path.islink(path):
            raise Unreadable(f"{name}: a symbolic link (Pacer never follows links)") from None
        raise Unreadable(f"{name}: cannot be read ({error.strerror or error})") from None
    try:
        import stat

        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise Unreadable(f"{name}: not a plain file")
        if info.st_size > cap:
            raise Unreadable(f"{name}: too big to read safely ({info.st_size:,} bytes)")
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_file(path: str, cap: int) -> bytes | None:
    """The bytes of a data file (see :func:`open_plain`); None when it is missing."""
    fd = open_plain(path, cap)
    if fd is None:
        return None
    try:
        chunks, total = [], 0
        while block := os.read(fd, min(4 * 1024 * 1024, cap + 1 - total)):
            chunks.append(block)
            total += len(block)
            if total > cap:
                raise Unreadable(f"{os.path.basename(path)}: too big to read safely")
        return b"".join(chunks)
    except OSError as error:
        raise Unreadable(f"{os.path.basename(path)}: cannot be read "
                         f"({error.strerror or error})") from None
    finally:
        os.close(fd)


def _not_a_number(text: str) -> object:
    raise ValueError(f"{text} is not a number JSON allows")


class _Decoding:
    """What CPython's C JSON scanner reads from its decoder: the settings of json.loads."""

    strict = True
    object_hook = None
    object_pairs_hook = None
    parse_float = float
    parse_int = int
    parse_constant = staticmethod(_not_a_number)


def loads(text: str) -> object:
    """JSON text to Python values, as :func:`json.loads` does, but without importing
    :mod:`json` (which loads :mod:`re` and :mod:`enum`: most of this command's time budget):
    CPython's own C scanner behind it is used directly, and :mod:`json` is loaded only to say
    what is wrong with text that is not one JSON value (ValueError). NaN and Infinity are
    refused, as the store refuses them."""
    try:
        from _json import make_scanner as _scanner
    except ImportError:  # another Python: the standard way
        import json

        return json.loads(text, parse_constant=_not_a_number)

    scanner: Any = _scanner  # its stub wants a JSONDecoder; it reads only these attributes
    body = text.lstrip("\ufeff").strip(_BLANK)
    try:
        value, end = scanner(_Decoding)(body, 0)
    except (StopIteration, SystemError, ValueError):
        value, end = None, -1  # the C scanner needs json.decoder loaded to say what is wrong
    if end != len(body):
        import json

        return json.loads(text.lstrip("\ufeff"), parse_constant=_not_a_number)
    return value


def read_appointments(folder: str, notes: list[str]) -> list[dict[str, Any]]:
    """The appointments that can be used (an id, a kind, a time with its offset); the rest,
    and a file that cannot be read, are said in ``notes`` (file and record index)."""
    raw = read_file(os.path.join(folder, APPOINTMENTS), MAX_DOCUMENT_BYTES)
    if raw is None:
        return []
    try:
        doc = loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise Unreadable(f"{APPOINTMENTS}: not valid JSON (pacer doctor says where)") from None
    if not isinstance(doc, dict):
        raise Unreadable(f"{APPOINTMENTS}: not a JSON object")
    schema = doc.get("schema", APPOINTMENTS_SCHEMA)
    if not isinstance(schema, int) or schema > APPOINTMENTS_SCHEMA:
        raise Unreadable(f"{APPOINTMENTS}: written by a newer Pacer (schema {schema!r})")
    items = doc.get("appointments", [])
    if not isinstance(items, list):
        raise Unreadable(f"{APPOINTMENTS}: field 'appointments' is not a list")
    usable = []
    for index, item in enumerate(items):
        where = f"{APPOINTMENTS} appointments[{index}]"
        if not isinstance(item, dict):
            notes.append(f"{where}: not an object")
        elif not isinstance(item.get("id"), str) or not item["id"]:
            notes.append(f"{where}: field 'id' is missing or empty")
        elif not isinstance(item.get("kind"), str):
            notes.append(f"{where}: field 'kind' is not text")
        elif stored_moment(item.get("when")) is None:
            notes.append(f"{where}: field 'when' is not a time with its offset")
        else:
            usable.append(item)
    return usable


def _lines_backwards(fd: int, size: int) -> Iterator[bytes]:
    """The lines of a file from the last to the first, reading 64 KiB at a time."""
    end, rest = size, b""
    while end > 0:
        start = max(0, end - _CHUNK)
        lines = (os.pread(fd, end - start, start) + rest).split(b"\n")
        rest = lines.pop(0) if start > 0 else b""
        yield from reversed(lines)
        end = start


def _session(line: bytes) -> tuple[datetime, float, datetime | None] | None:
    """(started, seconds, logged) of one line of sessions.jsonl, or None if it is not one."""
    try:
        record = loads(line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    if not isinstance(record, dict):
        return None
    started = stored_moment(record.get("started"))
    seconds = record.get("seconds")
    if started is None or isinstance(seconds, bool) or not isinstance(seconds, int | float):
        return None
    if not 0 <= seconds <= 7 * 24 * 3600:
        return None
    logged = record.get("logged")
    return started, float(seconds), stored_moment(logged) if logged is not None else None


def week_start(now: datetime) -> datetime:
    """Monday 00:00 of ``now``'s week, in ``now``'s time zone (as Today counts the week)."""
    monday = now.date() - timedelta(days=now.weekday())
    return datetime(monday.year, monday.month, monday.day, tzinfo=now.tzinfo)


def week_seconds(folder: str, now: datetime, notes: list[str]) -> float:
    """Seconds practised since Monday 00:00, read from the end of sessions.jsonl.

    The store keeps ``logged`` non-decreasing along the file and never before a session's
    start, so the scan stops at the first line logged before Monday: the cost is this week's
    lines, not ten years of history. A file edited by hand out of that order is added up in
    full instead (always right). Damaged lines are left out and said in ``notes``.
    """
    fd = open_plain(os.path.join(folder, SESSIONS), MAX_LOG_BYTES)
    if fd is None:
        return 0.0
    monday = week_start(now)
    latest = now + timedelta(days=1)  # as Today: a session "tomorrow" is a wrong clock
    try:
        size = os.fstat(fd).st_size
        total, damaged, newest, legacy = 0.0, 0, None, 0
        for line in _lines_backwards(fd, size):
            if not line.strip(_BLANK.encode()):
                continue
            parsed = _session(line)
            if parsed is None:
                damaged += 1
                continue
            started, seconds, logged = parsed
            if logged is not None:
                if started > logged or (newest is not None and logged > newest):
                    return _week_by_full_read(fd, size, monday, latest, notes)
                newest = logged
                if logged < monday:
                    break
            if monday <= started <= latest:
                total += seconds
                legacy = 0
            elif logged is None:
                legacy += 1
                if legacy >= LEGACY_RUN:
                    break
    finally:
        os.close(fd)
    if damaged:
        notes.append(f"{SESSIONS}: {damaged} line{'s' if damaged > 1 else ''} near the end "
                     "could not be read and were left out (pacer doctor names them)")
    return total


def _week_by_full_read(
    fd: int, size: int, monday: datetime, latest: datetime, notes: list[str]
) -> float:
    total, damaged = 0.0, 0
    for line in os.pread(fd, size, 0).split(b"\n"):
        if not line.strip(_BLANK.encode()):
            continue
        parsed = _session(line)
        if parsed is None:
            damaged += 1
        elif monday <= parsed[0] <= latest:
            total += parsed[1]
    if damaged:
        notes.append(f"{SESSIONS}: {damaged} line{'s' if damaged > 1 else ''} could not be "
                     "read and were left out (pacer doctor names them)")
    return total


# --- the words ------------------------------------------------------------------------------


def minutes_words(seconds: float) -> str | None:
    """"10 min this week" (whole minutes, rounded as Today rounds them); None for none."""
    if seconds <= 0:
        return None
    if seconds < 60:
        return "under 1 min this week"
    return f"{int(seconds / 60 + 0.5)} min this week"


def _soon(appointments: Sequence[dict[str, Any]], now: datetime) -> dict[str, Any] | None:
    """The next appointment that has not started and is at most :data:`NEXT_DAYS` away."""
    ahead = []
    for appointment in appointments:
        when = stored_moment(appointment.get("when"))
        if when is not None and when >= now:
            days = (when.astimezone(now.tzinfo).date() - now.date()).days
            if days <= NEXT_DAYS:
                ahead.append((when, appointment))
    ahead.sort(key=lambda pair: pair[0])
    return ahead[0][1] if ahead else None


def _may_wait(appointments: Sequence[dict[str, Any]], now: datetime) -> bool:
    """Whether any appointment could be a wait for results (a test in the past that says
    when its results come and whose results have not come): only then is the wait's module
    loaded."""
    for appointment in appointments:
        when = stored_moment(appointment.get("when"))
        if when is None or when > now or appointment.get("results_came"):
            continue
        if appointment.get("results_due") or appointment.get("results_appointment"):
            return True
    return False


def status(folder: str, now: datetime, notes: list[str]) -> dict[str, Any]:
    """The facts of the line, with stable keys (``--json`` prints them as they are):

    ``line`` (the words, "" when there is nothing to say), ``next_appointment`` (id, kind,
    when, words; or None), ``waiting`` (id, kind, day, expected; or None) and
    ``minutes_this_week`` (whole minutes). A part whose file cannot be read is None (or 0)
    and its reason is added to ``notes``.
    """
    facts: dict[str, Any] = {"line": "", "next_appointment": None, "waiting": None,
                             "minutes_this_week": 0}
    parts: list[str] = []
    try:
        appointments = read_appointments(folder, notes)
    except Unreadable as problem:
        notes.append(str(problem))
        appointments = []
    soon = _soon(appointments, now)
    if soon is not None:
        from pacer.domain.appointments import KINDS, friendly_countdown, when_of

        when = when_of(soon)
        if when is not None:
            countdown = friendly_countdown(when, now)
            if countdown.startswith(("Today", "Tomorrow")):
                countdown = countdown[0].lower() + countdown[1:]
            words = f"{KINDS.get(str(soon['kind']), 'Appointment')} {countdown}"
            parts.append(words)
            facts["next_appointment"] = {"id": soon["id"], "kind": soon["kind"],
                                         "when": soon["when"], "words": words}
    if _may_wait(appointments, now):
        from pacer.domain.wait import current_waits, short_wait

        waits = current_waits(appointments, now)
        if waits:
            wait = waits[0]
            parts.append(short_wait(wait))
            facts["waiting"] = {
                "id": wait.test["id"], "kind": wait.test["kind"], "day": wait.day,
                "expected": wait.expected.isoformat() if wait.expected else None,
            }
    try:
        seconds = week_seconds(folder, now, notes)
    except Unreadable as problem:
        notes.append(str(problem))
        seconds = 0.0
    minutes = minutes_words(seconds)
    if minutes is not None:
        parts.append(minutes)
    facts["minutes_this_week"] = int(seconds / 60 + 0.5)
    facts["line"] = SEPARATOR.join(parts)
    return facts


# --- the command ----------------------------------------------------------------------------


def folder_of(given: str | None) -> str:
    """The data folder, as :func:`pacer.paths.data_dir` finds it: ``--data-dir``, else
    ``$PACER_HOME``, else the platform's. On Linux the platform's folder is worked out here
    (``$XDG_DATA_HOME/pacer`` or ``~/.local/share/pacer``, as platformdirs says; a test holds
    them together) because importing platformdirs alone costs twice this whole command;
    anywhere else, or in an unusual setting, platformdirs is asked."""
    if given:
        return os.path.expanduser(given)
    home = os.environ.get("PACER_HOME")
    if home:
        return os.path.expanduser(home)
    if sys.platform == "linux" and os.environ.get("ANDROID_ROOT") is None:
        xdg = os.environ.get("XDG_DATA_HOME", "")
        if os.path.isabs(xdg):
            return os.path.join(xdg, "pacer")
        user = os.environ.get("HOME", "")
        if os.path.isabs(user):
            return os.path.join(user.rstrip("/") or "/", ".local", "share", "pacer")
    from pacer.paths import data_dir

    return str(data_dir(None))


def wall_now() -> datetime:
    """Now, with the local offset; ``PACER_TEST_NOW`` (tests only) sets the moment."""
    fixed = os.environ.get(TEST_NOW)
    if fixed:
        moment = stored_moment(fixed)
        if moment is not None:
            return moment
    return datetime.now().astimezone()


def _json_text(facts: dict[str, Any]) -> str:
    import json

    return json.dumps(facts, ensure_ascii=False, sort_keys=True)


def run(folder: str, *, as_json: bool = False, verbose: bool = False,
        now: datetime | None = None) -> int:
    """Print the line (or the JSON); notes go to stderr only when ``verbose``. Exit 0, also
    when a file could not be read (that part is left out); 1 only if something unexpected
    went wrong, said in one line with ``verbose`` and never as a traceback."""
    notes: list[str] = []
    try:
        facts = status(folder, now or wall_now(), notes)
    except Exception as error:  # a prompt line must never show a traceback
        if verbose:
            print(f"pacer status: {_plain(str(error) or type(error).__name__)}",
                  file=sys.stderr)
        return 1
    if verbose:
        for note in notes:
            print(f"pacer status: {_plain(note)}", file=sys.stderr)
    try:
        if as_json:
            print(_json_text(facts))
        elif facts["line"]:
            print(_plain(facts["line"]))
    except BrokenPipeError:
        return 0
    return 0


def _plain(text: str) -> str:
    """Control characters made visible (a kind typed into the file by hand could hold an
    escape sequence): :func:`pacer.domain.text.harmless` when there is one to show."""
    if text.isprintable():
        return text
    from pacer.domain.text import harmless

    return harmless(text)


def fast(argv: Sequence[str]) -> int | None:
    """Run ``pacer [--data-dir DIR] [--no-sound] status [--json] [--verbose] [--data-dir DIR]``
    without the full command line; None for anything else (help, a mistake, another command),
    which :mod:`pacer.cli` then parses and answers as it always does."""
    args = list(argv)
    given: str | None = None
    as_json = verbose = False
    seen_command = False
    index = 0
    while index < len(args):
        arg = args[index]
        if arg == "--data-dir" and index + 1 < len(args):
            given = args[index + 1]
            index += 2
            continue
        if arg.startswith("--data-dir="):
            given = arg.split("=", 1)[1]
        elif arg == "--no-sound":
            pass
        elif arg == "status" and not seen_command:
            seen_command = True
        elif arg == "--json" and seen_command:
            as_json = True
        elif arg in ("--verbose", "-v") and seen_command:
            verbose = True
        else:
            return None
        index += 1
    if not seen_command:
        return None
    return run(folder_of(given), as_json=as_json, verbose=verbose)
