"""Settings: "Pleasant things for a wait", the person's own short list (one a day is offered on
Today while they wait for results). One per line, saved when the box is left, within the
records' limits; typed words not saved yet are kept as a "pleasant" draft on the way out and
offered back next time."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Label, TextArea

from pacer.app import PacerApp
from pacer.domain.records import PLEASANT_LIMIT
from pacer.screens.confirm import ConfirmModal
from pacer.screens.settings import PLEASANT_DRAFT, SettingsScreen
from pacer.services import Services
from pacer.store import Store


async def settle(pilot: Pilot[Any]) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def open_settings(pilot: Pilot[Any]) -> SettingsScreen:
    await pilot.press("s")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, SettingsScreen)
    return screen


def saved(store: Store) -> dict:
    path = store.root / "settings.json"
    return json.loads(path.read_text()) if path.exists() else {}


def note(screen: SettingsScreen) -> str:
    return str(screen.query_one("#pleasant_things-note", Label).render())


async def test_one_per_line_saved_when_the_box_is_left(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_settings(pilot)
        box = screen.query_one("#pleasant_things", TextArea)
        box.focus()
        await pilot.press(*"a walk", "enter", "enter", *" call Sam ")
        await pilot.pause()
        assert "pleasant_things" not in saved(store)  # not while typing
        await pilot.press("tab")
        await settle(pilot)
        assert saved(store)["pleasant_things"] == ["a walk", "call Sam"]
        assert note(screen) == "Saved."
        assert pilot.app.settings["pleasant_things"] == ["a walk", "call Sam"]  # Today uses it


async def test_the_list_is_shown_again_and_back_saves_a_change(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    Services.open(store).settings.change({"pleasant_things": ["tea in the garden"]})
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_settings(pilot)
        box = screen.query_one("#pleasant_things", TextArea)
        assert box.text == "tea in the garden"
        box.focus()
        box.move_cursor(box.document.end)
        await pilot.press("enter", *"music")
        await pilot.press("escape")
        await settle(pilot)
        assert saved(store)["pleasant_things"] == ["tea in the garden", "music"]


async def test_too_many_lines_are_not_saved_and_the_note_says_why(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_settings(pilot)
        box = screen.query_one("#pleasant_things", TextArea)
        box.text = "\n".join(f"thing {n}" for n in range(PLEASANT_LIMIT + 1))
        box.focus()
        await pilot.press("tab")
        await settle(pilot)
        assert "pleasant_things" not in saved(store)
        assert f"up to {PLEASANT_LIMIT}" in note(screen) and "13" in note(screen)


async def test_unsaved_words_become_a_draft_and_come_back(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_settings(pilot)
        screen.query_one("#pleasant_things", TextArea).focus()
        await pilot.press(*"a swim")
        assert screen.has_unsaved_words()
        screen.keep_draft()  # what the app's way out calls (ctrl+q, a closed window)
    assert "pleasant_things" not in saved(store)
    draft = Services.open(store).drafts.find(PLEASANT_DRAFT, None)
    assert draft is not None and draft["fields"] == {"text": "a swim"}
    async with make_app().run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ConfirmModal)
        await pilot.press("y")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, SettingsScreen)
        assert screen.query_one("#pleasant_things", TextArea).text == "a swim"
        await pilot.press("escape")  # leaving the page finishes the box: saved
        await settle(pilot)
    assert saved(store)["pleasant_things"] == ["a swim"]
    assert Services.open(store).drafts.find(PLEASANT_DRAFT, None) is None


async def test_a_draft_can_be_discarded(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    Services.open(store).settings.change({"pleasant_things": ["a walk"]})
    Services.open(store).drafts.keep(PLEASANT_DRAFT, None, {"text": "a walk\nbake"},
                                     __import__("datetime").datetime.now().astimezone())
    async with make_app().run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ConfirmModal)
        await pilot.press("n")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, SettingsScreen)
        assert screen.query_one("#pleasant_things", TextArea).text == "a walk"
    assert Services.open(store).drafts.find(PLEASANT_DRAFT, None) is None
    assert saved(store)["pleasant_things"] == ["a walk"]
