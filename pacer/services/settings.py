"""Settings (settings.json): read with every field checked, changed one field at a time.

A field that does not fit (a volume of 150, a theme that is not a string) is reported and its
default is used for this run, but the file is never rewritten because of it: only a field the
person changes is written, so a custom pattern as the default, or a theme this version does not
list, stays exactly as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import msgspec

from pacer.domain.records import Rejected, Settings, check
from pacer.services.base import Record, SaveError
from pacer.store import InvalidRecord, Store, StoreError

DEFAULTS: Record = msgspec.to_builtins(Settings())


@cache
def _ranges() -> dict[str, tuple[float, float]]:
    """Each number setting's (lowest, highest), read from the Settings Struct itself, so the
    CLI, the TUI and the store share the one range written in :mod:`pacer.domain.records`."""
    import msgspec.inspect  # only when a range is asked for: not at launch

    found: dict[str, tuple[float, float]] = {}
    info = msgspec.inspect.type_info(Settings)
    assert isinstance(info, msgspec.inspect.StructType)
    for field_info in info.fields:
        kind = field_info.type
        if (
            isinstance(kind, msgspec.inspect.IntType | msgspec.inspect.FloatType)
            and kind.ge is not None
            and kind.le is not None
        ):
            found[field_info.name] = (kind.ge, kind.le)
    return found


def range_of(name: str) -> tuple[float, float] | None:
    """The (lowest, highest) a number setting may have, or None for other settings."""
    return _ranges().get(name)


def _number(value: float) -> str:
    return f"{value:g}"


@dataclass
class LoadedSettings:
    """Every setting with a usable value, and why any saved value was not used."""

    values: Record
    problems: list[str] = field(default_factory=list)


class SettingsService:
    def __init__(self, store: Store) -> None:
        self._store = store

    def load(self) -> LoadedSettings:
        """The settings to use now; never raises (a damaged file gives the defaults)."""
        try:
            saved = self._store.read_document("settings.json")
        except StoreError as error:
            return LoadedSettings(dict(DEFAULTS), [f"Settings could not be read: {error}"])
        values = dict(DEFAULTS)
        problems: list[str] = []
        for name, value in saved.items():
            if name not in DEFAULTS:
                continue
            result = check(Settings, {**DEFAULTS, name: value}, "settings.json")
            if isinstance(result, Rejected):
                problems.append(f"{result}; using {DEFAULTS[name]!r} for now")
            else:
                values[name] = value
        return LoadedSettings(values, problems)

    def check(self, changes: dict[str, Any]) -> str | None:
        """Why ``changes`` cannot be saved (one line naming field and value), or None."""
        unknown = [name for name in changes if name not in DEFAULTS]
        if unknown:
            return f"'{unknown[0]}' is not a setting"
        for name, value in changes.items():
            span = range_of(name)
            number = isinstance(value, int | float) and not isinstance(value, bool)
            if span is not None and number and not span[0] <= value <= span[1]:
                low, high = span
                return f"{name} {_number(value)} is outside {_number(low)} to {_number(high)}"
        result = check(Settings, {**DEFAULTS, **changes}, "settings.json")
        return str(result) if isinstance(result, Rejected) else None

    def change(self, changes: dict[str, Any]) -> None:
        """Write only ``changes`` onto settings.json as it is now; SaveError if not saved."""
        problem = self.check(changes)
        if problem is not None:
            raise SaveError(f"Not saved: {problem}")
        self._update(lambda doc: {**doc, **changes})

    def mark_seen(self, pattern_key: str) -> list[str]:
        """Record that a pattern's safety note was shown; return the whole list as saved.

        A list, so it is merged rather than replaced: two windows that each accept the note
        of a different pattern both keep theirs.
        """
        saved: list[list[str]] = []

        def add(doc: dict[str, Any]) -> None:
            seen = doc.get("seen_patterns")
            seen = [str(k) for k in seen] if isinstance(seen, list) else []
            if pattern_key not in seen:
                seen.append(pattern_key)
            doc["seen_patterns"] = seen
            saved.append(seen)

        self._update(add)
        return saved[-1]

    def _update(self, fn: Callable[[dict[str, Any]], Any]) -> None:
        try:
            self._store.update_document("settings.json", fn)
        except InvalidRecord as error:
            raise SaveError(str(error)) from None
        except StoreError as error:
            raise SaveError(f"Not saved: {error}") from None
