"""The wait on Today (issue 12, section 1): calm words for the wait for results, one small
thing for the day (enter: 5 minutes of long-exhale breathing, through the usual start with its
"stress now" question; a pleasant thing of the person's own), and the wait ending when they
say the results came. Nothing counts streaks; a skipped day says nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from rich.text import Text
from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import Input, RadioSet, Select, Static

from pacer.app import PacerApp
from pacer.clock import FakeClock
from pacer.screens.appointments import AppointmentFormScreen
from pacer.screens.home import HomeScreen
from pacer.screens.session import SessionScreen
from pacer.screens.stress_before import StressBeforeScreen
from pacer.services import Services
from pacer.store import Store
from pacer.widgets.results_fields import ResultsFields
from pacer.widgets.tick_box import TickBox
from pacer.widgets.wait_card import CAME_LINK, NO_PLEASANT, WaitCard

ZONE = timezone(timedelta(hours=1))
SCAN_AT = datetime(2025, 3, 10, 9, 30, tzinfo=ZONE)  # Monday
DAY_1 = datetime(2025, 3, 10, 15, 0, tzinfo=ZONE)
DAY_3 = datetime(2025, 3, 12, 15, 30, tzinfo=ZONE)  # Wednesday
SCAN = {"id": "scan-1", "kind": "scan", "when": SCAN_AT.isoformat(), "where": "City Hospital",
        "results_due": "2025-03-14"}  # Friday


class Wall:
    """A wall clock the test moves on (the app reads it each time)."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def wall() -> Wall:
    return Wall(DAY_3)


def seed(store: Store, *appointments: dict[str, Any], pleasant: list[str] | None = None) -> None:
    services = Services.open(store)
    for appointment in appointments:
        services.appointments.save(dict(appointment))
    if pleasant is not None:
        services.settings.change({"pleasant_things": pleasant})


async def settle(pilot: Pilot[Any]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


def card(pilot: Pilot[Any]) -> WaitCard:
    screen = pilot.app.screen
    assert isinstance(screen, HomeScreen)
    return screen.query_one(WaitCard)


def card_lines(widget: WaitCard) -> list[str]:
    """The card's text, line by line as written (the screen may wrap them)."""
    content = widget.render()
    assert isinstance(content, Content)
    return content.plain.splitlines()


async def back_to_today(pilot: Pilot[Any]) -> None:
    """Leave Today and come back: it reads the data and the clock again."""
    await pilot.press("h")
    await pilot.pause()
    await pilot.press("escape")
    await settle(pilot)


async def test_the_wait_on_day_1_and_day_3_in_calm_words(
    make_app: Callable[..., PacerApp], store: Store, wall: Wall
) -> None:
    seed(store, SCAN, pleasant=["a walk", "call Sam", "tea in the garden"])
    wall.now = DAY_1
    async with make_app().run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        shown = card(pilot)
        assert shown.display
        text = "\n".join(card_lines(shown))
        assert "Waiting for your scan results: day 1, expected Friday" in text
        assert "For today: enter 5 minutes of long-exhale breathing" in text
        assert "Something pleasant: " in text
        wall.now = DAY_3
        await back_to_today(pilot)
        text = "\n".join(card_lines(card(pilot)))
        assert "Waiting for your scan results: day 3, expected Friday" in text
        # No streak, no count of missed days: nothing was done on days 1 and 2.
        for word in ("streak", "missed", "skipped", "in a row"):
            assert word not in text.lower()
        # Three lines at 80x24 (none wraps), and the keys list is still on screen.
        assert card(pilot).size.height == len(card_lines(card(pilot))) == 3
        keys = pilot.app.screen.query_one("#home-keys")
        assert keys.region.bottom <= 24 - 2  # above the disclaimer and the footer


async def test_todays_pleasant_thing_is_from_the_list_and_stays_all_day(
    make_app: Callable[..., PacerApp], store: Store, wall: Wall
) -> None:
    from pacer.domain.wait import pleasant_for

    things = ["a walk", "call Sam", "tea in the garden"]
    seed(store, SCAN, pleasant=things)
    async with make_app().run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        expected = pleasant_for(DAY_3.date(), things)
        assert expected is not None
        assert f"Something pleasant: {expected}" in card_lines(card(pilot))
        wall.now = DAY_3 + timedelta(hours=5)
        await back_to_today(pilot)
        assert f"Something pleasant: {expected}" in card_lines(card(pilot))


async def test_an_empty_pleasant_list_invites_them_to_write_a_few(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    seed(store, SCAN)
    async with make_app().run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert f"Something pleasant: {NO_PLEASANT}" in card_lines(card(pilot))
        assert "Settings" in NO_PLEASANT


async def test_no_wait_no_card_and_enter_does_nothing(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    seed(store, {**SCAN, "results_due": None})  # nothing says when: no wait to show
    async with make_app().run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert not card(pilot).display
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HomeScreen)


async def test_enter_starts_five_minutes_of_long_exhale_after_the_stress_question(
    store: Store, clock: FakeClock, wall: Wall
) -> None:
    seed(store, SCAN)
    app = PacerApp(store, clock=clock, wall_clock=wall, sound=False, first_run_notes=False,
                   reduced_motion=False, ask_stress_before=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, StressBeforeScreen)  # the usual start path
        await pilot.press("6", "enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        assert screen.pattern.key == "extended-exhale"
        assert screen.session.timeline.duration == pytest.approx(5 * 60, abs=10)


async def test_the_results_came_ends_the_wait(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    seed(store, SCAN)
    async with make_app().run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        shown = card(pilot)
        line = card_lines(shown)[1]
        column = line.index(CAME_LINK) + 3
        await pilot.click(WaitCard, offset=(column + 2, 1))  # + the border and the padding
        await settle(pilot)
        assert not card(pilot).display
        (record,) = Services.open(store).appointments.listing().items
        assert record["results_came"] == DAY_3.isoformat(timespec="seconds")


async def test_the_wait_ends_when_the_results_visit_comes(
    make_app: Callable[..., PacerApp], store: Store, wall: Wall
) -> None:
    visit = {"id": "visit-1", "kind": "results", "where": "Clinic B",
             "when": datetime(2025, 3, 13, 11, 0, tzinfo=ZONE).isoformat()}
    seed(store, {**SCAN, "results_due": None, "results_appointment": "visit-1"}, visit)
    async with make_app().run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "Waiting for your scan results: day 3, expected tomorrow" in card_lines(
            card(pilot))[0]
        wall.now = datetime(2025, 3, 13, 11, 5, tzinfo=ZONE)
        await back_to_today(pilot)
        assert not card(pilot).display


async def test_readable_at_40x12(make_app: Callable[..., PacerApp], store: Store) -> None:
    seed(store, SCAN, pleasant=["a slow walk by the river with the dog"])
    async with make_app().run_test(size=(40, 12)) as pilot:
        await settle(pilot)
        shown = card(pilot)
        assert shown.region.right <= 40 and shown.size.height > 3  # wrapped, not cut
        words = " ".join(" ".join(card_lines(shown)).split())
        assert "Waiting for your scan results: day 3, expected Friday" in words
        assert "5 minutes of long-exhale breathing" in words
        assert "a slow walk by the river with the dog" in words


# --- the appointment form's results fields -------------------------------------------------


async def open_form(pilot: Pilot[Any], key: str) -> AppointmentFormScreen:
    await pilot.press("t")
    await settle(pilot)
    await pilot.press(key)
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, AppointmentFormScreen)
    return form


def hint(form: AppointmentFormScreen) -> str:
    content = form.query_one("#results-hint", Static).render()
    return str(content.plain if isinstance(content, (Content, Text)) else content)


async def test_the_form_saves_results_due_and_the_link(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    visit = {"id": "visit-1", "kind": "results", "where": "Clinic B",
             "when": datetime(2025, 3, 27, 11, 0, tzinfo=ZONE).isoformat()}
    seed(store, visit)
    async with make_app().run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot, "a")  # a scan is the kind chosen first
        assert form.query_one(ResultsFields).display
        form.query_one("#f-when", Input).focus()
        await pilot.press(*"2025-03-17 09:00")  # Monday
        form.query_one("#f-results_due", Input).focus()
        await pilot.press(*"in a week")
        await pilot.pause()
        assert hint(form) == "Mon 24 Mar"  # a week after the scan, shown as typed
        await pilot.press("tab")
        assert form.focused is form.query_one("#f-results_appointment", Select)
        await pilot.press("enter", "down", "enter")  # open the list, the visit, choose it
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(pilot.app.screen, AppointmentFormScreen)
    scan = next(a for a in Services.open(store).appointments.listing().items
                if a["kind"] == "scan")
    assert scan["results_due"] == "2025-03-24"
    assert scan["results_appointment"] == "visit-1"


async def test_a_bad_results_day_is_named_beside_the_field_and_nothing_saved(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot, "a")
        form.query_one("#f-when", Input).focus()
        await pilot.press(*"2025-03-17 09:00")
        form.query_one("#f-results_due", Input).focus()
        await pilot.press(*"soon")
        await pilot.pause()
        assert "'soon' is not a date" in hint(form)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is form
        assert form.focused is form.query_one("#f-results_due", Input)
        assert "'soon'" in hint(form)
    assert Services.open(store).appointments.listing().items == []


async def test_the_tick_in_the_edit_form_ends_the_wait(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    seed(store, SCAN)
    async with make_app().run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert card(pilot).display
        form = await open_form(pilot, "e")
        tick = form.query_one("#f-results_came", TickBox)
        assert not tick.value
        tick.focus()
        await pilot.press("space", "ctrl+s")
        await settle(pilot)
        await pilot.press("escape")  # back to Today from the list
        await settle(pilot)
        assert not card(pilot).display
    (record,) = Services.open(store).appointments.listing().items
    assert record["results_came"] == DAY_3.isoformat(timespec="seconds")
    assert record["results_due"] == "2025-03-14"  # the rest as it was


async def test_a_visit_without_results_hides_and_clears_the_fields(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    future = {**SCAN, "when": datetime(2025, 3, 17, 9, 0, tzinfo=ZONE).isoformat()}
    seed(store, future)
    async with make_app().run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot, "e")
        assert form.query_one(ResultsFields).display
        kinds = form.query_one("#f-kind", RadioSet)
        kinds.focus()
        await pilot.press("right", "right", "right", "enter")  # Oncologist
        await pilot.pause()
        assert not form.query_one(ResultsFields).display
        await pilot.press("ctrl+s")
        await settle(pilot)
    (record,) = Services.open(store).appointments.listing().items
    assert record["kind"] == "oncologist" and record["results_due"] is None
