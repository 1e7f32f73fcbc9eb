"""The one way out: q, ctrl+q, ctrl+c, SIGHUP and SIGTERM keep every word and every session.

A tiny form stands in for the real ones (each implements KeepsWords on its own branch): it
records what keep_draft() was asked to keep, so these tests see the app's side of the promise.
"""

from __future__ import annotations

import json
import signal
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

import pytest
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Button, Input

from pacer.app import EXIT_KEPT_PENDING, PacerApp
from pacer.clock import FakeClock
from pacer.domain.patterns import BUILTIN
from pacer.screens.confirm import ConfirmModal
from pacer.screens.dialogs import SummaryScreen
from pacer.screens.home import HomeScreen
from pacer.screens.leaving import KeepsWords
from pacer.screens.session import SessionScreen
from pacer.services import sessions as sessions_module
from pacer.store import Store, StoreError
from tests.services.test_sessions import lock_held

RESONANCE = BUILTIN["resonance"]


class Notes(Screen[None]):
    """A form with one text field that keeps its words when asked."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "app.pop_screen", "Back")]

    def __init__(self) -> None:
        super().__init__()
        self.kept: list[str] = []

    def compose(self) -> ComposeResult:
        yield Input(id="words")
        yield Button("Save", id="save")

    def has_unsaved_words(self) -> bool:
        return bool(self.query_one(Input).value)

    def keep_draft(self) -> None:
        self.kept.append(self.query_one(Input).value)


def test_the_stand_in_form_keeps_the_protocol() -> None:
    assert isinstance(Notes(), KeepsWords)


async def open_notes(pilot: Pilot[None], text: str, *, focus_field: bool = False) -> Notes:
    notes = Notes()
    await pilot.app.push_screen(notes)
    await pilot.pause()
    notes.query_one(Input).value = text
    # `q` is a letter in a text field: the app's q only hears it with focus elsewhere.
    notes.query_one("#words" if focus_field else "#save").focus()
    await pilot.pause()
    return notes


@pytest.mark.parametrize("key", ["ctrl+q", "ctrl+c"])
async def test_ctrl_q_and_ctrl_c_keep_the_words_without_asking(
    make_app: Callable[..., PacerApp], key: str
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        # Focus in the field: ctrl+c would copy there; here it leaves all the same.
        notes = await open_notes(pilot, "Garden party", focus_field=True)
        await pilot.press(key)
        await pilot.pause()
    assert notes.kept == ["Garden party"]
    assert app.return_code == 0


async def test_q_asks_first_when_words_are_typed_and_keep_writing_stays(
    make_app: Callable[..., PacerApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        notes = await open_notes(pilot, "Garden party")
        await pilot.press("q")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, ConfirmModal)
        assert modal.title_text == "Quit Pacer?"
        assert "kept as a draft" in modal.body
        assert (modal.yes, modal.no) == ("Quit", "Keep writing")
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is notes and app.return_code is None
        assert notes.kept == []
        await pilot.press("q")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    assert notes.kept == ["Garden party"]
    assert app.return_code == 0


async def test_q_with_nothing_typed_quits_at_once(make_app: Callable[..., PacerApp]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        notes = await open_notes(pilot, "")
        await pilot.press("q")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmModal)
    assert notes.kept == []
    assert app.return_code == 0


async def test_words_under_another_screen_are_kept_too(
    make_app: Callable[..., PacerApp],
) -> None:
    """Leaving walks the whole stack, not just the top screen."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        notes = await open_notes(pilot, "Ask about the scan")
        top = await open_notes(pilot, "")
        await pilot.press("q")  # the top form is empty: no question
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmModal)
    assert notes.kept == ["Ask about the scan"] and top.kept == []
    assert app.return_code == 0


async def session_at(pilot: Pilot[None], clock: FakeClock, seconds: float) -> SessionScreen:
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, SessionScreen)
    clock.set(1000.0 + seconds)
    screen.tick()
    return screen


@pytest.mark.parametrize("key", ["q", "ctrl+q", "ctrl+c"])
async def test_every_quit_key_saves_a_running_session_as_partial(
    make_app: Callable[..., PacerApp], clock: FakeClock, store: Store, key: str
) -> None:
    app = make_app(start=(RESONANCE, 5))
    async with app.run_test(size=(80, 24)) as pilot:
        await session_at(pilot, clock, 42.5)
        await pilot.press(key)
        await pilot.pause()
    assert app.return_code == 0
    [record] = store.sessions()
    assert record["completed"] is False and record["seconds"] == 42.5
    assert record["planned_seconds"] == 300.0


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
async def test_a_signal_keeps_the_session_and_the_words(
    make_app: Callable[..., PacerApp], clock: FakeClock, store: Store, signum: int
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        notes = await open_notes(pilot, "Garden party")
        app.open_session(RESONANCE, 5)
        await session_at(pilot, clock, 9.0)
        app.handle_signal(signum)
        await pilot.pause()
    assert app.return_code == 0
    assert notes.kept == ["Garden party"]
    [record] = store.sessions()
    assert record["completed"] is False and record["seconds"] == 9.0


async def test_the_signal_handlers_are_installed_while_running_and_put_back_after(
    make_app: Callable[..., PacerApp],
) -> None:
    before = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGHUP)}
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for signum, handler in before.items():
            assert signal.getsignal(signum) is not handler  # the loop's, calling handle_signal
    assert {s: signal.getsignal(s) for s in before} == before


async def test_leaving_twice_saves_once(
    make_app: Callable[..., PacerApp], clock: FakeClock, store: Store
) -> None:
    app = make_app(start=(RESONANCE, 5))
    async with app.run_test(size=(80, 24)) as pilot:
        await session_at(pilot, clock, 3.0)
        app.handle_signal(signal.SIGTERM)
        app.handle_signal(signal.SIGHUP)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert len(store.sessions()) == 1


class FullDisk(Store):
    def append(self, name: str, record: dict, timeout: float | None = None) -> dict:
        raise StoreError("Not saved: sessions.jsonl: No space left on device")


async def test_a_session_kept_pending_at_quit_exits_non_zero_and_says_where(
    tmp_path: Path, clock: FakeClock, make_app: Callable[..., PacerApp]
) -> None:
    store = FullDisk(tmp_path / "data")
    app = PacerApp(store, clock=clock, start=(RESONANCE, 5), reduced_motion=False, sound=False,
                   first_run_notes=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await session_at(pilot, clock, 12.0)
        await pilot.press("ctrl+q")
        await pilot.pause()
        message = " ".join(str(r) for r in app._exit_renderables)
    assert app.return_code == EXIT_KEPT_PENDING
    [(where, kept)] = store.pending()
    assert kept["seconds"] == 12.0 and kept["completed"] is False
    assert str(where) in message and "No space left on device" in message


async def test_a_busy_lock_at_quit_is_waited_for(
    make_app: Callable[..., PacerApp], clock: FakeClock, store: Store,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Another Pacer (a large import) holds the lock as the session ends: it is saved once
    the lock is free, within the retry window."""
    monkeypatch.setattr(sessions_module, "RETRY_SECONDS", 20.0)
    store.root.mkdir()
    app = make_app(start=(RESONANCE, 5))
    async with app.run_test(size=(80, 24)) as pilot:
        await session_at(pilot, clock, 20.0)
        with lock_held(store.root, 1.5):
            await pilot.press("ctrl+q")
            await pilot.pause()
    assert app.return_code == 0
    [record] = store.sessions()
    assert record["seconds"] == 20.0


async def test_a_lock_busy_past_the_window_keeps_the_session_pending(
    make_app: Callable[..., PacerApp], clock: FakeClock, store: Store,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sessions_module, "RETRY_SECONDS", 0.5)
    store.root.mkdir()
    app = make_app(start=(RESONANCE, 5))
    with lock_held(store.root, 60):
        async with app.run_test(size=(80, 24)) as pilot:
            await session_at(pilot, clock, 20.0)
            await pilot.press("ctrl+q")
            await pilot.pause()
            message = " ".join(str(r) for r in app._exit_renderables)
    assert app.return_code == EXIT_KEPT_PENDING
    assert "busy" in message
    [(_, kept)] = store.pending()
    assert kept["seconds"] == 20.0
    # The next launch writes it, and says so gently.
    notices: list[str] = []
    again = make_app()
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await again.workers.wait_for_complete()
        await pilot.pause()
        notices = [n.message for n in again._notifications]
        assert isinstance(again.screen, HomeScreen)
    assert any("from last time is now in your history" in n for n in notices)
    assert [s["id"] for s in store.sessions()] == [kept["id"]]
    assert store.pending() == []


async def test_a_damaged_middle_line_still_keeps_a_finished_session(
    make_app: Callable[..., PacerApp], clock: FakeClock, store: Store
) -> None:
    """The one rule for a damaged line: appends go on (the old lines are never touched), so a
    finished session is saved and quitting exits 0."""
    store.root.mkdir()
    good = (
        '{"id": "%s", "schema": 1, "started": "2025-03-10T08:00:00+01:00", '
        '"ended": "2025-03-10T08:05:00+01:00", "pattern": "resonance", "rhythm": "4-0-6-0", '
        '"seconds": 300.0, "planned_seconds": 300.0, "completed": true, "source": "app", '
        '"logged": "2025-03-10T08:05:00+01:00"}\n'
    )
    before = (
        good % "7a0a9b8e-1f0e-4f57-9d5e-2b9a8c0f1e01"
        + "{this line is damaged\n"
        + good % "7a0a9b8e-1f0e-4f57-9d5e-2b9a8c0f1e02"
    )
    (store.root / "sessions.jsonl").write_text(before)
    app = make_app(start=(RESONANCE, 1))
    async with app.run_test(size=(80, 24)) as pilot:
        await session_at(pilot, clock, 60.0)
        await pilot.pause()
        await pilot.press("escape")  # skip the rating
        await pilot.pause()
        summary = app.screen
        assert isinstance(summary, SummaryScreen)
        assert "Well paced" in str(summary.query_one("#summary-title").render())
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0
    after = (store.root / "sessions.jsonl").read_text()
    assert after.startswith(before)  # the damaged line is left exactly as it was
    [added] = [json.loads(line) for line in after[len(before):].splitlines()]
    assert added["completed"] is True and added["seconds"] == 60.0
    assert Store(store.root).pending() == []


async def test_a_crash_or_a_terminal_gone_under_the_input_still_keeps_the_words(
    make_app: Callable[..., PacerApp],
) -> None:
    """When reading the terminal fails (it hung up) Textual panics; the words are kept first."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        notes = await open_notes(pilot, "Garden party")
        app.panic("the terminal went away")  # keeps first, then Textual closes down
        assert notes.kept == ["Garden party"]
    assert notes.kept == ["Garden party"]
