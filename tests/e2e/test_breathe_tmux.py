"""A real terminal: launch Pacer, start a session, watch the phase words change, quit."""

from __future__ import annotations

import json
from pathlib import Path

from tests.e2e.tmux import Terminal, needs_tmux, pacer_command


@needs_tmux
def test_start_a_session_see_the_phases_change_and_quit(tmp_path: Path) -> None:
    terminal = Terminal(pacer_command(tmp_path), env={"PACER_AUDIO_BACKEND": "none"})
    try:
        terminal.wait_for("Your pace")
        terminal.keys("b")
        terminal.wait_for("Choose a pattern")
        terminal.keys("Enter")  # the default: slow, long exhale, 4 in and 6 out
        terminal.wait_for("Breathe in", timeout=10)
        screen = terminal.wait_for("Breathe out", timeout=10)
        assert "breathed" in screen and "to go" in screen
        terminal.wait_for("Breathe in", timeout=10)  # the next breath arrives on time
        terminal.keys("q")
        terminal.wait_for("[exited] 0", timeout=10)
    finally:
        terminal.close()
    records = [json.loads(line) for line in (tmp_path / "sessions.jsonl").read_text().splitlines()]
    assert len(records) == 1
    assert records[0]["pattern"] == "resonance" and records[0]["completed"] is False
    assert 10.0 <= records[0]["seconds"] <= 30.0
