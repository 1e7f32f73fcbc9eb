"""A journal entry keeps the appointment's moment as a date (``about_when``) and the Journal
shows it relative to the wall clock when it is shown, so "tomorrow" becomes "today" the next
day instead of staying "tomorrow" forever."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from textual.widgets import Static

from pacer.app import PacerApp
from pacer.clock import FakeClock
from pacer.screens.journal import EntryScreen, JournalScreen
from pacer.store import Store

ZONE = timezone(timedelta(hours=1))
ENTRY = {"kind": "reappraisal", "created": "2026-12-01T20:00:00+01:00",
         "situation": "My appointment: Scan, Wed 2 Dec, 09:30", "mode": "short",
         "about_when": "2026-12-02T09:30:00+01:00"}


async def shown_text(store: Store, now: datetime) -> str:
    app = PacerApp(store, clock=FakeClock(start=1000.0), wall_clock=lambda: now,
                   sound=False, reduced_motion=False, first_run_notes=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(JournalScreen())
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        view = app.screen
        assert isinstance(view, EntryScreen)
        return str(view.query_one("#entry-text", Static).render())


async def test_the_same_entry_reads_tomorrow_then_today(store: Store) -> None:
    store.append("journal.jsonl", dict(ENTRY))
    first = await shown_text(store, datetime(2026, 12, 1, 21, 0, tzinfo=ZONE))
    assert "Appointment: tomorrow 09:30" in first
    second = await shown_text(store, datetime(2026, 12, 2, 8, 0, tzinfo=ZONE))
    assert "Appointment: today 09:30" in second
    assert "tomorrow" not in second


async def test_a_routine_whose_appointment_is_gone_still_says_when(store: Store) -> None:
    store.append("journal.jsonl", {
        "kind": "routine", "created": "2026-12-01T20:00:00+01:00",
        "started": "2026-12-01T19:50:00+01:00", "appointment_id": "deleted",
        "steps_done": ["checkin"], "about_when": "2026-12-02T09:30:00+01:00"})
    text = await shown_text(store, datetime(2026, 12, 2, 8, 0, tzinfo=ZONE))
    assert "Appointment: today 09:30" in text
