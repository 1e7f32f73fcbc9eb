"""Themes, NO_COLOR, the small-terminal layout and the command palette.

Snapshots pin what each theme and the 40x12 layout look like; pilot tests check the palette
offers Pacer's actions in plain words and that each one does what it says.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input, Static

from pacer.app import PacerApp
from pacer.commands import pacer_commands
from pacer.screens.home import HomeScreen
from pacer.screens.session import SessionScreen
from pacer.screens.welcome import TooSmallScreen
from pacer.store import Store
from tests.ui.conftest import seed_week


@pytest.mark.parametrize("theme", ["pacer-light", "pacer-contrast"])
def test_home_in_each_theme(
    snap_compare: Any, make_app: Callable[..., PacerApp], store: Store, theme: str
) -> None:
    seed_week(store)
    store.save_settings({"theme": theme})
    assert snap_compare(make_app(), terminal_size=(80, 24))


def test_settings_in_high_contrast(
    snap_compare: Any, make_app: Callable[..., PacerApp], store: Store
) -> None:
    store.save_settings({"theme": "pacer-contrast"})

    async def pin_data_folder(pilot: Pilot[Any]) -> None:
        """The data folder is a temporary path that changes every run; show a fixed one."""
        await pilot.press("s")
        await pilot.pause()
        pilot.app.screen.query_one("#settings-data", Static).update(
            "Your data folder: ~/.local/share/pacer\n"
            "It stays on this computer. If something looks wrong, run: pacer doctor"
        )
        await pilot.pause()

    assert snap_compare(make_app(), run_before=pin_data_folder, terminal_size=(80, 24))


def test_home_with_no_color(
    snap_compare: Any,
    make_app: Callable[..., PacerApp],
    store: Store,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    seed_week(store)
    app = make_app()
    assert app.no_color
    assert snap_compare(app, terminal_size=(80, 24))


@pytest.mark.parametrize("keys", [[], ["s"], ["b"]], ids=["home", "settings", "breathe"])
def test_compact_layout_at_40x12(
    snap_compare: Any, make_app: Callable[..., PacerApp], store: Store, keys: list[str]
) -> None:
    seed_week(store)
    assert snap_compare(make_app(), press=keys, terminal_size=(40, 12))


def test_welcome_at_40x12(snap_compare: Any, make_app: Callable[..., PacerApp]) -> None:
    assert snap_compare(make_app(first_run_notes=True), terminal_size=(40, 12))


async def test_an_unknown_saved_theme_falls_back_to_calm_dark(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    store.save_settings({"theme": "neon-party"})
    async with make_app().run_test(size=(80, 24)) as pilot:
        assert pilot.app.theme == "pacer-dark"


async def test_too_small_shows_a_polite_note_and_recovers(
    make_app: Callable[..., PacerApp],
) -> None:
    async with make_app().run_test(size=(30, 8)) as pilot:
        await pilot.pause()
        assert isinstance(pilot.app.screen, TooSmallScreen)
        await pilot.resize_terminal(40, 12)
        await pilot.pause()
        assert isinstance(pilot.app.screen, HomeScreen)


def test_palette_offers_the_actions_in_plain_words(
    make_app: Callable[..., PacerApp],
) -> None:
    titles = [title for title, _about, _run in pacer_commands(make_app())]
    for wanted in (
        "Start 4-7-8 relaxing breath for 5 minutes",
        "Calm down before my appointment",
        "Add a finish line",
        "Sound on or off",
        "Theme: High contrast",
        "Settings",
    ):
        assert wanted in titles


async def test_palette_starts_a_session_by_typing(make_app: Callable[..., PacerApp]) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert CommandPalette.is_open(pilot.app)
        pilot.app.screen.query_one(Input).value = "start 4-7-8"
        hits = pilot.app.screen.query_one(CommandList)

        def first() -> str:
            return str(hits.get_option_at_index(0).prompt) if hits.option_count else ""

        await pilot.pause()  # Input.Changed starts the palette's search worker
        await pilot.app.workers.wait_for_complete()  # its answer is in the list when it ends
        assert first().startswith("Start 4-7-8 relaxing breath for 5 minutes")
        await pilot.press("down", "enter")
        await pilot.pause()
        session = pilot.app.screen
        assert isinstance(session, SessionScreen)
        assert session.pattern.key == "4-7-8"


async def test_palette_toggles_sound_and_theme(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        commands = {title: run for title, _about, run in pacer_commands(app)}
        commands["Sound on or off"]()
        commands["Theme: Light"]()
        await pilot.pause()
        assert store.settings()["sound"] is False
        assert app.theme == "pacer-light"
