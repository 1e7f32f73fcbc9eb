"""Pacer's data store: a durable, private, hand-editable JSON folder.

Import from here; the submodules are implementation detail except :mod:`pacer.store.tools`
(export / import / doctor for the command line) and :mod:`pacer.store.records` (merge helpers).
Inside: ``parse`` (bytes -> validated records), ``documents``, ``logs`` and ``pending`` (the
three jobs behind the :class:`Store` facade), ``core`` (folder, lock, problems), ``files``
(safe opens and the size caps) and ``atomic`` (the only code that writes bytes).

This package never imports Textual (the CLI and tests rely on that), and importing it is cheap:
``filelock`` is only imported by the first write.
"""

from __future__ import annotations

from pacer.store.errors import (
    InvalidRecord,
    LockTimeout,
    Problem,
    StoreError,
    UnreadableFile,
)
from pacer.store.records import merge_by_id, upsert
from pacer.store.schema import DEFAULT_SETTINGS, DOCUMENTS, LOGS
from pacer.store.store import Store

__all__ = [
    "DEFAULT_SETTINGS",
    "DOCUMENTS",
    "LOGS",
    "InvalidRecord",
    "LockTimeout",
    "Problem",
    "Store",
    "StoreError",
    "UnreadableFile",
    "merge_by_id",
    "upsert",
]
