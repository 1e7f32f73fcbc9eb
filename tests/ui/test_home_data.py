"""Today and History read through the services: a bad record is reported and skipped, never a
crash, and text from the data is shown as visible characters, never run or styled."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta

import pytest
from textual.widgets import Static

from pacer.app import PacerApp
from pacer.screens.history import HistoryScreen, SessionTable
from pacer.screens.home import HomeScreen
from pacer.store import Store
from tests.ui.conftest import WALL_NOW, session_record

EVIL = "\u001b]0;TITLE\u0007\u001b[2J[b]x"


def shown(screen: HomeScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def assert_harmless(text: str) -> None:
    assert "\x1b" not in text and "\x07" not in text
    assert "␛" in text and "[b]x" in text


def notifications(app: PacerApp) -> str:
    return "\n".join(n.message for n in app._notifications)


def write_document(store: Store, name: str, key: str, records: list) -> None:
    store.root.mkdir(parents=True, exist_ok=True)
    (store.root / name).write_text(json.dumps({"schema": 1, key: records}))


async def test_a_session_in_the_year_9999_is_reported_not_a_crash(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    today = WALL_NOW.replace(hour=8, minute=0)
    store.append_session(session_record(today, 600))
    store.append_session(session_record(today.replace(year=9999), 600))
    async with make_app().run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        home = pilot.app.screen
        assert isinstance(home, HomeScreen)
        assert "Today       10 min" in shown(home, "#home-pace")
        told = notifications(pilot.app)
        assert "sessions.jsonl" in told and "started" in told and "9999" in told
        await pilot.press("h")
        await pilot.pause()
        history = pilot.app.screen
        assert isinstance(history, HistoryScreen)
        await history.loaded.wait()
        await pilot.pause()
        assert history.query_one(SessionTable).row_count == 1


async def test_a_session_line_with_a_bad_id_is_named_once_on_today_and_in_history(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    """The store itself leaves such a line out; before, Today and History said nothing."""
    today = WALL_NOW.replace(hour=8, minute=0)
    store.append_session(session_record(today, 600))
    log = store.root / "sessions.jsonl"
    typo = {**json.loads(log.read_text()), "id": "s9"}
    log.write_text(log.read_text() + json.dumps(typo) + "\n")
    said = "sessions.jsonl line 2: field 'id': invalid UUID"
    async with make_app().run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        assert notifications(pilot.app).count(said) == 1
        await pilot.press("h")
        history = pilot.app.screen
        assert isinstance(history, HistoryScreen)
        await history.loaded.wait()
        await pilot.pause()
        assert history.query_one(SessionTable).row_count == 1
        assert notifications(pilot.app).count(said) == 2  # History names it too


async def test_today_shows_text_from_the_data_as_visible_characters(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    write_document(store, "goals.json", "goals", [{"id": "g1", "title": EVIL}])
    write_document(
        store,
        "appointments.json",
        "appointments",
        [
            {
                "id": "a1",
                "kind": "scan",
                "when": (WALL_NOW + timedelta(days=2)).isoformat(),
                "where": EVIL,
            }
        ],
    )
    write_document(
        store,
        "drafts.json",
        "drafts",
        [
            {
                "id": "d1",
                "kind": "reappraisal",
                "updated": WALL_NOW.isoformat(),
                "answers": {"situation": EVIL},
            }
        ],
    )
    async with make_app().run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        home = pilot.app.screen
        assert isinstance(home, HomeScreen)
        assert_harmless(shown(home, "#home-finish-line"))
        lines = shown(home, "#home-next").split("\n")
        assert len(lines) == 2
        for line in lines:
            assert_harmless(line)


async def test_history_shows_pattern_names_and_notes_as_visible_characters(
    make_app: Callable[..., PacerApp], store: Store
) -> None:
    record = session_record(WALL_NOW.replace(hour=8, minute=0), 600)
    record.update(pattern=EVIL, note=EVIL)
    store.append_session(record)
    async with make_app().run_test(size=(100, 24)) as pilot:
        await pilot.press("h")
        await pilot.pause()
        history = pilot.app.screen
        assert isinstance(history, HistoryScreen)
        await history.loaded.wait()
        await pilot.pause()
        table = history.query_one(SessionTable)
        row = "".join(segment.text for segment in table.render_line(1))
        assert "\x1b" not in row and "␛" in row and "[b]x" in row


async def test_today_reads_only_this_weeks_sessions(
    make_app: Callable[..., PacerApp], store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Launch stays fast with years of history: Today never reads the whole log."""
    store.append_session(session_record(WALL_NOW.replace(hour=8, minute=0), 600))

    def whole_log() -> list[dict]:
        raise AssertionError("Today read the whole log")

    monkeypatch.setattr(store, "sessions", whole_log)
    async with make_app().run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        home = pilot.app.screen
        assert isinstance(home, HomeScreen)
        assert "Today       10 min" in shown(home, "#home-pace")
