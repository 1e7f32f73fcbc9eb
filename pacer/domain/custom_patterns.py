"""Custom patterns: a person's own named rhythms, kept in patterns.json beside the built-ins.

Pure functions over the document's records (``{"id", "name", "rhythm"}``), so the settings
screen and ``pacer breathe --pattern NAME`` share one set of rules, with no Textual and no file
access here. The id is a slug of the name ("Evening calm" -> "evening-calm"); it is what people
type after ``--pattern`` and what the session log records.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from pacer.domain.pace_finder import SOURCES, YOUR_PACE_ID, YOUR_PACE_WORDS
from pacer.domain.patterns import BUILTIN, Pattern, PatternError, parse_rhythm

MAX_NAME = 40


def slug(name: str) -> str:
    """A name as a key people can type: lower case, words joined by "-"."""
    return re.sub(r"[^a-z0-9]+", "-", name.strip().lower()).strip("-")


def pattern_from_record(record: Mapping[str, Any]) -> Pattern:
    """One record as a Pattern; raises PatternError naming what is wrong with it."""
    key = str(record.get("id") or "").strip()
    name = str(record.get("name") or key).strip()
    if not key:
        raise PatternError("a custom pattern has no id")
    parsed = parse_rhythm(str(record.get("rhythm") or ""))
    if key == YOUR_PACE_ID:  # kept by "Find your pace": it says what it is, and why
        return Pattern(key, name, parsed.phases, YOUR_PACE_WORDS, parsed.safety, SOURCES)
    return Pattern(
        key,
        name,
        parsed.phases,
        f"Your own pattern: {parsed.rhythm}.",
        parsed.safety,
        "custom",
    )


def patterns_from_records(records: Iterable[Mapping[str, Any]]) -> dict[str, Pattern]:
    """Every usable custom pattern by id. A damaged or hand-edited record is skipped, not fatal,
    and a record cannot shadow a built-in pattern."""
    found: dict[str, Pattern] = {}
    for record in records:
        try:
            pattern = pattern_from_record(record)
        except PatternError:
            continue
        if pattern.key not in BUILTIN:
            found[pattern.key] = pattern
    return found


def check_name(name: str, taken: Iterable[str], own_id: str | None = None) -> str:
    """The id for `name`, or PatternError in plain words when it cannot be used.

    `taken` is the ids already in use; `own_id` is the pattern being edited (it may keep its
    own name).
    """
    text = name.strip()
    if not text:
        raise PatternError("Give your pattern a name, for example Evening calm")
    if len(text) > MAX_NAME:
        raise PatternError(f"That name is {len(text)} characters; please keep it to {MAX_NAME}")
    key = slug(text)
    if not key or not any(ch.isalpha() for ch in key):
        raise PatternError(f"'{text}' needs at least one letter, for example Evening calm")
    if key in BUILTIN:
        raise PatternError(f"'{text}' is the name of a built-in pattern; choose another name")
    if key != own_id and key in set(taken):
        raise PatternError(f"You already have a pattern called '{text}'")
    return key


def make_record(
    name: str, rhythm: str, taken: Iterable[str], own_id: str | None = None
) -> dict[str, Any]:
    """A checked record for patterns.json; raises PatternError naming the bad name or rhythm."""
    key = check_name(name, taken, own_id)
    parsed = parse_rhythm(rhythm)
    return {"id": key, "name": name.strip(), "rhythm": parsed.rhythm}


def upsert(
    records: list[dict[str, Any]], record: dict[str, Any], old_id: str | None = None
) -> list[dict[str, Any]]:
    """Records with `record` added, or replacing `old_id` in place (a rename keeps its spot)."""
    replace = old_id or record["id"]
    out = [r for r in records if r.get("id") != replace]
    positions = [i for i, r in enumerate(records) if r.get("id") == replace]
    out.insert(positions[0] if positions else len(out), record)
    return out


def remove(records: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    """Records without the pattern `key` (removing a missing one is not an error)."""
    return [r for r in records if r.get("id") != key]
