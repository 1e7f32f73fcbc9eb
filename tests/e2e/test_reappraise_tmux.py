"""A real terminal: type half a situation, quit with ctrl+q, relaunch, and find the words again.

This is the promise "nothing typed is ever lost" tested end to end: a real Pacer process in
tmux, real keys, a real quit, and a second process reading the draft back. Each step waits for
what it should have drawn before the next key is sent, as a person would.

It needs `r` on the Today screen to open the reappraisal (wired by the app, see
`pacer.screens.reappraise.open_reappraisal`).
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.e2e.tmux import Terminal, isolated_env, needs_tmux, pacer_command

HALF = "The scan is on Friday and I keep"



@needs_tmux
def test_half_typed_situation_survives_ctrl_q_and_relaunch(tmp_path: Path) -> None:
    data = tmp_path / "data"
    terminal = Terminal(pacer_command(data), isolated_env(tmp_path))
    try:
        terminal.wait_for("Today")
        terminal.keys("r")
        terminal.wait_for("What is on your mind?")
        terminal.type(HALF)
        terminal.wait_for(HALF)
        terminal.keys("C-q")  # straight out: no Escape, no save key
        terminal.wait_for("[exited] 0")
    finally:
        terminal.close()

    drafts = json.loads((data / "drafts.json").read_text(encoding="utf-8"))["drafts"]
    assert [d["answers"]["situation"] for d in drafts] == [HALF]

    again = Terminal(pacer_command(data), isolated_env(tmp_path))
    try:
        again.wait_for("Today")
        again.keys("r")
        screen = again.wait_for("You have an unfinished reappraisal")
        assert HALF in screen  # the words are shown before choosing
        again.keys("Enter")  # Continue is the default
        screen = again.wait_for(lambda s: "step 1 of" in s and "unfinished" not in s)
        assert HALF in screen and "What is on your mind?" in screen  # same step, same words
        again.type(" imagining the worst.")
        again.wait_for("imagining the worst.")
        again.keys("C-q")
        again.wait_for("[exited] 0")
    finally:
        again.close()

    drafts = json.loads((data / "drafts.json").read_text(encoding="utf-8"))["drafts"]
    assert [d["answers"]["situation"] for d in drafts] == [HALF + " imagining the worst."]
