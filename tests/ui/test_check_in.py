"""The weekly check-in on Today (issue 13, section 2): offered once a week, put off with z,
done with k (the calm note at 4 or more), the battery question and a low day's suggestion,
words kept as a draft on the way out, and the weeks shown in History."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from uuid import uuid4

import pytest
from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import Input, Label, Static

from pacer.app import PacerApp
from pacer.clock import FakeClock
from pacer.keymap import KEYS, display
from pacer.screens.check_in import CheckInScreen
from pacer.screens.history import HistoryScreen
from pacer.screens.home import HomeScreen
from pacer.store import Store
from pacer.widgets.check_in_offer import CheckInOffer
from tests.ui.conftest import WALL_NOW

K = KEYS["check_in"].key_list[0]
Z = KEYS["later"].key_list[0]


async def settle(pilot: Pilot[Any]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


def text_of(widget: Static) -> str:
    content = widget.render()
    return content.plain if isinstance(content, Text) else str(content)


def offer(pilot: Pilot[Any]) -> CheckInOffer:
    screen = pilot.app.screen
    assert isinstance(screen, HomeScreen)
    return screen.query_one(CheckInOffer)


def offered(pilot: Pilot[Any]) -> bool:
    widget = offer(pilot)
    return widget.display and "A short check-in on how the week went?" in text_of(widget)


def journal(store: Store, kind: str) -> list[dict[str, Any]]:
    return [e for e in store.read_log("journal.jsonl") if e.get("kind") == kind]


def add_check_in(store: Store, when: datetime, distress: int = 3, **more: Any) -> None:
    store.append("journal.jsonl", {"id": str(uuid4()), "kind": "check-in",
                                   "created": when.isoformat(), "distress": distress, **more})


def settings(store: Store, **values: Any) -> None:
    store.update_document("settings.json", lambda doc: {**doc, **values})


def app_at(store: Store, moment: datetime) -> PacerApp:
    return PacerApp(store, clock=FakeClock(start=1000.0), wall_clock=lambda: moment,
                    sound=False, first_run_notes=False, reduced_motion=False)


async def test_offered_once_a_week_and_not_again_after_it_is_done(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert offered(pilot)
        assert f"{display('check_in')} to start, {display('later')} for later" in text_of(
            offer(pilot))
        await pilot.press(K)
        await settle(pilot)
        assert isinstance(pilot.app.screen, CheckInScreen)
        assert pilot.app.focused is pilot.app.screen.query_one("#check-in-distress")
        await pilot.press("2", "ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, HomeScreen)
        assert not offered(pilot)
    [saved] = journal(store, "check-in")
    assert saved["distress"] == 2 and saved["areas"] == [] and saved["note"] == ""
    # Six days later: still done. Seven days later on the calendar: offered again.
    async with app_at(store, WALL_NOW + timedelta(days=6, hours=8)).run_test() as pilot:
        await settle(pilot)
        assert not offered(pilot)
    async with app_at(store, WALL_NOW.replace(hour=0, minute=5) + timedelta(days=7)
                      ).run_test() as pilot:
        await settle(pilot)
        assert offered(pilot)


async def test_z_puts_it_off_until_tomorrow(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    add_check_in(store, WALL_NOW - timedelta(days=9))
    async with make_app().run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert offered(pilot)
        await pilot.press(Z)
        await settle(pilot)
        assert not offered(pilot)
        assert not offer(pilot).display  # nothing else to say today
    assert store.read_document("settings.json")["check_in_later"] == "2025-03-13"
    async with app_at(store, WALL_NOW + timedelta(hours=5)).run_test() as pilot:
        await settle(pilot)  # later the same evening: still put off
        assert not offered(pilot)
    async with app_at(store, WALL_NOW + timedelta(days=1)).run_test() as pilot:
        await settle(pilot)
        assert offered(pilot)


async def test_done_with_areas_a_line_and_the_calm_note_at_four_or_more(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    store.update_document("appointments.json", lambda doc: {**doc, "appointments": [
        {"id": "a1", "kind": "oncologist", "when": "2025-03-14T10:30:00+01:00",
         "where": "City Hospital"}]})
    async with make_app().run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(K)
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, CheckInScreen)
        care = screen.query_one("#check-in-care", Static)
        await pilot.press("3")
        await settle(pilot)
        assert not care.display  # below 4: no note
        await pilot.press("backspace", "6")
        await settle(pilot)
        assert care.display
        words = text_of(care)
        assert words.startswith("This is worth telling your care team about.")
        assert "Oncologist at City Hospital, Friday, in 2 days" in words
        await pilot.press("tab", "space", "tab", "tab", "tab", "space")  # body, feelings
        await pilot.press("tab", "tab", *"Tired after treatment", "ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, HomeScreen)
    [saved] = journal(store, "check-in")
    assert saved["distress"] == 6
    assert saved["areas"] == ["body", "feelings"]
    assert saved["note"] == "Tired after treatment"
    assert journal(store, "energy") == []  # the battery was not given


async def test_a_bad_number_is_named_and_nothing_is_saved(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(K)
        await settle(pilot)
        await pilot.press("1", "1", "ctrl+s")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, CheckInScreen)
        error = str(screen.query_one("#error-distress", Label).render())
        assert "'11'" in error and "0 to 10" in error
        # Ticks without a number: the week needs its number.
        screen.query_one("#check-in-distress", Input).value = ""
        await pilot.press("tab", "space", "ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, CheckInScreen)
        assert "number from 0 to 10" in str(screen.query_one("#error-distress", Label).render())
    assert store.read_log("journal.jsonl") == []


async def test_the_battery_question_and_a_low_day_suggestion(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    add_check_in(store, WALL_NOW - timedelta(days=2))  # the week is done
    settings(store, ask_energy=True)
    store.update_document("goals.json", lambda doc: {**doc, "goals": [
        {"id": "g1", "title": "Dance at Sam's wedding", "next_step": "Ten minutes of music"}]})
    async with make_app().run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert not offered(pilot)
        assert "How is your battery today, 0-10? k to answer" in text_of(offer(pilot))
        await pilot.press(K)
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, CheckInScreen)
        assert pilot.app.focused is screen.query_one("#check-in-energy")
        await pilot.press("2", "ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, HomeScreen)
        words = text_of(offer(pilot))
        assert "Battery today: 2 of 10" in words
        assert "A small step for today: Ten minutes of music (Dance at Sam's wedding)" in words
        assert "2 minutes of extended exhale" in words
        assert "How is your battery" not in words
    [reading] = journal(store, "energy")
    assert reading["energy"] == 2
    assert journal(store, "check-in")[1:] == []  # only the battery: no second check-in


async def test_not_a_low_day_only_says_the_battery(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    add_check_in(store, WALL_NOW - timedelta(days=2))
    settings(store, ask_energy=True)
    store.append("journal.jsonl", {"id": str(uuid4()), "kind": "energy",
                                   "created": WALL_NOW.replace(hour=9).isoformat(), "energy": 7})
    async with make_app().run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert text_of(offer(pilot)) == "Battery today: 7 of 10."


async def test_the_battery_question_can_be_turned_on_from_the_check_in(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(K)
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, CheckInScreen)
        screen.query_one("#check-in-ask-energy").focus()
        await pilot.press("space", "ctrl+s")  # only the setting: saved on its own
        await settle(pilot)
        assert isinstance(pilot.app.screen, HomeScreen)
        assert pilot.app.settings["ask_energy"] is True
        assert "How is your battery today" in text_of(offer(pilot))
    assert store.read_document("settings.json")["ask_energy"] is True


async def test_the_typed_line_is_kept_on_the_way_out_and_offered_back(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(K)
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, CheckInScreen)
        await pilot.press("5")
        screen.query_one("#check-in-note").focus()
        await pilot.press(*"A hard week")
        assert screen.has_unsaved_words()
        await pilot.press("ctrl+q")
        await settle(pilot)
    [draft] = store.read_document("drafts.json")["drafts"]
    assert draft["kind"] == "check-in"
    assert draft["fields"]["note"] == "A hard week" and draft["fields"]["distress"] == "5"
    async with make_app().run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(K)
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, CheckInScreen)
        assert screen.query_one("#check-in-note", Input).value == "A hard week"
        assert "what you typed last time" in text_of(screen.query_one("#check-in-status",
                                                                        Static))
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert journal(store, "check-in")[0]["note"] == "A hard week"
    assert store.read_document("drafts.json")["drafts"] == []


async def test_esc_with_nothing_typed_goes_straight_back(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(K)
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, HomeScreen)
        assert offered(pilot)  # leaving is not doing it: still offered


@pytest.mark.parametrize("size", [(80, 24), (40, 12)])
async def test_shown_in_history_beside_the_practice_minutes(
    make_app: Callable[..., PacerApp], store: Store, size: tuple[int, int]
) -> None:
    add_check_in(store, WALL_NOW - timedelta(days=1), 6)
    add_check_in(store, WALL_NOW - timedelta(days=8), 2)
    for days, energy in ((0, 3), (1, 8)):
        store.append("journal.jsonl", {"id": str(uuid4()), "kind": "energy", "energy": energy,
                                       "created": (WALL_NOW - timedelta(days=days)).isoformat()})
    async with make_app().run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press(KEYS["history"].key_list[0])
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, HistoryScreen)
        await screen.loaded.wait()
        await pilot.press(KEYS["pace_tab"].key_list[0])
        await settle(pilot)
        words = text_of(screen.query_one("#check-in-weeks", Static))
        lines = words.splitlines()
        this_week = next(line for line in lines if line.startswith("This week"))
        assert "6" in this_week.split()  # this week's distress
        if size[0] >= 80:  # each day: Mon not answered, Tue 8, Wed 3
            assert this_week.endswith("·  8  3")
        else:  # no room for seven days: the week's average
            assert this_week.endswith("5.5 on 2 days")
        last_week = next(line for line in lines if line.startswith("3 Mar"))
        assert "2" in last_week.split()


async def test_the_palette_opens_the_check_in_and_turns_the_battery_question_on(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    from pacer.commands import pacer_commands

    async with make_app().run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        commands = {title: run for title, _about, run in pacer_commands(pilot.app)}
        commands["Ask about my battery each day: on or off"]()
        await settle(pilot)
        assert store.read_document("settings.json")["ask_energy"] is True
        commands["Check in on how the week went"]()
        await settle(pilot)
        assert isinstance(pilot.app.screen, CheckInScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert "How is your battery today" in text_of(offer(pilot))  # Today read it again
