"""Pilot tests of the visit sheet screen: `i` in Appointments opens it, the buttons write files.

Files go into a temporary folder (the screen's ``target_folder`` is replaced), and each one is
read back: the format the button names, the highlighted appointment, every upcoming one in the
calendar file. "Saved to ..." is checked only after the worker that wrote it has finished.
"""

from __future__ import annotations

import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar
from textual.pilot import Pilot
from textual.widgets import Button, Static

from pacer.app import PacerApp
from pacer.screens import visit_sheet
from pacer.screens.appointments import AppointmentsScreen
from pacer.screens.confirm import ConfirmModal
from pacer.screens.visit_sheet import VisitSheetScreen
from pacer.store import Store

SIZE = (80, 24)
HOSTILE = "\u001b]0;TITLE\u0007\u001b[2J[b]x[/b]"


def seed(store: Store, where: str = "City Hospital") -> None:
    """The conftest's wall clock is Wednesday 12 March 2025, 15:30 (+01:00)."""
    store.update_document("appointments.json", lambda d: {**d, "appointments": [
        {"id": "scan", "kind": "scan", "when": "2025-03-14T09:30:00+01:00",
         "where": where, "notes": "Nothing to eat after 7", "bring": "Sam",
         "questions": ["Why this test?", "When will I hear?"],
         "top_questions": ["When will I hear?"]},
        {"id": "onc", "kind": "oncologist", "when": "2025-03-26T14:00:00+01:00",
         "where": "Dr Lee", "questions": []},
        {"id": "past", "kind": "blood-test", "when": "2025-03-03T08:00:00+01:00"},
    ]})


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where the screen writes: a temporary folder, never the real home."""
    out = tmp_path / "Documents"
    out.mkdir()
    monkeypatch.setattr(visit_sheet, "target_folder", lambda data: out)
    return out


async def settle(pilot: Pilot[Any]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def open_sheet(pilot: Pilot[Any], *, down: int = 0) -> VisitSheetScreen:
    await pilot.app.push_screen(AppointmentsScreen())
    await settle(pilot)
    for _ in range(down):
        await pilot.press("down")
    await pilot.press("i")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, VisitSheetScreen)
    return screen


def shown(screen: VisitSheetScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def press(pilot: Pilot[Any], screen: VisitSheetScreen, button: str) -> str:
    """Press a save button and wait until the screen says what happened; return that."""
    screen.query_one(f"#{button}", Button).press()
    for _ in range(200):  # a bound, not a sleep: each round waits for the app to be idle
        await settle(pilot)
        if said := shown(screen, "#sheet-status"):
            return said
    raise AssertionError("the screen never said whether it saved")


async def test_i_opens_the_sheet_of_the_highlighted_appointment(
    make_app: Callable[..., PacerApp], store: Store, folder: Path
) -> None:
    seed(store)
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await open_sheet(pilot)
        text = shown(screen, "#sheet-text")
        assert "Visit sheet: Scan" in text and "Friday 14 March 2025, 9:30" in text
        assert "Who to bring: Sam" in text
        assert text.index("Top: When will I hear?") < text.index("Why this test?")
        assert shown(screen, "#sheet-folder") == f"Files go to {folder}"
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, AppointmentsScreen)
        # The next one down has its own sheet.
        await pilot.press("down", "i")
        await settle(pilot)
        second = pilot.app.screen
        assert isinstance(second, VisitSheetScreen)
        assert "Visit sheet: Oncologist" in shown(second, "#sheet-text")


async def test_i_with_no_appointments_does_nothing(
    make_app: Callable[..., PacerApp], folder: Path
) -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        await pilot.app.push_screen(AppointmentsScreen())
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        assert isinstance(pilot.app.screen, AppointmentsScreen)


@pytest.mark.parametrize(("button", "name", "start"), [
    ("save-text", "visit-sheet-2025-03-14-scan.txt", "Visit sheet: Scan\n"),
    ("save-markdown", "visit-sheet-2025-03-14-scan.md", "# Visit sheet: Scan\n"),
    ("save-html", "visit-sheet-2025-03-14-scan.html", "<!DOCTYPE html>\n"),
])
async def test_each_button_writes_its_format_and_says_where(
    make_app: Callable[..., PacerApp], store: Store, folder: Path, button: str, name: str,
    start: str,
) -> None:
    seed(store)
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await open_sheet(pilot)
        said = await press(pilot, screen, button)
        path = folder / name
        assert path.read_text(encoding="utf-8").startswith(start)
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert said == f"Saved to {path}"
        assert [p.name for p in folder.iterdir()] == [name]


async def test_the_calendar_button_writes_every_upcoming_appointment(
    make_app: Callable[..., PacerApp], store: Store, folder: Path
) -> None:
    seed(store)
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await open_sheet(pilot)
        said = await press(pilot, screen, "save-calendar")
        path = folder / "pacer-appointments.ics"
        events = Calendar.from_ical(path.read_text()).walk("VEVENT")
        assert [str(e["UID"]) for e in events] == ["scan@pacer.local", "onc@pacer.local"]
        assert said.startswith(f"Saved 2 upcoming appointments to {path}.")


async def test_a_folder_that_cannot_be_written_says_so(
    make_app: Callable[..., PacerApp], store: Store, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seed(store)
    monkeypatch.setattr(visit_sheet, "target_folder", lambda data: tmp_path / "gone")
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await open_sheet(pilot)
        status = await press(pilot, screen, "save-text")
        assert status.startswith("Not saved: Could not write ") and "gone" in status
        assert not (tmp_path / "gone").exists()


async def test_text_from_the_data_is_shown_harmless_never_as_markup(
    make_app: Callable[..., PacerApp], store: Store, folder: Path
) -> None:
    seed(store, where=HOSTILE)
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await open_sheet(pilot)
        text = shown(screen, "#sheet-text")
        assert "␛]0;TITLE␇␛[2J[b]x[/b]" in text and "\u001b" not in text


async def test_the_palette_command_names_the_file_then_writes_it(
    make_app: Callable[..., PacerApp], store: Store, folder: Path
) -> None:
    from pacer.commands import pacer_commands

    seed(store)
    async with make_app().run_test(size=SIZE) as pilot:
        app = pilot.app
        (command,) = [c for c in pacer_commands(app) if c[0].startswith("Save a calendar file")]
        command[2]()
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, ConfirmModal)
        assert str(folder / "pacer-appointments.ics") in modal.body
        assert not (folder / "pacer-appointments.ics").exists()  # named before it is written
        await pilot.press("y")
        for _ in range(200):  # bounded: each round waits for the app and its workers
            await settle(pilot)
            if (folder / "pacer-appointments.ics").exists():
                break
        events = Calendar.from_ical((folder / "pacer-appointments.ics").read_text())
        assert len(events.walk("VEVENT")) == 2


async def test_the_sheet_scrolls_with_the_keyboard(
    make_app: Callable[..., PacerApp], store: Store, folder: Path
) -> None:
    seed(store)
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await open_sheet(pilot)
        scroll = screen.query_one("#sheet-scroll")
        assert scroll.has_focus
        await pilot.press("down", "down")
        await pilot.pause()
        assert scroll.scroll_y > 0


def test_snapshot_of_the_sheet_screen(
    snap_compare: Any, make_app: Callable[..., PacerApp], store: Store,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seed(store)
    # A fixed folder name, so the picture is the same on every machine (nothing is written).
    monkeypatch.setattr(visit_sheet, "target_folder", lambda data: Path("/home/sam/Documents"))

    async def run_before(pilot: Pilot[Any]) -> None:
        await open_sheet(pilot)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


async def test_at_40x12_the_sheet_and_every_button_are_on_screen(
    make_app: Callable[..., PacerApp], store: Store, folder: Path
) -> None:
    from tests.ui.test_narrow import assert_on_screen

    seed(store)
    async with make_app().run_test(size=(40, 12)) as pilot:
        screen = await open_sheet(pilot)
        scroll = screen.query_one("#sheet-scroll")
        assert_on_screen(screen, [scroll, *screen.query(Button)])
        assert scroll.region.height >= 3  # a few lines of the sheet to read
        assert "Visit sheet: Scan" in shown(screen, "#sheet-text")
        said = await press(pilot, screen, "save-markdown")
        assert said == f"Saved to {folder / 'visit-sheet-2025-03-14-scan.md'}"
