"""The Store: every read and write of Pacer's data folder, behind one small facade.

Layout and guarantees are described for users in the README ("Your data"); the engineering side
is in the modules doing each job:

* :mod:`pacer.store.parse`: the bytes of documents and log lines -> validated records;
* :mod:`pacer.store.documents`: ``settings.json``, ``goals.json``...: atomic whole-file saves
  with read-modify-write under the folder lock;
* :mod:`pacer.store.logs`: ``sessions.jsonl``, ``journal.jsonl``: fsynced appends, fast
  "since" reads from the end, rare rewrites, and the rule for a damaged line;
* :mod:`pacer.store.pending`: records kept aside when an append failed, added later;
* :mod:`pacer.store.files`: how every data file is opened (no links, only regular files,
  size caps); :mod:`pacer.store.atomic`: the only code that writes bytes.

Reads never write, never take the lock (renames make documents safe to read at any time), and
never treat a damaged file as empty: problems are recorded (see :meth:`Store.problems`), the
collection becomes read-only (for a log: appends go on, rewrites are refused), and the rest
keeps working.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pacer.store.core import LOCK_NAME, Core
from pacer.store.documents import Documents
from pacer.store.errors import Problem
from pacer.store.logs import Logs
from pacer.store.parse import Bad, parse_document, record_from_line
from pacer.store.pending import Pending

__all__ = ["LOCK_NAME", "Bad", "Store", "parse_document", "record_from_line"]


class Store:
    """Pacer's data folder.

    Creating a Store reads nothing and writes nothing (app launch is benchmarked); the folder is
    created, 0700, by the first save. Methods are safe to call from several threads and from
    several processes (writes are serialised by one lock file in the folder).
    """

    def __init__(self, root: Path, lock_timeout: float = 10.0) -> None:
        self._core = Core(Path(root), lock_timeout)
        self._docs = Documents(self._core)
        self._logs = Logs(self._core)
        self._pending = Pending(self._core, self._logs)

    @property
    def root(self) -> Path:
        return self._core.root

    @property
    def lock_timeout(self) -> float:
        """Seconds a save waits for another Pacer holding the folder lock."""
        return self._core.lock_timeout

    @lock_timeout.setter
    def lock_timeout(self, value: float) -> None:
        self._core.lock_timeout = value

    def __repr__(self) -> str:
        return f"Store({str(self.root)!r})"

    # --- problems -----------------------------------------------------------------------------

    def problems(self) -> list[Problem]:
        """Every problem found so far by reads and saves, oldest first.

        A problem disappears when a later full read of its file finds it fixed; a torn tail
        that was moved aside stays listed (reported once) for the rest of the session.
        """
        return self._core.problems()

    def read_only_reason(self, name: str) -> Problem | None:
        """The problem that currently makes ``name`` read-only, or None if it is writable.

        For a log, "read-only" means it cannot be rewritten (deleting or editing a record);
        appending new records stays allowed unless the file itself cannot be opened.
        """
        return self._core.read_only_reason(name)

    # --- lock ---------------------------------------------------------------------------------

    @contextlib.contextmanager
    def locked(self, timeout: float | None = None, *, prepare: bool = True) -> Iterator[None]:
        """Hold the folder lock (reentrant in one thread); creates the folder if needed.

        Use it around several operations that must not interleave with another Pacer. Raises
        :class:`LockTimeout` when another process keeps it longer than ``timeout`` seconds
        (default: the Store's ``lock_timeout``). ``prepare=False`` (for readers) neither
        creates the folder nor fixes its permissions.
        """
        with self._core.locked(timeout, prepare=prepare):
            yield

    # --- documents ----------------------------------------------------------------------------

    def read_document(self, name: str) -> dict[str, Any]:
        """The document ``name`` with defaults for missing keys (a missing file is all defaults).

        An older schema is migrated (and the file upgraded under the lock, keeping
        ``<name>.v<old>.bak``; if the lock is busy, only in memory this time). A damaged file,
        one from a newer Pacer, or one that is not a plain file of the folder (a symbolic link,
        a pipe, a folder, over the size cap) raises :class:`UnreadableFile` (it is never taken
        for an empty one), the problem is recorded, and saves to it are refused until fixed.
        """
        return self._docs.read(name)

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
        return self._docs.update(name, fn)

    def settings(self) -> dict[str, Any]:
        """Settings with defaults; a damaged settings.json gives defaults (and a problem),
        because the app must start whatever state that file is in."""
        return self._docs.settings()

    def save_settings(self, settings: dict[str, Any]) -> None:
        """Merge ``settings`` into settings.json (keys not given keep their saved value)."""
        self.update_document("settings.json", lambda doc: {**doc, **settings})

    # --- logs ---------------------------------------------------------------------------------

    def read_log(self, name: str) -> list[dict[str, Any]]:
        """Every readable record of log ``name``, in file order (oldest first).

        Bad lines are left out *and reported* (file, line, field); they stop rewrites of the
        log (see :mod:`pacer.store.logs` for the rule) but not appends. A torn last line is
        reported as tolerated. Records of older schemas are migrated in memory. A fully clean
        read clears earlier problems of this log.
        """
        return self._logs.read(name)

    def read_since(self, name: str, since: datetime | date) -> list[dict[str, Any]]:
        """Records of log ``name`` whose own time (``started``/``created``) is >= ``since``.

        Oldest first. Reads the file backwards and stops at the first record *logged* before
        ``since`` (see :mod:`pacer.store.logs`), so the cost depends on how much happened since,
        not on how much history there is. Naive datetimes and dates mean local time. If the
        lines it reads show the ``logged`` order was broken by a hand edit (a line moved, a
        time changed), it falls back to a full read, which is always right.
        """
        return self._logs.since(name, since)

    def append(
        self, name: str, record: dict[str, Any], timeout: float | None = None
    ) -> dict[str, Any]:
        """Append ``record`` to log ``name``; return the stored record (with id/schema/logged).

        ``id`` (a new UUID4) and ``schema`` are added when missing; journal entries also get
        ``created`` = now. ``logged`` is always set by the store. The record is on disk
        (fsynced) when this returns; on any failure the log is rolled back to its previous
        bytes and :class:`StoreError` is raised: never "saved" unless saved. Ids are not checked
        for uniqueness here (that would mean reading the whole log): use a fresh id per record.

        ``timeout``: seconds to wait for the folder lock (default: the Store's
        ``lock_timeout``); :class:`LockTimeout` after that. A damaged line already in the log
        does not stop the append (the old lines are never touched); a log that cannot be
        opened safely raises :class:`UnreadableFile`. When a finished session cannot be
        appended, keep it with :meth:`keep_pending`.
        """
        return self.append_many(name, [record], timeout)[0]

    def append_many(
        self, name: str, records: list[dict[str, Any]], timeout: float | None = None
    ) -> list[dict[str, Any]]:
        """Append several records in one write and one fsync (all of them or none).

        Same rules as :meth:`append`; used by ``pacer import`` so that importing ten years of
        sessions costs one fsync, not forty thousand.
        """
        return self._logs.append_many(name, records, timeout)

    def update_log(
        self, name: str, fn: Callable[[list[dict[str, Any]]], list[dict[str, Any]] | None]
    ) -> list[dict[str, Any]]:
        """Rewrite log ``name`` atomically (for the rare edit or delete the user asks for).

        ``fn`` gets a private copy of every record (read fresh under the lock) and mutates it
        or returns the new list. The whole log is then replaced like a document (all or
        nothing). Refused (:class:`UnreadableFile`) while the log has a damaged line; a torn
        tail is kept aside first. ``logged`` values are kept, raised only where needed to stay
        non-decreasing.
        """
        return self._logs.update(name, fn)

    # --- sessions, the common case ------------------------------------------------------------

    def append_session(
        self, record: dict[str, Any], timeout: float | None = None
    ) -> dict[str, Any]:
        """Append a practised session to sessions.jsonl (see :meth:`append`)."""
        return self.append("sessions.jsonl", record, timeout)

    def sessions(self) -> list[dict[str, Any]]:
        """Every readable session, oldest first (see :meth:`read_log`)."""
        return self.read_log("sessions.jsonl")

    def sessions_since(self, since: datetime | date) -> list[dict[str, Any]]:
        """Sessions that started at or after ``since``, oldest first; cheap at any history size."""
        return self.read_since("sessions.jsonl", since)

    # --- pending: records kept aside until they can be appended -------------------------------

    def keep_pending(self, log_name: str, record: dict[str, Any]) -> Path:
        """Keep ``record`` for log ``log_name`` in ``<folder>/pending/`` until it can be added.

        For a record whose append failed (lock still busy, log unreadable, disk error): the
        file ``pending/<log>-<id>.json`` is written atomically, fsynced, 0600 (folder 0700),
        without taking the lock. Returns its path (to tell the person where it is). The record
        is validated like an append: :class:`InvalidRecord` if it does not fit, ``ValueError``
        for an unknown log, :class:`StoreError` if the file could not be written.
        """
        return self._pending.keep(log_name, record)

    def pending(self) -> list[tuple[Path, dict[str, Any]]]:
        """Every readable pending record as (its file, the record), oldest file name first.

        A pending file that cannot be read or holds no valid record is left out and reported
        in :meth:`problems` (never deleted). Reads only; no lock.
        """
        return self._pending.records()

    def flush_pending(self, timeout: float | None = None) -> list[dict[str, Any]]:
        """Append every pending record whose id is not in its log yet, then remove its file.

        Returns the records appended (as stored, with ``logged``). Idempotent: a record whose
        id is already in the log (a crash between the append and the removal) is not added
        again, only its file removed. Costs one directory listing when nothing is pending (call
        it at every launch). Holds the lock (``timeout`` as for :meth:`append`) only when there
        is something to add. On failure (:class:`StoreError`, :class:`LockTimeout`) the
        pending files of the logs that failed stay for the next time.
        """
        return self._pending.flush(timeout)
