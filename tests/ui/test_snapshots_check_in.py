"""Snapshot of the weekly check-in at 80x24 under NO_COLOR: the question, the ticks reading
``[x]``/``[ ]`` without colour, the typed line and the calm note at 4 or more."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from pacer.app import PacerApp
from pacer.keymap import KEYS
from pacer.store import Store

SIZE = (80, 24)


@pytest.fixture
def mono_app(
    make_app: Callable[..., PacerApp], monkeypatch: pytest.MonkeyPatch, store: Store
) -> Callable[[], PacerApp]:
    """The app as someone with NO_COLOR set sees it, with one appointment coming up."""
    monkeypatch.setenv("NO_COLOR", "1")
    store.update_document("appointments.json", lambda doc: {**doc, "appointments": [
        {"id": "a1", "kind": "oncologist", "when": "2025-03-14T10:30:00+01:00",
         "where": "City Hospital"}]})

    def build() -> PacerApp:
        app = make_app()
        assert app.no_color
        return app

    return build


def test_check_in_without_colour(snap_compare: Any, mono_app: Callable[[], PacerApp]) -> None:
    """Distress 6 (so the calm note shows), body and feelings ticked, a line typed."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press(KEYS["check_in"].key_list[0])
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("6", "tab", "space", "tab", "tab", "tab", "space", "tab", "tab",
                          *"Tired after treatment")
        await pilot.pause()

    assert snap_compare(mono_app(), terminal_size=SIZE, run_before=run_before)
