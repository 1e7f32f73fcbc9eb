"""What every service shares: checked listings, one-line save errors, field-level merges.

Why a layer between the screens and the store: the screens must never name a file, edit a raw
dict on disk, or crash on an odd value someone typed into a file by hand. A service reads the
file through the store, checks every record against its Struct (:mod:`pacer.domain.records`),
hands the screens only records that fit, and reports the rest (file, index, field, value).

Records are handed out as plain dicts that passed their Struct, because the domain's pure
functions work on mappings; the Struct is the one definition of what they contain. A save never
rebuilds a record from a Struct: it writes the changed fields onto the record *as it is on disk
now*, under the store's lock, so another window's edits to other fields and any fields this
version does not know are kept.

Services are synchronous and may fsync: screens call them off the event loop (a thread worker)
and only say "Saved" once the call has returned.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from msgspec import Struct

from pacer.domain.records import Rejected, check
from pacer.store import InvalidRecord, Store, StoreError

Record = dict[str, Any]


class SaveError(Exception):
    """A change was not saved; ``str(e)`` is one line a person can act on."""


class RecordGone(SaveError):
    """The record being edited was deleted meanwhile (in another window or process).

    It is not brought back silently: the screen says so and offers to save it as new.
    """


@dataclass
class Listing:
    """Records that fit their Struct, those that did not, and a problem with the whole file."""

    items: list[Record] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    #: The file itself could not be read (damaged, a link, too big...): one line, or None.
    error: str | None = None

    @property
    def problems(self) -> list[str]:
        """Every problem as one line, the file's first."""
        return ([self.error] if self.error else []) + [str(r) for r in self.rejected]

    def by_id(self) -> dict[str, Record]:
        return {str(r["id"]): r for r in self.items}


def checked(
    records: list[Any], struct: Callable[[Any], type[Struct]] | type[Struct], where: str
) -> Listing:
    """Split ``records`` into those that fit (kept as they are) and those that do not.

    ``where`` is a prefix such as ``"goals.json goals"``; the index is added: ``goals[3]``.
    """
    listing = Listing()
    for index, record in enumerate(records):
        kind = struct if isinstance(struct, type) else struct(record)
        result = check(kind, record, f"{where}[{index}]")
        if isinstance(result, Rejected):
            listing.rejected.append(result)
        else:
            listing.items.append(record)
    return listing


def left_out(store: Store, log: str) -> list[Rejected]:
    """The lines of ``log`` that the store itself left out of its last read (not JSON, a bad
    id...), worded exactly as the store's problem (so the CLI can tell it said it already).

    Screens hear of a log only through its listing: without these, History or the Journal
    would just show less (or "nothing yet") about a log whose one line has a typo.
    """
    try:
        problems = store.problems()
    except StoreError:
        return []
    return [
        Rejected(
            f"{log} line {p.line}",
            None,
            "",
            f"field '{p.field}': {p.message}" if p.field else p.message,
        )
        for p in problems
        if p.file.name == log and p.line is not None and not p.tolerated
    ]


def changed_fields(base: Mapping[str, Any] | None, mine: Mapping[str, Any]) -> Record:
    """The fields of ``mine`` that differ from ``base`` (all of them for a new record)."""
    if base is None:
        return dict(mine)
    return {k: v for k, v in mine.items() if k not in base or base[k] != v}


def _index_of(records: list[Any], record_id: str) -> int | None:
    """Where the record with ``record_id`` is in a raw list (records that are not objects skip)."""
    for index, record in enumerate(records):
        if isinstance(record, dict) and record.get("id") == record_id:
            return index
    return None


class DocumentRecords:
    """The records of one list document (goals, appointments, your patterns, drafts).

    Subclasses name the file, the list and the Struct; the screens use the subclass's typed
    methods. Every change goes through :meth:`save` or :meth:`delete`: a field-level merge onto
    the file as it is now, under the store's lock.
    """

    FILE: str = ""
    LIST: str = ""
    STRUCT: type[Struct] = Struct
    #: How a record is named in messages ("finish line", "appointment"...).
    NOUN: str = "record"

    def __init__(self, store: Store) -> None:
        self._store = store

    def listing(self) -> Listing:
        """Every record that fits, and why the others were left out (never raises)."""
        raw = self._raw_records()
        if isinstance(raw, Listing):
            return raw
        return checked(raw, self.STRUCT, f"{self.FILE} {self.LIST}")

    def _raw_records(self) -> list[Any] | Listing:
        """The document's list as it is on disk, or a Listing saying why it cannot be read."""
        try:
            doc = self._store.read_document(self.FILE)
        except StoreError as error:
            return Listing(error=str(error))
        raw = doc.get(self.LIST)
        if not isinstance(raw, list):
            return Listing(error=f"{self.FILE}: field '{self.LIST}' is not a list")
        return raw

    def get(self, record_id: str) -> Record | None:
        """One record that fits, or None (missing, unreadable, or does not fit)."""
        return self.listing().by_id().get(record_id)

    def save(self, mine: Record, base: Record | None = None, *, as_new: bool = False) -> Record:
        """Save ``mine``; return the record as saved.

        ``base`` is the record as the form loaded it (None for a new one): only the fields that
        differ from it are written, onto the record as it is on disk now. If ``base`` is given
        and the record was deleted meanwhile, :class:`RecordGone` is raised unless ``as_new``.
        Raises :class:`SaveError` (one line) if the result does not fit or the disk refused.
        """
        record_id = str(mine["id"])
        changes = changed_fields(None if as_new else base, mine)
        saved: dict[str, Record] = {}

        def update(doc: dict[str, Any]) -> None:
            records: list[Any] = doc[self.LIST]
            at = _index_of(records, record_id)
            if at is None:
                if base is not None and not as_new:
                    raise RecordGone(
                        f"This {self.NOUN} was deleted in another window, so it was not saved."
                    )
                new = dict(mine)
                records.append(new)
            else:
                new = {**records[at], **changes}
                records[at] = new
            result = check(self.STRUCT, new, f"{self.FILE} {self.LIST}")
            if isinstance(result, Rejected):
                raise SaveError(f"Not saved: {result}")
            saved["record"] = new

        self._update(update)
        return saved["record"]

    def delete(self, record_id: str) -> bool:
        """Remove a record; False if it was already gone (not an error)."""
        found: list[bool] = []

        def update(doc: dict[str, Any]) -> None:
            records: list[Any] = doc[self.LIST]
            kept = [r for r in records if not (isinstance(r, dict) and r.get("id") == record_id)]
            found.append(len(kept) != len(records))
            doc[self.LIST] = kept

        self._update(update)
        return bool(found and found[0])

    def _update(self, fn: Callable[[dict[str, Any]], None]) -> None:
        """Run ``fn`` on the document under the lock; every failure becomes a SaveError."""
        try:
            self._store.update_document(self.FILE, fn)
        except SaveError:
            raise
        except InvalidRecord as error:
            raise SaveError(str(error)) from None
        except StoreError as error:
            raise SaveError(f"Not saved: {error}") from None
