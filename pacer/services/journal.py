"""The journal (journal.jsonl): reappraisals and calm-down routines, checked per entry."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pacer.domain.records import journal_struct
from pacer.services.base import Listing, Record, SaveError, checked, left_out
from pacer.store import Store, StoreError

LOG = "journal.jsonl"


@dataclass(frozen=True)
class OpenAction:
    """The one thing to do today from a reappraisal's sprint branch, not marked done yet."""

    entry_id: str
    action: str
    created: datetime


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

    def open_action(self) -> OpenAction | None:
        """The newest sprint action not marked done, for Today (None if there is none).

        Why only one: Today is a calm screen; a list of old to-dos would read as a nag. When
        the newest is done, the next newest undone one is shown. Entries that do not fit their
        Struct are left out here (entries() reports them); never raises.
        """
        newest: OpenAction | None = None
        for entry in self.entries().items:
            action = entry.get("action")
            if (
                entry.get("kind") != "reappraisal"
                or not isinstance(action, str)
                or not action.strip()
                or entry.get("action_done")
            ):
                continue
            created = datetime.fromisoformat(str(entry["created"]))
            if newest is None or created >= newest.created:
                newest = OpenAction(str(entry["id"]), action.strip(), created)
        return newest

    def mark_action_done(self, entry_id: str, now: datetime) -> bool:
        """Record that the sprint action of entry ``entry_id`` is done (``action_done`` = now).

        Only that one field is written; every other field, known or not, is kept. Returns False
        if no such entry is in the journal; SaveError (one line) if it was not saved.
        """
        found: list[bool] = []

        def mark(records: list[Record]) -> list[Record]:
            out = []
            for record in records:
                if str(record.get("id")) == entry_id:
                    record = {**record, "action_done": now.isoformat(timespec="seconds")}
                    found.append(True)
                out.append(record)
            return out

        try:
            self._store.update_log(LOG, mark)
        except StoreError as error:
            raise SaveError(f"Not saved: {error}") from None
        return bool(found)
