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

from typing import TYPE_CHECKING, Any

from pacer.store.errors import (
    InvalidRecord,
    LockTimeout,
    Problem,
    StoreError,
    UnreadableFile,
)
from pacer.store.schema import DEFAULT_SETTINGS, DOCUMENTS, LOGS
from pacer.store.store import Store

if TYPE_CHECKING:
    from pacer.store.records import merge_by_id, upsert

#: Names imported from their module the first time they are asked for (only the command line's
#: import and tests use them; the app's launch does not).
_LATER = {"merge_by_id": "pacer.store.records", "upsert": "pacer.store.records"}


def __getattr__(name: str) -> Any:
    """``merge_by_id`` and ``upsert``, loaded on first use (launch is timed)."""
    module = _LATER.get(name)
    if module is None:
        raise AttributeError(f"module 'pacer.store' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value

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
