"""The pending area: records that could not be appended yet, kept safe until they can be.

A finished session must never be dropped. When its append fails (the lock stayed busy, the log
cannot be opened, a disk error), the caller keeps it with :meth:`Pending.keep`: one small file
``pending/<log>-<id>.json`` in the data folder, written like every save (temporary file, fsync,
hard link, folder fsync; 0600 in a 0700 folder) and taking no lock, so it works while another
Pacer holds the lock. The next launch calls :meth:`Pending.flush`, which appends every pending
record whose id is not in its log yet and then removes the file. Because the id is checked
first, a crash between the append and the removal cannot make a duplicate.

A pending file that cannot be read or does not hold a valid record is reported (a Problem of
that file) and left alone: it may be the only copy of something a person did.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path
from typing import Any

import msgspec

from pacer.store import atomic
from pacer.store.core import Core, refused, unreadable
from pacer.store.errors import NOT_REGULAR, SCHEMA, UNREADABLE, Problem, StoreError
from pacer.store.files import MAX_PENDING_BYTES, FileFault, describe_type, read_data
from pacer.store.jsonio import (
    JsonFault,
    decode_strict,
    decode_text,
    encode_document,
    format_path,
    split_validation_error,
)
from pacer.store.logs import Logs, Prepared
from pacer.store.parse import prepare_record, strerror, times_in_order
from pacer.store.schema import LOGS, log_spec, validate

PENDING_DIR = "pending"
_SUFFIX = ".json"


class Pending:
    """Keep, list and flush the records of ``<data folder>/pending/``."""

    def __init__(self, core: Core, logs: Logs) -> None:
        self.core = core
        self.logs = logs

    @property
    def folder(self) -> Path:
        return self.core.root / PENDING_DIR

    def _ensure_folder(self) -> None:
        atomic.ensure_folder(self.core.root)
        try:
            st = os.lstat(self.folder)
        except FileNotFoundError:
            with contextlib.suppress(FileExistsError):
                os.mkdir(self.folder, atomic.DIR_MODE)
            atomic.fsync_dir(self.core.root)
            st = os.lstat(self.folder)
        if not stat.S_ISDIR(st.st_mode):
            raise StoreError(
                f"Could not keep the record aside: {self.folder} is {describe_type(st.st_mode)}, "
                "not a folder"
            )
        if stat.S_IMODE(st.st_mode) & 0o077:
            os.chmod(self.folder, atomic.DIR_MODE)

    def keep(self, log_name: str, record: dict[str, Any]) -> Path:
        """Keep ``record`` (for log ``log_name``) durably in the pending folder; return its file.

        The record is validated like an append (``id`` and ``schema`` filled in when missing;
        :class:`~pacer.store.InvalidRecord` if it does not fit). Takes no lock. Keeping the same
        record twice is harmless (one file, and :meth:`flush` checks ids). Raises
        :class:`StoreError` with one line if the file could not be written.
        """
        spec = log_spec(log_name)
        rec, _ = prepare_record(spec, record, keep_logged=False)
        data = encode_document({"log": spec.name, "record": rec})
        path = self.folder / f"{spec.name}-{rec['id']}{_SUFFIX}"
        try:
            self._ensure_folder()
            try:
                atomic.write_new_file(path, data)
            except FileExistsError:
                with contextlib.suppress(OSError, FileFault):
                    if read_data(path, MAX_PENDING_BYTES) == data:
                        return path
                path = path.with_name(f"{path.stem}-{os.urandom(3).hex()}{_SUFFIX}")
                atomic.write_new_file(path, data)
        except OSError as e:
            raise StoreError(
                f"Could not keep the record aside in {self.folder}: {strerror(e)}"
            ) from e
        return path

    def _problem(self, path: Path, detail: str, kind: str, field: str | None = None) -> Problem:
        return Problem(
            path,
            None,
            field,
            kind,
            f"kept in {PENDING_DIR}/ to be saved later, but it cannot be used: {detail}; "
            "it is left as it is",
        )

    def _load(self, path: Path) -> tuple[dict[str, Any] | None, Problem | None]:
        try:
            raw = read_data(path, MAX_PENDING_BYTES)
        except FileFault as f:
            return None, self._problem(path, refused(path, f).message, f.kind)
        except OSError as e:
            return None, self._problem(path, unreadable(path, e).message, UNREADABLE)
        if raw is None:
            return None, None  # removed meanwhile (flushed by another Pacer)
        try:
            doc = decode_strict(decode_text(raw))
        except JsonFault as f:
            return None, self._problem(path, f.message, f.kind)
        if not isinstance(doc, dict) or doc.get("log") not in LOGS:
            return None, self._problem(path, 'expected {"log": ..., "record": {...}}', SCHEMA)
        record = doc.get("record")
        if not isinstance(record, dict):
            return None, self._problem(path, "'record' must be a JSON object", SCHEMA)
        spec = LOGS[doc["log"]]
        try:
            struct = validate(spec.struct, record)
        except msgspec.ValidationError as e:
            field_path, msg = split_validation_error(e)
            return None, self._problem(path, msg, SCHEMA, format_path(("record", *field_path)))
        order = times_in_order(spec, struct)
        if order is not None:
            return None, self._problem(path, order, SCHEMA)
        return {"log": spec.name, "record": record}, None

    def _entries(self) -> list[Path]:
        """The files of the pending folder; a link or a file in its place is reported (never
        followed: flushing deletes what it added, which must only ever be Pacer's own files)."""
        try:
            st = os.lstat(self.folder)
            if not stat.S_ISDIR(st.st_mode):
                message = f"should be a folder, not {describe_type(st.st_mode)}"
                self.core.settle_path(
                    self.folder, Problem(self.folder, None, None, NOT_REGULAR, message)
                )
                return []
            names = sorted(os.listdir(self.folder))
        except FileNotFoundError:
            return []
        except OSError as e:
            self.core.settle_path(self.folder, unreadable(self.folder, e))
            return []
        self.core.settle_path(self.folder, None)
        return [self.folder / n for n in names if not n.startswith(".")]

    def list_with_logs(self) -> list[tuple[Path, str, dict[str, Any]]]:
        """Every readable pending record as (file, log name, record); others are reported."""
        out = []
        for path in self._entries():
            loaded, problem = self._load(path)
            self.core.settle_path(path, problem)
            if loaded is not None:
                out.append((path, str(loaded["log"]), dict(loaded["record"])))
        return out

    def records(self) -> list[tuple[Path, dict[str, Any]]]:
        """See :meth:`pacer.store.Store.pending`."""
        return [(path, record) for path, _, record in self.list_with_logs()]

    def flush(self, timeout: float | None = None) -> list[dict[str, Any]]:
        """See :meth:`pacer.store.Store.flush_pending`."""
        if not self.list_with_logs():
            return []
        added: list[dict[str, Any]] = []
        failure: StoreError | None = None
        with self.core.locked(timeout):
            groups: dict[str, list[tuple[Path, dict[str, Any]]]] = {}
            for path, log, record in self.list_with_logs():  # again: under the lock now
                groups.setdefault(log, []).append((path, record))
            for log, group in groups.items():
                try:
                    added.extend(self._flush_log(log, group))
                except StoreError as e:
                    failure = failure or e
            with contextlib.suppress(OSError):
                atomic.fsync_dir(self.folder)
        if failure is not None:
            raise failure
        return added

    def _flush_log(
        self, log: str, group: list[tuple[Path, dict[str, Any]]]
    ) -> list[dict[str, Any]]:
        spec = log_spec(log)
        have = self.logs.ids_locked(log)
        new: list[Prepared] = []
        for _, record in group:
            if str(record["id"]) not in have:
                have.add(str(record["id"]))
                new.append(prepare_record(spec, record, keep_logged=False))
        if new:
            self.logs.append_locked(spec, new)
        for path, _ in group:  # only now: a crash before this leaves ids that flush skips
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)
        return [rec for rec, _ in new]
