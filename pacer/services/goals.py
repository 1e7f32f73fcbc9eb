"""Finish lines (goals.json): listed, saved field by field, archived, brought back, deleted.

Every change is written onto the record *as it is on disk now*, under the store's lock: a form
open for an hour keeps the words another window saved meanwhile in other fields. A finish line
deleted or archived in another window is not quietly brought back by a save here
(:class:`RecordGone`); the screen says so and offers to save the words as a new one.

A record that does not fit :class:`pacer.domain.records.Goal` (a title that is a number, a date
in the year 9999) is reported by :meth:`Goals.listing` and never rewritten: every save changes
only the one record it is about.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any

from pacer.domain import goals as domain
from pacer.domain.records import Goal, Rejected, check
from pacer.services.base import DocumentRecords, Record, RecordGone, SaveError, changed_fields


class Goals(DocumentRecords):
    FILE = "goals.json"
    LIST = "goals"
    STRUCT = Goal
    NOUN = "finish line"

    def save(self, mine: Record, base: Record | None = None, *, as_new: bool = False) -> Record:
        """Save ``mine`` (see :meth:`DocumentRecords.save`); return the record as saved.

        For finish lines, a record archived meanwhile counts as gone too (:class:`RecordGone`):
        a save must not land on something the person put away in another window. ``as_new``
        with a ``base`` saves the words as a new finish line with its own id, so it never
        merges into (or revives) the old one.
        """
        if as_new and base is not None:
            stamp = str(mine.get("updated") or mine.get("created") or "")
            fresh = {k: v for k, v in mine.items() if k not in ("archived_at", "reached")}
            fresh.update(id=str(uuid.uuid4()), archived=False, created=stamp or None)
            return super().save(fresh, None, as_new=True)
        if base is not None and not domain.is_archived(base):
            changes = changed_fields(base, mine)
            return self._change(str(mine["id"]), lambda current: {**current, **changes})
        return super().save(mine, base, as_new=as_new)

    def archive(self, goal_id: str, now: datetime) -> Record:
        """Put a finish line away (kept in the file, hidden from lists); undo with unarchive."""
        return self._change(goal_id, lambda current: domain.archive(current, now))

    def unarchive(self, goal_id: str, now: datetime) -> Record:
        """Bring an archived finish line back as it was (``archived_at`` is removed)."""
        return self._change(
            goal_id, lambda current: domain.unarchive(current, now), archived_ok=True
        )

    def _change(
        self, goal_id: str, change: Callable[[Record], Record], *, archived_ok: bool = False
    ) -> Record:
        """Apply ``change`` to record ``goal_id`` as it is on disk now, under the lock.

        Only that record is touched; RecordGone if it was deleted (or archived, unless
        ``archived_ok``) meanwhile, SaveError (one line) if the result does not fit.
        """
        saved: dict[str, Record] = {}

        def update(doc: dict[str, Any]) -> None:
            records: list[Any] = doc[self.LIST]
            at = next(
                (
                    i
                    for i, record in enumerate(records)
                    if isinstance(record, dict) and record.get("id") == goal_id
                ),
                None,
            )
            if at is None:
                raise RecordGone(
                    f"This {self.NOUN} was deleted in another window, so it was not saved."
                )
            current = records[at]
            if not archived_ok and domain.is_archived(current):
                raise RecordGone(
                    f"This {self.NOUN} was archived in another window, so it was not saved."
                )
            new = change(dict(current))
            result = check(self.STRUCT, new, f"{self.FILE} {self.LIST}[{at}]")
            if isinstance(result, Rejected):
                raise SaveError(f"Not saved: {result}")
            records[at] = new
            saved["record"] = new

        self._update(update)
        return saved["record"]
