"""Any JSON value in any one field of settings.json, a session line or a custom pattern: Today,
History, Settings and Breathe all open, and nothing raises (the bad value is reported)."""

from __future__ import annotations

import asyncio
import json
import tempfile
import uuid
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pacer.app import PacerApp
from pacer.clock import FakeClock
from pacer.screens.breathe import BreatheScreen
from pacer.screens.history import HistoryScreen
from pacer.screens.home import HomeScreen
from pacer.screens.settings import SettingsScreen
from pacer.store import DEFAULT_SETTINGS, Store
from tests.ui.conftest import WALL_NOW

JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.text(max_size=5), children, max_size=3),
    max_leaves=6,
)

SESSION: dict[str, Any] = {
    "schema": 1,
    "started": WALL_NOW.replace(hour=8).isoformat(),
    "ended": WALL_NOW.replace(hour=8, minute=5).isoformat(),
    "pattern": "resonance",
    "rhythm": "4-0-6-0",
    "seconds": 300.0,
    "planned_seconds": 300.0,
    "completed": True,
    "source": "app",
    "before": 5,
    "after": 3,
    "note": "calm",
    "logged": WALL_NOW.replace(hour=8, minute=5).isoformat(),
}
PATTERN: dict[str, Any] = {"id": "evening", "name": "Evening", "rhythm": "4-0-6-0"}
SETTINGS = {**DEFAULT_SETTINGS, "default_pattern": "evening"}
FUZZ = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def write(root: Path, settings_doc: dict, session: dict, pattern: dict) -> None:
    root.mkdir(mode=0o700)
    (root / "settings.json").write_text(json.dumps(settings_doc))
    (root / "sessions.jsonl").write_text(json.dumps({"id": str(uuid.uuid4()), **session}) + "\n")
    (root / "patterns.json").write_text(json.dumps({"schema": 1, "patterns": [pattern]}))


async def visit_every_screen(root: Path) -> None:
    app = PacerApp(
        Store(root),
        clock=FakeClock(start=1000.0),
        reduced_motion=False,
        wall_clock=lambda: WALL_NOW,
        sound=False,
        first_run_notes=False,
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        for key, screen_type in (("s", SettingsScreen), ("b", BreatheScreen), ("h", HistoryScreen)):
            await pilot.press(key)
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, screen_type), (key, screen)
            if isinstance(screen, HistoryScreen):
                await screen.loaded.wait()
            await app.workers.wait_for_complete()
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
    assert app.return_code in (None, 0)


def run(settings_doc: dict, session: dict, pattern: dict) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp, "data")
        write(root, settings_doc, session, pattern)
        asyncio.run(visit_every_screen(root))


FIELDS = [
    *(("settings.json", name) for name in sorted(SETTINGS)),
    *(("sessions.jsonl", name) for name in sorted(SESSION)),
    *(("patterns.json", name) for name in sorted(PATTERN)),
]


@FUZZ
@given(where=st.sampled_from(FIELDS), value=JSON)
@example(where=("sessions.jsonl", "started"), value="9999-12-31T23:30:00+01:00")
@example(where=("patterns.json", "rhythm"), value="999-0-999")
def test_any_value_in_any_one_field(where: tuple[str, str], value: Any) -> None:
    """One field of one file holds an arbitrary JSON value; every screen still opens."""
    name, field = where
    docs = {"settings.json": SETTINGS, "sessions.jsonl": SESSION, "patterns.json": PATTERN}
    changed = {key: ({**doc, field: value} if key == name else doc) for key, doc in docs.items()}
    run(changed["settings.json"], changed["sessions.jsonl"], changed["patterns.json"])
