"""The first-run welcome (once, then from Settings) and each pattern's safety note before its
first use."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import OptionList

from pacer.app import PacerApp
from pacer.keymap import KEYS, TODAY_KEYS
from pacer.screens.breathe import BreatheScreen
from pacer.screens.confirm import ConfirmModal
from pacer.screens.dialogs import StressRatingScreen, SummaryScreen
from pacer.screens.home import HomeScreen
from pacer.screens.session import SessionScreen
from pacer.screens.welcome import SafetyNoteScreen, WelcomeScreen
from pacer.store import Store


def shown(screen, selector: str) -> str:  # type: ignore[no-untyped-def]
    return str(screen.query_one(selector).render())


async def test_welcome_appears_once_then_never_again(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    async with make_app(first_run_notes=True).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        welcome = pilot.app.screen
        assert isinstance(welcome, WelcomeScreen)
        body = shown(welcome, "#welcome-body") + shown(welcome, "#welcome-safety")
        assert "not medical advice" in body
        assert "contact your care team" in body
        assert "Dizzy, tingly" in body and "Breath holds are optional" in body
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("n")  # the first-run holds question (test_holds_question)
        await pilot.pause()
        assert isinstance(pilot.app.screen, HomeScreen)
    assert store.settings()["welcome_seen"] is True
    async with make_app(first_run_notes=True).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(pilot.app.screen, HomeScreen)


async def test_welcome_can_be_read_again_from_settings(
    make_app: Callable[..., PacerApp],
) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        await pilot.press("s", "w")
        await pilot.pause()
        assert isinstance(pilot.app.screen, WelcomeScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert type(pilot.app.screen).__name__ == "SettingsScreen"


async def test_skip_welcome_environment_variable(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PACER_SKIP_WELCOME", "1")
    app = PacerApp(store, sound=False, reduced_motion=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(pilot.app.screen, HomeScreen)


async def choose(pilot, key: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("b")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, BreatheScreen)
    keys = [p.key for p in screen.patterns]
    screen.query_one("#patterns", OptionList).highlighted = keys.index(key)
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()


async def test_safety_note_before_a_patterns_first_use_only(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    # The stress-before question comes after the note; it is tested in test_stress_before.
    store.save_settings({"welcome_seen": True, "ask_stress_before": False, "hide_holds": False})
    async with make_app(first_run_notes=True).run_test(size=(80, 24)) as pilot:
        await choose(pilot, "4-7-8")
        note = pilot.app.screen
        assert isinstance(note, SafetyNoteScreen)
        assert "breath holds" in shown(note, "#safety-holds")
        assert "Holds are optional" in shown(note, "#safety-note")
        await pilot.press("escape")  # not now: back to the chooser, nothing recorded
        await pilot.pause()
        assert isinstance(pilot.app.screen, BreatheScreen)
        assert store.settings()["seen_patterns"] == []
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, SessionScreen)
        assert store.settings()["seen_patterns"] == ["4-7-8"]
        await pilot.press("escape", "y")  # stop early
        await pilot.pause()
        # Stopping early asks how you feel now, then shows the summary: Escape passes each.
        assert isinstance(pilot.app.screen, StressRatingScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, SummaryScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HomeScreen)
        await choose(pilot, "4-7-8")
        assert isinstance(pilot.app.screen, SessionScreen)  # no note the second time


async def test_a_pattern_without_holds_is_not_marked(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    async with make_app(first_run_notes=True).run_test(size=(80, 24)) as pilot:
        await pilot.pause()  # the welcome comes a frame after Today
        assert type(pilot.app.screen).__name__ == "WelcomeScreen"
        await pilot.press("enter")  # close the welcome
        await pilot.pause()
        await pilot.press("n")  # the first-run holds question (test_holds_question)
        await choose(pilot, "resonance")
        note = pilot.app.screen
        assert isinstance(note, SafetyNoteScreen)
        assert not note.query("#safety-holds")
        assert "Slow, not big" in shown(note, "#safety-note")


async def test_how_to_close_the_welcome_shows_without_scrolling_at_80x24(
    make_app: Callable[..., PacerApp],
) -> None:
    async with make_app(first_run_notes=True).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        welcome = pilot.app.screen
        assert isinstance(welcome, WelcomeScreen)
        scroll = welcome.query_one(VerticalScroll)
        hint = welcome.query_one("#welcome-hint")
        assert scroll.scroll_y == 0
        assert hint.region.height >= 1
        assert scroll.content_region.contains_region(hint.region)
        assert "enter: go to Today" in shown(welcome, "#welcome-hint")


@pytest.mark.parametrize(
    ("key", "screen_name"),
    [
        ("b", "BreatheScreen"),
        ("c", "CalmScreen"),
        ("r", "ReappraiseScreen"),
        ("f", "GoalsScreen"),
        ("h", "HistoryScreen"),
        ("s", "SettingsScreen"),
        ("t", "AppointmentsScreen"),
        ("j", "JournalScreen"),
        ("question_mark", "HelpScreen"),
    ],
)
async def test_a_today_key_on_the_welcome_closes_it_and_does_its_thing(
    make_app: Callable[..., PacerApp], store: Store, key: str, screen_name: str
) -> None:
    async with make_app(first_run_notes=True).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(pilot.app.screen, WelcomeScreen)
        await pilot.press(key)
        await pilot.pause()
        # The first-run holds question comes first (test_holds_question), then the key's thing.
        assert isinstance(pilot.app.screen, ConfirmModal)
        await pilot.press("n")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert type(pilot.app.screen).__name__ == screen_name
        assert not any(isinstance(s, WelcomeScreen) for s in pilot.app.screen_stack)
        if key == "question_mark":  # help for Today, not for the welcome
            assert pilot.app.screen.title_text == "Today"  # type: ignore[attr-defined]
    assert store.settings()["welcome_seen"] is True


def test_every_today_key_is_passed_on_by_the_welcome() -> None:
    bound = {b.key for b in WelcomeScreen.BINDINGS if isinstance(b, Binding)}
    for name in (*TODAY_KEYS, "help", "quit"):
        assert set(KEYS[name].key_list) <= bound, name


async def test_q_on_the_welcome_quits(make_app: Callable[..., PacerApp], store: Store) -> None:
    app = make_app(first_run_notes=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(pilot.app.screen, WelcomeScreen)
        await pilot.press("q")
        await pilot.pause()
        assert app.return_code == 0
    assert store.settings()["welcome_seen"] is True
