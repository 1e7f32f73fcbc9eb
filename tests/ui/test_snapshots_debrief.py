"""Snapshots of "How did it go?": Today's offer and the debrief at 80x24 and 40x12 (one
scrolling column; the focused field's label marked ▸). Pinned like the others: the wall
clock (WALL_NOW), no blinking cursor."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from pacer.app import PacerApp
from pacer.store import Store
from pacer.widgets import nuts_form

SCAN = {"id": "scan", "kind": "scan", "when": "2025-03-12T09:30:00+01:00",
        "where": "City Hospital", "notes": "",
        "questions": ["When will I hear?", "Is it big?", "What happens next, either way?"],
        "top_questions": ["Is it big?"]}


@pytest.fixture(autouse=True)
def steady_text_areas(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nuts_form, "CURSOR_BLINK", False)


@pytest.fixture(autouse=True)
def scan(store: Store) -> None:
    store.update_document("appointments.json",
                          lambda doc: {**doc, "appointments": [dict(SCAN)]})
    store.update_document("goals.json", lambda doc: {**doc, "goals": [
        {"id": "g1", "title": "Walk the coast path in May"}]})


def keys(*pressed: str) -> Callable[[Pilot[Any]], Any]:
    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        for key in pressed:
            await pilot.press(key)
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", [(80, 24), (40, 12)], ids=["80x24", "40x12"])
def test_today_offers_it(snap_compare: Any, make_app: Callable[..., PacerApp],
                         size: tuple[int, int]) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=keys())


@pytest.mark.parametrize("size", [(80, 24), (40, 12)], ids=["80x24", "40x12"])
def test_the_debrief(snap_compare: Any, make_app: Callable[..., PacerApp],
                     size: tuple[int, int]) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=keys("g", *"about 2 cm"))
