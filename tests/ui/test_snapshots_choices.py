"""Snapshots under NO_COLOR of every screen with a choice (issue 11).

Without colour the chosen option must still read differently from the others: ``(•)``/``( )``
for the sprint question and the appointment kind, ``[x]``/``[ ]`` for the NUTS ticks, a ``▸`` on
the chosen pattern and length in Breathe, On/Off in Settings. Each test first checks that the
app really is monochrome (``app.no_color``), then compares the picture at 80x24.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from pacer.app import PacerApp
from pacer.screens.appointments import AppointmentsScreen
from pacer.screens.reappraise import ReappraiseScreen

SIZE = (80, 24)

Steps = Callable[[Pilot[Any]], Awaitable[None]]


@pytest.fixture
def mono_app(
    make_app: Callable[..., PacerApp], monkeypatch: pytest.MonkeyPatch
) -> Callable[[], PacerApp]:
    """The app as someone with NO_COLOR set sees it."""
    monkeypatch.setenv("NO_COLOR", "1")

    def build() -> PacerApp:
        app = make_app()
        assert app.no_color
        return app

    return build


async def settle(pilot: Pilot[Any]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def reappraise_to(*keys: str) -> Steps:
    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.app.push_screen(ReappraiseScreen())
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
        await settle(pilot)

    return run_before


def test_sprint_step_without_colour(snap_compare: Any, mono_app: Callable[[], PacerApp]) -> None:
    """"Yes" chosen reads ``(•)``, "No" reads ``( )``."""
    keys = (*"A new cough", "tab", "6", "enter", "down", "enter")
    assert snap_compare(mono_app(), terminal_size=SIZE, run_before=reappraise_to(*keys))


def test_nuts_step_without_colour(snap_compare: Any, mono_app: Callable[[], PacerApp]) -> None:
    """New and Threat ticked read ``[x]``, the other two ``[ ]``."""
    keys = (*"Scan results", "tab", "7", "enter", "ctrl+n", "space", "tab", "tab", "space")
    assert snap_compare(mono_app(), terminal_size=SIZE, run_before=reappraise_to(*keys))


def test_appointment_form_without_colour(
    snap_compare: Any, mono_app: Callable[[], PacerApp]
) -> None:
    """The kind moved off the first one ("scan") reads ``(•)``; the others ``( )``."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.app.push_screen(AppointmentsScreen())
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("right", "right", "enter")
        await settle(pilot)

    assert snap_compare(mono_app(), terminal_size=SIZE, run_before=run_before)


def test_breathe_without_colour(snap_compare: Any, mono_app: Callable[[], PacerApp]) -> None:
    """The chosen pattern and the chosen length each carry a ``▸``."""
    assert snap_compare(mono_app(), terminal_size=SIZE,
                        press=["b", "down", "down", "right", "right"])


def test_settings_without_colour(snap_compare: Any, mono_app: Callable[[], PacerApp]) -> None:
    """Switches say On or Off in words; the chosen pattern and theme are written out."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.press("s")
        await settle(pilot)
        # The data folder is a temporary path that changes every run; show a fixed one.
        pilot.app.screen.query_one("#settings-data", Static).update(
            "Your data folder: ~/.local/share/pacer\n"
            "It stays on this computer. If something looks wrong, run: pacer doctor"
        )
        await pilot.pause()

    assert snap_compare(mono_app(), terminal_size=SIZE, run_before=run_before)
