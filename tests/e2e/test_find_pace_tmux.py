"""A real terminal: `pacer breathe --find-pace`, two paces breathed, the second one a strain, so
the sweep ends early; the pace rated easy becomes "Your pace" and the default.

Each pace is shortened with PACER_PACE_STEP_SECONDS (for tests only): 4 seconds is one whole
breath of each pace, about 10 seconds, so the test takes about half a minute, not three.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.e2e.tmux import Terminal, isolated_env, needs_tmux, pacer_command


def flat(screen: str) -> str:
    """The screen's words on one line: a sentence may wrap anywhere."""
    return " ".join(screen.split())


@needs_tmux
def test_the_sweep_ends_early_on_strain_and_keeps_the_easy_pace(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = isolated_env(tmp_path, PACER_PACE_STEP_SECONDS="4")
    terminal = Terminal(pacer_command(data, "breathe", "--find-pace"), env=env)
    try:
        screen = terminal.wait_for("Pace 1 of 5: 6.5 breaths a minute", timeout=30)
        assert "no heart-rate sensor" in flat(screen) and "Breathe this pace" in screen
        terminal.keys("Enter")
        screen = terminal.wait_for("Breathe in", timeout=20)
        assert "3.7-0-5.5-0" in screen  # the session screen, at 6.5 a minute
        terminal.wait_for("How easy was that, 0-10?", timeout=30)
        terminal.type("8")
        terminal.keys("Enter")
        terminal.wait_for("Pace 2 of 5: 6 breaths a minute", timeout=20)
        terminal.keys("Enter")
        terminal.wait_for("4-0-6-0", timeout=20)
        # The whole rating step, not a frame caught half drawn: the title and question can be
        # on the pane a moment before the buttons below them.
        screen = terminal.wait_for(
            lambda s: "How easy was that, 0-10?" in s and "That was a strain" in s
            and "End the sweep" in s, timeout=30)
        terminal.keys("Tab", "Tab")  # from the number box past "Rate" to "That was a strain"
        terminal.keys("Enter")
        screen = terminal.wait_for("Use as my default", timeout=20)
        assert "Your pace: 6.5 breaths a minute" in flat(screen)
        assert "Stop and breathe normally" in flat(screen)
        terminal.keys("Enter")
        terminal.wait_for("Saved as Your pace", timeout=20)
        terminal.keys("q")
        terminal.wait_for("[exited] 0", timeout=20)
    finally:
        terminal.close()
    patterns = json.loads((data / "patterns.json").read_text())["patterns"]
    assert patterns == [{"id": "your-pace", "name": "Your pace", "rhythm": "3.7-0-5.5-0"}]
    assert json.loads((data / "settings.json").read_text())["default_pattern"] == "your-pace"
    sessions = [json.loads(line) for line in (data / "sessions.jsonl").read_text().splitlines()]
    assert [s["rhythm"] for s in sessions] == ["3.7-0-5.5-0", "4-0-6-0"]
