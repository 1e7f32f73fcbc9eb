"""The journal (journal.jsonl): reappraisals and calm-down routines, checked per entry."""

from __future__ import annotations

from pacer.domain.records import journal_struct
from pacer.services.base import Listing, Record, SaveError, checked, left_out
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
        listing = checked(records, journal_struct, LOG)
        listing.rejected[:0] = left_out(self._store, LOG)
        return listing

    def add(self, entry: Record) -> Record:
        """Append an entry; return it as stored. SaveError (one line) if it was not saved."""
        try:
            return self._store.append(LOG, entry)
        except StoreError as error:
            raise SaveError(f"Not saved: {error}") from None

    def has(self, entry_id: str) -> bool:
        """Is an entry with this id in the journal (readable or not)? For a draft whose entry
        was saved just before a crash: it must not be offered, and saved, twice."""
        try:
            return any(str(r.get("id")) == entry_id for r in self._store.read_log(LOG))
        except StoreError:
            return False

    def put(self, entry: Record) -> Record:
        """Add ``entry``, or replace the entry with its id (a routine carried on from a draft
        replaces the part saved when it was left). SaveError (one line) if not saved."""
        entry_id = str(entry.get("id") or "")
        if not entry_id or not self.has(entry_id):
            return self.add(entry)
        stored: dict[str, Record] = {}

        def replace(records: list[Record]) -> list[Record]:
            out = []
            for record in records:
                if str(record.get("id")) == entry_id:
                    record = {**record, **entry}
                    stored["entry"] = record
                out.append(record)
            return out

        try:
            self._store.update_log(LOG, replace)
        except StoreError as error:
            raise SaveError(f"Not saved: {error}") from None
        return stored.get("entry", entry)

    def delete(self, entry_id: str) -> None:
        """Remove one entry (the whole log is rewritten atomically)."""
        try:
            self._store.update_log(
                LOG, lambda records: [r for r in records if str(r.get("id")) != entry_id]
            )
        except StoreError as error:
            raise SaveError(f"Not deleted: {error}") from None
