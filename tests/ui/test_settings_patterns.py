"""Your patterns (Settings, p): a save sees every typed key, typed words are kept as a draft
and offered back, one confirm modal, and a pattern that cannot be used is reported."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from typing import Any

import pytest
from textual import events
from textual.widgets import Input, Static

from pacer.app import PacerApp
from pacer.screens.breathe import BreatheScreen
from pacer.screens.confirm import ConfirmModal
from pacer.screens.custom_patterns import CustomPatternsScreen, PatternFormScreen
from pacer.screens.leaving import KeepsWords
from pacer.store import Store


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def open_patterns(pilot) -> CustomPatternsScreen:  # type: ignore[no-untyped-def]
    await pilot.press("s", "p")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, CustomPatternsScreen)
    return screen


def burst(app: PacerApp, *keys: str) -> None:
    """Send keys all at once, without waiting between them (a fast typist, a paste)."""
    for key in keys:
        app.post_message(events.Key(key, key if len(key) == 1 else None))


def saved_patterns(store: Store) -> list[dict]:
    return store.read_document("patterns.json")["patterns"]


def write_patterns(store: Store, records: list) -> None:
    store.root.mkdir(parents=True, exist_ok=True)
    (store.root / "patterns.json").write_text(json.dumps({"schema": 1, "patterns": records}))


async def test_a_burst_of_typing_then_ctrl_s_saves_the_whole_name(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_patterns(pilot)
        await pilot.press("a")
        await settle(pilot)
        form = pilot.app.screen
        assert isinstance(form, PatternFormScreen)
        form.query_one("#rhythm", Input).value = "4-0-6"
        burst(pilot.app, *"Evening calm", "ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, CustomPatternsScreen)
    assert [r["name"] for r in saved_patterns(store)] == ["Evening calm"]


async def test_delete_asks_with_the_one_confirm_modal(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    write_patterns(store, [{"id": "evening", "name": "Evening", "rhythm": "4-0-6-0"}])
    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_patterns(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ConfirmModal)
        await pilot.press("n")
        await settle(pilot)
        assert len(saved_patterns(store)) == 1
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(pilot.app.screen, CustomPatternsScreen)
    assert saved_patterns(store) == []


async def test_typed_words_are_kept_as_a_draft_and_offered_back(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_patterns(pilot)
        await pilot.press("a")
        await settle(pilot)
        form = pilot.app.screen
        assert isinstance(form, KeepsWords)
        assert not form.has_unsaved_words()
        await pilot.press(*"Night", "tab", *"4-0-8")
        await settle(pilot)
        assert form.has_unsaved_words()
        form.keep_draft()  # what the app's one way out does on ctrl+q, SIGHUP, SIGTERM
    drafts = store.read_document("drafts.json")["drafts"]
    assert len(drafts) == 1
    assert drafts[0]["kind"] == "pattern" and drafts[0]["target"] is None
    assert drafts[0]["fields"] == {"name": "Night", "rhythm": "4-0-8"}

    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_patterns(pilot)
        await pilot.press("a")
        await settle(pilot)
        form = pilot.app.screen
        assert isinstance(form, PatternFormScreen)
        assert form.query_one("#name", Input).value == "Night"
        assert form.query_one("#rhythm", Input).value == "4-0-8"
        assert "not saved" in str(form.query_one("#pattern-error").render()).lower()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, CustomPatternsScreen)
    assert [r["id"] for r in saved_patterns(store)] == ["night"]
    assert store.read_document("drafts.json")["drafts"] == []  # dropped after the real save


async def test_escape_with_typed_words_asks_and_discarding_drops_the_draft(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_patterns(pilot)
        await pilot.press("a")
        await settle(pilot)
        form = pilot.app.screen
        assert isinstance(form, PatternFormScreen)
        await pilot.press(*"Night")
        form.keep_draft()
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ConfirmModal)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(pilot.app.screen, CustomPatternsScreen)
    assert store.read_document("drafts.json")["drafts"] == []
    assert not (store.root / "patterns.json").exists()


async def test_a_pattern_that_cannot_be_used_is_reported_where_patterns_are_listed(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    write_patterns(
        store,
        [
            {"id": "huge", "name": "Huge", "rhythm": "999-0-999"},
            {"id": "ok", "name": "Fine", "rhythm": "4-0-6-0"},
        ],
    )
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_patterns(pilot)
        text = str(screen.query_one("#custom-problems", Static).render())
        for word in ("patterns.json", "patterns[0]", "rhythm", "999-0-999"):
            assert word in text
        assert [p.key for p in screen.patterns] == ["ok"]
        await pilot.press("escape", "escape", "b")
        await settle(pilot)
        breathe = pilot.app.screen
        assert isinstance(breathe, BreatheScreen)
        note = str(breathe.query_one("#patterns-problem", Static).render())
        assert "999-0-999" in note and "patterns.json" in note
        assert breathe.query_one("#patterns-problem", Static).display


async def test_a_renamed_pattern_keeps_its_place_and_fields(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    write_patterns(
        store,
        [
            {"id": "a", "name": "A", "rhythm": "4-0-6-0", "mine": True},
            {"id": "b", "name": "B", "rhythm": "4-0-6-0"},
        ],
    )
    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_patterns(pilot)
        await pilot.press("e")
        await settle(pilot)
        form = pilot.app.screen
        assert isinstance(form, PatternFormScreen)
        form.query_one("#name", Input).value = "Apple"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, CustomPatternsScreen)
    assert [(r["id"], r.get("mine")) for r in saved_patterns(store)] == [
        ("apple", True),
        ("b", None),
    ]


async def test_the_form_closes_only_once_the_write_has_returned(
    make_app: Callable[..., PacerApp], store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The write runs in a thread; until it returns the form (and what is typed) stays."""
    from pacer.services.patterns import Patterns

    release = threading.Event()
    real = Patterns.save_pattern

    def slow(self: Patterns, *args: Any, **kwargs: Any) -> dict:
        assert threading.current_thread() is not threading.main_thread()
        release.wait(10)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Patterns, "save_pattern", slow)
    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_patterns(pilot)
        await pilot.press("a")
        await settle(pilot)
        await pilot.press(*"Night", "tab", *"4-0-8", "ctrl+s")
        await pilot.pause()
        assert isinstance(pilot.app.screen, PatternFormScreen)  # not closed, not "Saved" yet
        release.set()
        await settle(pilot)
        assert isinstance(pilot.app.screen, CustomPatternsScreen)
        assert "Saved Night" in "\n".join(n.message for n in pilot.app._notifications)
    assert [r["id"] for r in saved_patterns(store)] == ["night"]
