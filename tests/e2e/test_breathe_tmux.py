"""A real terminal: launch Pacer, start a session, watch the phase words change on time, quit."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from tests.e2e.tmux import Terminal, needs_tmux, pacer_command

# The default pattern, resonance: 4 s in, 6 s out. The screen is read every few milliseconds
# (one capture-pane each), so a change is seen well inside this; the redraw delay is the same
# at both ends of a phase and cancels out. A behaviour check of the real terminal, not a
# benchmark: a phase that ran a tick short or long, or a timer that drifts, is far outside it.
INHALE, EXHALE = 4.0, 6.0
TOLERANCE = 0.6


def phase_of(screen: str) -> str | None:
    if "Breathe in" in screen:
        return "in"
    if "Breathe out" in screen:
        return "out"
    return None


def when_phase_shows(terminal: Terminal, phase: str, timeout: float) -> tuple[float, str]:
    """The monotonic time at which `phase` is first on the screen, and that screen."""
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = terminal.screen()
        seen = time.monotonic()
        if phase_of(screen) == phase:
            return seen, screen
        time.sleep(0.01)
    pytest.fail(f"'Breathe {phase}' did not show within {timeout} s; the screen was:\n{screen}")


@needs_tmux
def test_start_a_session_see_the_phases_change_on_time_and_quit(tmp_path: Path) -> None:
    terminal = Terminal(pacer_command(tmp_path), env={"PACER_AUDIO_BACKEND": "none"})
    try:
        terminal.wait_for("Your pace")
        terminal.keys("b")
        terminal.wait_for("Choose a pattern")
        terminal.keys("Enter")  # the default: slow, long exhale, 4 in and 6 out
        breathe_in, _ = when_phase_shows(terminal, "in", timeout=10)
        breathe_out, screen = when_phase_shows(terminal, "out", timeout=INHALE + 5)
        assert "breathed" in screen and "to go" in screen
        next_in, _ = when_phase_shows(terminal, "in", timeout=EXHALE + 5)
        assert breathe_out - breathe_in == pytest.approx(INHALE, abs=TOLERANCE)
        assert next_in - breathe_out == pytest.approx(EXHALE, abs=TOLERANCE)
        terminal.keys("q")
        terminal.wait_for("[exited] 0", timeout=10)
    finally:
        terminal.close()
    records = [json.loads(line) for line in (tmp_path / "sessions.jsonl").read_text().splitlines()]
    assert len(records) == 1
    assert records[0]["pattern"] == "resonance" and records[0]["completed"] is False
    assert 10.0 <= records[0]["seconds"] <= 30.0
