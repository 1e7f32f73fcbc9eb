"""Pilot tests of the appointments list and form: add, edit, delete, bad dates, suggestions."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Label, OptionList, Static, TextArea

from pacer.app import PacerApp
from pacer.domain.dates import parse_when
from pacer.domain.questions import GROUPS
from pacer.screens.appointments import AppointmentFormScreen, AppointmentsScreen
from pacer.screens.calm import CalmScreen
from pacer.screens.confirm import ConfirmModal
from pacer.store import Store, StoreError
from pacer.widgets import nuts_form
from tests.ui.conftest import WALL_NOW

SIZE = (80, 24)


@pytest.fixture(autouse=True)
def steady_text_areas(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nuts_form, "CURSOR_BLINK", False)


def seed(store: Store) -> None:
    """The conftest's wall clock is Wednesday 12 March 2025, 15:30 (+01:00)."""
    store.update_document("appointments.json", lambda d: {**d, "appointments": [
        {"id": "onc", "kind": "oncologist", "when": "2025-03-26T14:00:00+01:00",
         "where": "Dr Lee", "notes": "", "questions": []},
        {"id": "scan", "kind": "scan", "when": "2025-03-14T09:30:00+01:00",
         "where": "City Hospital", "notes": "Nothing to eat after 7",
         "questions": ["When will I hear?"]},
        {"id": "past", "kind": "blood-test", "when": "2025-03-03T08:00:00+01:00",
         "where": "", "notes": "", "questions": []},
    ]})


def saved(store: Store) -> list[dict]:
    return store.read_document("appointments.json")["appointments"]


async def settle(pilot: Pilot[Any]) -> None:
    """Let every worker (saves, deletes) finish, then the screen catch up."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def open_list(pilot: Pilot[Any]) -> AppointmentsScreen:
    await pilot.app.push_screen(AppointmentsScreen())
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, AppointmentsScreen)
    return screen


async def test_list_is_soonest_first_then_earlier_ones(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    seed(store)
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await open_list(pilot)
        assert [a["id"] for a in screen.items] == ["scan", "onc", "past"]
        rows = screen.query_one("#appointment-list", OptionList)
        assert "Friday, in 2 days" in str(rows.get_option_at_index(0).prompt)
        assert "in 2 weeks" in str(rows.get_option_at_index(1).prompt)
        assert "9 days ago" in str(rows.get_option_at_index(2).prompt)
        details = str(screen.query_one("#appointment-details", Static).render())
        assert "Nothing to eat after 7" in details and "When will I hear?" in details


async def test_add_with_the_keyboard(make_app: Callable[..., PacerApp], store: Store) -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await open_list(pilot)
        assert "No appointments yet" in str(screen.query_one("#appointments-empty").render())
        await pilot.press("a")
        await settle(pilot)
        form = pilot.app.screen
        assert isinstance(form, AppointmentFormScreen)
        await pilot.press("right", "right", "right", "enter")  # Oncologist
        await pilot.press("tab", *"2025-03-20 10:15", "enter", *"Room 4", "enter",
                          *"Bring Sam", "enter")
        await pilot.press(*"Is the treatment working?", "tab", "tab")  # past Your top three
        await pilot.press("enter")  # add the first suggestion
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is screen
        assert [a["kind"] for a in screen.items] == ["oncologist"]
    [record] = saved(store)
    assert record["kind"] == "oncologist"
    when = datetime.fromisoformat(record["when"])
    assert when.tzinfo is not None  # stored with its offset
    assert when.replace(tzinfo=None) == datetime(2025, 3, 20, 10, 15)
    assert (record["where"], record["notes"]) == ("Room 4", "Bring Sam")
    assert record["questions"] == ["Is the treatment working?",
                                   GROUPS["oncologist"].questions[0]]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("2025-03-01 09:00", "'2025-03-01 09:00' is in the past"),
        ("next friday", "'next friday' has no time"),
        ("next blursday 9:00", "'next blursday 9:00' is not a date and time"),
        ("2025-03-20", "'2025-03-20' has no time"),
        ("", "the date and time are empty"),
    ],
)
async def test_bad_dates_are_explained_and_nothing_is_saved(
    make_app: Callable[..., PacerApp], store: Store, typed: str, message: str
) -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        await open_list(pilot)
        await pilot.press("a")
        await settle(pilot)
        form = pilot.app.screen
        assert isinstance(form, AppointmentFormScreen)
        await pilot.press("tab", *typed, "enter", *"Clinic", "ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is form
        assert message in str(form.query_one("#when-hint", Static).render())
        assert pilot.app.focused is form.query_one("#f-when")
        assert form.query_one("#f-where", Input).value == "Clinic"  # nothing lost
    assert saved(store) == []


async def test_edit_keeps_the_id_and_a_passed_time_may_stay(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    seed(store)
    async with make_app().run_test(size=SIZE) as pilot:
        await open_list(pilot)
        await pilot.press("down", "down", "enter")  # the blood test, nine days ago
        await settle(pilot)
        form = pilot.app.screen
        assert isinstance(form, AppointmentFormScreen)
        assert form.query_one("#f-when", Input).value.startswith("2025-03-03")
        await pilot.press("tab", "tab", "tab", *"Results were fine", "ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, AppointmentsScreen)
    past = next(a for a in saved(store) if a["id"] == "past")
    assert past["notes"] == "Results were fine" and past["when"].startswith("2025-03-03")
    assert len(saved(store)) == 3


async def test_delete_asks_first(make_app: Callable[..., PacerApp], store: Store) -> None:
    seed(store)
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await open_list(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ConfirmModal)
        await pilot.press("n")
        await settle(pilot)
        assert len(saved(store)) == 3
        await pilot.press("d", "y")
        await settle(pilot)
        assert [a["id"] for a in screen.items] == ["onc", "past"]
    assert {a["id"] for a in saved(store)} == {"onc", "past"}


async def test_escape_with_changes_asks_before_dropping_them(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        await open_list(pilot)
        await pilot.press("a")
        await settle(pilot)
        form = pilot.app.screen
        await pilot.press("tab", *"2025-04-01 9:00", "escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ConfirmModal)
        await pilot.press("escape")  # Keep editing
        await settle(pilot)
        assert pilot.app.screen is form
        assert form.query_one("#f-when", Input).value == "2025-04-01 9:00"
        await pilot.press("escape", "y")
        await settle(pilot)
        assert isinstance(pilot.app.screen, AppointmentsScreen)
    assert saved(store) == []


async def test_escape_without_changes_just_goes_back(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        await open_list(pilot)
        await pilot.press("a", "escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, AppointmentsScreen)


async def test_a_failed_save_keeps_the_form(
    make_app: Callable[..., PacerApp], store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(name: str, fn: Callable[..., Any]) -> dict:
        raise StoreError("Could not save appointments.json: Read-only file system")

    async with make_app().run_test(size=SIZE) as pilot:
        await open_list(pilot)
        await pilot.press("a")
        await settle(pilot)
        form = pilot.app.screen
        monkeypatch.setattr(store, "update_document", broken)
        await pilot.press("tab", *"2025-04-01 9:00", "ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is form
        assert "Not saved" in str(form.query_one("#form-error", Label).render())


async def test_suggestions_follow_the_kind(make_app: Callable[..., PacerApp]) -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        await open_list(pilot)
        await pilot.press("a")
        await settle(pilot)
        form = pilot.app.screen
        suggestions = form.query_one("#suggestions", OptionList)
        scan = [str(suggestions.get_option_at_index(i).prompt)
                for i in range(suggestions.option_count)]
        assert scan == list(GROUPS["scan"].questions)
        await pilot.press("right", "right", "right", "enter")  # Oncologist
        onc = [str(suggestions.get_option_at_index(i).prompt)
               for i in range(suggestions.option_count)]
        assert any("palliative care" in q for q in onc)
        assert form.query_one("#f-questions", TextArea).text == ""


async def test_c_starts_the_routine_for_the_highlighted_one(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    seed(store)
    async with make_app().run_test(size=SIZE) as pilot:
        await open_list(pilot)
        await pilot.press("c")
        await settle(pilot)
        calm = pilot.app.screen
        assert isinstance(calm, CalmScreen)
        assert calm.appointment is not None and calm.appointment["id"] == "scan"


# --- snapshots ------------------------------------------------------------------------------


def test_snapshot_appointments_list(
    snap_compare: Any, make_app: Callable[..., PacerApp], store: Store
) -> None:
    seed(store)

    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.app.push_screen(AppointmentsScreen())
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize(
    "keys",
    [
        ("right", "enter", "tab", *"2025-03-20 8:00", "enter", *"Lab 2"),
        ("tab", *"2025-03-01 8:00", "ctrl+s"),
    ],
    ids=["filled", "past-date"],
)
def test_snapshot_appointment_form(
    snap_compare: Any, make_app: Callable[..., PacerApp], keys: tuple[str, ...]
) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.app.push_screen(AppointmentsScreen())
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        await pilot.press(*keys)
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


# --- the date understood, beside the field (issue 11) --------------------------------------


async def open_new_form(pilot: Pilot[Any]) -> AppointmentFormScreen:
    await open_list(pilot)
    await pilot.press("a")
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, AppointmentFormScreen)
    return form


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("friday 9:00", "Fri 14 Mar, 09:00"),
        ("fri 9am", "Fri 14 Mar, 09:00"),
        ("next tuesday 14:30", "Tue 18 Mar, 14:30"),
        ("3 dec 10:00", "Wed 3 Dec, 10:00"),
        ("tomorrow 9:30", "Thu 13 Mar, 09:30"),
    ],
)
async def test_the_date_understood_shows_beside_the_field_as_you_type(
    make_app: Callable[..., PacerApp], store: Store, typed: str, shown: str
) -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        form = await open_new_form(pilot)
        hint = form.query_one("#when-hint", Static)
        await pilot.press("tab", *typed)
        await pilot.pause()
        assert str(hint.render()) == shown
        assert not hint.has_class("-error")
        await pilot.press("enter", *"Clinic", "ctrl+s")
        await settle(pilot)
    [record] = saved(store)
    assert shown.split(", ")[1] in record["when"]


async def test_a_bad_date_is_explained_beside_the_field_not_at_the_bottom(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        form = await open_new_form(pilot)
        hint = form.query_one("#when-hint", Static)
        await pilot.press("tab", *"friday 25:00")
        await pilot.pause()
        assert "'friday 25:00' is not a real time" in str(hint.render())  # already as you type
        await pilot.press("enter", *"Clinic", "ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is form
        assert "'friday 25:00' is not a real time" in str(hint.render())
        assert hint.has_class("-error")
        assert str(form.query_one("#form-error", Label).render()) == ""
        assert pilot.app.focused is form.query_one("#f-when")
        # the hint sits on the same row as the field, to its right
        field = form.query_one("#f-when", Input)
        assert hint.region.y == field.region.y and hint.region.x > field.region.x
        await pilot.press("backspace", "backspace", "backspace", "backspace", "backspace",
                          *"9:00")
        await pilot.pause()
        assert str(hint.render()) == "Fri 14 Mar, 09:00"
        assert not hint.has_class("-error")
    assert saved(store) == []


async def test_the_placeholder_is_in_the_future(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        form = await open_new_form(pilot)
        placeholder = form.query_one("#f-when", Input).placeholder
        parts = placeholder.split(" or ")
        assert len(parts) == 2
        for part in parts:
            assert parse_when(part, WALL_NOW) > WALL_NOW
        assert "2025-" not in placeholder and "2024" not in placeholder


async def test_editing_a_passed_appointment_shows_its_date_without_an_error(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    seed(store)
    async with make_app().run_test(size=SIZE) as pilot:
        await open_list(pilot)
        await pilot.press("down", "down", "enter")  # the blood test, nine days ago
        await settle(pilot)
        form = pilot.app.screen
        assert isinstance(form, AppointmentFormScreen)
        hint = form.query_one("#when-hint", Static)
        assert str(hint.render()) == "Mon 3 Mar, 08:00"
        assert not hint.has_class("-error")
