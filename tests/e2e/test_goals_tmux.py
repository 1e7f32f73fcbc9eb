"""A real terminal: add a finish line with f, a, typing and ctrl+s; relaunch; see it on Today.

Each step waits for what it should have drawn before the next key is sent, as a person would:
keys sent faster than a screen can open would go to the screen underneath.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.e2e.tmux import Terminal, isolated_env, needs_tmux, pacer_command

TITLE = "See the sea at Whitby"



@needs_tmux
def test_add_a_finish_line_and_see_it_on_the_home_screen(tmp_path: Path) -> None:
    data = tmp_path / "data"
    terminal = Terminal(pacer_command(data), isolated_env(tmp_path))
    try:
        terminal.wait_for("Today")
        terminal.keys("f")
        terminal.wait_for("What are you running toward?")
        terminal.keys("a")
        terminal.wait_for("Add a finish line")
        terminal.type(TITLE)
        terminal.wait_for(TITLE)
        terminal.keys("C-s")
        screen = terminal.wait_for(lambda s: "Finish lines" in s and "Add a finish line" not in s)
        assert TITLE in screen
        terminal.keys("Escape")
        terminal.wait_for("Today")
        terminal.keys("q")
        terminal.wait_for("[exited] 0")
    finally:
        terminal.close()

    saved = json.loads((data / "goals.json").read_text(encoding="utf-8"))
    assert [goal["title"] for goal in saved["goals"]] == [TITLE]

    again = Terminal(pacer_command(data), isolated_env(tmp_path))
    try:
        screen = again.wait_for(f"Running toward: {TITLE}")
        assert "Today" in screen
        again.keys("q")
        again.wait_for("[exited] 0")
    finally:
        again.close()
