"""Your own breathing patterns (patterns.json), and the domain Patterns they make.

Every record that cannot be breathed is reported (file, index, field, value), never dropped
silently: one that does not fit its Struct (a rhythm of 999-0-999), one the domain cannot parse,
and one whose id would hide a built-in pattern. The screens show ``listing().problems``
wherever patterns are listed.
"""

from __future__ import annotations

from typing import Any

import msgspec

from pacer.domain.custom_patterns import pattern_from_record
from pacer.domain.patterns import BUILTIN, Pattern, PatternError
from pacer.domain.records import CustomPattern, Rejected, check
from pacer.services.base import DocumentRecords, Listing, Record, RecordGone, SaveError


def _unusable(record: Record, where: str) -> Rejected | None:
    """Why a record that fits the Struct still cannot be breathed, or None."""
    key = str(record.get("id"))
    if key in BUILTIN:
        return Rejected(where, "id", _json(key), "the name of a built-in pattern; rename it")
    try:
        pattern_from_record(record)
    except PatternError as error:
        return Rejected(where, "rhythm", _json(record.get("rhythm")), str(error))
    return None


def _json(value: Any) -> str:
    return msgspec.json.encode(value).decode()


class Patterns(DocumentRecords):
    FILE = "patterns.json"
    LIST = "patterns"
    STRUCT = CustomPattern
    NOUN = "pattern"

    def listing(self) -> Listing:
        """Patterns that can be breathed; every other record is in ``rejected`` (never raises)."""
        raw = self._raw_records()
        if isinstance(raw, Listing):
            return raw
        listing = Listing()
        for index, record in enumerate(raw):
            where = f"{self.FILE} {self.LIST}[{index}]"
            result = check(CustomPattern, record, where)
            if isinstance(result, Rejected):
                listing.rejected.append(result)
                continue
            problem = _unusable(record, where)
            if problem is None:
                listing.items.append(record)
            else:
                listing.rejected.append(problem)
        return listing

    def custom(self) -> dict[str, Pattern]:
        """The person's patterns by key, ready to breathe (bad records are left out)."""
        found: dict[str, Pattern] = {}
        for record in self.listing().items:
            pattern = pattern_from_record(record)
            found[pattern.key] = pattern
        return found

    def save_pattern(
        self, mine: Record, base: Record | None = None, *, as_new: bool = False
    ) -> Record:
        """Save a new or changed pattern; a rename (a new id) replaces ``base`` in its place.

        Only the fields that differ from ``base`` are written, onto the record as it is on disk
        now, so fields this version does not know are kept. Raises :class:`RecordGone` if
        ``base`` was deleted meanwhile (unless ``as_new``), :class:`SaveError` if the new name
        is already taken by another pattern.
        """
        new_id = str(mine["id"])
        old_id = str(base["id"]) if base is not None else new_id
        changes = {k: v for k, v in mine.items() if base is None or as_new or base.get(k) != v}
        saved: dict[str, Record] = {}

        def update(doc: dict[str, Any]) -> None:
            records: list[Any] = doc[self.LIST]
            ids = [r.get("id") if isinstance(r, dict) else None for r in records]
            at = ids.index(old_id) if old_id in ids else None
            if at is None and base is not None and not as_new:
                raise RecordGone(
                    "This pattern was deleted in another window, so it was not saved."
                )
            taken = [i for i, key in enumerate(ids) if key == new_id and i != at]
            if taken:
                raise SaveError(f"You already have a pattern called '{mine.get('name')}'")
            if at is None:
                new = dict(mine)
                records.append(new)
            else:
                new = {**records[at], **changes}
                records[at] = new
            result = check(CustomPattern, new, f"{self.FILE} {self.LIST}")
            if isinstance(result, Rejected):
                raise SaveError(f"Not saved: {result}")
            saved["record"] = new

        self._update(update)
        return saved["record"]
