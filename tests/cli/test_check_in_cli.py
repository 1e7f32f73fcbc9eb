"""`pacer check-in`: typed answers saved as journal entries; a bad answer from a pipe exits 2
with one line naming it (nothing saved); on a terminal it is asked again."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from pacer.check_in_plain import run_check_in
from pacer.domain.errors import InputError
from pacer.services import Services
from pacer.store import Store

TZ = timezone(timedelta(hours=1))
NOW = datetime(2026, 11, 25, 15, 0, tzinfo=TZ)


def run_pacer(*args: str, home: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PACER_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "pacer", *args],
        capture_output=True, text=True, env=env, input=stdin, timeout=60,
    )


def journal(home: Path) -> list[dict[str, Any]]:
    return Store(home).read_log("journal.jsonl")


def keyboard(*lines: str) -> Callable[[], str]:
    queue = list(lines)

    def read() -> str:
        if not queue:
            raise EOFError
        return queue.pop(0)

    return read


def test_typed_answers_are_saved(tmp_path: Path) -> None:
    result = run_pacer("check-in", home=tmp_path, stdin="6\n1 4\nTired after treatment\n3\n")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    check_in, energy = journal(tmp_path)
    assert check_in["kind"] == "check-in" and check_in["distress"] == 6
    assert check_in["areas"] == ["body", "feelings"]
    assert check_in["note"] == "Tired after treatment"
    assert energy["kind"] == "energy" and energy["energy"] == 3
    out = result.stdout
    assert "How much distress have you felt this past week, from 0 to 10?" in out
    assert "1. Body and symptoms" in out and "5. Meaning, faith" in out
    assert "Saved. Thank you for checking in." in out
    assert "This is worth telling your care team about." in out  # 6 is 4 or more


def test_enter_for_none_and_the_end_of_input_answers_the_rest(tmp_path: Path) -> None:
    result = run_pacer("check-in", home=tmp_path, stdin="2\n")
    assert result.returncode == 0, result.stderr
    [entry] = journal(tmp_path)
    assert entry["distress"] == 2 and entry["areas"] == [] and entry["note"] == ""
    assert "care team" not in result.stdout  # below 4: no note


def test_only_the_battery(tmp_path: Path) -> None:
    result = run_pacer("check-in", home=tmp_path, stdin="\n7\n")
    assert result.returncode == 0, result.stderr
    [entry] = journal(tmp_path)
    assert entry["kind"] == "energy" and entry["energy"] == 7


def test_nothing_answered_saves_nothing(tmp_path: Path) -> None:
    result = run_pacer("check-in", home=tmp_path, stdin="")
    assert result.returncode == 0
    assert "Nothing was saved" in result.stdout
    assert not (tmp_path / "journal.jsonl").exists()


@pytest.mark.parametrize(
    ("stdin", "named"),
    [("11\n", "'11'"), ("ten\n", "'ten'"), ("4.5\n", "'4.5'"), ("5\n9\n", "'9'"),
     ("5\n1 x\n", "'x'"), ("5\n\n\n11\n", "'11'"), ("5\n\n\nfull\n", "'full'")],
)
def test_bad_answers_exit_2_with_one_line_naming_the_value(
    tmp_path: Path, stdin: str, named: str
) -> None:
    result = run_pacer("check-in", home=tmp_path, stdin=stdin)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("pacer: error: ") and named in lines[0]
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "journal.jsonl").exists()  # checked first, nothing saved


def test_on_a_terminal_a_bad_answer_is_asked_again(tmp_path: Path) -> None:
    services = Services.open(Store(tmp_path))
    out, err = io.StringIO(), io.StringIO()
    code = run_check_in(services, keyboard("eleven", "11", "5", "9", "2", "", "ok"), out, err,
                        NOW, asking=True)
    assert code == 0 and err.getvalue() == ""
    words = out.getvalue()
    assert "'eleven' is not a distress number" in words and "'11'" in words
    assert "'9' is not one of the areas" in words
    assert "'ok' is not a battery number" in words  # then the end of input skips it
    [entry] = journal(tmp_path)
    assert entry["distress"] == 5 and entry["areas"] == ["practical"]


def test_from_a_pipe_a_bad_answer_raises_for_the_command_line(tmp_path: Path) -> None:
    services = Services.open(Store(tmp_path))
    with pytest.raises(InputError, match="'11'"):
        run_check_in(services, keyboard("11"), io.StringIO(), io.StringIO(), NOW,
                     asking=False)


def test_the_note_names_the_next_appointment_made_harmless(tmp_path: Path) -> None:
    store = Store(tmp_path)
    store.update_document("appointments.json", lambda doc: {**doc, "appointments": [
        {"id": "a1", "kind": "scan", "when": "2026-11-27T09:30:00+01:00",
         "where": "Ward \x1b[2J7"}]})
    out = io.StringIO()
    run_check_in(Services.open(store), keyboard("8", "", "", ""), out, io.StringIO(), NOW,
                 asking=False)
    words = out.getvalue()
    assert "Your next appointment: Scan at Ward" in words and "Friday, in 2 days" in words
    assert "\x1b" not in words


def test_a_journal_that_cannot_be_written_is_one_line_and_exit_1(tmp_path: Path) -> None:
    (tmp_path / "journal.jsonl").mkdir()  # a folder where the log should be
    result = run_pacer("check-in", home=tmp_path, stdin="5\n\n\n\n")
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
