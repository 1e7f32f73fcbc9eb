"""Whole-folder tools for the command line: ``pacer export``, ``pacer import``, ``pacer doctor``.

The CLI only has to print: every function here returns data or raises :class:`StoreError` with a
one-line message, and never imports Textual.

Export format (one JSON document, stable, versioned)::

    {"format": "pacer-export", "version": 1, "exported": "2025-03-01T09:30:00+01:00",
     "documents": {"settings.json": {...}, "goals.json": {...}, ...},
     "logs": {"sessions.jsonl": [{...}, ...], "journal.jsonl": [...]}}

Only files that exist are exported. Import merges by id and is idempotent: importing the same
file twice changes nothing the second time.

CLI wiring: ``pacer export [-o FILE]`` = ``save_export(export_all(store), FILE)`` (or print
``json.dumps(export_all(store), ensure_ascii=False, indent=2)``); ``pacer import FILE`` =
``print(import_all(store, load_export(FILE)))``; ``pacer doctor`` = ``ok, lines =
doctor(store)``, print the lines, exit ``0 if ok else 1``. Every failure is a
:class:`StoreError` whose ``str`` is the one line to print before exiting non-zero.
"""

from __future__ import annotations

import contextlib
import os
import stat
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from pacer.store import atomic
from pacer.store.errors import Problem, StoreError, UnreadableFile
from pacer.store.jsonio import (
    JsonFault,
    decode_strict,
    decode_text,
    encode_document,
    encode_line,
)
from pacer.store.records import upsert
from pacer.store.schema import DOCUMENTS, LOGS
from pacer.store.store import LOCK_NAME, Store, _Bad, parse_document, record_from_line

EXPORT_FORMAT = "pacer-export"
EXPORT_VERSION = 1


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
    """
    documents: dict[str, Any] = {}
    logs: dict[str, Any] = {}
    for name in DOCUMENTS:
        if not (store.root / name).exists():
            continue
        try:
            documents[name] = store.read_document(name)
        except UnreadableFile as e:
            raise StoreError(f"Cannot export: {e.problem}") from None
    for name in LOGS:
        if not (store.root / name).exists():
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


def save_export(data: dict[str, Any], path: Path) -> None:
    """Write an export file like any Pacer save: atomic, fsynced, private (0600).

    An export is the whole health record in one file, so it gets the same care as the folder.
    Raises :class:`StoreError` with one line on failure (the old file, if any, is intact).
    """
    path = Path(path)
    try:
        atomic.replace_file(path.parent, path.name, encode_document(data))
    except OSError as e:
        raise StoreError(f"Could not write {path}: {e.strerror or e}") from e
    except (TypeError, ValueError) as e:
        raise StoreError(f"Could not write {path}: {e}") from None


def load_export(path: Path) -> dict[str, Any]:
    """Read an export file with the folder's rules (BOM/CRLF fine; duplicate keys and NaN not).

    Raises :class:`StoreError` naming the file and line, for ``pacer import`` to print.
    """
    path = Path(path)
    try:
        text = decode_text(path.read_bytes())
        data = decode_strict(text)
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


def _check_import(data: Any) -> tuple[dict[str, dict], dict[str, list[dict]]]:
    """Validate (and migrate) everything before writing anything."""
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
    docs: dict[str, dict] = {}
    for name, doc in raw_docs.items():
        spec = DOCUMENTS.get(name)
        if spec is None:
            raise StoreError(f"Cannot import: unknown document {name!r}")
        try:
            docs[name], _ = parse_document(spec, Path(name), encode_document(doc))
        except _Bad as b:
            raise StoreError(f"Cannot import: {name}: {_describe(b.problem)}") from None
        except (TypeError, ValueError) as e:
            raise StoreError(f"Cannot import: {name}: {e}") from None
    logs: dict[str, list[dict]] = {}
    for name, records in raw_logs.items():
        log = LOGS.get(name)
        if log is None:
            raise StoreError(f"Cannot import: unknown log {name!r}")
        if not isinstance(records, list):
            raise StoreError(f"Cannot import: {name} must be a list of records")
        checked = []
        for i, record in enumerate(records, 1):
            try:
                rec, _ = record_from_line(log, Path(name), encode_line(record), i)
            except _Bad as b:
                raise StoreError(
                    f"Cannot import: {name} record {i}: {_describe(b.problem)}"
                ) from None
            except (TypeError, ValueError) as e:
                raise StoreError(f"Cannot import: {name} record {i}: {e}") from None
            checked.append(rec)
        logs[name] = checked
    return docs, logs


def import_all(store: Store, data: dict[str, Any]) -> ImportSummary:
    """Merge an export into the folder by id; idempotent; all input validated first.

    Records whose id already exists are left as they are here (local edits win). Settings are
    taken from the export only when this folder has no settings.json yet. Held under the folder
    lock for the whole import, so it never interleaves with a running Pacer's saves.
    """
    docs, logs = _check_import(data)
    summary = ImportSummary()
    with store.locked():
        for name, doc in docs.items():
            spec = DOCUMENTS[name]
            if spec.list_key is None:
                if (store.root / name).exists():
                    summary.kept_local.append(name)
                else:
                    store.update_document(name, lambda _cur, doc=doc: doc)
                    summary.added[name] = 1
                continue
            key = spec.list_key
            incoming = doc.get(key, [])
            counts = {"added": 0}

            def merge(
                cur: dict[str, Any],
                key: str = key,
                incoming: list = incoming,
                counts: dict = counts,
            ) -> None:
                have = {r["id"] for r in cur[key]}
                new = [r for r in incoming if r["id"] not in have]
                counts["added"] = len(new)
                cur[key] = upsert(cur[key], new)

            store.update_document(name, merge)
            summary.added[name] = counts["added"]
            summary.present[name] = len(incoming) - counts["added"]
        for name, records in logs.items():
            existing = store.read_log(name)
            reason = store.read_only_reason(name)
            if reason is not None:
                raise store._refuse(reason)
            have = {r["id"] for r in existing}
            new = []
            for rec in records:
                if rec["id"] not in have:
                    have.add(rec["id"])
                    new.append(rec)
            store.append_many(name, new)
            summary.added[name] = len(new)
            summary.present[name] = len(records) - len(new)
    return summary


# --- doctor -----------------------------------------------------------------------------------


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def _lock_state(root: Path) -> str:
    """Whether another process holds the folder lock, without creating or changing anything."""
    path = root / LOCK_NAME
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not Unix
        return "Lock: not checked on this system"
    try:
        fd = os.open(path, os.O_RDONLY)
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


def doctor(store: Store) -> tuple[bool, list[str]]:
    """Check the data folder without changing it. Returns (ok, report lines).

    ``ok`` is False when a file is damaged / from a newer Pacer (its collection is read-only) or
    when the folder or a file can be read by other users. Torn tails already kept aside,
    pending upgrades and leftovers of interrupted saves are reported but are not failures.
    """
    root = store.root
    lines = [f"Data folder: {root}"]
    ok = True
    if not root.exists():
        lines.append("  not created yet: it appears with the first save (defaults in use)")
        return True, lines
    if not root.is_dir():
        return False, [*lines, "  PROBLEM: this path exists but is not a folder"]
    mode = _mode(root)
    if mode & 0o077:
        ok = False
        lines.append(
            f"Permissions: {mode:04o} - PROBLEM: other users can see your data; "
            f"run: chmod 700 '{root}'"
        )
    else:
        lines.append(f"Permissions: {mode:04o} (private)")

    def perms(path: Path) -> str:
        nonlocal ok
        m = _mode(path)
        if m & 0o077:
            ok = False
            return f", permissions {m:04o} - PROBLEM: should be 0600 (chmod 600 '{path}')"
        return f", {m:04o}"

    for name, spec in DOCUMENTS.items():
        path = root / name
        if not path.exists():
            lines.append(f"{name}: not created yet (defaults in use)")
            continue
        try:
            raw = path.read_bytes()
            doc, version = parse_document(spec, path, raw)
        except _Bad as b:
            ok = False
            store._settle(name, [b.problem])
            lines.append(f"{name}: PROBLEM - {b.problem}; read-only until fixed or moved away")
            continue
        except OSError as e:
            ok = False
            lines.append(f"{name}: PROBLEM - cannot be read: {e.strerror}")
            continue
        detail = f"schema {version}"
        if version < spec.version:
            detail += f", will be upgraded to {spec.version} on next use (original kept)"
        if spec.list_key:
            detail = f"{len(doc.get(spec.list_key, []))} {spec.list_key}, " + detail
        lines.append(f"{name}: ok ({detail}, {len(raw)} bytes{perms(path)})")

    for name in LOGS:
        path = root / name
        if not path.exists():
            lines.append(f"{name}: not created yet")
            continue
        records = store.read_log(name)
        found = [p for p in store.problems() if p.file.name == name]
        fatal = [p for p in found if not p.tolerated]
        if fatal:
            ok = False
            lines.append(
                f"{name}: PROBLEM - {len(records)} records readable, {len(fatal)} damaged "
                "line(s); read-only until fixed"
            )
        else:
            lines.append(f"{name}: ok ({len(records)} records{perms(path)})")
        for p in found[:10]:
            lines.append(f"  {'note' if p.tolerated else 'PROBLEM'}: {p}")
        if len(found) > 10:
            lines.append(f"  ... and {len(found) - 10} more")

    kept, leftovers, other = [], [], []
    known = {*DOCUMENTS, *LOGS, LOCK_NAME}
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
        size = (root / entry).stat().st_size
        what = "torn line from a crash" if ".torn-" in entry else "copy from before an upgrade"
        lines.append(f"Kept aside: {entry} ({size} bytes, {what}; delete it once checked)")
    for entry in leftovers:
        lines.append(f"Leftover from an interrupted save: {entry} (safe to delete)")
    for entry in other:
        lines.append(f"Other file (not Pacer's): {entry}")
    lock_line = _lock_state(root)
    with contextlib.suppress(OSError):
        if (root / LOCK_NAME).exists():
            lock_line += perms(root / LOCK_NAME).replace(", ", " (", 1) + ")"
    lines.append(lock_line)
    lines.append("Everything looks fine." if ok else "Problems found: see the lines marked PROBLEM")
    return ok, lines


def problem_lines(problems: list[Problem]) -> list[str]:
    """One line per problem, for printing after any CLI command (fatal ones first)."""
    ordered = sorted(problems, key=lambda p: p.tolerated)
    return [("note: " if p.tolerated else "error: ") + str(p) for p in ordered]
