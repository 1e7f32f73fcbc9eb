"""Reappraisal step 1 and the sprint branch: what is needed is marked, Back on step 1 leaves,
and focus never moves without a word."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Button, Input, Label, Static

from pacer.app import PacerApp
from pacer.screens.home import HomeScreen
from pacer.screens.reappraise import ReappraiseScreen
from pacer.widgets import nuts_form

SIZE = (80, 24)


@pytest.fixture(autouse=True)
def steady_text_areas(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nuts_form, "CURSOR_BLINK", False)


async def settle(pilot: Pilot[Any]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def start(pilot: Pilot[Any]) -> ReappraiseScreen:
    await pilot.app.push_screen(ReappraiseScreen())
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ReappraiseScreen)
    return screen


def labels(screen: ReappraiseScreen) -> list[str]:
    return [str(label.render()) for label in screen.query(".field-label").results(Label)]


async def test_step_one_marks_the_stress_number_as_needed(
    make_app: Callable[..., PacerApp],
) -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await start(pilot)
        stress = [text for text in labels(screen) if "stressed" in text]
        assert stress and "(needed)" in stress[0]


async def test_back_on_step_one_leaves_like_escape(make_app: Callable[..., PacerApp]) -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await start(pilot)
        back = screen.query_one("#back", Button)
        assert not back.disabled
        await pilot.click("#back")
        await settle(pilot)
        assert isinstance(pilot.app.screen, HomeScreen)


async def test_choosing_sprint_says_where_focus_went(make_app: Callable[..., PacerApp]) -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await start(pilot)
        await pilot.press(*"A new pain", "tab", "6", "enter")
        await settle(pilot)
        await pilot.press("down", "space")  # "Yes, something needs action today"
        await settle(pilot)
        assert pilot.app.focused is screen.query_one("#f-action", Input)
        note = str(screen.query_one("#step-note", Static).render())
        assert "Type the one thing to do today" in note
