"""A real terminal, with a test date (PACER_TEST_NOW): add a scan from the command line, open the
app after its time, see "How did the scan go?", write the debrief with a next date, and see the
next appointment in Appointments.

Each step waits for what it should have drawn before the next key is sent, as a person would.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.e2e.tmux import Terminal, isolated_env, needs_tmux, pacer_command

#: Thursday 3 December 2026: the scan is added at 8:00 for 9:30, the app opened at 15:00.
BEFORE = "2026-12-03T08:00:00+00:00"
AFTER = "2026-12-03T15:00:00+00:00"


@needs_tmux
def test_scan_then_debrief_then_the_next_appointment(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = isolated_env(tmp_path, TZ="UTC", PACER_TEST_NOW=BEFORE)
    added = subprocess.run(
        [*pacer_command(data, "appointments", "add", "--kind", "scan", "--when", "9:30",
                        "--where", "City Hospital", "--question", "Is it big?")],
        env=env, capture_output=True, text=True, timeout=60, check=False,
    )
    assert added.returncode == 0, added.stderr
    assert "Thu 3 Dec, 9:30" in added.stdout

    terminal = Terminal(pacer_command(data), {**env, "PACER_TEST_NOW": AFTER})
    try:
        screen = terminal.wait_for("How did the scan go?")
        assert "g to write it down, z for later" in screen
        terminal.keys("g")
        # Each key that moves on waits for the ▸ beside the next field: keys typed before the
        # focus has moved would go to the field before.
        terminal.wait_for("▸ Is it big?")
        terminal.type("about 2 cm")
        terminal.wait_for("about 2 cm")
        terminal.keys("C-n")
        terminal.wait_for("▸ Anything else they said")
        terminal.type("rest this weekend")
        terminal.wait_for("rest this weekend")
        terminal.keys("C-n")
        terminal.wait_for("▸ What happens next")
        terminal.type("results with Dr Lee")
        terminal.wait_for("results with Dr Lee")
        terminal.keys("C-n")
        terminal.wait_for("▸ When is it?")
        terminal.type("friday 10:00")
        terminal.wait_for("Fri 4 Dec")  # the date understood, beside the field
        terminal.keys("C-s")
        screen = terminal.wait_for(lambda s: "Today" in s and "How did the scan go?" not in s)
        terminal.keys("t")
        screen = terminal.wait_for(lambda s: "Your pace" not in s and "Results visit" in s)
        assert "Scan at City Hospital" in screen
        terminal.keys("Escape")
        terminal.wait_for("Your pace")
        terminal.keys("q")
        terminal.wait_for("[exited] 0")
    finally:
        terminal.close()

    scan, results = json.loads((data / "appointments.json").read_text())["appointments"]
    assert scan["debrief"]["answers"] == [{"question": "Is it big?", "answer": "about 2 cm"}]
    assert scan["debrief"]["other"] == "rest this weekend"
    assert scan["debrief"]["next_appointment"] == results["id"]
    assert results["notes"] == "results with Dr Lee"
    assert results["kind"] == "results"
    assert results["when"] == "2026-12-04T10:00:00+00:00"
