"""The first-run safety question (content brief section 2): people who report breathlessness,
lung involvement, heart disease, seizures, pregnancy or panic attacks can hide hold patterns.

Asked once (after the welcome), saved as the `hide_holds` setting, changeable in Settings.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import Label, Static, Switch

from pacer.app import PacerApp
from pacer.commands import pacer_commands
from pacer.screens.breathe import BreatheScreen
from pacer.screens.confirm import ConfirmModal
from pacer.screens.home import HomeScreen
from pacer.screens.settings import SettingsScreen
from pacer.store import Store


async def answer_first_run(pilot, key: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.pause()
    await pilot.press("enter")  # close the welcome
    await pilot.pause()
    question = pilot.app.screen
    assert isinstance(question, ConfirmModal)
    body = str(question.query_one(".body", Static).render())
    for word in ("breathless", "lung", "heart", "seizures", "pregnan", "panic"):
        assert word in body
    await pilot.press(key)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    assert isinstance(pilot.app.screen, HomeScreen)


async def open_breathe(pilot) -> BreatheScreen:  # type: ignore[no-untyped-def]
    await pilot.press("b")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, BreatheScreen)
    return screen


async def test_yes_hides_hold_patterns_and_says_so(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    async with make_app(first_run_notes=True).run_test(size=(80, 24)) as pilot:
        await answer_first_run(pilot, "y")
        assert store.settings()["hide_holds"] is True
        screen = await open_breathe(pilot)
        keys = [p.key for p in screen.patterns]
        assert "box" not in keys and "4-7-8" not in keys
        assert "resonance" in keys
        assert "hidden" in str(screen.query_one("#holds-hidden", Static).render())
        commands = [title for title, _about, _run in pacer_commands(pilot.app)]
        assert not any("Box breathing" in title for title in commands)
    # Asked once: the next launch goes straight to Today.
    async with make_app(first_run_notes=True).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(pilot.app.screen, HomeScreen)


async def test_no_keeps_every_pattern(make_app: Callable[..., PacerApp], store: Store) -> None:
    async with make_app(first_run_notes=True).run_test(size=(80, 24)) as pilot:
        await answer_first_run(pilot, "n")
        assert store.settings()["hide_holds"] is False
        screen = await open_breathe(pilot)
        assert "box" in [p.key for p in screen.patterns]
        assert not screen.query_one("#holds-hidden", Static).display


async def test_someone_who_never_answered_is_asked_once_at_launch(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    store.save_settings({"welcome_seen": True})
    async with make_app(first_run_notes=True).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmModal)
        await pilot.press("n")
        await pilot.app.workers.wait_for_complete()
    assert store.settings()["hide_holds"] is False


async def test_settings_can_change_it(make_app: Callable[..., PacerApp], store: Store) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        settings = pilot.app.screen
        assert isinstance(settings, SettingsScreen)
        switch = settings.query_one("#hide_holds", Switch)
        assert switch.value is False
        switch.value = True
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert "On" in str(settings.query_one("#hide_holds-state", Label).content)
        await pilot.press("escape")
        screen = await open_breathe(pilot)
        assert "box" not in [p.key for p in screen.patterns]
    assert store.settings()["hide_holds"] is True
