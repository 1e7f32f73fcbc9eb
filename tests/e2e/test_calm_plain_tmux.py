"""A real terminal: the whole `pacer calm --plain` routine, answered by typed text one key at a
time, as a person with a screen reader would. The screen text and the saved records are checked.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.e2e.tmux import Terminal, isolated_env, needs_tmux, pacer_command

# A 1-second breath for half a minute, the shortest routine breathing the settings allow.
FAST = "0.5-0-0.5"


def last_line(screen: str) -> str:
    lines = [line.rstrip() for line in screen.splitlines() if line.strip()]
    return lines[-1] if lines else ""


def answer(terminal: Terminal, prompt: str, text: str, *, after: str | None = None) -> None:
    """Wait for ``prompt`` on the last line (and ``after`` somewhere on the screen), then type
    ``text`` one key at a time and press Enter."""

    def asked(screen: str) -> bool:
        line = last_line(screen)
        return prompt in line and line.endswith(prompt) and (after is None or after in screen)

    terminal.wait_for(asked, timeout=60)
    for key in text:
        terminal.type(key)
    terminal.keys("Enter")


def write(path: Path, value: object) -> None:
    path.write_text(json.dumps(value), encoding="utf-8")


def records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


@needs_tmux
def test_a_whole_plain_routine_typed_key_by_key(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    write(data / "settings.json", {"schema": 1, "routine_pattern": FAST, "routine_minutes": 0.5})
    write(data / "appointments.json", {"schema": 1, "appointments": [
        {"id": "scan-1", "kind": "scan", "when": "2030-01-04T09:00:00+00:00",
         "where": "City Hospital", "notes": "", "questions": ["When will I hear?"]}]})
    write(data / "goals.json", {"schema": 1, "goals": [
        {"id": "g1", "title": "Walk the coast path", "next_step": "Buy boots"}]})
    terminal = Terminal(pacer_command(data, "calm", "--plain"), env=isolated_env(tmp_path),
                        size=(160, 50))
    try:
        screen = terminal.wait_for("Which appointment is this for?", timeout=30)
        assert "To skip any question or step, press Enter without typing." in screen
        assert "1. Scan at City Hospital," in screen
        answer(terminal, "Type its number:", "1")
        answer(terminal, "How stressed are you right now, from 0 to 10?", "7")
        answer(terminal, "Start the breathing now? Type y to start.", "maybe")
        answer(terminal, "Start the breathing now? Type y to start.", "y",
               after="'maybe' is not yes or no; please type y or n.")
        screen = terminal.wait_for("Breathe out, 0.5 seconds", timeout=30)
        assert "Breathe in, 0.5 seconds" in screen
        answer(terminal, "Yes or no?", "n", after="The session is over. Well done: 30 breaths")
        answer(terminal, "U, Unpredictable: You could not see it coming, or you cannot know "
               "yet how it will go. Yes or no?", "yes")
        answer(terminal, "not coping well enough. Yes or no?", "no")
        answer(terminal, "It feels out of your hands. Yes or no?", "n")
        answer(terminal, "Write the question down.", "Whether it has grown")
        answer(terminal, "who will call and when?", "")
        answer(terminal, "From whom?", "The nurse")
        answer(terminal, "In your own words:", "Hard to wait, and I have a plan")
        answer(terminal, "One next step that is in your hands:", "Write my questions")
        screen = terminal.wait_for("Saved in your journal.")
        assert "1. When will I hear?" in screen
        answer(terminal, "or nothing when you are done:", "Can I get results by phone?")
        answer(terminal, "or nothing when you are done:", "", after="Added to your questions.")
        screen = terminal.wait_for("You are running toward: Walk the coast path.")
        answer(terminal, "How stressed are you now, from 0 to 10?", "3")
        screen = terminal.wait_for("[exited] 0", timeout=20)
        assert "Saved. Stress went from 7 to 3. Go gently." in screen
        assert "`" not in screen and "→" not in screen
    finally:
        terminal.close()

    (session,) = records(data / "sessions.jsonl")
    assert session["source"] == "plain" and session["completed"] is True
    assert session["pattern"] == FAST and session["before"] == 7
    assert session["seconds"] == 30.0
    entry, routine = records(data / "journal.jsonl")
    assert entry["kind"] == "reappraisal" and entry["appointment_id"] == "scan-1"
    assert {key for key, ticked in entry["nuts"].items() if ticked} == {"unpredictable"}
    # The question skipped with Enter is not kept as an empty answer.
    assert [a["answer"] for a in entry["answers"]["unpredictable"]] == [
        "Whether it has grown", "The nurse"]
    assert entry["balanced"] == "Hard to wait, and I have a plan"
    assert routine["kind"] == "routine" and routine["finished"] is True
    assert routine["session_id"] == session["id"] and routine["journal_id"] == entry["id"]
    assert (routine["checkin"], routine["checkout"]) == (7, 3)
    assert routine["questions_added"] == ["Can I get results by phone?"]
    questions = json.loads((data / "appointments.json").read_text())["appointments"][0]
    assert questions["questions"] == ["When will I hear?", "Can I get results by phone?"]
