"""A whole first day in a real terminal: the welcome, a 1-minute session (with its safety note
first), a finish line, quit; then a relaunch that goes straight to Today, with no welcome.

The session runs in real time (one minute); each step waits for what it should have drawn
before the next key is sent, as a person would.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.e2e.tmux import Terminal, isolated_env, needs_tmux, pacer_command

TITLE = "Lunch with Sam"



@needs_tmux
def test_first_day_journey(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = isolated_env(tmp_path, PACER_AUDIO_BACKEND="none")
    terminal = Terminal(pacer_command(data, welcome=True), env)
    try:
        screen = terminal.wait_for("Welcome to Pacer")
        assert "not medical advice" in screen
        terminal.keys("Enter")
        screen = terminal.wait_for("One question to keep you safe")
        assert "panic attacks" in screen
        terminal.keys("n")  # show the patterns with holds too
        terminal.wait_for(lambda s: "Your pace" in s and "One question" not in s)

        terminal.keys("b")
        terminal.wait_for("Choose a pattern")
        terminal.keys("1")  # typing a number chooses your own length: 1 minute
        terminal.wait_for("Other   1")
        terminal.keys("Enter")
        screen = terminal.wait_for("Before you start")
        assert "Dizzy, tingly" in screen
        terminal.keys("Enter")
        terminal.wait_for("how stressed are you now?")
        terminal.type("6")
        terminal.keys("Enter")
        terminal.wait_for("Breathe in", timeout=10)
        terminal.wait_for("How stressed do you feel now?", timeout=90)
        terminal.keys("Escape")  # the rating is optional
        terminal.wait_for("Well paced")
        terminal.keys("Enter")
        terminal.wait_for(lambda s: "Your pace" in s and "Well paced" not in s)

        terminal.keys("f")
        terminal.wait_for("What are you running toward?")
        terminal.keys("a")
        terminal.wait_for("Add a finish line")
        terminal.type(TITLE)
        terminal.wait_for(TITLE)
        terminal.keys("C-s")
        terminal.wait_for(lambda s: "Finish lines" in s and "Add a finish line" not in s)
        terminal.keys("Escape")
        terminal.wait_for("Your pace")
        terminal.keys("q")
        terminal.wait_for("[exited] 0")
    finally:
        terminal.close()

    settings = json.loads((data / "settings.json").read_text(encoding="utf-8"))
    assert settings["welcome_seen"] is True
    assert settings["seen_patterns"] == ["resonance"]
    assert settings["hide_holds"] is False
    [session] = [json.loads(line) for line in (data / "sessions.jsonl").read_text().splitlines()]
    assert session["completed"] is True and session["planned_seconds"] == 60
    assert session["before"] == 6

    again = Terminal(pacer_command(data, welcome=True), env)
    try:
        screen = again.wait_for(f"Running toward: {TITLE}")
        assert "Welcome to Pacer" not in screen
        assert "Today       1 min" in screen
        again.keys("q")
        again.wait_for("[exited] 0")
    finally:
        again.close()
