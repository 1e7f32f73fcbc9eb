"""The journal (journal.jsonl): reappraisals and calm-down routines, checked per entry."""

from __future__ import annotations

from pacer.domain.records import journal_struct
from pacer.services.base import Listing, Record, SaveError, checked
from pacer.store import Store, StoreError

LOG = "journal.jsonl"


class Journal:
    def __init__(self, store: Store) -> None:
        self._store = store

    def entries(self) -> Listing:
        """Every entry that fits, oldest first; the rest reported (never raises)."""
        try:
            records = self._store.read_log(LOG)
        except StoreError as error:
            return Listing(error=str(error))
        return checked(records, journal_struct, LOG)

    def add(self, entry: Record) -> Record:
        """Append an entry; return it as stored. SaveError (one line) if it was not saved."""
        try:
            return self._store.append(LOG, entry)
        except StoreError as error:
            raise SaveError(f"Not saved: {error}") from None

    def delete(self, entry_id: str) -> None:
        """Remove one entry (the whole log is rewritten atomically)."""
        try:
            self._store.update_log(
                LOG, lambda records: [r for r in records if str(r.get("id")) != entry_id]
            )
        except StoreError as error:
            raise SaveError(f"Not deleted: {error}") from None
