"""One key map for the whole app (pacer/keymap.py): every screen's footer uses it, hints write
keys the same way, help and the README show the map itself, and a letter or a ctrl key means
one thing everywhere."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Button, Input, Label, Static

from pacer.app import PacerApp
from pacer.domain.goals import new_goal
from pacer.keymap import CONTEXT_KEYS, KEYMAP, KEYS, display_key, lookup, markdown_table
from pacer.screens.help import HelpScreen
from pacer.screens.reappraise import ReappraiseScreen
from pacer.store import Store
from tests.ui.conftest import WALL_NOW

README = Path(__file__).resolve().parents[2] / "README.md"


# --- the map itself ---------------------------------------------------------------------------


def test_a_letter_or_ctrl_key_means_one_thing_in_the_whole_app() -> None:
    owners: dict[str, list[str]] = {}
    for key in KEYMAP:
        for name in key.key_list:
            owners.setdefault(name, []).append(key.name)
    shared = {k: v for k, v in owners.items() if len(v) > 1 and k not in CONTEXT_KEYS}
    assert shared == {}


def test_the_named_actions_have_their_one_key() -> None:
    expected = {
        "save": "ctrl+s", "next": "ctrl+n", "previous": "ctrl+b", "skip": "ctrl+k",
        "delete": "d", "archive": "x", "add": "a", "help": "?", "quit": "q",
        "settings": "s", "appointments": "t", "back": "esc", "leave": "esc",
    }
    assert {name: KEYS[name].display for name in expected} == expected


@pytest.mark.parametrize(
    ("key", "written"),
    [("ctrl+s", "ctrl+s"), ("escape", "esc"), ("question_mark", "?"), ("enter", "enter"),
     ("space", "space"), ("ctrl+q", "ctrl+q"), ("slash", "/"), ("b", "b")],
)
def test_one_notation(key: str, written: str) -> None:
    assert display_key(key) == written


def test_the_readme_table_is_the_key_map() -> None:
    text = README.read_text(encoding="utf-8")
    start, end = "<!-- keymap:start -->\n", "\n<!-- keymap:end -->"
    assert start in text and end in text
    table = text[text.index(start) + len(start) : text.index(end)]
    assert table == markdown_table()


async def test_help_shows_the_whole_key_map(make_app: Callable[..., PacerApp]) -> None:
    async with make_app().run_test(size=(100, 40)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        help_screen = pilot.app.screen
        assert isinstance(help_screen, HelpScreen)
        table = help_screen.query_one("#help-keymap", Static).content
        console = Console(width=96, record=True)
        console.print(table)
        shown = console.export_text()
        for key in KEYMAP:
            assert key.meaning in shown
        assert "ctrl+s" in shown and "Ctrl+" not in shown and "^s" not in shown


# --- every screen -----------------------------------------------------------------------------

Opener = Callable[[Pilot[Any]], Awaitable[None]]


def seed(store: Store) -> None:
    """A finish line, an appointment and a journal entry, so every screen
    has something to show."""
    goal = new_goal({"title": "See the sea"}, WALL_NOW - timedelta(days=30), goal_id="g1")
    store.update_document("goals.json", lambda doc: {**doc, "goals": [goal]})
    store.update_document("appointments.json", lambda d: {**d, "appointments": [
        {"id": "scan", "kind": "scan", "when": "2025-03-14T09:30:00+01:00",
         "where": "City Hospital", "notes": "", "questions": []}]})
    store.append("journal.jsonl", {
        "id": "00000000-0000-4000-8000-000000000001", "kind": "reappraisal",
        "created": "2025-03-10T09:00:00+01:00",
        "situation": "Waiting", "sprint": True, "action": "Call the nurse",
        "stress_before": 6, "path": "sprint"})


def keys(*pressed: str) -> Opener:
    async def open_screen(pilot: Pilot[Any]) -> None:
        for key in pressed:
            await pilot.press(key)
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()

    return open_screen


SCREENS: dict[str, tuple[Opener, str]] = {
    "today": (keys(), "HomeScreen"),
    "breathe": (keys("b"), "BreatheScreen"),
    "session": (keys("b", "enter"), "SessionScreen"),
    "reappraise": (keys("r"), "ReappraiseScreen"),
    "calm": (keys("c"), "CalmScreen"),
    "finish lines": (keys("f"), "GoalsScreen"),
    "finish line form": (keys("f", "a"), "GoalFormScreen"),
    "finish line": (keys("f", "enter"), "GoalDetailScreen"),
    "review": (keys("f", "v"), "ReviewScreen"),
    "history": (keys("h"), "HistoryScreen"),
    "history pace": (keys("h", "right"), "HistoryScreen"),
    "settings": (keys("s"), "SettingsScreen"),
    "your patterns": (keys("s", "p"), "CustomPatternsScreen"),
    "pattern form": (keys("s", "p", "a"), "PatternFormScreen"),
    "appointments": (keys("t"), "AppointmentsScreen"),
    "appointment form": (keys("t", "a"), "AppointmentFormScreen"),
    "journal": (keys("j"), "JournalScreen"),
    "journal entry": (keys("j", "enter"), "EntryScreen"),
    "stop the session?": (keys("b", "enter", "escape"), "ConfirmModal"),
    "rating": (keys("b", "enter", "escape", "y"), "StressRatingScreen"),
    "summary": (keys("b", "enter", "escape", "y", "escape"), "SummaryScreen"),
    "delete an appointment?": (keys("t", "d"), "ConfirmModal"),
    "help": (keys("question_mark"), "HelpScreen"),
    "welcome": (keys("s", "w"), "WelcomeScreen"),
}

#: Old or foreign ways of writing a key: never in Pacer's own words.
WRONG_NOTATION = re.compile(r"\^[a-z]\b|\bCtrl\+|\bEsc\b|\bEscape\b|\bEnter\b|\bSpace\b")
CTRL_WRITTEN = re.compile(r"\bctrl\+[a-z]\b")


def screen_words(screen: Screen[Any]) -> list[str]:
    """What the screen says: its labels, texts, buttons and help text."""
    words = [str(getattr(screen, "HELP", "") or "")]
    for widget in screen.query("*"):
        if isinstance(widget, Static | Label | Button):
            words.append(str(widget.render()))
        if isinstance(widget, Input):
            words.append(widget.placeholder)
    return words


@pytest.mark.parametrize("name", list(SCREENS))
async def test_every_footer_and_hint_uses_the_key_map(
    name: str, make_app: Callable[..., PacerApp], store: Store
) -> None:
    seed(store)
    opener, screen_name = SCREENS[name]
    async with make_app().run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await opener(pilot)
        app = pilot.app
        screen = app.screen
        assert type(screen).__name__ == screen_name
        shown = [
            (key, active.binding)
            for key, active in screen.active_bindings.items()
            if active.binding.show
        ]
        assert shown, "every screen has keys in its footer"
        for key, binding in shown:
            entry = lookup(key, binding.description)
            assert entry is not None, f"{name}: {key} {binding.description!r} is not in the map"
            assert binding.key_display == entry.display
            assert app.get_key_display(binding) == entry.display
        ctrl_displays = {k.display for k in KEYMAP if k.display.startswith("ctrl+")}
        for words in screen_words(screen):
            assert not WRONG_NOTATION.search(words), f"{name}: {words!r}"
            for written in CTRL_WRITTEN.findall(words):
                assert written in ctrl_displays, f"{name}: {written} in {words!r}"


async def test_no_footer_anywhere_writes_a_caret(
    make_app: Callable[..., PacerApp],
) -> None:
    """A widget's own key (a text box's) still gets Pacer's notation, never ``^x``."""
    from textual.binding import Binding

    app = make_app()
    assert app.get_key_display(Binding("ctrl+x", "noop", "Cut")) == "ctrl+x"
    assert app.get_key_display(Binding("escape", "noop", "Back")) == "esc"


# --- save and next, one key each --------------------------------------------------------------


async def test_the_last_reappraisal_step_saves_with_ctrl_s_not_ctrl_n(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    async with make_app().run_test(size=(100, 32)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, ReappraiseScreen)
        await pilot.press(*"The scan", "tab", "7", "enter", "ctrl+n", "ctrl+n")
        await pilot.press(*"It is hard, and I have help.", "ctrl+n")
        await pilot.pause()
        assert screen.flow.is_last
        footer = {a.binding.description: k for k, a in screen.active_bindings.items()
                  if a.binding.show and a.enabled}
        assert footer.get("Save") == "ctrl+s"
        assert "Next" not in footer
        await pilot.press("ctrl+n")  # next has nowhere to go: nothing is saved
        await pilot.app.workers.wait_for_complete()
        assert store.read_log("journal.jsonl") == []
        await pilot.press("4", "ctrl+s")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert len(store.read_log("journal.jsonl")) == 1


async def test_the_routine_checks_out_with_ctrl_s(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    from pacer.domain.routine import RoutineStep
    from pacer.screens.calm import CalmScreen

    async with make_app().run_test(size=(100, 32)) as pilot:
        await pilot.press("c")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, CalmScreen)
        while screen.step is not RoutineStep.CHECKOUT:
            await pilot.press("ctrl+k")
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
        footer = {a.binding.description: k for k, a in screen.active_bindings.items()
                  if a.binding.show and a.enabled}
        assert footer.get("Save") == "ctrl+s" and "Next" not in footer
        await pilot.press("4", "ctrl+n")  # not the save key: nothing happens
        await pilot.app.workers.wait_for_complete()
        assert store.read_log("journal.jsonl") == []
        await pilot.press("ctrl+s")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
    [routine] = store.read_log("journal.jsonl")
    assert routine["checkout"] == 4
