"""How one appointment reads in a list: a long place is shortened visibly, never cut silently."""

from __future__ import annotations

from datetime import UTC, datetime

from pacer.widgets.appointment_rows import appointment_row

NOW = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
ITEM = {"kind": "scan", "when": "2026-12-09T10:15:00+00:00", "where": "Room 4 clinic and ward 2"}


def test_a_long_place_is_shortened_with_an_ellipsis() -> None:
    """Cut silently, "Room 4 clinic and ward 2" read as "...and ward": a wrong place."""
    row = appointment_row(ITEM, NOW).plain
    assert "Scan at Room 4 clinic and war… " in row


def test_a_short_place_is_shown_whole() -> None:
    row = appointment_row({**ITEM, "where": "Clinic"}, NOW).plain
    assert "Scan at Clinic " in row and "…" not in row
