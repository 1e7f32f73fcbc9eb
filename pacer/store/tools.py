"""Whole-folder tools for the command line: ``pacer export``, ``pacer import``, ``pacer doctor``.

The CLI only has to print: every function here returns data or raises :class:`StoreError` with a
one-line message, and never imports Textual.

Export format (one JSON document, stable, versioned)::

    {"format": "pacer-export", "version": 1, "exported": "2025-03-01T09:30:00+01:00",
     "documents": {"settings.json": {...}, "goals.json": {...}, ...},
     "logs": {"sessions.jsonl": [{...}, ...], "journal.jsonl": [...]}}

Only files that exist are exported. Import merges by id and is idempotent: importing the same
file twice changes nothing the second time. Import is all-or-nothing: the whole export is
validated first, without the lock, then every document and log is written under one hold of
the lock, and a failure part-way puts back every file already written.

CLI wiring: ``pacer export [-o FILE]`` = ``check_export_target(FILE, store.root)`` (an
:class:`UnsafeTarget` is a usage error: exit 2), then ``save_export(export_all(store), FILE,
data_root=store.root)`` (or print ``json.dumps(export_all(store), ...)``); ``pacer import
FILE`` = ``print(import_all(store, load_export(FILE)))``; ``pacer doctor`` = ``ok, lines =
doctor(store)``, print the lines, exit ``0 if ok else 1``. Every failure is a
:class:`StoreError` whose ``str`` is the one line to print before exiting non-zero.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from pacer.store import atomic
from pacer.store.core import LOCK_NAME, read_path
from pacer.store.documents import Written
from pacer.store.errors import Problem, StoreError, UnreadableFile
from pacer.store.files import (
    MAX_DOCUMENT_BYTES,
    MAX_EXPORT_BYTES,
    FileFault,
    describe_type,
    read_data,
)
from pacer.store.jsonio import (
    JsonFault,
    decode_strict,
    decode_text,
    encode_document,
    encode_line,
)
from pacer.store.logs import Appended, Prepared
from pacer.store.parse import (
    Bad,
    check_document,
    parse_document,
    prepare_record,
    record_from_line,
    strerror,
    times_in_order,
)
from pacer.store.pending import PENDING_DIR
from pacer.store.records import upsert
from pacer.store.schema import DOCUMENTS, LOGS, DocSpec, LogSpec
from pacer.store.store import Store

EXPORT_FORMAT = "pacer-export"
EXPORT_VERSION = 1

#: An extra per-record check for ``import_all``: (collection, index, record) -> problem or None.
#: ``collection`` is a file name ("goals.json", "sessions.jsonl"); for a document with a list
#: (goals, appointments...) ``index`` is the position in that list, for settings.json it is 0
#: and ``record`` is the whole document; for a log it is the position in the export's list.
#: The returned text is one line such as "field 'title': Expected str, got int".
RecordCheck = Callable[[str, int, dict[str, Any]], "str | None"]


class UnsafeTarget(StoreError):
    """``pacer export -o`` was given a place it must not write: inside the data folder, or
    something that is not a regular file. A usage error (exit 2): nothing was written."""


@dataclass
class ImportSummary:
    """What ``import_all`` did, per file name: records added, and records already present."""

    added: dict[str, int] = field(default_factory=dict)
    present: dict[str, int] = field(default_factory=dict)
    kept_local: list[str] = field(default_factory=list)  # e.g. settings.json: ours kept

    @property
    def total_added(self) -> int:
        return sum(self.added.values())

    def __str__(self) -> str:
        parts = [f"{n} {name}" for name, n in self.added.items() if n]
        text = "Imported " + ", ".join(parts) if parts else "Nothing new to import"
        already = sum(self.present.values())
        if already:
            text += f" ({already} already present)"
        if self.kept_local:
            text += f"; kept your current {', '.join(self.kept_local)}"
        return text


def export_all(store: Store) -> dict[str, Any]:
    """Everything in the folder as one JSON-ready dict.

    Raises :class:`StoreError` if a file cannot be read completely (a backup silently missing
    records would be worse than no backup); a torn log tail does not count (it was never saved).
    A symbolic link, pipe or folder in place of a data file counts as unreadable.
    """
    documents: dict[str, Any] = {}
    logs: dict[str, Any] = {}
    for name in DOCUMENTS:
        if not os.path.lexists(store.root / name):
            continue
        try:
            documents[name] = store.read_document(name)
        except UnreadableFile as e:
            raise StoreError(f"Cannot export: {e.problem}") from None
    for name in LOGS:
        if not os.path.lexists(store.root / name):
            continue
        records = store.read_log(name)
        reason = store.read_only_reason(name)
        if reason is not None:
            raise StoreError(f"Cannot export: {reason}")
        logs[name] = records
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported": datetime.now().astimezone().replace(microsecond=0).isoformat(),
        "documents": documents,
        "logs": logs,
    }


def check_export_target(path: Path, data_root: Path | None) -> None:
    """Refuse an export file inside the data folder or in place of a non-regular file.

    Both paths are resolved (symbolic links, ``..``), so ``-o "$PACER_HOME/goals.json"`` or a
    link to the folder are caught; ``/dev/null``, a pipe, a folder or a symbolic link at
    ``path`` are refused (replacing them would turn a device into a file, or break a link).
    Raises :class:`UnsafeTarget` with one line.
    """
    path = Path(path)
    if data_root is not None:
        target = path.resolve()
        home = Path(data_root).resolve()
        if target == home or target.is_relative_to(home):
            raise UnsafeTarget(
                f"Not saved: {path} is inside the data folder {data_root}; "
                "choose a file outside it"
            )
    try:
        st = os.lstat(path)
    except OSError:
        return  # a new file (or a bad folder, which the save itself reports)
    if not stat.S_ISREG(st.st_mode):
        raise UnsafeTarget(
            f"Not saved: {path} is {describe_type(st.st_mode)}, not a regular file; "
            "give the name of a new or existing plain file"
        )


def save_export(data: dict[str, Any], path: Path, *, data_root: Path | None = None) -> None:
    """Write an export file like any Pacer save: atomic, fsynced, private (0600).

    An export is the whole health record in one file, so it gets the same care as the folder.
    ``data_root`` (the data folder) enables the inside-the-folder check of
    :func:`check_export_target`, which always runs. Raises :class:`UnsafeTarget` or
    :class:`StoreError` with one line on failure (the old file, if any, is intact).
    """
    path = Path(path)
    check_export_target(path, data_root)
    try:
        atomic.replace_file(path.parent, path.name, encode_document(data))
    except OSError as e:
        raise StoreError(f"Could not write {path}: {e.strerror or e}") from e
    except (TypeError, ValueError) as e:
        raise StoreError(f"Could not write {path}: {e}") from None


def save_text(text: str, path: Path, *, data_root: Path | None = None) -> None:
    """Write a file the person asked for (a visit sheet, a calendar file) as an export is:
    refused inside the data folder or over a device, pipe, folder or link
    (:class:`UnsafeTarget`), else atomic, fsynced and private (0600: it holds health data).

    UTF-8, written as given (a calendar file's CRLF lines stay CRLF). Raises
    :class:`UnsafeTarget` or :class:`StoreError` with one line; an old file stays intact.
    """
    path = Path(path)
    check_export_target(path, data_root)
    try:
        atomic.replace_file(path.parent, path.name, text.encode("utf-8"))
    except OSError as e:
        raise StoreError(f"Could not write {path}: {e.strerror or e}") from e
    except UnicodeEncodeError as e:  # a lone surrogate: harmless() shows them, so not from us
        raise StoreError(f"Could not write {path}: {e.reason}") from None


def load_export(path: Path) -> dict[str, Any]:
    """Read an export file with the folder's rules (BOM/CRLF fine; duplicate keys and NaN not).

    A pipe or device is refused without blocking, and the size is capped. Raises
    :class:`StoreError` naming the file and line, for ``pacer import`` to print.
    """
    path = Path(path)
    try:
        raw = read_data(path, MAX_EXPORT_BYTES, follow=True)
        if raw is None:
            raise FileNotFoundError(2, "No such file or directory")
        text = decode_text(raw)
        data = decode_strict(text)
    except FileFault as f:
        raise StoreError(f"Cannot import {path}: {f.message}") from None
    except OSError as e:
        raise StoreError(f"Cannot import {path}: {e.strerror or e}") from e
    except JsonFault as f:
        where = f" line {f.line}" if f.line else ""
        field = f": field '{f.field}'" if f.field else ""
        raise StoreError(f"Cannot import {path.name}{where}{field}: {f.message}") from None
    if not isinstance(data, dict):
        raise StoreError(f"Cannot import {path.name}: not a Pacer export")
    return data


def _describe(problem: Problem) -> str:
    """A problem without file and line (for data that is not a file of the folder)."""
    return f"field '{problem.field}': {problem.message}" if problem.field else problem.message


def _check_import(
    data: Any, check: RecordCheck | None
) -> tuple[dict[str, dict[str, Any]], dict[str, list[dict[str, Any]]]]:
    """Validate (and migrate) everything before writing anything; every problem is collected
    and the first is reported, with how many more there are."""
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        raise StoreError('Cannot import: this is not a Pacer export (no "format": "pacer-export")')
    version = data.get("version")
    if type(version) is not int or version > EXPORT_VERSION:
        raise StoreError(
            f"Cannot import: export version {version!r} is from a newer Pacer; update Pacer first"
        )
    raw_docs = data.get("documents", {})
    raw_logs = data.get("logs", {})
    if not isinstance(raw_docs, dict) or not isinstance(raw_logs, dict):
        raise StoreError('Cannot import: "documents" and "logs" must be JSON objects')
    for name in raw_docs:
        if name not in DOCUMENTS:
            raise StoreError(f"Cannot import: unknown document {name!r}")
    for name, records in raw_logs.items():
        if name not in LOGS:
            raise StoreError(f"Cannot import: unknown log {name!r}")
        if not isinstance(records, list):
            raise StoreError(f"Cannot import: {name} must be a list of records")
    problems: list[str] = []
    docs: dict[str, dict[str, Any]] = {}
    for name, doc in raw_docs.items():
        spec = DOCUMENTS[name]
        try:
            docs[name], _ = parse_document(spec, Path(name), encode_document(doc))
        except Bad as b:
            problems.append(f"{name}: {_describe(b.problem)}")
            continue
        except (TypeError, ValueError) as e:
            problems.append(f"{name}: {e}")
            continue
        if check is None:
            continue
        if spec.list_key is None:
            found = check(name, 0, docs[name])
            if found:
                problems.append(f"{name}: {found}")
            continue
        for i, rec in enumerate(docs[name].get(spec.list_key, [])):
            found = check(name, i, rec)
            if found:
                problems.append(f"{name} {spec.list_key}[{i}]: {found}")
    logs: dict[str, list[dict[str, Any]]] = {}
    for name, records in raw_logs.items():
        log = LOGS[name]
        checked = []
        for i, record in enumerate(records):
            try:
                rec, struct = record_from_line(log, Path(name), encode_line(record), i + 1)
            except Bad as b:
                problems.append(f"{name}[{i}]: {_describe(b.problem)}")
                continue
            except (TypeError, ValueError) as e:
                problems.append(f"{name}[{i}]: {e}")
                continue
            found = times_in_order(log, struct)
            if found is None and check is not None:
                found = check(name, i, rec)
            if found:
                problems.append(f"{name}[{i}]: {found}")
                continue
            checked.append(rec)
        logs[name] = checked
    if problems:
        more = len(problems) - 1
        tail = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
        raise StoreError(f"Cannot import: {problems[0]}{tail}")
    return docs, logs


def _prepare_logs(logs: dict[str, list[dict[str, Any]]]) -> dict[str, list[Prepared]]:
    """Records ready to append (one per id), prepared before the lock is taken."""
    out: dict[str, list[Prepared]] = {}
    for name, records in logs.items():
        spec = LOGS[name]
        seen: set[str] = set()
        prepared: list[Prepared] = []
        for rec in records:
            if str(rec["id"]) in seen:
                continue
            seen.add(str(rec["id"]))
            prepared.append(prepare_record(spec, rec, keep_logged=False))
        out[name] = prepared
    return out


def import_all(
    store: Store, data: dict[str, Any], *, check: RecordCheck | None = None
) -> ImportSummary:
    """Merge an export into the folder by id; idempotent; all-or-nothing.

    1. Without the lock: the whole export is validated (the store's schema, ``ended`` not
       before ``started``, then ``check`` for every record, if given); any problem raises
       :class:`StoreError` naming the first one (``sessions.jsonl[3]: 'ended' is before
       'started'``, ``goals.json goals[2]: field 'title': ...``) and nothing is touched.
    2. Under one hold of the folder lock: the current files are read, the merge is computed
       (records whose id already exists here are left as they are: local edits win; settings
       are taken only when this folder has none), then every document and log is written.
       If any write fails, the files already written are put back and the error is raised.
    """
    docs, logs = _check_import(data, check)
    prepared_logs = _prepare_logs(logs)
    summary = ImportSummary()
    parts_docs = store._docs
    parts_logs = store._logs
    with store.locked():
        doc_plan: list[tuple[DocSpec, dict[str, Any], bytes | None, int]] = []
        for name, doc in docs.items():
            spec = DOCUMENTS[name]
            current = parts_docs.current_locked(name)
            if spec.list_key is None:
                if current.raw is not None:
                    summary.kept_local.append(name)
                    continue
                new = check_document(spec, doc)
                summary.added[name] = 1
            else:
                key = spec.list_key
                incoming = doc.get(key, [])
                have = {r["id"] for r in current.doc[key]}
                fresh = [r for r in incoming if r["id"] not in have]
                summary.added[name] = len(fresh)
                summary.present[name] = len(incoming) - len(fresh)
                new = check_document(spec, {**current.doc, key: upsert(current.doc[key], fresh)})
                unchanged = current.version == spec.version and new == current.doc
                if current.raw is not None and unchanged:
                    continue
            doc_plan.append((spec, new, current.raw, current.version))
        log_plan: list[tuple[LogSpec, list[Prepared]]] = []
        for name, prepared in prepared_logs.items():
            have_ids = parts_logs.ids_locked(name)
            new_records = [(r, s) for r, s in prepared if str(r["id"]) not in have_ids]
            summary.added[name] = len(new_records)
            summary.present[name] = len(logs[name]) - len(new_records)
            if new_records:
                log_plan.append((LOGS[name], new_records))
        written: list[Written] = []
        appended: list[Appended] = []
        try:
            for spec, new, raw, old_version in doc_plan:
                written.append(parts_docs.write_locked(spec, new, raw, old_version))
            for log_spec, records in log_plan:
                appended.append(parts_logs.append_locked(log_spec, records))
        except BaseException:
            for done in reversed(appended):
                parts_logs.undo_locked(done)
            for w in reversed(written):
                parts_docs.undo_locked(w)
            raise
    return summary


# --- doctor -----------------------------------------------------------------------------------


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def _write_problem(root: Path) -> str | None:
    """Why Pacer could not save in ``root``, or None if it can.

    ``os.access`` answers for permissions; creating (and removing) a hidden probe file
    answers for everything else (a read-only mount, a full quota...). The probe has the name
    of an interrupted save's leftover, so even a crash here leaves nothing unexplained.
    """
    if not os.access(root, os.W_OK | os.X_OK):
        return "Pacer cannot save in this folder (no permission to write in it)"
    probe = root / atomic.temp_name("doctor")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(probe, flags, atomic.FILE_MODE)
    except OSError as e:
        return f"Pacer cannot save in this folder ({strerror(e)})"
    os.close(fd)
    with contextlib.suppress(OSError):
        os.unlink(probe)
    return None


def _lock_state(root: Path) -> str:
    """Whether another process holds the folder lock, without creating or changing anything."""
    path = root / LOCK_NAME
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not Unix
        return "Lock: not checked on this system"
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    except FileNotFoundError:
        return "Lock: free (no Pacer has saved here yet)"
    except OSError as e:
        return f"Lock: cannot be checked ({e.strerror})"
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return "Lock: held by a running Pacer (saves wait for it)"
        fcntl.flock(fd, fcntl.LOCK_UN)
        return "Lock: free"
    finally:
        os.close(fd)


def _pending_lines(store: Store) -> tuple[bool, list[str]]:
    """Records waiting in pending/ (not a failure) and pending files that cannot be used."""
    lines = []
    ok = True
    folder = store.root / PENDING_DIR
    for path, log, record in store._pending.list_with_logs():
        when = record.get("started") or record.get("created")
        what = f"a record for {log}" + (f" from {str(when)[:16].replace('T', ' ')}" if when else "")
        lines.append(
            f"Waiting to be saved: {PENDING_DIR}/{path.name} ({what}; it is added at the next "
            "start of Pacer)"
        )
    for problem in store.problems():
        if problem.file.parent == folder or problem.file == folder:
            ok = False
            lines.append(f"PROBLEM: {PENDING_DIR}/{problem.file.name} - {problem.message}")
    return ok, lines


def doctor(
    store: Store, record_problems: list[str] | None = None
) -> tuple[bool, list[str]]:
    """Check the data folder without changing it. Returns (ok, report lines).

    ``ok`` is False when a file is damaged / from a newer Pacer / not a plain file (its
    collection is read-only; for a log: rewrites are off, appends go on), when Pacer cannot
    save in the folder, when a pending record cannot be read, or when the folder or a file
    can be read by other users. Records waiting in pending/, torn tails already kept aside,
    pending upgrades and leftovers of interrupted saves are reported but are not failures.
    ``record_problems``, when given, are one line per record that does not fit its kind (the store
    checks only the envelope; the services check each record): any makes ``ok`` False.
    """
    root = store.root
    lines = [f"Data folder: {root}"]
    ok = True
    if not os.path.lexists(root):
        lines.append("  not created yet: it appears with the first save (defaults in use)")
        return True, lines
    if not root.is_dir():
        return False, [*lines, "  PROBLEM: this path exists but is not a folder"]
    mode = stat.S_IMODE(os.stat(root).st_mode)
    if mode & 0o077:
        ok = False
        lines.append(
            f"Permissions: {mode:04o} - PROBLEM: other users can see your data; "
            f"run: chmod 700 '{root}'"
        )
    else:
        lines.append(f"Permissions: {mode:04o} (private)")
    cannot_save = _write_problem(root)
    if cannot_save is None:
        lines.append("Saving: ok")
    else:
        ok = False
        lines.append(
            f"Saving: PROBLEM - {cannot_save}; new sessions cannot be kept until this is fixed"
        )

    def perms(path: Path) -> str:
        nonlocal ok
        m = _mode(path)
        if m & 0o077:
            ok = False
            return f", permissions {m:04o} - PROBLEM: should be 0600 (chmod 600 '{path}')"
        return f", {m:04o}"

    for name, spec in DOCUMENTS.items():
        path = root / name
        if not os.path.lexists(path):
            lines.append(f"{name}: not created yet (defaults in use)")
            continue
        try:
            raw = read_path(path, MAX_DOCUMENT_BYTES) or b""
            doc, version = parse_document(spec, path, raw)
        except Bad as b:
            ok = False
            store._core.settle(name, [b.problem])
            lines.append(f"{name}: PROBLEM - {b.problem}; read-only until fixed or moved away")
            continue
        detail = f"schema {version}"
        if version < spec.version:
            detail += f", will be upgraded to {spec.version} on next use (original kept)"
        if spec.list_key:
            detail = f"{len(doc.get(spec.list_key, []))} {spec.list_key}, " + detail
        lines.append(f"{name}: ok ({detail}, {len(raw)} bytes{perms(path)})")

    for name in LOGS:
        path = root / name
        if not os.path.lexists(path):
            lines.append(f"{name}: not created yet")
            continue
        records = store.read_log(name)
        found = [p for p in store.problems() if p.file == path]
        fatal = [p for p in found if not p.tolerated]
        whole = [p for p in fatal if p.whole_file]
        if whole:
            ok = False
            lines.append(
                f"{name}: PROBLEM - {whole[0]}; nothing can be added to it or changed in it "
                "until it is fixed or moved away"
            )
            continue
        if fatal:
            ok = False
            lines.append(
                f"{name}: PROBLEM - {len(records)} records readable, {len(fatal)} damaged "
                "line(s); new records are still added, but deleting and editing are off until "
                "the line is fixed"
            )
        else:
            lines.append(f"{name}: ok ({len(records)} records{perms(path)})")
        for p in found[:10]:
            lines.append(f"  {'note' if p.tolerated else 'PROBLEM'}: {p}")
        if len(found) > 10:
            lines.append(f"  ... and {len(found) - 10} more")

    pending_ok, pending = _pending_lines(store)
    ok = ok and pending_ok
    lines.extend(pending)

    kept, leftovers, other = [], [], []
    known = {*DOCUMENTS, *LOGS, LOCK_NAME, PENDING_DIR}
    for entry in sorted(os.listdir(root)):
        if entry in known:
            continue
        if atomic.is_leftover(entry):
            leftovers.append(entry)
        elif any(entry.startswith(n + ".torn-") or entry.startswith(n + ".v") for n in known):
            kept.append(entry)
        else:
            other.append(entry)
    for entry in kept:
        size = os.lstat(root / entry).st_size
        what = "torn line from a crash" if ".torn-" in entry else "copy from before an upgrade"
        lines.append(f"Kept aside: {entry} ({size} bytes, {what}; delete it once checked)")
    for entry in leftovers:
        lines.append(f"Leftover from an interrupted save: {entry} (safe to delete)")
    for entry in other:
        lines.append(f"Other file (not Pacer's): {entry}")
    lock_line = _lock_state(root)
    with contextlib.suppress(OSError):
        if os.path.lexists(root / LOCK_NAME):
            lock_line += perms(root / LOCK_NAME).replace(", ", " (", 1) + ")"
    lines.append(lock_line)
    if record_problems is not None:  # the caller's check of every record against its kind
        if record_problems:
            ok = False
            lines.append(
                f"Records: PROBLEM - {len(record_problems)} record(s) do not fit and are left "
                "out (the files are not changed; fix or remove them by hand):"
            )
            lines.extend(f"  {line}" for line in record_problems)
        else:
            lines.append("Records: ok")
    lines.append("Everything looks fine." if ok else "Problems found: see the lines marked PROBLEM")
    return ok, lines


def problem_lines(problems: list[Problem]) -> list[str]:
    """One line per problem, for printing after any CLI command (fatal ones first)."""
    ordered = sorted(problems, key=lambda p: p.tolerated)
    return [("note: " if p.tolerated else "error: ") + str(p) for p in ordered]
