"""At launch: settings come from the settings service, with what did not fit said once, and
sessions an earlier run had to keep aside are written (off the first frame) with a gentle note."""

from __future__ import annotations

import json
from collections.abc import Callable

from pacer.app import PacerApp
from pacer.screens.home import HomeScreen
from pacer.store import Store
from tests.ui.conftest import WALL_NOW, session_record


async def test_a_setting_that_does_not_fit_is_named_once_and_not_used(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    store.root.mkdir()
    (store.root / "settings.json").write_text(
        json.dumps({"schema": 1, "default_minutes": 5000})
    )
    app = make_app()
    assert app.settings["default_minutes"] == 5  # the default, for this run
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        notices = [n for n in app._notifications if "could not be read" in n.title]
        assert len(notices) == 1
        assert notices[0].message.count("default_minutes") == 1
    # Nothing was rewritten because of it.
    assert json.loads((store.root / "settings.json").read_text())["default_minutes"] == 5000


async def test_sessions_kept_aside_last_time_are_written_at_launch(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    first = {**session_record(WALL_NOW, 300), "id": "0b7c5a43-3f7e-4a1f-9d5e-2b9a8c0f1e01"}
    second = {**session_record(WALL_NOW, 120), "id": "0b7c5a43-3f7e-4a1f-9d5e-2b9a8c0f1e02"}
    store.keep_pending("sessions.jsonl", first)
    store.keep_pending("sessions.jsonl", second)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        notices = [n.message for n in app._notifications]
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert "7 min" in str(home.query_one("#home-pace").render())  # Today counts them
    assert "2 sessions from last time are now in your history." in notices
    assert sorted(s["id"] for s in store.sessions()) == [first["id"], second["id"]]
    assert store.pending() == []


async def test_nothing_pending_means_no_note(
    make_app: Callable[..., PacerApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert list(app._notifications) == []
