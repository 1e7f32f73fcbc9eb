"""The whole journey from scan to results in a real terminal, days passing by a test date
(PACER_TEST_NOW): add a scan with its results expected, see the wait on Today the next day and
on the prompt line, save the visit sheet, write how the scan went with the results visit as
the next date, and see the wait end once that visit has come.

Each step waits for what it should have drawn before the next key is sent, as a person would.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.e2e.tmux import Terminal, isolated_env, needs_tmux, pacer_command

#: Monday 30 November 2026 at 8:00: the scan is booked for Tuesday, results expected Friday.
BOOKED = "2026-11-30T08:00:00+00:00"
#: Wednesday 2 December, 10:00: day 2 of the wait.
WAITING = "2026-12-02T10:00:00+00:00"
#: Thursday 3 December, 15:00: the results visit (Thursday 14:00) has come.
AFTER_RESULTS = "2026-12-03T15:00:00+00:00"


def run(data: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*pacer_command(data, *args)], env=env, capture_output=True,
                          text=True, timeout=60, check=False)


@needs_tmux
def test_from_the_scan_through_the_wait_to_the_results(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = isolated_env(tmp_path, TZ="UTC", PACER_TEST_NOW=BOOKED)
    added = run(data, env, "appointments", "add", "--kind", "scan", "--when", "tuesday 9:30",
                "--where", "City Hospital", "--question", "When will I hear?",
                "--results-due", "friday")
    assert added.returncode == 0, added.stderr
    assert run(data, env, "pleasant", "add", "a walk by the river").returncode == 0

    waiting = {**env, "PACER_TEST_NOW": WAITING}
    status = run(data, waiting, "status")
    assert status.returncode == 0 and "waiting day 2" in status.stdout, status
    terminal = Terminal(pacer_command(data), waiting)
    try:
        screen = terminal.wait_for("Waiting for your scan results")
        assert "day 2, expected Friday" in screen
        assert "a walk by the river" in screen
        assert "How did the scan go?" in screen  # its time has passed: the debrief is offered
        terminal.keys("g")
        terminal.wait_for("▸ When will I hear?")
        terminal.type("thursday afternoon")
        terminal.wait_for("thursday afternoon")
        terminal.keys("C-n")
        terminal.wait_for("▸ Anything else they said")
        terminal.keys("C-n")
        terminal.wait_for("▸ What happens next")
        terminal.type("results with Dr Lee")
        terminal.wait_for("results with Dr Lee")
        terminal.keys("C-n")
        terminal.wait_for("▸ When is it?")
        terminal.type("thursday 14:00")
        terminal.wait_for("Thu 3 Dec")  # the date understood, beside the field
        terminal.keys("C-s")
        screen = terminal.wait_for(lambda s: "Your pace" in s and "How did the scan go?" not in s)
        assert "Waiting for your scan results" in screen  # the visit is still to come
        terminal.keys("q")
        terminal.wait_for("[exited] 0")
    finally:
        terminal.close()

    scan, results = json.loads((data / "appointments.json").read_text())["appointments"]
    assert scan["debrief"]["answers"] == [
        {"question": "When will I hear?", "answer": "thursday afternoon"}]
    assert results["kind"] == "results" and results["when"] == "2026-12-03T14:00:00+00:00"
    assert scan["results_appointment"] == results["id"]

    sheet = tmp_path / "scan.md"
    made = run(data, waiting, "appointments", "sheet", scan["id"][:8], "-o", str(sheet))
    assert made.returncode == 0, made.stderr
    text = sheet.read_text()
    assert "When will I hear?" in text and "thursday afternoon" in text

    after = {**env, "PACER_TEST_NOW": AFTER_RESULTS}
    terminal = Terminal(pacer_command(data), after)
    try:
        screen = terminal.wait_for("Your pace")
        screen = terminal.wait_for(lambda s: "How did the results visit go?" in s)
        assert "Waiting for your scan results" not in screen  # the results visit has come
        terminal.keys("q")
        terminal.wait_for("[exited] 0")
    finally:
        terminal.close()
    assert "waiting" not in run(data, after, "status").stdout
