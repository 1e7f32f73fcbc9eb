"""Snapshots of Today during a wait for results (issue 12): the card's three lines at 80x24,
with the keys still on screen, in colour and under NO_COLOR (where nothing may rely on colour:
the key is written out, the link is in words)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from textual.pilot import Pilot

from pacer.app import PacerApp
from pacer.services import Services
from pacer.store import Store
from tests.ui.conftest import seed_week

ZONE = timezone(timedelta(hours=1))
SIZE = (80, 24)
# Monday 10 March 2025; the shared wall clock is Wednesday 12 March, 15:30: day 3.
SCAN = {"id": "scan-1", "kind": "scan", "where": "City Hospital", "results_due": "2025-03-14",
        "when": datetime(2025, 3, 10, 9, 30, tzinfo=ZONE).isoformat()}


def seed(store: Store) -> None:
    seed_week(store)
    services = Services.open(store)
    services.appointments.save(dict(SCAN))
    services.settings.change({"pleasant_things": ["a walk by the river", "call Sam"]})


async def settle(pilot: Pilot[Any]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


def test_today_with_a_wait(
    snap_compare: Any, make_app: Callable[..., PacerApp], store: Store
) -> None:
    seed(store)
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=settle)


def test_today_with_a_wait_no_color(
    snap_compare: Any, make_app: Callable[..., PacerApp], store: Store,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    seed(store)
    app = make_app()
    assert app.no_color
    assert snap_compare(app, terminal_size=SIZE, run_before=settle)
