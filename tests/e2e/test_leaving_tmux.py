"""A real terminal closed during a session (SIGHUP), or the app killed with SIGTERM: the
session so far is in sessions.jsonl, as partial, with the seconds really breathed."""

from __future__ import annotations

import json
import os
import signal
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.e2e.tmux import Terminal, is_gone, needs_tmux, pacer_command
from tests.services.test_sessions import lock_held


def start_a_session(data: Path) -> Terminal:
    """Pacer on a fresh (not yet created) data folder, five minutes of resonance begun."""
    terminal = Terminal(
        pacer_command(data, "breathe", "--minutes", "5"), env={"PACER_AUDIO_BACKEND": "none"}
    )
    terminal.wait_for("Breathe in", timeout=20)
    terminal.wait_for("0:03 breathed", timeout=20)  # a few real seconds pass
    return terminal


def wait_until(condition: Callable[[], bool], what: str, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    pytest.fail(f"timed out waiting until {what}")


def the_partial(data: Path) -> dict:
    [record] = [json.loads(line) for line in (data / "sessions.jsonl").read_text().splitlines()]
    assert record["completed"] is False and record["pattern"] == "resonance"
    assert 3.0 <= record["seconds"] < 60.0
    assert record["planned_seconds"] == 300.0
    return record


@needs_tmux
@pytest.mark.parametrize("how", ["kill-session", "kill -HUP"])
def test_closing_the_window_keeps_the_session(tmp_path: Path, how: str) -> None:
    data = tmp_path / "data"
    terminal = start_a_session(data)
    try:
        program = terminal.program_pid()
        if how == "kill-session":
            terminal.close_window()
        else:
            os.kill(program, signal.SIGHUP)
        wait_until(lambda: is_gone(program), "Pacer has exited")
    finally:
        terminal.close()
    the_partial(data)


@needs_tmux
def test_sigterm_keeps_the_session_and_exits_0(tmp_path: Path) -> None:
    data = tmp_path / "data"
    terminal = start_a_session(data)
    try:
        os.kill(terminal.program_pid(), signal.SIGTERM)
        terminal.wait_for("[exited] 0", timeout=20)
    finally:
        terminal.close()
    the_partial(data)


@needs_tmux
def test_sigterm_while_another_pacer_holds_the_lock_waits_and_saves(tmp_path: Path) -> None:
    """A large `pacer import` holds the folder's lock as the session ends: the save waits
    for it (within the retry window) instead of dropping the session."""
    data = tmp_path / "data"
    terminal = start_a_session(data)
    try:
        with lock_held(data, 2.0) as holder:
            os.kill(terminal.program_pid(), signal.SIGTERM)
            assert not (data / "sessions.jsonl").exists()  # it cannot write while held
            holder.wait(timeout=10)  # the other Pacer lets go on its own
        terminal.wait_for("[exited] 0", timeout=20)
    finally:
        terminal.close()
    the_partial(data)


@needs_tmux
def test_a_lock_busy_past_the_retry_window_keeps_the_session_pending_and_exits_1(
    tmp_path: Path,
) -> None:
    """Another Pacer keeps the lock far longer than the retry window: the session is kept in
    the pending area, the app says where and exits 1, and the next launch writes it."""
    data = tmp_path / "data"
    terminal = start_a_session(data)
    try:
        with lock_held(data, 120):
            os.kill(terminal.program_pid(), signal.SIGTERM)
            screen = terminal.wait_for("[exited] 1", timeout=30)
        assert "kept safe in" in " ".join(screen.split())
        [kept] = [json.loads(p.read_text())["record"] for p in (data / "pending").iterdir()]
        assert kept["completed"] is False and kept["seconds"] >= 3.0
        assert not (data / "sessions.jsonl").exists()
    finally:
        terminal.close()
    again = Terminal(pacer_command(data), env={"PACER_AUDIO_BACKEND": "none"})
    try:
        screen = again.wait_for("Nothing was lost", timeout=20)  # the note's title
        assert "from last time" in screen
        again.keys("q")
        again.wait_for("[exited] 0", timeout=20)
    finally:
        again.close()
    assert the_partial(data)["id"] == kept["id"]
    assert list((data / "pending").iterdir()) == []
