"""Keep the pace a sweep found as "Your pace": a custom pattern, and if asked the default.

Why one function for the TUI and the plain mode: both must save the same record the same way
(patterns.json ``{"id": "your-pace", "name": "Your pace", "rhythm": "4.4-0-6.5-0"}``, then
``default_pattern``), and both must refuse, in one line, to write over a "your-pace" record
that cannot be read (a hand-edited rhythm): data that cannot be read is never overwritten.
Synchronous and it may fsync: screens call it off the event loop.
"""

from __future__ import annotations

from dataclasses import dataclass

from pacer.domain.pace_finder import YOUR_PACE_ID, YOUR_PACE_NAME, PaceStep
from pacer.services import Services
from pacer.services.base import Record, SaveError


@dataclass(frozen=True)
class KeptPace:
    """What was saved: the pattern record, the rhythm it replaced (if any), and the default."""

    record: Record
    replaced: str | None
    default: bool


def earlier_pace(services: Services) -> str | None:
    """The rhythm of the "Your pace" pattern kept earlier, or None."""
    record = services.patterns.get(YOUR_PACE_ID)
    return str(record["rhythm"]) if record is not None else None


def keep_your_pace(services: Services, step: PaceStep, *, as_default: bool) -> KeptPace:
    """Save ``step`` as the "Your pace" pattern (replacing an earlier one), and with
    ``as_default`` make it the default pattern. Raises SaveError (one line) if not saved."""
    patterns = services.patterns
    listing = patterns.listing()
    if listing.error:
        raise SaveError(f"Not saved: {listing.error}")
    base = listing.by_id().get(YOUR_PACE_ID)
    if base is None and _unreadable_pace_on_disk(services):
        raise SaveError(
            "Not saved: your earlier 'your-pace' pattern in patterns.json could not be read "
            "(pacer doctor shows why), so it was left as it is"
        )
    mine = {"id": YOUR_PACE_ID, "name": YOUR_PACE_NAME, "rhythm": step.rhythm}
    record = patterns.save_pattern(mine, base)
    if as_default:
        services.settings.change({"default_pattern": YOUR_PACE_ID})
    replaced = str(base["rhythm"]) if base is not None and base["rhythm"] != step.rhythm else None
    return KeptPace(record, replaced, as_default)


def _unreadable_pace_on_disk(services: Services) -> bool:
    """Is there a record with the id "your-pace" that the listing left out?"""
    raw = services.patterns._raw_records()  # the service's own package: the raw list on disk
    if not isinstance(raw, list):
        return False
    return any(isinstance(r, dict) and r.get("id") == YOUR_PACE_ID for r in raw)
