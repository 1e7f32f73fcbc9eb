"""Reading sessions through the service: a session with a bad field is reported and skipped."""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

from pacer.services.sessions import Sessions
from pacer.store import Store

TZ = timezone(timedelta(hours=1))
NOW = datetime(2025, 3, 12, 15, 30, tzinfo=TZ)


def line(started: str, **extra: object) -> str:
    record = {
        "id": str(uuid.uuid4()),
        "schema": 1,
        "started": started,
        "ended": started,
        "pattern": "resonance",
        "rhythm": "4-0-6-0",
        "seconds": 60.0,
        "planned_seconds": 60.0,
        "completed": True,
        "source": "app",
        "logged": "2025-03-12T08:00:00+01:00",
    }
    record.update(extra)
    return json.dumps(record)


def seeded(tmp_path: Path, *lines: str) -> Sessions:
    root = tmp_path / "data"
    root.mkdir()
    (root / "sessions.jsonl").write_text("".join(f"{x}\n" for x in lines))
    return Sessions(Store(root))


def test_year_9999_is_reported_and_skipped(tmp_path: Path) -> None:
    sessions = seeded(
        tmp_path,
        line("2025-03-12T08:00:00+01:00"),
        line("9999-12-31T23:30:00+01:00"),
    )
    for listing in (sessions.since(NOW - timedelta(days=2)), sessions.all()):
        assert len(listing.items) == 1
        assert len(listing.problems) == 1
        problem = listing.problems[0]
        assert "sessions.jsonl" in problem and "started" in problem and "9999" in problem


def test_any_bad_field_is_reported(tmp_path: Path) -> None:
    sessions = seeded(
        tmp_path, line("2025-03-12T08:00:00+01:00", ended="2025-03-12T07:00:00+01:00")
    )
    listing = sessions.all()
    assert listing.items == []
    assert "ended" in listing.problems[0] and "before" in listing.problems[0]


def test_a_line_the_store_leaves_out_is_reported_too(tmp_path: Path) -> None:
    """A hand-edited id or a line that is not JSON is left out by the store itself; the
    listing must still say so, or History shows "No sessions yet" with no word why."""
    good = line("2025-03-12T08:00:00+01:00")
    bad_id = line("2025-03-12T09:00:00+01:00", id="s9")
    sessions = seeded(tmp_path, good, bad_id, "{not json")
    for listing in (sessions.since(NOW - timedelta(days=2)), sessions.all()):
        assert len(listing.items) == 1
        assert any("line 2" in p and "'id'" in p for p in listing.problems), listing.problems
        assert any("line 3" in p for p in listing.problems), listing.problems
        assert len(listing.problems) == 2
