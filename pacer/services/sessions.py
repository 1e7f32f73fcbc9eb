"""Practised sessions (sessions.jsonl): the totals, the history, and saving a session.

A finished session is never dropped: see :meth:`Sessions.record`. Someone who just breathed
for twenty minutes must not lose that because another Pacer (a large ``pacer import``) held
the folder's lock at that moment, or because one line of the log was damaged by hand.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from pacer.domain.records import Rejected, SessionRecord, check
from pacer.services.base import Listing, Record, checked, left_out
from pacer.store import LockTimeout, Store, StoreError

LOG = "sessions.jsonl"

#: How long a save waits for another Pacer to let go of the folder's lock before the session
#: is kept in the pending area instead (a few seconds: long enough for most imports, short
#: enough that quitting never feels stuck).
RETRY_SECONDS = 5.0


@dataclass(frozen=True)
class Recorded:
    """What became of a session handed to :meth:`Sessions.record`.

    ``saved``: it is in the log. Otherwise ``problem`` says why not (one line) and ``pending``
    is where it is kept until the next launch writes it (None only if even that failed).
    """

    record: Record
    problem: str | None = None
    pending: Path | None = None

    @property
    def saved(self) -> bool:
        return self.problem is None

    @property
    def message(self) -> str | None:
        """One or two plain sentences for the person, or None when all went well."""
        if self.problem is None:
            return None
        if self.pending is not None:
            return (
                f"The session could not be added to your history yet ({self.problem}). "
                f"It is kept safe in {self.pending}, and Pacer adds it the next time it starts."
            )
        return f"The session could not be saved: {self.problem}"


@dataclass(frozen=True)
class Flushed:
    """Pending sessions written at launch, and why any are still waiting (one line)."""

    written: list[Record] = field(default_factory=list)
    problem: str | None = None


def _reason(error: StoreError) -> str:
    """The store's one line without its "Not saved:" lead-in (we say that ourselves)."""
    text = str(error).strip()
    return text.removeprefix("Not saved:").strip().rstrip(".") or type(error).__name__


class Sessions:
    def __init__(self, store: Store) -> None:
        self._store = store

    def since(self, moment: datetime | date) -> Listing:
        """Sessions that started at or after ``moment`` and fit, oldest first.

        Only the end of the log is read, so a bad record is named by its id (its position
        among these few would not say where it is in the file).
        """
        try:
            records = self._store.sessions_since(moment)
        except StoreError as error:
            return Listing(error=str(error))
        listing = Listing(rejected=left_out(self._store, LOG))
        for record in records:
            result = check(SessionRecord, record, f"{LOG} session {record.get('id')}")
            if isinstance(result, Rejected):
                listing.rejected.append(result)
            else:
                listing.items.append(record)
        return listing

    def all(self) -> Listing:
        """Every session that fits, oldest first (the history screen, the CLI)."""
        try:
            records = self._store.sessions()
        except StoreError as error:
            return Listing(error=str(error))
        listing = checked(records, SessionRecord, LOG)
        listing.rejected[:0] = left_out(self._store, LOG)
        return listing

    def record(self, record: Record) -> Recorded:
        """Save a practised session; never raises and never drops it.

        Waits up to :data:`RETRY_SECONDS` for a busy lock. If the lock stays busy, the log is
        refused (damaged), or the disk errors, the record (with its id, so writing it later
        can never make a duplicate) goes to the store's pending area and the outcome says
        where. Synchronous and fsyncs: call it off the event loop, except on the way out.
        """
        record = {**record, "id": str(record.get("id") or uuid.uuid4())}
        try:
            return Recorded(self._store.append(LOG, record, timeout=RETRY_SECONDS))
        except LockTimeout:
            problem = "another Pacer kept the data folder busy"
        except StoreError as error:
            problem = _reason(error)
        except OSError as error:  # the store wraps these; a last guard on the way out
            problem = error.strerror or str(error)
        try:
            where = self._store.keep_pending(LOG, record)
        except (StoreError, OSError, ValueError) as error:
            return Recorded(record, f"{problem}; keeping it aside failed too ({error})")
        return Recorded(record, problem, where)

    def flush_pending(self) -> Flushed:
        """Write sessions kept pending by an earlier run (at launch); never raises."""
        try:
            return Flushed(self._store.flush_pending(timeout=RETRY_SECONDS))
        except StoreError as error:
            return Flushed(problem=_reason(error))
        except OSError as error:
            return Flushed(problem=error.strerror or str(error))
