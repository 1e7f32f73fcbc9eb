"""The Store: every read and write of Pacer's data folder.

Layout and guarantees are described for users in ``DATA_FOLDER.md``; this docstring is the
engineering side.

Documents (``settings.json``, ``goals.json``, ...) are small JSON objects rewritten whole with
:func:`pacer.store.atomic.replace_file` (temp file, fsync, rename, folder fsync), so every save is
all-or-nothing. Changes go through :meth:`Store.update_document`, which re-reads the file *under
the folder lock* and hands the fresh content to a function: a form that has been open for an
hour merges its edits into what is on disk now instead of overwriting what another window saved
meanwhile (see :mod:`pacer.store.records` for the merge helpers).

Logs (``sessions.jsonl``, ``journal.jsonl``) are append-only, one JSON record per line. An append
is one ``os.write`` of one whole line on an ``O_APPEND`` descriptor, fsynced, under the lock.
Before appending, a torn (unterminated) last line left by a crash is copied to
``<log>.torn-<time>-<hex>`` and cut off, so the new record never glues onto garbage.

Every log record gets a store-managed ``logged`` timestamp, kept non-decreasing along the file and
never earlier than the record's own time (``started`` for sessions). That makes "what happened
since Monday" answerable by reading the file *backwards* and stopping at the first record logged
before Monday: a few kilobytes instead of ten years of history, even when older sessions were
logged late or imported (which a plain "stop at the first older ``started``" would miss).

Reads never write, never take the lock (renames make documents safe to read at any time), and
never treat a damaged file as empty: problems are recorded (see :meth:`Store.problems`), the
collection becomes read-only, and the rest keeps working.
"""

from __future__ import annotations

import contextlib
import copy
import errno
import os
import stat
import threading
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import msgspec

from pacer.store import atomic
from pacer.store.errors import (
    EMPTY,
    NEWER,
    NUL,
    SCHEMA,
    TORN_TAIL,
    UNREADABLE,
    UNSUPPORTED,
    InvalidRecord,
    LockTimeout,
    Problem,
    StoreError,
    UnreadableFile,
)
from pacer.store.jsonio import (
    BOM,
    JsonFault,
    count_keys,
    decode_strict,
    decode_text,
    encode_document,
    encode_line,
    fast_line,
    format_path,
    has_no_duplicates,
    locate,
    normalise,
    split_validation_error,
)
from pacer.store.migrations import MigrationError, migrate
from pacer.store.schema import (
    DEFAULT_SETTINGS,
    DocSpec,
    LogSpec,
    document_spec,
    log_spec,
    validate,
    validate_many,
)

LOCK_NAME = ".pacer.lock"
LOGGED = "logged"
_CHUNK = 64 * 1024
#: Lines read past the stopping point of a "since" query, to notice hand-reordered files.
_LOOKBACK = 16
#: Lines without ``logged`` (hand-written, early builds) carry no ordering guarantee: the scan
#: stops after this many consecutive such lines older than the query, which is exact for a log
#: in time order and bounds the cost of one that is not (a full read is always exact).
_LEGACY_RUN = 64
_BLANK = b" \t\r"
_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


class _Bad(Exception):
    """Internal: carries the Problem that makes a file (or line) unusable."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def _strerror(e: OSError) -> str:
    return e.strerror or str(e) or type(e).__name__


def _aware(moment: datetime | date) -> datetime:
    """Naive datetimes and dates are local time (what a person means by "since Monday")."""
    if not isinstance(moment, datetime):
        moment = datetime.combine(moment, time())
    if moment.tzinfo is None or moment.utcoffset() is None:
        return moment.astimezone()
    return moment


def _now() -> datetime:
    return datetime.now().astimezone().replace(microsecond=0)


# --- parsing, shared by the Store and the tools -----------------------------------------------


def parse_document(spec: DocSpec, path: Path, raw: bytes) -> tuple[dict[str, Any], int]:
    """Validate the bytes of a document; return it (migrated in memory) and its file version.

    Raises ``_Bad`` with a precisely located Problem for anything that is not a valid
    document this version of Pacer understands.
    """

    def bad(kind: str, msg: str, line: int | None = None, field: str | None = None) -> _Bad:
        return _Bad(Problem(path, line, field, kind, msg))

    body = raw[len(BOM) :] if raw.startswith(BOM) else raw
    if b"\x00" in body and not body.strip(b"\x00 \t\r\n"):
        raise bad(NUL, f"the file is {len(raw)} NUL bytes, probably left by a crash or power cut")
    if not body.strip():
        if not raw:
            raise bad(EMPTY, "the file is empty (0 bytes), probably cut short by a crash")
        raise bad(EMPTY, "the file contains only blank space")
    try:
        text = decode_text(raw)
        doc = decode_strict(text)
    except JsonFault as f:
        raise bad(f.kind, f.message, f.line, f.field) from None
    if not isinstance(doc, dict):
        raise bad(SCHEMA, "expected a JSON object ({ ... }) at the top level", 1)
    version = doc.get("schema", 0)
    if type(version) is not int or version < 0:
        raise bad(SCHEMA, "expected a whole number >= 0", locate(text, ("schema",)), "schema")
    if version > spec.version:
        raise bad(
            NEWER,
            f"written by a newer Pacer (schema {version}; this version reads up to "
            f"{spec.version}); update Pacer to use it",
            locate(text, ("schema",)),
        )
    if version < spec.version:
        try:
            doc = migrate(spec.name, doc, version, spec.version)
        except MigrationError as e:
            raise bad(UNSUPPORTED, str(e)) from None
    try:
        validate(spec.struct, doc)
    except msgspec.ValidationError as e:
        field_path, msg = split_validation_error(e)
        line = None
        if version == spec.version:  # after a migration, paths may not exist in the text
            for depth in range(len(field_path), -1, -1):
                line = locate(text, field_path[:depth])
                if line is not None:
                    break
        raise bad(SCHEMA, msg, line, format_path(field_path) or None) from None
    if spec.list_key is not None:
        seen: set[str] = set()
        for i, rec in enumerate(doc.get(spec.list_key, [])):
            if rec["id"] in seen:
                where = (spec.list_key, i, "id")
                raise bad(
                    SCHEMA,
                    f"id {rec['id']!r} is used by two records",
                    locate(text, where) if version == spec.version else None,
                    format_path(where),
                )
            seen.add(rec["id"])
    return doc, version


def record_from_line(spec: LogSpec, path: Path, raw: bytes, line_no: int) -> tuple[dict, Any]:
    """One log line -> (record dict migrated to the current schema, validated Struct)."""

    def bad(kind: str, msg: str, line: int | None = None, field: str | None = None) -> _Bad:
        return _Bad(Problem(path, line, field, kind, msg))

    line = raw.strip(_BLANK)
    if b"\x00" in line and not line.strip(b"\x00"):
        raise bad(NUL, f"the line is {len(line)} NUL bytes, probably left by a crash", line_no)
    try:
        obj = fast_line(line, line_no)
    except JsonFault as f:
        raise bad(f.kind, f.message, line_no, f.field) from None
    if not isinstance(obj, dict):
        raise bad(SCHEMA, "expected a JSON object ({ ... })", line_no)
    version = obj.get("schema", 0)
    if type(version) is not int or version < 0:
        raise bad(SCHEMA, "expected a whole number >= 0", line_no, "schema")
    if version > spec.version:
        raise bad(
            NEWER,
            f"written by a newer Pacer (schema {version}; this version reads up to "
            f"{spec.version}); update Pacer to use it",
            line_no,
        )
    if version < spec.version:
        try:
            obj = migrate(spec.name, obj, version, spec.version)
        except MigrationError as e:
            raise bad(UNSUPPORTED, str(e), line_no) from None
    try:
        struct = validate(spec.struct, obj)
    except msgspec.ValidationError as e:
        field_path, msg = split_validation_error(e)
        raise bad(SCHEMA, msg, line_no, format_path(field_path) or None) from None
    return obj, struct


@dataclass
class LogRead:
    """Result of parsing a whole log: good records, problems, and the torn tail if any."""

    records: list[dict[str, Any]]
    problems: list[Problem]
    torn_offset: int | None = None  # byte offset where an unusable unterminated tail starts


def _fast_body(spec: LogSpec, body: bytes) -> list[dict[str, Any]] | None:
    """Decode and validate every line in two C calls, or return None to take the slow path.

    Returns None (never a wrong answer) whenever anything is unusual: blank lines, a bad line,
    a line holding two objects, keys that cannot be proven unique, old or new schemas.
    """
    stripped = body.strip()
    if not stripped:
        return []
    try:
        items = msgspec.json.decode(b"[" + stripped.replace(b"\n", b",") + b"]")
    except msgspec.DecodeError:
        return None
    if len(items) != stripped.count(b"\n") + 1:
        return None
    try:
        validate_many(spec.struct, items)  # also proves every item is an object
    except msgspec.ValidationError:
        return None
    if not has_no_duplicates(stripped, sum(map(len, items))) and not has_no_duplicates(
        stripped, sum(map(count_keys, items))
    ):
        return None
    return items


def parse_log(spec: LogSpec, path: Path, raw: bytes) -> LogRead:
    """Parse a whole log. Bad lines become Problems; a torn last line is reported as tolerated.

    An unterminated last line that is a complete valid record (an editor that dropped the final
    newline) is kept as a record, not treated as torn.
    """
    start = len(BOM) if raw.startswith(BOM) else 0
    cut = raw.rfind(b"\n") + 1
    body, tail = raw[start:cut] if cut > start else b"", raw[max(cut, start) :]
    records = _fast_body(spec, body)
    problems: list[Problem] = []
    if records is None:
        records = []
        for i, line in enumerate(body.split(b"\n")[:-1]):
            if not line.strip(_BLANK):
                continue
            try:
                records.append(record_from_line(spec, path, line, i + 1)[0])
            except _Bad as b:
                problems.append(b.problem)
    result = LogRead(records, problems)
    if tail.strip(_BLANK):
        line_no = body.count(b"\n") + 1
        try:
            records.append(record_from_line(spec, path, tail, line_no)[0])
        except _Bad:
            result.torn_offset = max(cut, start)
            problems.append(
                Problem(
                    path,
                    line_no,
                    None,
                    TORN_TAIL,
                    f"unfinished last line ({len(tail)} bytes, probably from a crash) is "
                    f"ignored; it will be kept aside as {path.name}.torn-... on the next save",
                )
            )
    return result


def scan_back(fd: int, size: int, chunk: int = _CHUNK) -> Iterator[tuple[bytes, int, bool]]:
    """Yield ``(line, start offset, terminated)`` from the last line of a file to the first.

    Reads ``chunk`` bytes at a time from the end, so finding the recent records of a ten-year
    log costs a few kilobytes. ``terminated`` is False only for a last line with no newline.
    """
    pos = size
    buf = b""
    while pos > 0:
        n = min(chunk, pos)
        pos -= n
        buf = os.pread(fd, n, pos) + buf
        parts = buf.split(b"\n")
        end = pos + len(buf)
        for part in reversed(parts[1:]):
            begin = end - len(part)
            if part or end != size:
                yield part, begin, end < size
            end = begin - 1
        buf = parts[0]
    if buf:
        yield buf, 0, len(buf) < size


def _line_number(fd: int, offset: int) -> int:
    """1-based line of a byte offset (error paths only: it reads the file up to there)."""
    count, pos = 0, 0
    while pos < offset:
        block = os.pread(fd, min(1 << 20, offset - pos), pos)
        if not block:
            break
        count += block.count(b"\n")
        pos += len(block)
    return count + 1


@dataclass
class _Tail:
    end: int  # where the next record will start once a torn tail is cut off
    torn: bytes | None  # the unusable unterminated tail, to keep aside
    needs_newline: bool  # the last line is a valid record without its newline
    bound: datetime | None  # the latest "logged"/record time at the end of the log


# --- the Store --------------------------------------------------------------------------------


class Store:
    """Pacer's data folder.

    Creating a Store reads nothing and writes nothing (app launch is benchmarked); the folder is
    created, 0700, by the first save. Methods are safe to call from several threads and from
    several processes (writes are serialised by one lock file in the folder).
    """

    def __init__(self, root: Path, lock_timeout: float = 10.0) -> None:
        self.root = Path(root)
        self.lock_timeout = lock_timeout
        self._filelock: Any = None
        self._mutex = threading.RLock()
        self._problems: dict[tuple[str, str, int | None, str | None], Problem] = {}

    def __repr__(self) -> str:
        return f"Store({str(self.root)!r})"

    # --- problems -----------------------------------------------------------------------------

    def problems(self) -> list[Problem]:
        """Every problem found so far by reads and saves, oldest first.

        A problem disappears when a later full read of its file finds it fixed; a torn tail
        that was moved aside stays listed (reported once) for the rest of the session.
        """
        with self._mutex:
            return list(self._problems.values())

    def read_only_reason(self, name: str) -> Problem | None:
        """The problem that currently makes ``name`` read-only, or None if it is writable."""
        with self._mutex:
            for problem in self._problems.values():
                if problem.file.name == name and not problem.tolerated:
                    return problem
        return None

    def _add_problems(self, problems: list[Problem]) -> None:
        with self._mutex:
            for p in problems:
                self._problems[(p.file.name, p.kind, p.line, p.field)] = p

    def _settle(self, name: str, problems: list[Problem], *, keep_torn: bool = True) -> None:
        """Replace what we know about ``name`` with the result of a fresh full read."""
        with self._mutex:
            for key, p in list(self._problems.items()):
                if p.file.name == name and (not p.tolerated or not keep_torn):
                    del self._problems[key]
        self._add_problems(problems)

    def _refuse(self, problem: Problem) -> UnreadableFile:
        return UnreadableFile(
            f"Not saved: {problem}. Pacer will not overwrite {problem.file.name}; "
            "fix or move it (see `pacer doctor`).",
            problem,
        )

    # --- lock ---------------------------------------------------------------------------------

    def _lock(self) -> Any:
        if self._filelock is None:
            from filelock import FileLock  # lazy: reads (app launch) never need it

            path = str(self.root / LOCK_NAME)
            try:
                lock = FileLock(
                    path, timeout=self.lock_timeout, mode=0o600, preserve_lock_file=True
                )
            except TypeError:  # filelock < 3.20: Unix locks never delete the file anyway
                lock = FileLock(path, timeout=self.lock_timeout, mode=0o600)
            with self._mutex:
                if self._filelock is None:
                    self._filelock = lock
        return self._filelock

    @contextlib.contextmanager
    def locked(self, timeout: float | None = None, *, prepare: bool = True) -> Iterator[None]:
        """Hold the folder lock (reentrant in one thread); creates the folder if needed.

        Use it around several operations that must not interleave with another Pacer. Raises
        :class:`LockTimeout` when another process keeps it longer than ``timeout`` seconds
        (default: the Store's ``lock_timeout``). ``prepare=False`` (for readers) neither
        creates the folder nor fixes its permissions.
        """
        from filelock import Timeout

        if prepare:
            try:
                atomic.ensure_folder(self.root)
            except OSError as e:
                raise StoreError(
                    f"Could not create the data folder {self.root}: {_strerror(e)}"
                ) from e
        lock = self._lock()
        try:
            lock.acquire(timeout=self.lock_timeout if timeout is None else timeout)
        except Timeout:
            raise LockTimeout(
                f"Another Pacer is using {self.root}; try again in a moment."
            ) from None
        except OSError as e:
            raise StoreError(f"Could not lock the data folder {self.root}: {_strerror(e)}") from e
        try:
            yield
        finally:
            lock.release()

    # --- raw files ----------------------------------------------------------------------------

    def _read_raw(self, name: str) -> bytes | None:
        """File bytes, None when missing; other OS errors become an ``unreadable`` problem."""
        path = self.root / name
        try:
            with open(path, "rb") as f:
                return f.read()
        except FileNotFoundError:
            return None
        except OSError as e:
            problem = Problem(path, None, None, UNREADABLE, f"cannot be read: {_strerror(e)}")
            raise _Bad(problem) from None

    def _save_error(self, name: str, e: OSError) -> StoreError:
        return StoreError(f"Could not save {name}: {_strerror(e)}")

    def _keep_copy(self, name: str, data: bytes) -> str:
        """Keep ``data`` as ``name`` (or a timestamped variant if taken); return the name used."""
        path = self.root / name
        if os.path.lexists(path):
            stamp = datetime.now().astimezone().strftime("%Y%m%dT%H%M%S")
            path = self.root / f"{name}-{stamp}-{os.urandom(2).hex()}"
        atomic.write_new_file(path, data)
        return path.name

    def _keep_torn(self, log: str, data: bytes) -> str:
        """Keep a torn tail as ``<log>.torn-<time>-<hex>``, unless an identical copy exists
        (a crash between keeping the copy and cutting the log must not make two)."""
        prefix = f"{log}.torn-"
        with contextlib.suppress(OSError):
            for entry in sorted(os.listdir(self.root)):
                path = self.root / entry
                if (
                    entry.startswith(prefix)
                    and path.stat().st_size == len(data)
                    and path.read_bytes() == data
                ):
                    return entry
        stamp = datetime.now().astimezone().strftime("%Y%m%dT%H%M%S")
        return self._keep_copy(f"{prefix}{stamp}-{os.urandom(2).hex()}", data)

    # --- documents ----------------------------------------------------------------------------

    def read_document(self, name: str) -> dict[str, Any]:
        """The document ``name`` with defaults for missing keys (a missing file is all defaults).

        An older schema is migrated (and the file upgraded under the lock, keeping
        ``<name>.v<old>.bak``; if the lock is busy, only in memory this time). A damaged file or
        one from a newer Pacer raises :class:`UnreadableFile` (it is never taken for empty), the
        problem is recorded, and saves to it are refused until it is fixed.
        """
        spec = document_spec(name)
        try:
            raw = self._read_raw(name)
            if raw is None:
                self._settle(name, [])
                return spec.default()
            doc, version = parse_document(spec, self.root / name, raw)
        except _Bad as b:
            self._settle(name, [b.problem])
            raise UnreadableFile(str(b.problem), b.problem) from None
        self._settle(name, [])
        if version < spec.version:
            with contextlib.suppress(StoreError):
                self._upgrade_document(spec, raw, doc, version)
        return {**spec.default(), **doc}

    def _upgrade_document(
        self, spec: DocSpec, seen: bytes, migrated: dict[str, Any], version: int
    ) -> None:
        """Write the upgraded document if the file is still what we read (else leave it)."""
        with self.locked(timeout=0):
            try:
                raw = self._read_raw(spec.name)
            except _Bad:
                return
            if raw == seen:
                self._write_document(spec, {**spec.default(), **migrated}, raw, version)

    def _write_document(
        self, spec: DocSpec, doc: dict[str, Any], old_raw: bytes | None, old_version: int
    ) -> None:
        try:
            if old_raw is not None and old_version < spec.version:
                self._keep_copy(f"{spec.name}.v{old_version}.bak", old_raw)
            atomic.remove_leftovers(self.root, spec.name)
            atomic.replace_file(self.root, spec.name, encode_document(doc))
        except OSError as e:
            raise self._save_error(spec.name, e) from e

    def _check_document(self, spec: DocSpec, doc: Any) -> dict[str, Any]:
        if not isinstance(doc, dict):
            raise InvalidRecord(f"Not saved: {spec.name} must be a JSON object")
        try:
            doc = normalise(doc)
        except (TypeError, ValueError) as e:
            raise InvalidRecord(f"Not saved: {spec.name}: {e}") from None
        doc["schema"] = spec.version
        try:
            validate(spec.struct, doc)
        except msgspec.ValidationError as e:
            field_path, msg = split_validation_error(e)
            raise InvalidRecord(
                f"Not saved: {spec.name}: field '{format_path(field_path)}': {msg}"
            ) from None
        if spec.list_key is not None:
            ids = [r["id"] for r in doc.get(spec.list_key, [])]
            if len(set(ids)) != len(ids):
                dup = next(i for i in ids if ids.count(i) > 1)
                raise InvalidRecord(f"Not saved: {spec.name}: id {dup!r} is used twice")
        return doc

    def update_document(
        self, name: str, fn: Callable[[dict[str, Any]], dict[str, Any] | None]
    ) -> dict[str, Any]:
        """Read-modify-write ``name`` atomically under the folder lock; return what was saved.

        ``fn`` gets a private copy of the document *as it is on disk now* (with defaults filled
        in) and either mutates it and returns None, or returns a new dict. Because it runs
        under the lock on fresh data, a form open for a long time should express its edits as
        changes (e.g. :func:`pacer.store.records.merge_by_id` against the copy it started from)
        so records saved meanwhile by another window or process are kept.

        Raises :class:`UnreadableFile` if the file on disk is damaged (it is left untouched),
        :class:`InvalidRecord` if ``fn``'s result does not fit the schema, :class:`LockTimeout`,
        or :class:`StoreError` if the save failed (the old file is then byte-identical).
        Nothing is written when the result equals the current content.
        """
        spec = document_spec(name)
        with self.locked():
            try:
                raw = self._read_raw(name)
                if raw is None:
                    current, version = spec.default(), spec.version
                else:
                    current, version = parse_document(spec, self.root / name, raw)
            except _Bad as b:
                self._settle(name, [b.problem])
                raise self._refuse(b.problem) from None
            self._settle(name, [])
            current = {**spec.default(), **current}
            working = copy.deepcopy(current)
            result = fn(working)
            new = self._check_document(spec, working if result is None else result)
            if raw is not None and version == spec.version and new == current:
                return new
            self._write_document(spec, new, raw, version)
            return new

    def settings(self) -> dict[str, Any]:
        """Settings with defaults; a damaged settings.json gives defaults (and a problem),
        because the app must start whatever state that file is in."""
        try:
            return self.read_document("settings.json")
        except UnreadableFile:
            return dict(DEFAULT_SETTINGS)

    def save_settings(self, settings: dict[str, Any]) -> None:
        """Merge ``settings`` into settings.json (keys not given keep their saved value)."""
        self.update_document("settings.json", lambda doc: {**doc, **settings})

    # --- logs: reading ------------------------------------------------------------------------

    def read_log(self, name: str) -> list[dict[str, Any]]:
        """Every readable record of log ``name``, in file order (oldest first).

        Bad lines are left out *and reported* (file, line, field) and make the log read-only;
        a torn last line is reported as tolerated. Records of older schemas are migrated in
        memory. A fully clean read clears earlier problems of this log.
        """
        spec = log_spec(name)
        path = self.root / name
        try:
            raw = self._read_raw(name)
        except _Bad as b:
            self._settle(name, [b.problem])
            return []
        if raw is None:
            self._settle(name, [])
            return []
        result = parse_log(spec, path, raw)
        if result.torn_offset is not None:
            result = self._confirm_torn(spec, result)
        self._settle(name, result.problems)
        return result.records

    @contextlib.contextmanager
    def _reader_lock(self) -> Iterator[bool]:
        """For readers that saw an unterminated last line: it may be another Pacer's append in
        flight, so look again under the lock. Yields False (look again without it) when no
        Pacer ever wrote here with a lock, or the lock is busy; never creates or changes files.
        """
        if not (self.root / LOCK_NAME).exists():
            yield False
            return
        with contextlib.ExitStack() as stack:
            try:
                stack.enter_context(self.locked(timeout=min(1.0, self.lock_timeout), prepare=False))
            except StoreError:
                yield False
                return
            yield True

    def _confirm_torn(self, spec: LogSpec, first: LogRead) -> LogRead:
        with self._reader_lock() as locked:
            if not locked:
                return first
            try:
                raw = self._read_raw(spec.name) or b""
            except _Bad:
                return first
            return parse_log(spec, self.root / spec.name, raw)

    def read_since(self, name: str, since: datetime | date) -> list[dict[str, Any]]:
        """Records of log ``name`` whose own time (``started``/``created``) is >= ``since``.

        Oldest first. Reads the file backwards and stops at the first record *logged* before
        ``since`` (see the module docstring), so the cost depends on how much happened since,
        not on how much history there is. Naive datetimes and dates mean local time. If the
        lines it reads show the ``logged`` order was broken by a hand edit (a line moved, a
        time changed), it falls back to a full read, which is always right.
        """
        spec = log_spec(name)
        since = _aware(since)
        scan = self._scan_since(spec, since)
        if scan is not None and any(p.kind == TORN_TAIL for p in scan[1]):
            with self._reader_lock() as locked:
                if locked:
                    scan = self._scan_since(spec, since)
        if scan is None:
            return self._since_by_full_read(spec, since)
        found, problems = scan
        self._add_problems(problems)
        return found

    def _scan_since(
        self, spec: LogSpec, since: datetime
    ) -> tuple[list[dict[str, Any]], list[Problem]] | None:
        """The backwards scan of :meth:`read_since`; None when a full read is needed."""
        path = self.root / spec.name
        try:
            fd = os.open(path, os.O_RDONLY | _O_CLOEXEC)
        except FileNotFoundError:
            return [], []
        except OSError as e:
            problem = Problem(path, None, None, UNREADABLE, f"cannot be read: {_strerror(e)}")
            self._settle(spec.name, [problem])
            return [], []
        found: list[dict[str, Any]] = []
        problems: list[Problem] = []
        try:
            size = os.fstat(fd).st_size
            newest_logged: datetime | None = None
            stopped, checked, legacy_run = False, 0, 0
            for line, begin, terminated in scan_back(fd, size):
                if begin == 0 and line.startswith(BOM):
                    line = line[len(BOM) :]
                if not line.strip(_BLANK):
                    continue
                try:
                    record, struct = record_from_line(spec, path, line, 0)
                except _Bad as b:
                    number = _line_number(fd, begin)
                    if terminated:
                        problems.append(replace(b.problem, line=number))
                    else:
                        problems.append(
                            Problem(
                                path,
                                number,
                                None,
                                TORN_TAIL,
                                f"unfinished last line ({len(line)} bytes, probably from a "
                                "crash) is ignored; it will be kept aside on the next save",
                            )
                        )
                    continue
                logged = struct.logged
                own = getattr(struct, spec.time_field)
                if logged is not None:
                    if own > logged or (newest_logged is not None and logged > newest_logged):
                        return None  # edited or reordered by hand: the shortcut is not valid
                    newest_logged = logged
                if stopped:
                    if own >= since:
                        return None  # older than a logged bound yet recent: edited by hand
                    checked += 1
                    if checked >= _LOOKBACK:
                        break
                elif logged is not None and logged < since:
                    stopped = True  # everything before is older; check a few lines anyway
                elif own >= since:
                    found.append(record)
                    legacy_run = 0
                elif logged is None:
                    legacy_run += 1
                    if legacy_run >= _LEGACY_RUN:
                        break
        finally:
            os.close(fd)
        found.reverse()
        return found, problems

    def _since_by_full_read(self, spec: LogSpec, since: datetime) -> list[dict[str, Any]]:
        out = []
        for record in self.read_log(spec.name):
            moment = datetime.fromisoformat(record[spec.time_field])
            if moment >= since:
                out.append(record)
        return out

    # --- logs: writing ------------------------------------------------------------------------

    def _prepare(self, spec: LogSpec, record: Any, *, keep_logged: bool) -> tuple[dict, Any]:
        """Copy, fill in id/schema/created, validate. Returns (record, validated Struct)."""
        if not isinstance(record, dict):
            raise InvalidRecord(f"Not saved: a {spec.name} record must be a JSON object")
        try:
            rec = normalise(record)
        except (TypeError, ValueError) as e:
            raise InvalidRecord(f"Not saved: {spec.name}: {e}") from None
        if not keep_logged:
            rec.pop(LOGGED, None)
        given = rec.pop("schema", spec.version)
        if given != spec.version:
            raise InvalidRecord(
                f"Not saved: {spec.name}: record has schema {given!r}, expected {spec.version}"
            )
        rec = {"id": rec.pop("id", None) or str(uuid.uuid4()), "schema": spec.version, **rec}
        if spec.time_field == "created" and "created" not in rec:
            rec["created"] = _now().isoformat()
        try:
            struct = validate(spec.struct, rec)
        except msgspec.ValidationError as e:
            field_path, msg = split_validation_error(e)
            raise InvalidRecord(
                f"Not saved: {spec.name}: field '{format_path(field_path)}': {msg}"
            ) from None
        ended = getattr(struct, "ended", None)
        if ended is not None and ended < getattr(struct, spec.time_field):
            raise InvalidRecord(f"Not saved: {spec.name}: 'ended' is before 'started'")
        return rec, struct

    def append(self, name: str, record: dict[str, Any]) -> dict[str, Any]:
        """Append ``record`` to log ``name``; return the stored record (with id/schema/logged).

        ``id`` (a new UUID4) and ``schema`` are added when missing; journal entries also get
        ``created`` = now. ``logged`` is always set by the store. The record is on disk
        (fsynced) when this returns; on any failure the log is rolled back to its previous
        bytes and :class:`StoreError` is raised: never "saved" unless saved. Ids are not checked
        for uniqueness here (that would mean reading the whole log): use a fresh id per record.
        """
        return self.append_many(name, [record])[0]

    def append_many(self, name: str, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Append several records in one write and one fsync (all of them or none).

        Same rules as :meth:`append`; used by ``pacer import`` so that importing ten years of
        sessions costs one fsync, not forty thousand.
        """
        spec = log_spec(name)
        prepared = [self._prepare(spec, r, keep_logged=False) for r in records]
        if not prepared:
            return []
        path = self.root / name
        with self.locked():
            reason = self.read_only_reason(name)
            if reason is not None:
                raise self._refuse(reason)
            existed = os.path.lexists(path)
            try:
                fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT | _O_CLOEXEC, 0o600)
            except OSError as e:
                raise self._save_error(name, e) from e
            end: int | None = None
            try:
                st = os.fstat(fd)
                if stat.S_IMODE(st.st_mode) != atomic.FILE_MODE:
                    os.fchmod(fd, atomic.FILE_MODE)
                tail = self._inspect_tail(spec, path, fd, st.st_size)
                if tail.torn is not None:
                    self._cut_torn_tail(spec, fd, tail)
                end = tail.end
                now = _now()
                bound = tail.bound
                lines = []
                for rec, struct in prepared:
                    moments = [now, getattr(struct, spec.time_field)]
                    if bound is not None:
                        moments.append(bound)
                    bound = max(moments)
                    rec[LOGGED] = bound.isoformat()
                    lines.append(encode_line(rec))
                payload = (b"\n" if tail.needs_newline else b"") + b"\n".join(lines) + b"\n"
                written = os.write(fd, payload)  # one call: the lines land whole or not at all
                if written != len(payload):
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
                os.fsync(fd)
                if not existed:
                    atomic.fsync_dir(self.root)
            except _Bad as b:
                self._add_problems([b.problem])
                raise self._refuse(b.problem) from None
            except OSError as e:
                if end is not None:
                    with contextlib.suppress(OSError):
                        os.ftruncate(fd, end)
                        os.fsync(fd)
                if not existed:
                    with contextlib.suppress(OSError):
                        os.unlink(path)
                raise self._save_error(name, e) from e
            finally:
                with contextlib.suppress(OSError):
                    os.close(fd)
        return [rec for rec, _ in prepared]

    def _inspect_tail(self, spec: LogSpec, path: Path, fd: int, size: int) -> _Tail:
        """Look at the end of the log before appending: torn tail? last record's bound?"""
        tail = _Tail(end=size, torn=None, needs_newline=False, bound=None)
        legacy = 0
        for line, begin, terminated in scan_back(fd, size):
            if begin == 0 and line.startswith(BOM):
                line = line[len(BOM) :]
            if not line.strip(_BLANK):
                if not terminated and line:
                    tail.needs_newline = True
                continue
            try:
                _, struct = record_from_line(spec, path, line, 0)
            except _Bad as b:
                if not terminated:
                    tail.torn = os.pread(fd, size - begin, begin)
                    tail.end = begin
                    continue
                raise _Bad(replace(b.problem, line=_line_number(fd, begin))) from None
            if not terminated:
                tail.needs_newline = True
            own = getattr(struct, spec.time_field)
            tail.bound = own if tail.bound is None else max(tail.bound, own)
            if struct.logged is not None:
                tail.bound = max(tail.bound, struct.logged)
                break
            legacy += 1
            if legacy >= _LEGACY_RUN:  # a log from before ``logged``: bounded, never O(history)
                break
        return tail

    def _cut_torn_tail(self, spec: LogSpec, fd: int, tail: _Tail) -> None:
        """Keep the torn bytes in a file of their own, then cut them off the log."""
        assert tail.torn is not None
        kept = self._keep_torn(spec.name, tail.torn)
        line = _line_number(fd, tail.end)
        os.ftruncate(fd, tail.end)
        os.fsync(fd)
        notice = Problem(
            self.root / spec.name,
            line,
            None,
            TORN_TAIL,
            f"an unfinished last line ({len(tail.torn)} bytes, probably from a crash) was "
            f"moved to {kept}",
        )
        self._settle(spec.name, [notice], keep_torn=False)

    def update_log(
        self, name: str, fn: Callable[[list[dict[str, Any]]], list[dict[str, Any]] | None]
    ) -> list[dict[str, Any]]:
        """Rewrite log ``name`` atomically (for the rare edit or delete the user asks for).

        ``fn`` gets a private copy of every record (read fresh under the lock) and mutates it
        or returns the new list. The whole log is then replaced like a document (all or
        nothing). Refused while the log has a damaged line; a torn tail is kept aside first.
        ``logged`` values are kept, raised only where needed to stay non-decreasing.
        """
        spec = log_spec(name)
        path = self.root / name
        with self.locked():
            try:
                raw = self._read_raw(name) or b""
            except _Bad as b:
                self._settle(name, [b.problem])
                raise self._refuse(b.problem) from None
            result = parse_log(spec, path, raw)
            fatal = [p for p in result.problems if not p.tolerated]
            if fatal:
                self._settle(name, result.problems)
                raise self._refuse(fatal[0])
            working = copy.deepcopy(result.records)
            returned = fn(working)
            new: list[dict[str, Any]] = []
            ids: set[str] = set()
            bound: datetime | None = None
            for record in working if returned is None else returned:
                rec, struct = self._prepare(spec, record, keep_logged=True)
                if rec["id"] in ids:
                    raise InvalidRecord(f"Not saved: {name}: id {rec['id']!r} is used twice")
                ids.add(rec["id"])
                moments = [m for m in (struct.logged, getattr(struct, spec.time_field), bound) if m]
                bound = max(moments)
                if struct.logged is None or struct.logged < bound:
                    rec[LOGGED] = bound.isoformat()
                new.append(rec)
            data = b"".join(encode_line(r) + b"\n" for r in new)
            try:
                if result.torn_offset is not None:
                    self._keep_torn(name, raw[result.torn_offset :])
                if data != raw:
                    atomic.remove_leftovers(self.root, name)
                    atomic.replace_file(self.root, name, data)
            except OSError as e:
                raise self._save_error(name, e) from e
            self._settle(name, [], keep_torn=False)
            return new

    # --- sessions, the common case ------------------------------------------------------------

    def append_session(self, record: dict[str, Any]) -> dict[str, Any]:
        """Append a practised session to sessions.jsonl (see :meth:`append`)."""
        return self.append("sessions.jsonl", record)

    def sessions(self) -> list[dict[str, Any]]:
        """Every readable session, oldest first (see :meth:`read_log`)."""
        return self.read_log("sessions.jsonl")

    def sessions_since(self, since: datetime | date) -> list[dict[str, Any]]:
        """Sessions that started at or after ``since``, oldest first; cheap at any history size."""
        return self.read_since("sessions.jsonl", since)
