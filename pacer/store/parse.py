"""Parsing and validating the bytes of data files: no I/O beyond ``os.pread`` on a descriptor.

Shared by the Store (documents, logs, pending records) and the tools (import, doctor), so every
door applies the same rules. A file or line that cannot be used raises :class:`Bad`, carrying a
precisely located :class:`~pacer.store.Problem`.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import msgspec

from pacer.store.errors import (
    EMPTY,
    NEWER,
    NUL,
    SCHEMA,
    TORN_TAIL,
    UNSUPPORTED,
    InvalidRecord,
    Problem,
)
from pacer.store.jsonio import (
    BOM,
    JsonFault,
    count_keys,
    decode_strict,
    decode_text,
    fast_line,
    format_path,
    has_no_duplicates,
    locate,
    normalise,
    split_validation_error,
)
from pacer.store.migrations import MigrationError, migrate
from pacer.store.schema import DocSpec, LogSpec, validate, validate_many

LOGGED = "logged"
CHUNK = 64 * 1024
BLANK = b" \t\r"


class Bad(Exception):
    """Carries the Problem that makes a file (or line) unusable."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def strerror(e: OSError) -> str:
    """The system's words for an error, never empty."""
    return e.strerror or str(e) or type(e).__name__


def aware(moment: datetime | date) -> datetime:
    """Naive datetimes and dates are local time (what a person means by "since Monday")."""
    if not isinstance(moment, datetime):
        moment = datetime.combine(moment, time())
    if moment.tzinfo is None or moment.utcoffset() is None:
        return moment.astimezone()
    return moment


def now() -> datetime:
    return datetime.now().astimezone().replace(microsecond=0)


# --- documents --------------------------------------------------------------------------------


def parse_document(spec: DocSpec, path: Path, raw: bytes) -> tuple[dict[str, Any], int]:
    """Validate the bytes of a document; return it (migrated in memory) and its file version.

    Raises ``Bad`` with a precisely located Problem for anything that is not a valid
    document this version of Pacer understands.
    """

    def bad(kind: str, msg: str, line: int | None = None, field: str | None = None) -> Bad:
        return Bad(Problem(path, line, field, kind, msg))

    body = raw[len(BOM) :] if raw.startswith(BOM) else raw
    if b"\x00" in body and not body.strip(b"\x00 \t\r\n"):
        raise bad(NUL, f"the file is {len(raw)} NUL bytes, probably left by a crash or power cut")
    if not body.strip():
        if not raw:
            raise bad(EMPTY, "the file is empty (0 bytes), probably cut short by a crash")
        raise bad(EMPTY, "the file contains only blank space")
    try:
        text = decode_text(raw)
        doc = decode_strict(text)
    except JsonFault as f:
        raise bad(f.kind, f.message, f.line, f.field) from None
    if not isinstance(doc, dict):
        raise bad(SCHEMA, "expected a JSON object ({ ... }) at the top level", 1)
    version = doc.get("schema", 0)
    if type(version) is not int or version < 0:
        raise bad(SCHEMA, "expected a whole number >= 0", locate(text, ("schema",)), "schema")
    if version > spec.version:
        raise bad(
            NEWER,
            f"written by a newer Pacer (schema {version}; this version reads up to "
            f"{spec.version}); update Pacer to use it",
            locate(text, ("schema",)),
        )
    if version < spec.version:
        try:
            doc = migrate(spec.name, doc, version, spec.version)
        except MigrationError as e:
            raise bad(UNSUPPORTED, str(e)) from None
    try:
        validate(spec.struct, doc)
    except msgspec.ValidationError as e:
        field_path, msg = split_validation_error(e)
        line = None
        if version == spec.version:  # after a migration, paths may not exist in the text
            for depth in range(len(field_path), -1, -1):
                line = locate(text, field_path[:depth])
                if line is not None:
                    break
        raise bad(SCHEMA, msg, line, format_path(field_path) or None) from None
    if spec.list_key is not None:
        seen: set[str] = set()
        for i, rec in enumerate(doc.get(spec.list_key, [])):
            if rec["id"] in seen:
                where = (spec.list_key, i, "id")
                raise bad(
                    SCHEMA,
                    f"id {rec['id']!r} is used by two records",
                    locate(text, where) if version == spec.version else None,
                    format_path(where),
                )
            seen.add(rec["id"])
    return doc, version


def check_document(spec: DocSpec, doc: Any) -> dict[str, Any]:
    """A document about to be saved: normalised, ``schema`` set, validated, unique ids.

    Raises :class:`InvalidRecord` with one line naming the field.
    """
    if not isinstance(doc, dict):
        raise InvalidRecord(f"Not saved: {spec.name} must be a JSON object")
    try:
        doc = normalise(doc)
    except (TypeError, ValueError) as e:
        raise InvalidRecord(f"Not saved: {spec.name}: {e}") from None
    doc["schema"] = spec.version
    try:
        validate(spec.struct, doc)
    except msgspec.ValidationError as e:
        field_path, msg = split_validation_error(e)
        raise InvalidRecord(
            f"Not saved: {spec.name}: field '{format_path(field_path)}': {msg}"
        ) from None
    if spec.list_key is not None:
        ids = [r["id"] for r in doc.get(spec.list_key, [])]
        if len(set(ids)) != len(ids):
            dup = next(i for i in ids if ids.count(i) > 1)
            raise InvalidRecord(f"Not saved: {spec.name}: id {dup!r} is used twice")
    checked: dict[str, Any] = doc
    return checked


# --- log records ------------------------------------------------------------------------------


def record_from_line(
    spec: LogSpec, path: Path, raw: bytes, line_no: int
) -> tuple[dict[str, Any], Any]:
    """One log line -> (record dict migrated to the current schema, validated Struct)."""

    def bad(kind: str, msg: str, line: int | None = None, field: str | None = None) -> Bad:
        return Bad(Problem(path, line, field, kind, msg))

    line = raw.strip(BLANK)
    if b"\x00" in line and not line.strip(b"\x00"):
        raise bad(NUL, f"the line is {len(line)} NUL bytes, probably left by a crash", line_no)
    try:
        obj = fast_line(line, line_no)
    except JsonFault as f:
        raise bad(f.kind, f.message, line_no, f.field) from None
    if not isinstance(obj, dict):
        raise bad(SCHEMA, "expected a JSON object ({ ... })", line_no)
    version = obj.get("schema", 0)
    if type(version) is not int or version < 0:
        raise bad(SCHEMA, "expected a whole number >= 0", line_no, "schema")
    if version > spec.version:
        raise bad(
            NEWER,
            f"written by a newer Pacer (schema {version}; this version reads up to "
            f"{spec.version}); update Pacer to use it",
            line_no,
        )
    if version < spec.version:
        try:
            obj = migrate(spec.name, obj, version, spec.version)
        except MigrationError as e:
            raise bad(UNSUPPORTED, str(e), line_no) from None
    try:
        struct = validate(spec.struct, obj)
    except msgspec.ValidationError as e:
        field_path, msg = split_validation_error(e)
        raise bad(SCHEMA, msg, line_no, format_path(field_path) or None) from None
    return obj, struct


@dataclass
class LogRead:
    """Result of parsing a whole log: good records, problems, and the torn tail if any."""

    records: list[dict[str, Any]]
    problems: list[Problem]
    torn_offset: int | None = None  # byte offset where an unusable unterminated tail starts


def fast_body(spec: LogSpec, body: bytes) -> list[dict[str, Any]] | None:
    """Decode and validate every line in two C calls, or return None to take the slow path.

    Returns None (never a wrong answer) whenever anything is unusual: blank lines, a bad line,
    a line holding two objects, keys that cannot be proven unique, old or new schemas.
    """
    stripped = body.strip()
    if not stripped:
        return []
    try:
        items = msgspec.json.decode(b"[" + stripped.replace(b"\n", b",") + b"]")
    except msgspec.DecodeError:
        return None
    if len(items) != stripped.count(b"\n") + 1:
        return None
    try:
        validate_many(spec.struct, items)  # also proves every item is an object
    except msgspec.ValidationError:
        return None
    if not has_no_duplicates(stripped, sum(map(len, items))) and not has_no_duplicates(
        stripped, sum(map(count_keys, items))
    ):
        return None
    records: list[dict[str, Any]] = items
    return records


def parse_log(spec: LogSpec, path: Path, raw: bytes) -> LogRead:
    """Parse a whole log. Bad lines become Problems; a torn last line is reported as tolerated.

    An unterminated last line that is a complete valid record (an editor that dropped the final
    newline) is kept as a record, not treated as torn.
    """
    start = len(BOM) if raw.startswith(BOM) else 0
    cut = raw.rfind(b"\n") + 1
    body, tail = raw[start:cut] if cut > start else b"", raw[max(cut, start) :]
    records = fast_body(spec, body)
    problems: list[Problem] = []
    if records is None:
        records = []
        for i, line in enumerate(body.split(b"\n")[:-1]):
            if not line.strip(BLANK):
                continue
            try:
                records.append(record_from_line(spec, path, line, i + 1)[0])
            except Bad as b:
                problems.append(b.problem)
    result = LogRead(records, problems)
    if tail.strip(BLANK):
        line_no = body.count(b"\n") + 1
        try:
            records.append(record_from_line(spec, path, tail, line_no)[0])
        except Bad:
            result.torn_offset = max(cut, start)
            problems.append(
                Problem(
                    path,
                    line_no,
                    None,
                    TORN_TAIL,
                    f"unfinished last line ({len(tail)} bytes, probably from a crash) is "
                    f"ignored; it will be kept aside as {path.name}.torn-... on the next save",
                )
            )
    return result


def times_in_order(spec: LogSpec, struct: Any) -> str | None:
    """The one cross-field rule of a log record: it cannot end before it started."""
    ended = getattr(struct, "ended", None)
    if ended is not None and ended < getattr(struct, spec.time_field):
        return f"'ended' is before '{spec.time_field}'"
    return None


def prepare_record(
    spec: LogSpec, record: Any, *, keep_logged: bool
) -> tuple[dict[str, Any], Any]:
    """A record about to be appended: copied, id/schema/created filled in, validated.

    Returns (record, validated Struct). Raises :class:`InvalidRecord` with one line.
    """
    if not isinstance(record, dict):
        raise InvalidRecord(f"Not saved: a {spec.name} record must be a JSON object")
    try:
        rec = normalise(record)
    except (TypeError, ValueError) as e:
        raise InvalidRecord(f"Not saved: {spec.name}: {e}") from None
    if not keep_logged:
        rec.pop(LOGGED, None)
    given = rec.pop("schema", spec.version)
    if given != spec.version:
        raise InvalidRecord(
            f"Not saved: {spec.name}: record has schema {given!r}, expected {spec.version}"
        )
    rec = {"id": rec.pop("id", None) or str(uuid.uuid4()), "schema": spec.version, **rec}
    if spec.time_field == "created" and "created" not in rec:
        rec["created"] = now().isoformat()
    try:
        struct = validate(spec.struct, rec)
    except msgspec.ValidationError as e:
        field_path, msg = split_validation_error(e)
        raise InvalidRecord(
            f"Not saved: {spec.name}: field '{format_path(field_path)}': {msg}"
        ) from None
    order = times_in_order(spec, struct)
    if order is not None:
        raise InvalidRecord(f"Not saved: {spec.name}: {order}")
    return rec, struct


# --- reading a log backwards ------------------------------------------------------------------


def scan_back(fd: int, size: int, chunk: int = CHUNK) -> Iterator[tuple[bytes, int, bool]]:
    """Yield ``(line, start offset, terminated)`` from the last line of a file to the first.

    Reads ``chunk`` bytes at a time from the end, so finding the recent records of a ten-year
    log costs a few kilobytes. ``terminated`` is False only for a last line with no newline.
    """
    pos = size
    buf = b""
    while pos > 0:
        n = min(chunk, pos)
        pos -= n
        buf = os.pread(fd, n, pos) + buf
        parts = buf.split(b"\n")
        end = pos + len(buf)
        for part in reversed(parts[1:]):
            begin = end - len(part)
            if part or end != size:
                yield part, begin, end < size
            end = begin - 1
        buf = parts[0]
    if buf:
        yield buf, 0, len(buf) < size


def line_number(fd: int, offset: int) -> int:
    """1-based line of a byte offset (error paths only: it reads the file up to there)."""
    count, pos = 0, 0
    while pos < offset:
        block = os.pread(fd, min(1 << 20, offset - pos), pos)
        if not block:
            break
        count += block.count(b"\n")
        pos += len(block)
    return count + 1


