"""Practised sessions (sessions.jsonl): the totals, the history, and saving a session.

A finished session is never dropped: see :meth:`Sessions.record`.
"""

from __future__ import annotations

from datetime import date, datetime

from pacer.domain.records import Rejected, SessionRecord, check
from pacer.services.base import Listing, Record, SaveError, checked
from pacer.store import Store, StoreError

LOG = "sessions.jsonl"


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
        listing = Listing()
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
        return checked(records, SessionRecord, LOG)

    def record(self, record: Record) -> Record:
        """Save a practised session; SaveError (one line) if it was not saved."""
        try:
            return self._store.append_session(record)
        except StoreError as error:
            raise SaveError(f"Not saved: {error}") from None
