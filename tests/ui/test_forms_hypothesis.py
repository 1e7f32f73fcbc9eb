"""Any JSON value in any one field of an appointment, a journal entry (reappraisal, routine) or
a draft, written to its file by hand: the appointments list, the journal, the calm routine's
first step (and the forms that find the drafts) open without raising."""

from __future__ import annotations

import asyncio
import json
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual.widgets import Input

from pacer.app import PacerApp
from pacer.clock import FakeClock
from pacer.screens.appointments import AppointmentFormScreen, AppointmentsScreen
from pacer.screens.calm import CalmScreen, open_calm
from pacer.screens.journal import JournalScreen, entry_text
from pacer.screens.reappraise import DraftChoiceScreen, open_reappraisal
from pacer.store import Store
from pacer.widgets import nuts_form
from pacer.widgets.appointment_rows import appointment_details, appointment_row
from tests.ui.conftest import WALL_NOW

SIZE = (80, 24)
LOGGED = "2025-03-12T15:00:00+01:00"

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
    | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=8,
)

APPOINTMENT: dict[str, Any] = {
    "id": "scan", "kind": "scan", "when": "2025-03-14T09:30:00+01:00", "where": "Clinic",
    "notes": "Fasting", "questions": ["When will I hear?"], "created": LOGGED,
    "updated": LOGGED,
}
REAPPRAISAL: dict[str, Any] = {
    "id": "11111111-1111-4111-8111-111111111111", "kind": "reappraisal", "created": LOGGED,
    "started": LOGGED, "mode": "full", "path": "full", "complete": True,
    "situation": "The scan", "stress_before": 7, "stress_after": 4, "sprint": False,
    "action": None, "contact": None, "nuts": {"novel": True},
    "answers": {"novel": [{"prompt": "What is new?", "answer": "The machine"}]},
    "balanced": "I can ask", "next_step": "Call", "appointment_id": "scan", "routine": None,
}
ROUTINE: dict[str, Any] = {
    "id": "22222222-2222-4222-8222-222222222222", "kind": "routine", "created": LOGGED,
    "started": LOGGED, "appointment_id": "scan", "checkin": 7, "checkout": 4,
    "session_id": None, "journal_id": None, "pattern": "extended-exhale", "minutes": 3,
    "questions_added": ["Why?"], "steps_done": ["checkin"], "steps_skipped": ["breathe"],
    "finished": True, "left_at": None,
}
DRAFTS: dict[str, dict[str, Any]] = {
    "reappraisal": {"id": "33333333-3333-4333-8333-333333333333", "kind": "reappraisal",
                    "mode": "full", "step": "situation", "updated": LOGGED, "started": LOGGED,
                    "answers": {"situation": "Half", "nuts": ["novel"]}, "context": {}},
    "appointment": {"id": "d-appt", "kind": "appointment", "target": None, "updated": LOGGED,
                    "fields": {"where": "Room 4", "when": "2025-04-01 9:00"}},
    "routine": {"id": "44444444-4444-4444-8444-444444444444", "kind": "routine",
                "target": None, "step": "checkin", "updated": LOGGED, "started": LOGGED,
                "fields": {"f-rating": "6"},
                "context": {"appointment_id": "scan", "checkin": 7, "done": ["appointment"],
                            "skipped": [], "questions_added": []}},
}


def with_field(record: dict[str, Any], field: str, value: Any) -> dict[str, Any]:
    return {**record, field: value}


def write(root: Path, appointments: list[Any], journal: list[Any], drafts: list[Any]) -> None:
    root.mkdir(parents=True, exist_ok=True)
    (root / "appointments.json").write_text(
        json.dumps({"schema": 1, "appointments": appointments}))
    (root / "drafts.json").write_text(json.dumps({"schema": 1, "drafts": drafts}))
    lines = [json.dumps({"schema": 1, "logged": LOGGED, **e}) for e in journal]
    (root / "journal.jsonl").write_text("".join(f"{line}\n" for line in lines))


async def open_everything(root: Path, *, forms: bool) -> None:
    """Each screen that reads these files, one after the other; any exception fails.

    Screens are pushed and awaited (mounted) directly rather than by keys, with few pauses:
    a hundred apps are started, and each pause costs a little.
    """
    nuts_form.CURSOR_BLINK = False
    app = PacerApp(Store(root), clock=FakeClock(start=1000.0), wall_clock=lambda: WALL_NOW,
                   sound=False, first_run_notes=False)
    async with app.run_test(size=SIZE) as pilot:
        listing = AppointmentsScreen()
        await app.push_screen(listing)
        for item in listing.items:  # what the list shows for each one highlighted
            assert appointment_details(item) and appointment_row(item, WALL_NOW)
        if forms:
            await app.push_screen(AppointmentFormScreen(None))  # finds its draft
            for item in listing.items[:1]:
                await app.push_screen(AppointmentFormScreen(item))
            open_calm(app)  # the routine's draft, if any, is offered first
            await pilot.pause()
        draft = app.services.drafts.find("routine", None)
        await app.push_screen(CalmScreen(resume=draft) if draft else CalmScreen())
        for field in app.screen.query(Input):
            assert isinstance(field.value, str)
        journal = JournalScreen()
        await app.push_screen(journal)
        for entry in journal.shown:
            assert entry_text(entry, journal.appointments, WALL_NOW)
        if forms:
            open_reappraisal(app)
            await pilot.pause()
            if isinstance(app.screen, DraftChoiceScreen):
                await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert app.return_code in (None, 0)


def run(appointments: list[Any], journal: list[Any], drafts: list[Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "pacer-data"
        write(root, appointments, journal, drafts)
        asyncio.run(open_everything(root, forms=bool(drafts)))


SETTINGS = settings(max_examples=25, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def one_bad_field_each(base: dict[str, Any], value: Any, ident: Callable[[str], str]
                       ) -> list[dict[str, Any]]:
    """One record per field of ``base``, each with ``value`` in that one field (and its own
    id, unless the id is the field): every field is tried in one app run."""
    return [{**base, "id": ident(field), field: value} if field != "id"
            else with_field(base, field, value) for field in sorted(base)]


@SETTINGS
@given(value=JSON)
def test_any_value_in_any_appointment_field(value: Any) -> None:
    run([APPOINTMENT, *one_bad_field_each(APPOINTMENT, value, lambda f: f"a-{f}")], [], [])


@SETTINGS
@given(value=JSON)
def test_any_value_in_any_journal_entry_field(value: Any) -> None:
    entries = [entry for base in (REAPPRAISAL, ROUTINE)
               for entry in one_bad_field_each(base, value, lambda f: str(uuid.uuid4()))]
    run([APPOINTMENT], [REAPPRAISAL, *entries], [])


@SETTINGS
@given(kind=st.sampled_from(sorted(DRAFTS)), data=st.data(), value=JSON)
def test_any_value_in_any_draft_field(kind: str, data: st.DataObject, value: Any) -> None:
    base = DRAFTS[kind]
    field = data.draw(st.sampled_from(sorted({*base, "answers", "context", "fields"})))
    run([APPOINTMENT], [REAPPRAISAL], [with_field(base, field, value)])
