"""Schema migrations: one small function per step, applied in order.

A migration step ``(file name, N)`` turns a version-N document (or log record) into version N+1.
Steps are chained, so a file several versions old goes 0 -> 1 -> 2 ... and each step only has to
know about its neighbour. Steps must be pure: they get a private copy and return the new value.

Documents: the store migrates on read and rewrites the file under the lock, after keeping the
original bytes as ``<name>.v<old>.bak`` (never overwritten: a second migration from the same
version gets a timestamped name).

Logs: records are migrated in memory when read. The log file itself is never rewritten for a
migration; the original lines stay as they are, which is its own "copy of the original".

A file with no ``"schema"`` key is taken as version 0 (what early builds wrote).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Migration = Callable[[dict[str, Any]], dict[str, Any]]

#: (file name, from_version) -> step producing from_version + 1.
MIGRATIONS: dict[tuple[str, int], Migration] = {}


class MigrationError(Exception):
    """No path from an old version, or a step failed; the message says which."""


def migration(name: str, from_version: int) -> Callable[[Migration], Migration]:
    """Decorator registering a step. Registering the same step twice is a bug."""

    def register(fn: Migration) -> Migration:
        key = (name, from_version)
        if key in MIGRATIONS:
            raise ValueError(f"duplicate migration for {name} from schema {from_version}")
        MIGRATIONS[key] = fn
        return fn

    return register


def migrate(
    name: str, value: dict[str, Any], from_version: int, to_version: int
) -> dict[str, Any]:
    """Apply every step from ``from_version`` to ``to_version``; the result has the new version.

    Raises :class:`MigrationError` naming the missing step or the step that failed, so the
    file can be reported instead of being misread.
    """
    current = dict(value)
    for version in range(from_version, to_version):
        step = MIGRATIONS.get((name, version))
        if step is None:
            raise MigrationError(
                f"schema {from_version} is too old for this Pacer (no upgrade from {version})"
            )
        try:
            current = step(dict(current))
        except (KeyError, TypeError, ValueError) as e:
            raise MigrationError(
                f"could not upgrade from schema {version}: {type(e).__name__}: {e}"
            ) from None
        current["schema"] = version + 1
    return current


# --- the steps --------------------------------------------------------------------------------


@migration("settings.json", 0)
def _settings_0_to_1(old: dict[str, Any]) -> dict[str, Any]:
    """Early builds wrote settings without a schema and with shorter names.

    ``pattern``/``minutes``/``weekly_goal`` were renamed; ``animations`` (on by default) became
    ``reduced_motion`` (its opposite) and ``mute`` became ``sound``. Unknown keys are kept.
    """
    renames = {
        "pattern": "default_pattern",
        "minutes": "default_minutes",
        "weekly_goal": "weekly_target_minutes",
    }
    new: dict[str, Any] = {}
    for key, value in old.items():
        if key == "animations":
            new["reduced_motion"] = not value
        elif key == "mute":
            new["sound"] = not value
        else:
            new[renames.get(key, key)] = value
    return new
