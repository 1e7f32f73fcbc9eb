"""Logs (``sessions.jsonl``, ``journal.jsonl``): append-only, one JSON record per line.

An append is one ``os.write`` of whole lines on an ``O_APPEND`` descriptor, fsynced, under the
lock. Before appending, a torn (unterminated) last line left by a crash is copied to
``<log>.torn-<time>-<hex>`` and cut off, so the new record never glues onto garbage.

Every log record gets a store-managed ``logged`` timestamp, kept non-decreasing along the file and
never earlier than the record's own time (``started`` for sessions). That makes "what happened
since Monday" answerable by reading the file *backwards* and stopping at the first record logged
before Monday: a few kilobytes instead of ten years of history, even when older sessions were
logged late or imported (which a plain "stop at the first older ``started``" would miss).

**The rule for a damaged line** (one that is not a torn last line: invalid JSON, a wrong value,
a newer schema...): it is reported (file, line, field) by every read, and

* appending is still allowed: an append never touches the old lines (the bytes before it stay
  byte-identical), so a finished session is never refused because of an old bad line;
* rewriting the log (:meth:`Logs.update`: deleting or editing a record) is refused until the
  line is fixed, because a rewrite would have to drop or guess the damaged line.

A log that cannot be opened safely at all (a symbolic link, a pipe, a folder, over the size cap,
permissions) accepts neither.
"""

from __future__ import annotations

import contextlib
import copy
import errno
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pacer.store import atomic
from pacer.store.core import Core, refused, unreadable
from pacer.store.errors import TORN_TAIL, InvalidRecord, Problem, UnreadableFile
from pacer.store.files import MAX_LOG_BYTES, FileFault, open_data
from pacer.store.jsonio import BOM, encode_line
from pacer.store.parse import (
    BLANK,
    LOGGED,
    Bad,
    LogRead,
    aware,
    line_number,
    now,
    parse_log,
    prepare_record,
    record_from_line,
    scan_back,
)
from pacer.store.schema import LogSpec, log_spec

#: Lines read past the stopping point of a "since" query, to notice hand-reordered files.
_LOOKBACK = 16
#: Lines without ``logged`` (hand-written, early builds) carry no ordering guarantee: the scan
#: stops after this many consecutive such lines older than the query, which is exact for a log
#: in time order and bounds the cost of one that is not (a full read is always exact). The same
#: bound limits how many damaged lines an append looks past to find the latest ``logged``.
_LEGACY_RUN = 64

Prepared = tuple[dict[str, Any], Any]  # (record dict, validated Struct)
LogFn = Callable[[list[dict[str, Any]]], list[dict[str, Any]] | None]


@dataclass
class _Tail:
    end: int  # where the next record will start once a torn tail is cut off
    torn: bytes | None  # the unusable unterminated tail, to keep aside
    needs_newline: bool  # the last line is a valid record without its newline
    bound: datetime | None  # the latest "logged"/record time at the end of the log
    damaged: list[Problem]  # damaged (terminated) lines seen near the end: reported, kept


@dataclass
class Appended:
    """What one append did, so a failed import can cut the log back (see :meth:`Logs.undo`)."""

    name: str
    end: int  # the log's length before the new lines
    existed: bool


class Logs:
    """Reads, appends and rewrites of the folder's logs."""

    def __init__(self, core: Core) -> None:
        self.core = core

    # --- reading ------------------------------------------------------------------------------

    def _read_raw(self, name: str) -> bytes | None:
        return self.core.read_raw(name, MAX_LOG_BYTES)

    def read(self, name: str) -> list[dict[str, Any]]:
        """See :meth:`pacer.store.Store.read_log`."""
        spec = log_spec(name)
        path = self.core.root / name
        try:
            raw = self._read_raw(name)
        except Bad as b:
            self.core.settle(name, [b.problem])
            return []
        if raw is None:
            self.core.settle(name, [])
            return []
        result = parse_log(spec, path, raw)
        if result.torn_offset is not None:
            result = self._confirm_torn(spec, result)
        self.core.settle(name, result.problems)
        return result.records

    def _confirm_torn(self, spec: LogSpec, first: LogRead) -> LogRead:
        with self.core.reader_lock() as locked:
            if not locked:
                return first
            try:
                raw = self._read_raw(spec.name) or b""
            except Bad:
                return first
            return parse_log(spec, self.core.root / spec.name, raw)

    def since(self, name: str, since: datetime | date) -> list[dict[str, Any]]:
        """See :meth:`pacer.store.Store.read_since`."""
        spec = log_spec(name)
        moment = aware(since)
        scan = self._scan_since(spec, moment)
        if scan is not None and any(p.kind == TORN_TAIL for p in scan[1]):
            with self.core.reader_lock() as locked:
                if locked:
                    scan = self._scan_since(spec, moment)
        if scan is None:
            return self._since_by_full_read(spec, moment)
        found, problems = scan
        self.core.add_problems(problems)
        return found

    def _scan_since(
        self, spec: LogSpec, since: datetime
    ) -> tuple[list[dict[str, Any]], list[Problem]] | None:
        """The backwards scan of :meth:`since`; None when a full read is needed."""
        path = self.core.root / spec.name
        try:
            fd = open_data(path, os.O_RDONLY, MAX_LOG_BYTES)
        except FileFault as f:
            self.core.settle(spec.name, [refused(path, f)])
            return [], []
        except OSError as e:
            self.core.settle(spec.name, [unreadable(path, e)])
            return [], []
        if fd is None:
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
                if not line.strip(BLANK):
                    continue
                try:
                    record, struct = record_from_line(spec, path, line, 0)
                except Bad as b:
                    number = line_number(fd, begin)
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
        for record in self.read(spec.name):
            moment = datetime.fromisoformat(record[spec.time_field])
            if moment >= since:
                out.append(record)
        return out

    def ids_locked(self, name: str) -> set[str]:
        """Every id in log ``name`` (under the lock, for import and pending): a log that cannot
        be read at all raises :class:`UnreadableFile`; damaged lines are reported and skipped
        (their ids are unknown), which the damaged-line rule allows for appends."""
        spec = log_spec(name)
        try:
            raw = self._read_raw(name)
        except Bad as b:
            self.core.settle(name, [b.problem])
            raise self.core.refuse(b.problem) from None
        if raw is None:
            return set()
        result = parse_log(spec, self.core.root / name, raw)
        self.core.settle(name, result.problems)
        return {str(r["id"]) for r in result.records}

    # --- appending ----------------------------------------------------------------------------

    def append_many(
        self, name: str, records: list[dict[str, Any]], timeout: float | None = None
    ) -> list[dict[str, Any]]:
        """See :meth:`pacer.store.Store.append_many`."""
        spec = log_spec(name)
        prepared = [prepare_record(spec, r, keep_logged=False) for r in records]
        if not prepared:
            return []
        with self.core.locked(timeout):
            self.append_locked(spec, prepared)
        return [rec for rec, _ in prepared]

    def append_locked(self, spec: LogSpec, prepared: list[Prepared]) -> Appended:
        """Append prepared records (under the lock); all of them land or none."""
        name = spec.name
        path = self.core.root / name
        core = self.core
        existed = os.path.lexists(path)
        try:
            fd = open_data(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, MAX_LOG_BYTES)
        except FileFault as f:
            problem = refused(path, f)
            core.settle(name, [problem])
            raise core.refuse(problem) from None
        except OSError as e:
            raise core.save_error(name, e) from e
        assert fd is not None  # O_CREAT
        end: int | None = None
        try:
            st = os.fstat(fd)
            if stat.S_IMODE(st.st_mode) != atomic.FILE_MODE:
                os.fchmod(fd, atomic.FILE_MODE)  # a regular file of ours: checked above
            tail = self._inspect_tail(spec, path, fd, st.st_size)
            core.add_problems(tail.damaged)
            if tail.torn is not None:
                self._cut_torn_tail(spec, fd, tail)
            end = tail.end
            moment = now()
            bound = tail.bound
            lines = []
            for rec, struct in prepared:
                moments = [moment, getattr(struct, spec.time_field)]
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
                atomic.fsync_dir(core.root)
        except OSError as e:
            if end is not None:
                with contextlib.suppress(OSError):
                    os.ftruncate(fd, end)
                    os.fsync(fd)
            if not existed:
                with contextlib.suppress(OSError):
                    os.unlink(path)
            raise core.save_error(name, e) from e
        finally:
            with contextlib.suppress(OSError):
                os.close(fd)
        return Appended(name, end, existed)

    def undo_locked(self, appended: Appended) -> None:
        """Cut a log back to before an :meth:`append_locked` (a failed import), best effort."""
        path = self.core.root / appended.name
        with contextlib.suppress(OSError):
            if not appended.existed:
                os.unlink(path)
                atomic.fsync_dir(self.core.root)
                return
            fd = open_data(path, os.O_RDWR, None)
            if fd is None:
                return
            try:
                os.ftruncate(fd, appended.end)
                os.fsync(fd)
            finally:
                os.close(fd)

    def _inspect_tail(self, spec: LogSpec, path: Path, fd: int, size: int) -> _Tail:
        """Look at the end of the log before appending: torn tail? last record's bound?

        Damaged terminated lines are looked past (and reported): the rule is that appending
        stays allowed. At most ``_LEGACY_RUN`` lines without a ``logged`` bound are read, so an
        append never costs O(history).
        """
        tail = _Tail(end=size, torn=None, needs_newline=False, bound=None, damaged=[])
        unbound = 0
        for line, begin, terminated in scan_back(fd, size):
            if begin == 0 and line.startswith(BOM):
                line = line[len(BOM) :]
            if not line.strip(BLANK):
                if not terminated and line:
                    tail.needs_newline = True
                continue
            try:
                _, struct = record_from_line(spec, path, line, 0)
            except Bad as b:
                if not terminated:
                    tail.torn = os.pread(fd, size - begin, begin)
                    tail.end = begin
                    continue
                tail.damaged.append(replace(b.problem, line=line_number(fd, begin)))
                unbound += 1
                if unbound >= _LEGACY_RUN:
                    break
                continue
            if not terminated:
                tail.needs_newline = True
            own = getattr(struct, spec.time_field)
            tail.bound = own if tail.bound is None else max(tail.bound, own)
            if struct.logged is not None:
                tail.bound = max(tail.bound, struct.logged)
                break
            unbound += 1
            if unbound >= _LEGACY_RUN:  # a log from before ``logged``: bounded
                break
        return tail

    def _cut_torn_tail(self, spec: LogSpec, fd: int, tail: _Tail) -> None:
        """Keep the torn bytes in a file of their own, then cut them off the log."""
        assert tail.torn is not None
        kept = self.core.keep_torn(spec.name, tail.torn)
        line = line_number(fd, tail.end)
        os.ftruncate(fd, tail.end)
        os.fsync(fd)
        notice = Problem(
            self.core.root / spec.name,
            line,
            None,
            TORN_TAIL,
            f"an unfinished last line ({len(tail.torn)} bytes, probably from a crash) was "
            f"moved to {kept}",
        )
        self.core.settle(spec.name, [*tail.damaged, notice], keep_torn=False)

    # --- rewriting ----------------------------------------------------------------------------

    def _refuse_rewrite(self, problem: Problem) -> UnreadableFile:
        if problem.whole_file:
            return self.core.refuse(problem)
        return UnreadableFile(
            f"Not changed: {problem}. Deleting and editing in {problem.file.name} are off "
            "until that line is fixed; new sessions are still added (see `pacer doctor`).",
            problem,
        )

    def update(self, name: str, fn: LogFn) -> list[dict[str, Any]]:
        """See :meth:`pacer.store.Store.update_log`."""
        spec = log_spec(name)
        core = self.core
        path = core.root / name
        with core.locked():
            try:
                raw = self._read_raw(name) or b""
            except Bad as b:
                core.settle(name, [b.problem])
                raise core.refuse(b.problem) from None
            result = parse_log(spec, path, raw)
            fatal = [p for p in result.problems if not p.tolerated]
            if fatal:
                core.settle(name, result.problems)
                raise self._refuse_rewrite(fatal[0])
            working = copy.deepcopy(result.records)
            returned = fn(working)
            new: list[dict[str, Any]] = []
            ids: set[str] = set()
            bound: datetime | None = None
            for record in working if returned is None else returned:
                rec, struct = prepare_record(spec, record, keep_logged=True)
                if rec["id"] in ids:
                    raise InvalidRecord(f"Not saved: {name}: id {rec['id']!r} is used twice")
                ids.add(rec["id"])
                moments: list[datetime] = [
                    m for m in (struct.logged, getattr(struct, spec.time_field), bound) if m
                ]
                bound = max(moments)
                if struct.logged is None or struct.logged < bound:
                    rec[LOGGED] = bound.isoformat()
                new.append(rec)
            data = b"".join(encode_line(r) + b"\n" for r in new)
            try:
                if result.torn_offset is not None:
                    core.keep_torn(name, raw[result.torn_offset :])
                if data != raw:
                    atomic.remove_leftovers(core.root, name)
                    atomic.replace_file(core.root, name, data)
            except OSError as e:
                raise core.save_error(name, e) from e
            core.settle(name, [], keep_torn=False)
            return new
