"""Pilot tests of Settings: each change is saved to settings.json and takes effect at once."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.widgets import Input, Label, Select, Switch

from pacer.app import PacerApp
from pacer.screens.breathe import BreatheScreen
from pacer.screens.home import HomeScreen
from pacer.screens.settings import SettingsScreen
from pacer.store import Store


async def open_settings(pilot) -> SettingsScreen:  # type: ignore[no-untyped-def]
    await pilot.press("s")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, SettingsScreen)
    return screen


def saved_file(store: Store) -> dict:
    """settings.json as it is on disk (not merged with defaults)."""
    import json

    path = store.root / "settings.json"
    return json.loads(path.read_text()) if path.exists() else {}


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    """Let every message and every save worker finish."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_opening_settings_writes_nothing(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_settings(pilot)
        assert not (store.root / "settings.json").exists()
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, HomeScreen)


async def test_theme_switches_live_and_is_saved(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_settings(pilot)
        screen.query_one("#theme", Select).value = "pacer-contrast"
        await pilot.pause()
        assert pilot.app.theme == "pacer-contrast"
        assert store.settings()["theme"] == "pacer-contrast"
    # and the next launch starts in it
    async with make_app().run_test(size=(80, 24)) as pilot:
        assert pilot.app.theme == "pacer-contrast"


async def test_sound_off_reaches_the_next_session(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    from pacer_audio.settings import SoundSettings

    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_settings(pilot)
        await pilot.click("#sound")
        await pilot.pause()
        assert screen.query_one("#sound", Switch).value is False
        assert "Off" in str(screen.query_one("#sound-state", Label).content)
        assert store.settings()["sound"] is False
        assert SoundSettings.from_settings(pilot.app.settings).enabled is False  # type: ignore[attr-defined]


async def test_reduced_motion_applies_at_once(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_settings(pilot)
        screen.query_one("#reduced_motion", Switch).value = True
        await pilot.pause()
        assert pilot.app.reduced_motion is True  # type: ignore[attr-defined]
        assert pilot.app.animation_level == "none"
        assert store.settings()["reduced_motion"] is True


async def test_default_pattern_and_length_preselect_breathe(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_settings(pilot)
        screen.query_one("#default_pattern", Select).value = "box"
        minutes = screen.query_one("#default_minutes", Input)
        minutes.focus()
        minutes.value = ""
        await pilot.press("1", "0", "enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.press("escape")
        await pilot.press("b")
        await pilot.pause()
        breathe = pilot.app.screen
        assert isinstance(breathe, BreatheScreen)
        assert breathe.pattern.key == "box"
        assert breathe.minutes() == 10
    assert store.settings()["default_pattern"] == "box"
    assert store.settings()["default_minutes"] == 10


async def test_a_bad_number_is_explained_and_not_saved(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_settings(pilot)
        volume = screen.query_one("#volume", Input)
        volume.focus()
        volume.value = "150"
        await pilot.press("enter")
        await pilot.app.workers.wait_for_complete()
        error = screen.query_one("#volume-note", Label)
        assert error.display and "0 to 100" in str(error.content)
        assert store.settings()["volume"] == 60
        volume.value = "30"
        await pilot.pause()
        assert not error.display  # typing again clears the note
        await pilot.press("enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert "Saved" in str(error.content)
        assert store.settings()["volume"] == 30


async def test_settings_shows_the_data_folder_and_doctor(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_settings(pilot)
        text = str(screen.query_one("#settings-data").render())
        assert str(store.root) in text.replace("\n", "") or "pacer-data" in text
        assert "pacer doctor" in text


async def test_help_lists_the_settings_keys(make_app: Callable[..., PacerApp]) -> None:
    from pacer.screens.help import HelpScreen

    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_settings(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        help_screen = pilot.app.screen
        assert isinstance(help_screen, HelpScreen)
        described = dict((what, key) for key, what in help_screen.keys)
        assert described["Settings: make, change or delete your own patterns"] == "p"
        assert described["Settings: read the welcome again"] == "w"


async def test_custom_pattern_create_edit_delete_and_use_in_breathe(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    from pacer.screens.confirm import ConfirmModal
    from pacer.screens.custom_patterns import CustomPatternsScreen

    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_settings(pilot)
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(pilot.app.screen, CustomPatternsScreen)
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"Evening calm", "enter", *"4-x-6", "enter")
        await pilot.pause()
        error = str(pilot.app.screen.query_one("#pattern-error", Label).content)
        assert "'4-x-6'" in error  # a typo is named, the form stays open
        rhythm = pilot.app.screen.query_one("#rhythm", Input)
        rhythm.value = "4-2-6"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, CustomPatternsScreen)
        saved = store.read_document("patterns.json")["patterns"]
        assert saved == [{"id": "evening-calm", "name": "Evening calm", "rhythm": "4-2-6-0"}]

        await pilot.press("e")
        await pilot.pause()
        pilot.app.screen.query_one("#rhythm", Input).value = "3-0-7"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert store.read_document("patterns.json")["patterns"][0]["rhythm"] == "3-0-7-0"

        # it appears in the default-pattern list and in Breathe, beside the built-ins
        await pilot.press("escape")
        await pilot.pause()
        select = pilot.app.screen.query_one("#default_pattern", Select)
        assert ("Evening calm (yours)", "evening-calm") in [
            (str(prompt), value) for prompt, value in select._options
        ]
        await pilot.press("escape", "b")
        await pilot.pause()
        breathe = pilot.app.screen
        assert isinstance(breathe, BreatheScreen)
        assert breathe.patterns[-1].key == "evening-calm"
        assert breathe.patterns[-1].rhythm == "3-0-7-0"
        await pilot.press("escape", "s", "p", "d")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmModal)
        await pilot.press("y")
        await settle(pilot)
        assert store.read_document("patterns.json")["patterns"] == []


# --- issue 10: only a change by the person is saved, and only a finished, valid value ---------


@pytest.mark.parametrize("away", ["p", "w"])
async def test_default_pattern_survives_a_visit_to_another_screen(
    make_app: Callable[..., PacerApp], store: Store, away: str
) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_settings(pilot)
        screen.query_one("#default_pattern", Select).value = "box"
        await settle(pilot)
        assert saved_file(store)["default_pattern"] == "box"
        await pilot.press(away)
        await settle(pilot)
        assert pilot.app.screen is not screen
        await pilot.press("escape")
        await settle(pilot)
        assert pilot.app.screen is screen
        assert screen.query_one("#default_pattern", Select).value == "box"
        await pilot.press("escape")
        await settle(pilot)
    assert saved_file(store)["default_pattern"] == "box"


async def test_a_custom_default_pattern_and_an_unknown_theme_are_not_rewritten(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    path = store.root / "settings.json"
    store.save_settings({"default_pattern": "my-evening", "theme": "solarized"})
    before = path.read_bytes()
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_settings(pilot)
        await settle(pilot)
        pattern = screen.query_one("#default_pattern", Select)
        assert pattern.value == "my-evening"
        assert ("my-evening (not found)", "my-evening") in [
            (str(prompt), value) for prompt, value in pattern._options
        ]
        theme = screen.query_one("#theme", Select)
        assert theme.value == "solarized"
        assert ("solarized (not found)", "solarized") in [
            (str(prompt), value) for prompt, value in theme._options
        ]
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
    assert path.read_bytes() == before


async def test_volume_typed_key_by_key_saves_only_the_finished_value(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_settings(pilot)
        volume = screen.query_one("#volume", Input)
        volume.focus()
        volume.value = ""
        await settle(pilot)
        for key in "150":
            await pilot.press(key)
            await settle(pilot)
            assert "volume" not in saved_file(store)  # nothing saved on the way
        await pilot.press("enter")
        await settle(pilot)
        note = screen.query_one("#volume-note", Label)
        text = str(note.content)
        assert note.display and "150" in text and "0 to 100" in text
        assert "\n" not in text
        assert "volume" not in saved_file(store)
        volume.value = ""
        await pilot.press("4", "5")
        await settle(pilot)
        assert "volume" not in saved_file(store)
        await pilot.press("tab")  # leaving the field finishes the value
        await settle(pilot)
        assert saved_file(store)["volume"] == 45
        assert "Saved" in str(note.content)
        assert pilot.app.settings["volume"] == 45  # type: ignore[attr-defined]


async def test_an_unchanged_number_is_not_saved_when_leaving_the_field(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_settings(pilot)
        screen.query_one("#volume", Input).focus()
        await pilot.press("enter", "tab")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
    assert not (store.root / "settings.json").exists()


async def test_a_typed_value_is_saved_when_leaving_the_screen(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_settings(pilot)
        minutes = screen.query_one("#default_minutes", Input)
        minutes.focus()
        minutes.value = ""
        await pilot.press("7", "escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, HomeScreen)
    assert saved_file(store)["default_minutes"] == 7


async def test_a_save_is_acknowledged_only_after_the_write(
    make_app: Callable[..., PacerApp], store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The write runs off the event loop; "Saved" appears once it has returned."""
    import threading

    from pacer.services.settings import SettingsService

    threads: list[str] = []
    real = SettingsService.change

    def watched(self: SettingsService, changes: dict) -> None:
        threads.append(threading.current_thread().name)
        real(self, changes)

    monkeypatch.setattr(SettingsService, "change", watched)
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_settings(pilot)
        screen.query_one("#swell", Switch).value = True
        await settle(pilot)
        assert threads and threading.main_thread().name not in threads
        assert saved_file(store)["swell"] is True
        assert "Saved" in str(screen.query_one("#swell-note", Label).content)


async def test_a_number_still_being_typed_is_kept_when_the_app_is_left(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    """ctrl+q (or a closed window) with 33 typed in Volume: the 33 was lost, 60 stayed."""
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_settings(pilot)
        volume = screen.query_one("#volume", Input)
        volume.focus()
        volume.value = ""
        await pilot.press("3", "3")
        await settle(pilot)
        assert "volume" not in saved_file(store)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert saved_file(store)["volume"] == 33
