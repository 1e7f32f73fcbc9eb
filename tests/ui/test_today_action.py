"""The one thing to do today, written in the sprint branch of a reappraisal, stays on Today
until the person marks it done (issue 11, "Smaller"): shown, done with one key, gone, and still
gone after a restart. Only the newest undone action is shown, as plain harmless text."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import Static

from pacer.app import PacerApp
from pacer.keymap import KEYS, display
from pacer.screens.home import HomeScreen
from pacer.screens.reappraise import ReappraiseScreen
from pacer.services import Services
from pacer.store import Store
from pacer.widgets import nuts_form

E1 = "11111111-1111-4111-8111-111111111111"
E2 = "22222222-2222-4222-8222-222222222222"
E3 = "33333333-3333-4333-8333-333333333333"


@pytest.fixture(autouse=True)
def steady_text_areas(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nuts_form, "CURSOR_BLINK", False)


async def settle(pilot: Pilot[Any]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


def action_widget(pilot: Pilot[Any]) -> Static:
    screen = pilot.app.screen
    assert isinstance(screen, HomeScreen)
    return screen.query_one("#home-action", Static)


def shown(widget: Static) -> str:
    content = widget.render()
    return content.plain if isinstance(content, Text) else str(content)


def sprint(entry_id: str, action: str, created: str, **more: Any) -> dict[str, Any]:
    return {"id": entry_id, "kind": "reappraisal", "created": created, "situation": "Worry",
            "sprint": True, "action": action, "stress_before": 6, "path": "sprint", **more}


async def test_written_in_sprint_shown_on_today_done_and_gone_after_a_restart(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert not action_widget(pilot).display  # nothing to do yet
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ReappraiseScreen)
        await pilot.press(*"A new cough", "tab", "6", "enter")
        await settle(pilot)
        await pilot.press("down", "enter")  # yes, something needs action today
        await settle(pilot)
        await pilot.press(*"Call about the cough", "ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, HomeScreen)
        widget = action_widget(pilot)
        assert widget.display
        assert "Call about the cough" in shown(widget)
        assert f"{display('done')}" in shown(widget)
        await pilot.press(KEYS["done"].key_list[0])
        await settle(pilot)
        assert not action_widget(pilot).display
    [entry] = store.read_log("journal.jsonl")
    assert entry["action"] == "Call about the cough"
    assert entry["action_done"]  # when it was marked done
    async with make_app().run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert not action_widget(pilot).display


async def test_only_the_newest_undone_action_is_shown(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    store.append("journal.jsonl", sprint(E1, "Ring the pharmacy", "2025-03-10T09:00:00+01:00"))
    store.append("journal.jsonl", sprint(E2, "Book the blood test", "2025-03-11T09:00:00+01:00"))
    store.append("journal.jsonl", sprint(E3, "Already done", "2025-03-12T09:00:00+01:00",
                                         action_done="2025-03-12T10:00:00+01:00"))
    async with make_app().run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = shown(action_widget(pilot))
        assert "Book the blood test" in text
        assert "Ring the pharmacy" not in text and "Already done" not in text
        await pilot.press(KEYS["done"].key_list[0])
        await settle(pilot)
        assert "Ring the pharmacy" in shown(action_widget(pilot))
    done = {e["id"]: e.get("action_done") for e in store.read_log("journal.jsonl")}
    assert done[E2] and not done[E1]


async def test_the_action_is_harmless_plain_text_and_wraps_at_40x12(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    nasty = "\u001b]0;TITLE\u0007\u001b[2J[b]x[/b] call the nurse about the new cough today"
    store.append("journal.jsonl", sprint(E1, nasty, "2025-03-11T09:00:00+01:00"))
    async with make_app().run_test(size=(40, 12)) as pilot:
        await settle(pilot)
        widget = action_widget(pilot)
        text = shown(widget)
        assert "\u001b" not in text and "\u0007" not in text
        assert "[b]x[/b]" in text  # markup shown as typed, never styled
        assert "call the nurse about the new cough today" in " ".join(text.split())
        assert widget.size.width <= 40
        assert widget.size.height >= 3  # the action wrapped, not cut, then the key line


async def test_no_key_press_does_nothing_without_an_action(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(KEYS["done"].key_list[0])
        await settle(pilot)
        assert isinstance(pilot.app.screen, HomeScreen)
    assert store.read_log("journal.jsonl") == []


def test_the_service_marks_one_entry_done_and_keeps_the_rest(tmp_path: Path) -> None:
    store = Store(tmp_path / "data")
    store.append("journal.jsonl", sprint(E1, "Ring the pharmacy", "2025-03-10T09:00:00+01:00",
                                         own_note="kept"))
    journal = Services.open(store).journal
    found = journal.open_action()
    assert found is not None and (found.entry_id, found.action) == (E1, "Ring the pharmacy")
    now = datetime.fromisoformat("2025-03-12T15:30:00+01:00")
    assert journal.mark_action_done(E1, now) is True
    assert journal.open_action() is None
    [entry] = store.read_log("journal.jsonl")
    assert entry["action_done"] == "2025-03-12T15:30:00+01:00"
    assert entry["own_note"] == "kept"
    assert not journal.entries().problems  # the new field fits the record
    assert journal.mark_action_done("no-such-id", now) is False


# --- Settings' default-pattern list and hide_holds (issue 11, "Smaller") ---------------------


def pattern_options(pilot: Pilot[Any]) -> dict[str, str]:
    from textual.widgets import Select

    select = pilot.app.screen.query_one("#default_pattern", Select)
    return {value: str(prompt) for prompt, value in select._options if isinstance(value, str)}


def holds_note(pilot: Pilot[Any]) -> str:
    from textual.widgets import Label

    note = pilot.app.screen.query_one("#default_pattern-holds", Label)
    return str(note.render()) if note.display else ""


async def test_settings_hides_hold_patterns_when_hide_holds_is_on(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    from pacer.domain.patterns import BUILTIN

    store.save_settings({"hide_holds": True})
    holds = {key for key, p in BUILTIN.items() if p.has_holds}
    assert holds  # box breathing, 4-7-8
    async with make_app().run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await settle(pilot)
        assert not holds & set(pattern_options(pilot))
        assert holds_note(pilot) == ""
        await pilot.press("escape")
        await settle(pilot)
    store.save_settings({"hide_holds": False})
    async with make_app().run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await settle(pilot)
        options = pattern_options(pilot)
        assert holds <= set(options)
        assert all("has holds" in options[key] for key in holds)  # marked in words
        await pilot.press("tab", "tab", "tab", "tab", "space")  # Hide holds: on
        await settle(pilot)
        assert store.settings()["hide_holds"] is True
        assert not holds & set(pattern_options(pilot))  # hidden at once


async def test_a_current_default_with_holds_stays_readable_with_a_note(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    store.save_settings({"hide_holds": True, "default_pattern": "box"})
    async with make_app().run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await settle(pilot)
        options = pattern_options(pilot)
        assert "has holds" in options["box"]
        assert [key for key in options if key != "box" and "has holds" in options[key]] == []
        assert "breath holds" in holds_note(pilot)
    assert store.settings()["default_pattern"] == "box"  # shown, never replaced
