""""How did it go?" in the app: Today's offer once the time has passed (put off, dismissed), the
debrief saved with the appointment (and the next appointment made in one step), listed and
opened in the Journal, reached with g from Appointments, and kept as a draft on ctrl+q."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static

from pacer.app import PacerApp
from pacer.screens.appointments import AppointmentsScreen
from pacer.screens.debrief import DebriefScreen
from pacer.screens.home import HomeScreen
from pacer.screens.journal import EntryScreen, JournalScreen
from pacer.store import Store
from pacer.widgets import nuts_form
from pacer.widgets.debrief_offer import DebriefOffer
from tests.ui.conftest import WALL_NOW

SIZE = (80, 24)
#: The scan was this morning (WALL_NOW is Wednesday 12 March 2025, 15:30).
SCAN = {"id": "scan", "kind": "scan", "when": "2025-03-12T09:30:00+01:00",
        "where": "City Hospital", "notes": "", "questions": ["When will I hear?", "Is it big?"],
        "top_questions": ["Is it big?"]}


class Wall:
    """A wall clock the test moves (the app reads it each time)."""

    def __init__(self) -> None:
        self.now = WALL_NOW

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def moving() -> Wall:
    return Wall()


@pytest.fixture
def wall(moving: Wall) -> Callable[[], datetime]:
    return moving


@pytest.fixture(autouse=True)
def steady_text_areas(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nuts_form, "CURSOR_BLINK", False)


def seed(store: Store, *records: dict[str, Any]) -> None:
    store.update_document("appointments.json",
                          lambda doc: {**doc, "appointments": [dict(r) for r in records]})


def on_disk(store: Store) -> list[dict]:
    return json.loads((store.root / "appointments.json").read_text())["appointments"]


def drafts(store: Store) -> list[dict]:
    path = store.root / "drafts.json"
    return json.loads(path.read_text())["drafts"] if path.exists() else []


async def settle(pilot: Pilot[Any]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


def offer(app: PacerApp) -> DebriefOffer:
    home = app.screen
    assert isinstance(home, HomeScreen)
    return home.query_one(DebriefOffer)


def offer_text(app: PacerApp) -> str:
    widget = offer(app)
    return str(widget.render()) if widget.display else ""


async def open_debrief(pilot: Pilot[Any]) -> DebriefScreen:
    await pilot.press("g")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, DebriefScreen)
    return screen


# --- the offer --------------------------------------------------------------------------------


async def test_offered_once_after_the_time_and_not_before(
    make_app: Callable[..., PacerApp], store: Store, moving: Wall
) -> None:
    seed(store, {**SCAN, "when": "2025-03-12T16:30:00+01:00"})  # an hour from now
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert offer_text(app) == ""
        await pilot.press("g")  # nothing offered: g does nothing
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        moving.now = WALL_NOW + timedelta(hours=2)
        app.screen.refresh_totals()  # type: ignore[attr-defined]
        await settle(pilot)
        text = offer_text(app)
        assert text.count("How did the scan go?") == 1
        assert "g to write it down, z for later" in text


async def test_z_puts_it_off_until_tomorrow(
    make_app: Callable[..., PacerApp], store: Store, moving: Wall
) -> None:
    seed(store, SCAN)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "How did the scan go?" in offer_text(app)
        await pilot.press("z")
        await settle(pilot)
        assert offer_text(app) == ""
        assert on_disk(store)[0]["debrief_later"] == "2025-03-13"
        app.screen.refresh_totals()  # type: ignore[attr-defined]
        await settle(pilot)
        assert offer_text(app) == ""  # still today
        moving.now = WALL_NOW + timedelta(days=1)
        app.screen.refresh_totals()  # type: ignore[attr-defined]
        await settle(pilot)
        assert "How did the scan go?" in offer_text(app)


async def test_one_offer_at_a_time_the_debrief_before_the_weekly_check_in(
    make_app: Callable[..., PacerApp], store: Store, moving: Wall
) -> None:
    """With no check-in yet the weekly one is due, but while a debrief is offered Today shows
    only that one ("z for later" then means one thing); put off, the check-in comes next."""
    from pacer.widgets.check_in_offer import CheckInOffer

    def check_in_text() -> str:
        widget = app.screen.query_one(CheckInOffer)
        return str(widget.render()) if widget.display else ""

    seed(store, SCAN)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "How did the scan go?" in offer_text(app)
        assert "check-in" not in check_in_text()
        await pilot.press("z")
        await settle(pilot)
        assert offer_text(app) == ""
        app.screen.refresh_totals()  # type: ignore[attr-defined]
        await settle(pilot)
        assert "A short check-in on how the week went?" in check_in_text()
        await pilot.press("z")
        await settle(pilot)
        assert "check-in" not in check_in_text()
        assert on_disk(store)[0]["debrief_later"] == "2025-03-13"


async def test_do_not_ask_about_this_one_dismisses_it_for_good(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    seed(store, SCAN)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_debrief(pilot)
        screen.query_one("#dismiss").press()
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert offer_text(app) == ""
    [record] = on_disk(store)
    assert record["debrief_dismissed"] is True and record.get("debrief") is None


# --- the debrief --------------------------------------------------------------------------------


async def test_written_and_saved_with_the_appointment_and_the_next_one_made(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    seed(store, SCAN)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_debrief(pilot)
        # The top question first, as on the sheet.
        assert app.focused is screen.query_one("#f-answer-0", Input)
        await pilot.press(*"about 2 cm")
        await pilot.press("ctrl+n")
        await pilot.press(*"next week")
        screen.query_one("#f-next-steps", Input).value = "results with Dr Lee"
        screen.query_one("#f-next-when", Input).value = "friday 10:00"
        await pilot.pause()
        hint = str(screen.query_one("#next-when-hint", Static).render())
        assert "Fri 14 Mar" in hint
        screen.query_one("#f-stress", Input).value = "4"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert offer_text(app) == ""  # written: never offered again
    scan, results = on_disk(store)
    debrief = scan["debrief"]
    assert debrief["answers"] == [{"question": "Is it big?", "answer": "about 2 cm"},
                                  {"question": "When will I hear?", "answer": "next week"}]
    assert debrief["next_steps"] == "results with Dr Lee"
    assert debrief["stress"] == 4
    assert debrief["next_appointment"] == results["id"]
    assert results["kind"] == "results"
    assert results["when"] == "2025-03-14T10:00:00+01:00"
    assert results["where"] == "City Hospital"
    assert drafts(store) == []


async def test_a_bad_stress_or_date_is_said_beside_it_and_nothing_is_saved(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    seed(store, SCAN)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_debrief(pilot)
        screen.query_one("#f-stress", Input).value = "11"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert "'11' is outside 0-10" in str(screen.query_one("#form-error").render())
        assert app.focused is screen.query_one("#f-stress")
        screen.query_one("#f-stress", Input).value = "3"
        screen.query_one("#f-next-when", Input).value = "blue moon"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert "blue moon" in str(screen.query_one("#next-when-hint").render())
    assert "debrief" not in on_disk(store)[0]


async def test_the_next_appointment_is_seen_in_appointments(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    seed(store, SCAN)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_debrief(pilot)
        screen.query_one("#f-next-when", Input).value = "friday 10:00"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        appointments = app.screen
        assert isinstance(appointments, AppointmentsScreen)
        rows = [str(o.prompt) for o in appointments.query_one(OptionList)._options]
        assert any("Results visit" in row for row in rows)


async def test_g_on_a_past_appointment_in_the_list_opens_its_debrief(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    seed(store, {**SCAN, "debrief_dismissed": True})  # not offered on Today, still reachable
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        await pilot.press("g")
        await settle(pilot)
        assert isinstance(app.screen, DebriefScreen)
        assert app.screen.target == "scan"


async def test_g_on_an_appointment_still_to_come_says_it_is_not_yet(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    seed(store, {**SCAN, "when": "2025-03-20T09:30:00+01:00"})
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        await pilot.press("g")
        await settle(pilot)
        assert isinstance(app.screen, AppointmentsScreen)
        assert any("after it" in n.message for n in app._notifications)


async def test_the_draft_is_kept_on_ctrl_q_and_offered_back(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    seed(store, SCAN)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_debrief(pilot)
        await pilot.press(*"about 2 cm")
        await pilot.press("ctrl+q")
        await pilot.pause()
    [draft] = drafts(store)
    assert draft["kind"] == "debrief" and draft["target"] == "scan"
    assert draft["fields"]["answer:0"] == "about 2 cm"
    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_debrief(pilot)
        assert screen.query_one("#f-answer-0", Input).value == "about 2 cm"
        assert screen.has_unsaved_words()


async def test_readable_at_40x12(make_app: Callable[..., PacerApp], store: Store) -> None:
    seed(store, SCAN)
    app = make_app()
    async with app.run_test(size=(40, 12)) as pilot:
        await settle(pilot)
        screen = await open_debrief(pilot)
        first = screen.query_one("#f-answer-0", Input)
        assert first.region.width >= 30 and 0 < first.region.y < 12
        await pilot.press("ctrl+n", "ctrl+n", "ctrl+n", "ctrl+n")
        await pilot.pause()
        focused = app.focused
        assert focused is not None and 0 <= focused.region.y < 12  # scrolled into view


# --- the journal ------------------------------------------------------------------------------


async def test_listed_in_the_journal_and_opened(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    debrief = {"created": "2025-03-12T11:00:00+01:00",
               "answers": [{"question": "Is it big?", "answer": "about 2 cm"}],
               "next_steps": "results on Friday", "stress": 5}
    seed(store, {**SCAN, "debrief": debrief})
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        journal = app.screen
        assert isinstance(journal, JournalScreen)
        rows = [str(o.prompt) for o in journal.query_one(OptionList)._options]
        assert any("After the scan on Wed 12 Mar: results on Friday" in r for r in rows), rows
        await pilot.press("enter")
        await settle(pilot)
        entry = app.screen
        assert isinstance(entry, EntryScreen)
        assert "Is it big?\n  about 2 cm" in entry.text
        assert "Stress afterwards\n  5 out of 10" in entry.text


async def test_deleting_it_in_the_journal_keeps_the_appointment(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    seed(store, {**SCAN, "debrief": {"created": "2025-03-12T11:00:00+01:00", "other": "rest"}})
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("y")  # the confirm modal: yes, delete
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
        assert app.screen.query_one(OptionList).option_count == 0
    [record] = on_disk(store)
    assert record["debrief"] is None and record["where"] == "City Hospital"


EVIL = "\u001b]0;TITLE\u0007\u001b[2J[b]x"
SHOWN = "␛]0;TITLE␇␛[2J[b]x"


async def test_words_from_the_data_are_shown_harmless_never_run_or_styled(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    seed(store, {**SCAN, "where": EVIL, "questions": [EVIL], "top_questions": []})
    store.update_document("goals.json", lambda doc: {**doc, "goals": [
        {"id": "g1", "title": EVIL}]})
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = await open_debrief(pilot)
        about = str(screen.query_one("#debrief-about", Static).render())
        assert SHOWN in about and "\u001b" not in about
        question = str(screen.query_one("#label-f-answer-0", Static).render())
        assert SHOWN in question
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        entry = app.screen
        assert isinstance(entry, EntryScreen)
        assert SHOWN in entry.text and "\u001b" not in entry.text
