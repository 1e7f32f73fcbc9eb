"""`pacer appointments sheet ID [-o FILE]` and `pacer appointments ics [-o FILE]`.

The sheet is printed or written in the format the file's name asks for; the calendar file is
RFC 5545 read back with icalendar. Both write like `pacer export -o` does (0600, never inside
the data folder), and a bad id or a path that cannot be written is one line and exit 2.
"""

from __future__ import annotations

import stat
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from icalendar import Calendar

from pacer.services import Services
from pacer.store import Store
from tests.cli.test_cli_appointments import add_scan, pacer, stored


@pytest.fixture
def paris(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The computer's zone is Europe/Paris for this test (and the local time with it)."""
    monkeypatch.setenv("TZ", "Europe/Paris")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "data"


def test_sheet_prints_text_to_stdout(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    record = add_scan(home, capsys, "--notes", "Bring the letter")
    assert pacer(home, "appointments", "sheet", record["id"][:8]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert out.startswith("Visit sheet: Scan\n=================\n")
    assert "When:         Friday 4 January 2030, 9:00" in out
    assert "Where:        City Hospital" in out and "Notes:        Bring the letter" in out
    assert "1.  When will I hear?\n    Answer: ___" in out
    assert "2.  Who do I call?" in out


@pytest.mark.parametrize(("name", "start"), [
    ("visit.md", "# Visit sheet: Scan\n"),
    ("visit.html", "<!DOCTYPE html>\n"),
    ("visit.txt", "Visit sheet: Scan\n"),
    ("visit", "Visit sheet: Scan\n"),
])
def test_sheet_o_writes_the_format_of_the_ending_privately(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, start: str
) -> None:
    record = add_scan(home, capsys)
    target = tmp_path / "out" / name
    target.parent.mkdir()
    assert pacer(home, "appointments", "sheet", record["id"], "-o", str(target)) == 0
    out = capsys.readouterr().out
    assert out == f"Saved the visit sheet to {target}.\n"
    assert target.read_text(encoding="utf-8").startswith(start)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_sheet_shows_the_plan_b_from_the_journal(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    record = add_scan(home, capsys)
    Services.open(Store(home)).journal.add({
        "id": str(uuid.uuid4()), "kind": "reappraisal",
        "created": "2029-12-20T10:00:00+00:00",
        "appointment_id": record["id"],
        "answers": {"control": [{"prompt": "Plan B: if the news you fear came, what would "
                                           "your first step be?",
                                 "answer": "Call Sam, then the nurse."}]},
    })
    assert pacer(home, "appointments", "sheet", record["id"]) == 0
    assert "Plan B\n------\nIf the news you fear came, your first step:\n" \
           "  Call Sam, then the nurse." in capsys.readouterr().out


def test_sheet_with_a_bad_id_is_one_line_and_exit_2(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add_scan(home, capsys)
    target = tmp_path / "visit.md"
    assert pacer(home, "appointments", "sheet", "nope", "-o", str(target)) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == "pacer: error: no appointment has the id 'nope'; pacer appointments lists them\n"
    assert not target.exists()


@pytest.mark.parametrize("where", ["missing", "inside", "folder"])
def test_sheet_to_a_path_that_cannot_be_written_is_one_line_and_exit_2(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str
) -> None:
    record = add_scan(home, capsys)
    target = {"missing": tmp_path / "no-such-folder" / "visit.md",
              "inside": home / "visit.md",
              "folder": tmp_path}[where]
    before = sorted(p.name for p in home.iterdir())
    assert pacer(home, "appointments", "sheet", record["id"], "-o", str(target)) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("pacer: error: ") and err.count("\n") == 1
    assert str(target) in err and "Traceback" not in err
    assert sorted(p.name for p in home.iterdir()) == before


def test_ics_prints_a_calendar_of_upcoming_appointments(
    home: Path, capsys: pytest.CaptureFixture[str], paris: None
) -> None:
    record = add_scan(home, capsys)
    assert pacer(home, "appointments", "ics") == 0
    out = capsys.readouterr().out
    (event,) = Calendar.from_ical(out).walk("VEVENT")
    assert str(event["UID"]) == f"{record['id']}@pacer.local"
    assert "DTSTART;TZID=Europe/Paris:20300104T090000" in out
    assert str(event["LOCATION"]) == "City Hospital"
    assert len(event.walk("VALARM")) == 2


def test_ics_o_writes_the_file_and_two_exports_share_their_uids(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], paris: None
) -> None:
    add_scan(home, capsys)
    pacer(home, "appointments", "add", "--kind", "treatment", "--when", "2030-07-01 10:00")
    capsys.readouterr()
    first, second = tmp_path / "a.ics", tmp_path / "b.ics"
    assert pacer(home, "appointments", "ics", "-o", str(first)) == 0
    assert capsys.readouterr().out.startswith(f"Saved 2 upcoming appointments to {first}.")
    assert pacer(home, "appointments", "ics", "-o", str(second)) == 0
    assert stat.S_IMODE(first.stat().st_mode) == 0o600

    def uids(path: Path) -> list[str]:
        return [str(e["UID"]) for e in Calendar.from_ical(path.read_text()).walk("VEVENT")]

    assert uids(first) == uids(second) == [f"{r['id']}@pacer.local" for r in stored(home)]
    assert "DTSTART;TZID=Europe/Paris:20300701T100000" in first.read_text()  # summer time


def test_ics_inside_the_data_folder_is_refused(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add_scan(home, capsys)
    assert pacer(home, "appointments", "ics", "-o", str(home / "cal.ics")) == 2
    assert "inside the data folder" in capsys.readouterr().err
    assert not (home / "cal.ics").exists()


def test_ics_with_nothing_upcoming_is_an_empty_calendar(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert pacer(home, "appointments", "ics") == 0
    calendar = Calendar.from_ical(capsys.readouterr().out)
    assert list(calendar.walk("VEVENT")) == []
