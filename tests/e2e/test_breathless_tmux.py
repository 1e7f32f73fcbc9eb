"""A real terminal: l on Today starts Breathless now at once; the red flag and the card are on
screen, the cues change from in to out and back (quick and short at first), esc stops it (the
summary, enter, Today) and q quits, and the partial session is in the log. `pacer breathless`
opens straight into it."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from pacer.domain import breathless
from tests.e2e.tmux import Terminal, needs_tmux, pacer_command

ENV = {"PACER_AUDIO_BACKEND": "none"}


def when_shows(terminal: Terminal, words: str, timeout: float) -> float:
    """The monotonic time at which `words` is first on the screen."""
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = terminal.screen()
        if words in screen:
            return time.monotonic()
        time.sleep(0.01)
    pytest.fail(f"{words!r} did not show within {timeout} s; the screen was:\n{screen}")


def saved(home: Path) -> list[dict]:
    return [json.loads(line) for line in (home / "sessions.jsonl").read_text().splitlines()]


@needs_tmux
def test_l_on_today_then_esc_then_q(tmp_path: Path) -> None:
    terminal = Terminal(pacer_command(tmp_path), env=ENV)
    try:
        terminal.wait_for("Your pace")
        terminal.keys("l")
        screen = terminal.wait_for("What can help")
        assert "Contact your care team now, or emergency services." in screen
        assert "Pacer is not for that." in screen
        breathe_in = when_shows(terminal, "Breathe in", timeout=10)
        breathe_out = when_shows(terminal, "Breathe out", timeout=10)
        when_shows(terminal, "Breathe in", timeout=10)
        # The first breath in is the quick, short one (about 2 s), not six-a-minute's 4 s.
        assert breathe_out - breathe_in < 3.0
        screen = terminal.screen()
        assert "Contact your care team now" in screen and "What can help" in screen
        terminal.keys("Escape")  # stops at once: no question, no rating
        terminal.wait_for("It is in your history.")
        terminal.keys("Enter")  # the summary closes, back on Today
        terminal.wait_for("Your pace")
        terminal.keys("q")
        terminal.wait_for("[exited] 0", timeout=10)
    finally:
        terminal.close()
    [record] = saved(tmp_path)
    assert record["pattern"] == breathless.PATTERN.key and record["completed"] is False
    assert record["seconds"] > 4


@needs_tmux
def test_pacer_breathless_opens_straight_into_it_at_40x12(tmp_path: Path) -> None:
    # The test runner's COLUMNS and LINES (80x24) would be inherited through tmux, and Textual
    # takes them over the terminal's own size: say the real size.
    env = {**ENV, "COLUMNS": "40", "LINES": "12"}
    terminal = Terminal(pacer_command(tmp_path, "breathless"), env=env, size=(40, 12))
    try:
        terminal.wait_for(
            lambda screen: "Breathe" in screen and "What can help" in screen
            and "Contact your care team now" in screen
        )
        when_shows(terminal, "Breathe out", timeout=10)
        terminal.keys("q")
        terminal.wait_for("[exited] 0", timeout=10)
    finally:
        terminal.close()
    [record] = saved(tmp_path)
    assert record["pattern"] == "breathless" and record["completed"] is False
