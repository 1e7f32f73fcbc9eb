"""Helpers to change lists of id'd records without losing anyone else's changes.

Documents hold lists of records with an ``id`` (goals, appointments, custom patterns, drafts).
:meth:`pacer.store.Store.update_document` gives its function the list *as it is on disk now*;
these helpers apply a change to it, so the result keeps whatever another window or process
saved in between. They are pure functions on lists of dicts: easy to test, no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

Rec = dict[str, Any]


def upsert(
    records: list[Rec], changed: Iterable[Rec] = (), deleted: Iterable[str] = ()
) -> list[Rec]:
    """Replace records by id, append new ones, drop ``deleted`` ids; keeps the existing order.

    The simplest way to save a form: ``update_document("goals.json", lambda d: {**d, "goals":
    upsert(d["goals"], [goal])})``.
    """
    gone = set(deleted)
    by_id = {r["id"]: r for r in changed}
    out = [by_id.pop(r["id"], r) for r in records if r["id"] not in gone]
    out.extend(r for r in by_id.values() if r["id"] not in gone)
    return out


def merge_by_id(base: list[Rec], mine: list[Rec], current: list[Rec]) -> list[Rec]:
    """Three-way merge for a form that edited a whole list it loaded a while ago.

    ``base`` is the list the form started from, ``mine`` the list it wants to save, ``current``
    the list on disk now (as given to the ``update_document`` function). The changes between
    ``base`` and ``mine`` (added, edited, deleted ids) are applied to ``current``:

    * records added or edited meanwhile by someone else are kept;
    * a record both of us edited gets my version (the latest thing the user did);
    * a record I deleted is deleted, unless it was deleted already.

    Order: ``current``'s order, then my new records in my order.
    """
    base_by_id = {r["id"]: r for r in base}
    mine_ids = {r["id"] for r in mine}
    changed = [r for r in mine if base_by_id.get(r["id"]) != r]
    deleted = [i for i in base_by_id if i not in mine_ids]
    return upsert(current, changed, deleted)


def by_id(records: Iterable[Rec]) -> dict[str, Rec]:
    """Index records by id (later duplicates win; documents never have duplicates)."""
    return {r["id"]: r for r in records}
