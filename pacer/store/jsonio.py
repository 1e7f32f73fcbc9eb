"""Strict JSON for hand-editable files: what we accept, what we refuse, and where it went wrong.

People are invited to edit their data in a text editor, so reading is forgiving about what
editors do (a UTF-8 byte-order mark, CRLF line ends) and strict about what silently corrupts
data: duplicate keys (plain JSON parsers keep the last one and drop the other without a word)
and ``NaN``/``Infinity`` (not JSON; Python's parser accepts them by default).

Two decoders live here:

* :func:`decode_strict` (stdlib :mod:`json` with hooks) for documents and for the rare log line
  that fails the fast screen. It is the reference for what is valid.
* :func:`fast_line` for log lines: :mod:`msgspec` decodes, then a cheap count proves there is no
  duplicate key; only lines where the count cannot prove it go through the strict decoder. This
  keeps reading 40,000 sessions fast without weakening the rules.

When something is wrong, :func:`locate` walks the text once more to find the line of a field,
a duplicate key or a NaN, so the message can say ``settings.json line 3: field 'volume'``.
"""

from __future__ import annotations

import contextlib
import json
import re
from datetime import datetime
from typing import Any
from uuid import UUID

import msgspec

BOM = b"\xef\xbb\xbf"

_JSON_DECODE = msgspec.json.decode


class JsonFault(Exception):
    """A decoding failure with a kind (see :mod:`pacer.store.errors`) and a 1-based position."""

    def __init__(
        self, kind: str, message: str, line: int | None = None, field: str | None = None
    ) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.line = line
        self.field = field


class _DuplicateKey(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


class _NotANumber(Exception):
    def __init__(self, token: str) -> None:
        super().__init__(token)
        self.token = token


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return out


def _no_constants(token: str) -> Any:
    raise _NotANumber(token)


def _line_of(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def decode_text(raw: bytes) -> str:
    """Bytes to text: drop a UTF-8 BOM, refuse other encodings with the line of the bad byte."""
    if raw.startswith(BOM):
        raw = raw[len(BOM) :]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw.count(b"\n", 0, e.start) + 1
        raise JsonFault(
            "encoding", f"not UTF-8 text (byte {e.start + 1} cannot be decoded)", line
        ) from None


def decode_strict(text: str, *, line_offset: int = 0) -> Any:
    """Parse ``text`` as strict JSON or raise :class:`JsonFault` with kind and line.

    ``line_offset`` shifts reported lines, for a log line that is line N of its file.
    """
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constants)
    except json.JSONDecodeError as e:
        raise JsonFault(
            "invalid-json",
            f"invalid JSON: {e.msg} (column {e.colno})",
            e.lineno + line_offset,
        ) from None
    except _DuplicateKey as e:
        where = _find(text, dup_key=e.key)
        raise JsonFault(
            "duplicate-key",
            "the same key appears twice in one object; keep only one",
            None if where is None else where[0] + line_offset,
            where[1] if where else e.key,
        ) from None
    except _NotANumber as e:
        where = _find(text, constant=True)
        raise JsonFault(
            "nan",
            f"{e.token} is not a valid value (not a number)",
            None if where is None else where[0] + line_offset,
            where[1] if where else None,
        ) from None
    except RecursionError:
        raise JsonFault("invalid-json", "invalid JSON: nested too deeply", None) from None


# --- a tiny position-aware walker, used only to locate errors --------------------------------

_WS = re.compile(r"[ \t\r\n]*")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_BARE = re.compile(r"[^\s,\]\}:]+")
_CONSTANTS = frozenset({"NaN", "Infinity", "-Infinity"})


def format_path(path: tuple[str | int, ...]) -> str:
    """``("goals", 2, "title")`` -> ``goals[2].title`` (how the field is named to the user)."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


def _find(
    text: str,
    *,
    path: tuple[str | int, ...] | None = None,
    dup_key: str | None = None,
    constant: bool = False,
) -> tuple[int, str] | None:
    """Return ``(line, dotted path)`` of a value path, the first duplicate key, or NaN.

    Defensive: on text it cannot walk it returns None and the message simply has no line.
    """
    found: list[tuple[int, str]] = []

    def value(i: int, here: tuple[str | int, ...]) -> int:
        i = _WS.match(text, i).end()  # type: ignore[union-attr]
        if path is not None and here == path and not found:
            found.append((_line_of(text, i), format_path(here)))
        c = text[i]
        if c == "{":
            i = _WS.match(text, i + 1).end()  # type: ignore[union-attr]
            if text[i] == "}":
                return i + 1
            seen: set[str] = set()
            while True:
                i = _WS.match(text, i).end()  # type: ignore[union-attr]
                m = _STRING.match(text, i)
                if m is None:
                    raise ValueError
                key = json.loads(m.group())
                if dup_key is not None and key == dup_key and key in seen and not found:
                    found.append((_line_of(text, i), format_path((*here, key))))
                seen.add(key)
                i = _WS.match(text, m.end()).end()  # type: ignore[union-attr]
                if text[i] != ":":
                    raise ValueError
                i = _WS.match(text, value(i + 1, (*here, key))).end()  # type: ignore[union-attr]
                if text[i] == ",":
                    i += 1
                    continue
                return i + 1
        if c == "[":
            i = _WS.match(text, i + 1).end()  # type: ignore[union-attr]
            if text[i] == "]":
                return i + 1
            index = 0
            while True:
                i = _WS.match(text, value(i, (*here, index))).end()  # type: ignore[union-attr]
                index += 1
                if text[i] == ",":
                    i += 1
                    continue
                return i + 1
        if c == '"':
            m = _STRING.match(text, i)
            if m is None:
                raise ValueError
            return m.end()
        m = _BARE.match(text, i)
        if m is None:
            raise ValueError
        if constant and m.group() in _CONSTANTS and not found:
            found.append((_line_of(text, i), format_path(here)))
        return m.end()

    with contextlib.suppress(ValueError, IndexError, RecursionError):
        value(0, ())
    return found[0] if found else None


def locate(text: str, path: tuple[str | int, ...]) -> int | None:
    """1-based line where the value at ``path`` starts in ``text`` (None if not found)."""
    where = _find(text, path=path)
    return where[0] if where else None


# --- msgspec validation errors -> (field path, readable message) -----------------------------

_AT = re.compile(r"^(?P<msg>.*?)(?: - at `\$(?P<path>[^`]*)`)?$", re.S)
_PATH_PART = re.compile(r"\.([^.\[]+)|\[(\d+)\]")
_MISSING = re.compile(r"^Object missing required field `(?P<field>[^`]+)`$")


def split_validation_error(err: Exception) -> tuple[tuple[str | int, ...], str]:
    """Turn msgspec's "Expected `int`, got `str` - at `$.volume`" into a path and a message.

    The message is lower-cased and stripped of backticks: ``expected int, got str``.
    """
    m = _AT.match(str(err))
    assert m is not None  # the pattern matches any string
    raw_msg, raw_path = m.group("msg"), m.group("path") or ""
    path: tuple[str | int, ...] = tuple(
        p.group(1) if p.group(1) is not None else int(p.group(2))
        for p in _PATH_PART.finditer(raw_path)
    )
    missing = _MISSING.match(raw_msg)
    if missing:
        return (*path, missing.group("field")), "required field is missing"
    msg = raw_msg.replace("`", "")
    return path, msg[:1].lower() + msg[1:]


# --- fast path for one log line ---------------------------------------------------------------

_SPACED_COLON = re.compile(rb'"[ \t\r]+:')


def count_keys(obj: Any) -> int:
    """Total number of object keys in a decoded JSON value, at every depth."""
    if isinstance(obj, dict):
        return len(obj) + sum(count_keys(v) for v in obj.values() if isinstance(v, dict | list))
    if isinstance(obj, list):
        return sum(count_keys(v) for v in obj if isinstance(v, dict | list))
    return 0


def has_no_duplicates(raw: bytes, decoded_keys: int) -> bool:
    """Cheap proof that a JSON text had no duplicate keys.

    Every key in the text is a string followed (possibly after spaces) by a colon, so the
    number of ``":`` sequences is at least the number of keys written. If no key is written with
    a space before its colon and that count equals the number of keys that survived decoding,
    no key was lost, hence none was duplicated. When it cannot prove it (a colon after a quote
    inside a string, spaced colons) it returns False and the caller uses the strict decoder.
    """
    if _SPACED_COLON.search(raw):
        return False
    return raw.count(b'":') == decoded_keys


def fast_line(raw: bytes, line_no: int) -> Any:
    """Decode one log line quickly, with the same verdicts as :func:`decode_strict`."""
    try:
        obj = _JSON_DECODE(raw)
    except msgspec.DecodeError:
        return decode_strict(decode_text(raw), line_offset=line_no - 1)
    if not has_no_duplicates(raw, count_keys(obj)):
        return decode_strict(decode_text(raw), line_offset=line_no - 1)
    return obj


# --- encoding ---------------------------------------------------------------------------------


def _default(value: Any) -> Any:
    """Let callers pass aware datetimes and UUIDs; everything else must already be JSON."""
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("timestamps must carry a UTC offset (got a naive datetime)")
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    raise TypeError(f"{type(value).__name__} values cannot be stored")


def encode_document(doc: dict[str, Any]) -> bytes:
    """Pretty, diff-friendly, UTF-8 (not \\u escapes, so hand edits stay readable)."""
    return (
        json.dumps(doc, ensure_ascii=False, indent=2, allow_nan=False, default=_default) + "\n"
    ).encode("utf-8")


def encode_line(record: dict[str, Any]) -> bytes:
    """One compact line, without the newline. Refuses NaN instead of writing it."""
    return json.dumps(
        record, ensure_ascii=False, separators=(",", ":"), allow_nan=False, default=_default
    ).encode("utf-8")


def normalise(value: Any) -> Any:
    """Round-trip through JSON: datetimes/UUIDs become strings, tuples lists, copies are deep."""
    return json.loads(json.dumps(value, ensure_ascii=False, allow_nan=False, default=_default))
