"""Documents (``settings.json``, ``goals.json``, ...): small JSON objects rewritten whole.

Each save goes through :func:`pacer.store.atomic.replace_file` (temp file, fsync, rename, folder
fsync), so it is all-or-nothing. Changes go through :meth:`Documents.update`, which re-reads the
file *under the folder lock* and hands the fresh content to a function: a form open for an hour
merges its edits into what is on disk now instead of overwriting what another window saved
meanwhile (see :mod:`pacer.store.records` for the merge helpers).
"""

from __future__ import annotations

import contextlib
import copy
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pacer.store import atomic
from pacer.store.core import Core
from pacer.store.errors import StoreError, UnreadableFile
from pacer.store.files import MAX_DOCUMENT_BYTES
from pacer.store.jsonio import encode_document
from pacer.store.parse import Bad, check_document, parse_document
from pacer.store.schema import DEFAULT_SETTINGS, DocSpec, document_spec

DocFn = Callable[[dict[str, Any]], dict[str, Any] | None]


@dataclass
class Current:
    """A document as it is on disk now (read under the lock): bytes, content and version."""

    raw: bytes | None
    doc: dict[str, Any]  # with defaults filled in
    version: int


@dataclass
class Written:
    """What one document write changed, so a failed import can put it back."""

    name: str
    old_raw: bytes | None
    kept: str | None  # the pre-upgrade copy made by this write, if any


class Documents:
    """Reads and writes of the folder's documents."""

    def __init__(self, core: Core) -> None:
        self.core = core

    def read(self, name: str) -> dict[str, Any]:
        """See :meth:`pacer.store.Store.read_document`."""
        spec = document_spec(name)
        core = self.core
        try:
            raw = core.read_raw(name, MAX_DOCUMENT_BYTES)
            if raw is None:
                core.settle(name, [])
                return spec.default()
            doc, version = parse_document(spec, core.root / name, raw)
        except Bad as b:
            core.settle(name, [b.problem])
            raise UnreadableFile(str(b.problem), b.problem) from None
        core.settle(name, [])
        if version < spec.version:
            with contextlib.suppress(StoreError):
                self._upgrade(spec, raw, doc, version)
        return {**spec.default(), **doc}

    def _upgrade(
        self, spec: DocSpec, seen: bytes, migrated: dict[str, Any], version: int
    ) -> None:
        """Write the upgraded document if the file is still what we read (else leave it)."""
        with self.core.locked(timeout=0):
            try:
                raw = self.core.read_raw(spec.name, MAX_DOCUMENT_BYTES)
            except Bad:
                return
            if raw == seen:
                self.write_locked(spec, {**spec.default(), **migrated}, raw, version)

    def current_locked(self, name: str) -> Current:
        """The document on disk now; call under the lock. A damaged file raises
        :class:`UnreadableFile` (and is recorded): it must not be overwritten."""
        spec = document_spec(name)
        core = self.core
        try:
            raw = core.read_raw(name, MAX_DOCUMENT_BYTES)
            if raw is None:
                doc, version = spec.default(), spec.version
            else:
                doc, version = parse_document(spec, core.root / name, raw)
        except Bad as b:
            core.settle(name, [b.problem])
            raise core.refuse(b.problem) from None
        core.settle(name, [])
        return Current(raw, {**spec.default(), **doc}, version)

    def write_locked(
        self, spec: DocSpec, doc: dict[str, Any], old_raw: bytes | None, old_version: int
    ) -> Written:
        """Replace the document (under the lock), keeping a copy of an older schema first."""
        kept = None
        try:
            if old_raw is not None and old_version < spec.version:
                kept = self.core.keep_copy(f"{spec.name}.v{old_version}.bak", old_raw)
            atomic.remove_leftovers(self.core.root, spec.name)
            atomic.replace_file(self.core.root, spec.name, encode_document(doc))
        except OSError as e:
            raise self.core.save_error(spec.name, e) from e
        return Written(spec.name, old_raw, kept)

    def undo_locked(self, written: Written) -> None:
        """Put a document back as it was before :meth:`write_locked` (best effort, logged by
        raising nothing: the caller is already reporting the failure that led here)."""
        root = self.core.root
        with contextlib.suppress(OSError):
            if written.old_raw is None:
                os.unlink(root / written.name)
                atomic.fsync_dir(root)
            else:
                atomic.replace_file(root, written.name, written.old_raw)
        if written.kept is not None:
            with contextlib.suppress(OSError):
                os.unlink(root / written.kept)

    def update(self, name: str, fn: DocFn) -> dict[str, Any]:
        """See :meth:`pacer.store.Store.update_document`."""
        spec = document_spec(name)
        with self.core.locked():
            current = self.current_locked(name)
            working = copy.deepcopy(current.doc)
            result = fn(working)
            new = check_document(spec, working if result is None else result)
            if current.raw is not None and current.version == spec.version and new == current.doc:
                return new
            self.write_locked(spec, new, current.raw, current.version)
            return new

    def settings(self) -> dict[str, Any]:
        """See :meth:`pacer.store.Store.settings`."""
        try:
            return self.read("settings.json")
        except UnreadableFile:
            return dict(DEFAULT_SETTINGS)
