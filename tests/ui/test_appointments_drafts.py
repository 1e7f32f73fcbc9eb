"""The appointment form keeps its words (KeepsWords), merges with another window, says so when
the appointment was deleted meanwhile, refuses impossible years in one line, and bad or hostile
records in appointments.json are reported, left out and shown harmlessly, never a crash."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from textual.notifications import Notification
from textual.pilot import Pilot
from textual.widgets import Input, Label, OptionList, Static

from pacer.app import PacerApp
from pacer.screens.appointments import AppointmentFormScreen, AppointmentsScreen
from pacer.screens.calm import CalmScreen, open_calm
from pacer.screens.confirm import ConfirmModal
from pacer.screens.home import HomeScreen
from pacer.screens.journal import JournalScreen
from pacer.screens.leaving import KeepsWords
from pacer.services import Services
from pacer.store import Store
from pacer.widgets import nuts_form

SIZE = (80, 24)
EVIL = "\u001b]0;TITLE\u0007\u001b[2J[b]x"
SHOWN = "␛]0;TITLE␇␛[2J[b]x"
SCAN = {"id": "scan", "kind": "scan", "when": "2025-03-14T09:30:00+01:00",
        "where": "City Hospital", "notes": "", "questions": ["When will I hear?"]}


@pytest.fixture(autouse=True)
def steady_text_areas(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nuts_form, "CURSOR_BLINK", False)


def write_appointments(store: Store, records: list[Any]) -> str:
    """appointments.json as a person might have edited it by hand."""
    store.root.mkdir(parents=True, exist_ok=True)
    text = json.dumps({"schema": 1, "appointments": records}, indent=2)
    (store.root / "appointments.json").write_text(text)
    return text


def on_disk(store: Store) -> list[dict]:
    return json.loads((store.root / "appointments.json").read_text())["appointments"]


def drafts(store: Store) -> list[dict]:
    path = store.root / "drafts.json"
    return json.loads(path.read_text())["drafts"] if path.exists() else []


async def settle(pilot: Pilot[Any]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def open_form(pilot: Pilot[Any], edit: bool = False) -> AppointmentFormScreen:
    await pilot.app.push_screen(AppointmentsScreen())
    await pilot.pause()
    await pilot.press("e" if edit else "a")
    await pilot.pause()
    form = pilot.app.screen
    assert isinstance(form, AppointmentFormScreen)
    return form


def notes_of(app: PacerApp) -> list[Notification]:
    return list(app._notifications)


# --- KeepsWords -----------------------------------------------------------------------------


async def test_unsaved_words_false_when_fresh_true_after_typing(
    make_app: Callable[..., PacerApp],
) -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        form = await open_form(pilot)
        assert isinstance(form, KeepsWords)
        assert form.has_unsaved_words() is False
        await pilot.press("tab", *"2025-04-01 9:00")
        assert form.has_unsaved_words() is True


async def test_keep_draft_survives_a_restart_and_is_offered_back(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        form = await open_form(pilot)
        await pilot.press("tab", *"2025-04-01 9:00", "enter", *"Room 4")
        form.keep_draft()  # what the app's way out calls: synchronous, durable
        [draft] = drafts(store)
        assert draft["kind"] == "appointment" and draft["target"] is None
        assert draft["fields"]["where"] == "Room 4"
    async with make_app().run_test(size=SIZE) as pilot:
        form = await open_form(pilot)
        assert form.query_one("#f-when", Input).value == "2025-04-01 9:00"
        assert form.query_one("#f-where", Input).value == "Room 4"
        assert form.has_unsaved_words() is True
        assert any("from last time" in str(n.message) for n in notes_of(pilot.app))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, AppointmentsScreen)
    assert [a["where"] for a in on_disk(store)] == ["Room 4"]
    assert drafts(store) == []  # a real save drops the draft


async def test_an_edit_draft_belongs_to_its_appointment(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    write_appointments(store, [SCAN])
    async with make_app().run_test(size=SIZE) as pilot:
        form = await open_form(pilot, edit=True)
        await pilot.press("tab", "tab", "tab", *"Bring Sam")
        form.keep_draft()
    assert drafts(store)[0]["target"] == "scan"
    async with make_app().run_test(size=SIZE) as pilot:
        new = await open_form(pilot)  # a new appointment: not this draft
        assert new.query_one("#f-notes", Input).value == ""
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        edit = pilot.app.screen
        assert isinstance(edit, AppointmentFormScreen)
        assert edit.query_one("#f-notes", Input).value == "Bring Sam"
        await pilot.press("escape", "y")  # leave without saving: an explicit discard
        await settle(pilot)
    assert drafts(store) == []
    assert on_disk(store)[0]["notes"] == ""


# --- two windows ----------------------------------------------------------------------------


async def test_two_windows_the_other_windows_notes_survive_a_save(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    write_appointments(store, [SCAN])
    other = Services.open(Store(store.root))  # the second window
    async with make_app().run_test(size=SIZE) as pilot:
        await open_form(pilot, edit=True)
        base = other.appointments.get("scan")
        assert base is not None
        other.appointments.save({**base, "notes": "Nothing to eat after 7"}, base)
        await pilot.press("tab", "tab", "ctrl+a", "ctrl+k", *"Room 4", "ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, AppointmentsScreen)
    [record] = on_disk(store)
    assert record["where"] == "Room 4"
    assert record["notes"] == "Nothing to eat after 7"


async def test_a_deleted_appointment_is_not_brought_back_and_can_be_saved_as_new(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    write_appointments(store, [SCAN])
    other = Services.open(Store(store.root))
    async with make_app().run_test(size=SIZE) as pilot:
        form = await open_form(pilot, edit=True)
        other.appointments.delete("scan")
        await pilot.press("tab", "tab", "tab", *"Bring Sam", "ctrl+s")
        await settle(pilot)
        assert on_disk(store) == []  # not brought back
        assert isinstance(pilot.app.screen, ConfirmModal)
        assert "deleted in another window" in str(form.query_one("#form-error", Label).render())
        await pilot.press("y")  # Save as new
        await settle(pilot)
        assert isinstance(pilot.app.screen, AppointmentsScreen)
    [record] = on_disk(store)
    assert record["notes"] == "Bring Sam"


# --- bad input and bad records --------------------------------------------------------------


@pytest.mark.parametrize("typed", ["9999-12-31 23:30", "1899-12-31 10:00", "2201-01-01 09:00"])
async def test_an_impossible_year_is_one_line_in_the_form(
    make_app: Callable[..., PacerApp], store: Store, typed: str
) -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        form = await open_form(pilot)
        await pilot.press("tab", *typed, "ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is form
        error = str(form.query_one("#when-hint", Static).render())  # beside the field
        assert f"'{typed}'" in error and "a year from 1900 to 2200" in error
        assert "\n" not in error.strip()
    assert not (store.root / "appointments.json").exists()


BAD = [
    {**SCAN, "id": "q", "questions": 5},
    {**SCAN, "id": "y", "when": "9999-12-31T23:30:00+00:00"},
    {**SCAN, "id": "k", "kind": 7},
]


async def test_bad_records_are_reported_and_left_out_everywhere(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    text = write_appointments(store, [SCAN, *BAD])
    async with make_app().run_test(size=SIZE) as pilot:
        assert isinstance(pilot.app.screen, HomeScreen)  # the launch did not crash
        await pilot.app.push_screen(AppointmentsScreen())
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, AppointmentsScreen)
        assert [a["id"] for a in screen.items] == ["scan"]
        messages = [str(n.message) for n in notes_of(pilot.app)]
        assert any("appointments.json appointments[1]: field 'questions' = 5" in m
                   and "2 more" in m for m in messages)
        await pilot.press("escape")
        await pilot.pause()
        open_calm(pilot.app)
        await pilot.pause()
        calm = pilot.app.screen
        assert isinstance(calm, CalmScreen)
        assert [a["id"] for a in calm.appointments] == ["scan"]
        await pilot.press("escape")
        await settle(pilot)
        await pilot.app.push_screen(JournalScreen())
        await pilot.pause()
        assert isinstance(pilot.app.screen, JournalScreen)
    assert (store.root / "appointments.json").read_text() == text  # never rewritten


async def test_text_from_the_file_is_shown_harmless_and_markup_safe(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    write_appointments(store, [{**SCAN, "where": EVIL, "notes": EVIL, "questions": [EVIL]}])
    async with make_app().run_test(size=SIZE) as pilot:
        await pilot.app.push_screen(AppointmentsScreen())
        await pilot.pause()
        screen = pilot.app.screen
        row = str(screen.query_one("#appointment-list", OptionList).get_option_at_index(0).prompt)
        details = str(screen.query_one("#appointment-details", Static).render())
        assert "␛]0;TITLE" in row and "\u001b" not in row
        assert f"Notes: {SHOWN}" in details and f"• {SHOWN}" in details
        assert "\u001b" not in details
        await pilot.press("e")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, AppointmentFormScreen)
        assert form.query_one("#f-where", Input).value == SHOWN
        await pilot.press("ctrl+s")  # nothing changed: the raw text stays as it was
        await settle(pilot)
        await pilot.press("c")
        await pilot.pause()
        calm = pilot.app.screen
        assert isinstance(calm, CalmScreen)
        await pilot.press("ctrl+k", "ctrl+k", "ctrl+k")  # to the questions
        await pilot.pause()
        listed = str(calm.query_one("#calm-questions", Static).render())
        assert f"• {SHOWN}" in listed
        intro = str(calm.query_one("#calm-intro", Static).render())
        assert "␛]0;TITLE" in intro and "\u001b" not in intro
    [record] = on_disk(store)
    assert record["where"] == EVIL and record["questions"] == [EVIL]
