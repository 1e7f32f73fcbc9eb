"""A real terminal: add a finish line with f, a, typing and ctrl+s; relaunch; see it on Today.

Each step waits for what it should have drawn before the next key is sent, as a person would:
keys sent faster than a screen can open would go to the screen underneath.
"""

from __future__ import annotations

import json
import time
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


@needs_tmux
def test_ctrl_s_sent_with_the_last_keys_saves_every_key(tmp_path: Path) -> None:
    """A terminal delivers keys typed fast (or pasted) together with ctrl+s: none is lost."""
    data = tmp_path / "data"
    terminal = Terminal(pacer_command(data), isolated_env(tmp_path))
    try:
        terminal.wait_for("Today")
        terminal.keys("f")
        terminal.wait_for("What are you running toward?")
        terminal.keys("a")
        terminal.wait_for("Add a finish line")
        terminal.keys("N", "a", "m", "e", "C-s")  # one send-keys: one burst
        terminal.wait_for("Saved.")
        terminal.keys("Escape")
        terminal.wait_for("Today")
        terminal.keys("q")
        terminal.wait_for("[exited] 0")
    finally:
        terminal.close()
    saved = json.loads((data / "goals.json").read_text(encoding="utf-8"))
    assert [goal["title"] for goal in saved["goals"]] == ["Name"]


@needs_tmux
def test_q_on_a_form_with_typed_words_asks_then_keeps_them_for_next_time(tmp_path: Path) -> None:
    data = tmp_path / "data"
    terminal = Terminal(pacer_command(data), isolated_env(tmp_path))
    try:
        terminal.wait_for("Today")
        terminal.keys("f")
        terminal.wait_for("What are you running toward?")
        terminal.keys("a")
        terminal.wait_for("Add a finish line")
        terminal.type("Garden party")
        terminal.wait_for("Garden party")
        terminal.keys("Tab")
        # Moving the focus changes nothing capture-pane shows, so there is nothing to wait for:
        # give the app a moment, as a person would, so q reaches the "kind" choice.
        time.sleep(0.5)
        terminal.keys("q")
        terminal.wait_for("Quit Pacer?")
        terminal.keys("y")
        terminal.wait_for("[exited] 0")
    finally:
        terminal.close()
    assert not (data / "goals.json").exists()

    again = Terminal(pacer_command(data), isolated_env(tmp_path))
    try:
        again.wait_for("Today")
        again.keys("f")
        again.wait_for("What are you running toward?")
        again.keys("a")
        screen = again.wait_for("typed last time")
        assert "Garden party" in screen
        again.keys("C-s")
        again.wait_for("Saved.")
        again.keys("Escape")
        again.wait_for("Today")
        again.keys("q")
        again.wait_for("[exited] 0")
    finally:
        again.close()
    saved = json.loads((data / "goals.json").read_text(encoding="utf-8"))
    assert [goal["title"] for goal in saved["goals"]] == ["Garden party"]
    drafts = json.loads((data / "drafts.json").read_text(encoding="utf-8"))
    assert drafts["drafts"] == []
