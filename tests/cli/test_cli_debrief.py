"""`pacer appointments debrief ID`: the debrief asked in plain text, and PACER_TEST_NOW (the
test date the tmux test starts the app and the command line at)."""

from __future__ import annotations

import io
import json
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from pacer import cli
from pacer.clock import TEST_NOW, local_now


def pacer(home: Path, *args: str) -> int:
    try:
        return cli.main(["--data-dir", str(home), *args])
    except SystemExit as stop:
        return int(stop.code or 0)


def stored(home: Path, name: str = "appointments.json", key: str = "appointments") -> list[dict]:
    path = home / name
    return json.loads(path.read_text())[key] if path.exists() else []


# --- PACER_TEST_NOW ---------------------------------------------------------------------------


def test_the_test_date_starts_the_wall_clock_and_it_runs_on(
    monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(TEST_NOW, "2031-06-02T10:00:00+00:00")
    first = local_now()
    second = local_now()
    start = datetime.fromisoformat("2031-06-02T10:00:00+00:00")
    assert start <= first <= second < start + timedelta(minutes=5)
    assert first.utcoffset() == datetime.now().astimezone().utcoffset()  # the local zone


def test_the_command_line_uses_the_test_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(TEST_NOW, "2031-06-02T10:00:00+00:00")
    code = pacer(tmp_path, "appointments", "add", "--kind", "scan", "--when", "tomorrow 9:00")
    assert code == 0, capsys.readouterr().err
    (record,) = stored(tmp_path)
    assert datetime.fromisoformat(record["when"]).date().isoformat() == "2031-06-03"


def test_a_bad_test_date_is_one_line_and_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(TEST_NOW, "next tuesday")
    assert pacer(tmp_path, "appointments") == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "'next tuesday'" in err and "Traceback" not in err


# --- pacer appointments debrief ID ------------------------------------------------------------

#: The test date: Friday 4 December 2026, 15:00 UTC; the scan was that morning.
TEST_DATE = "2026-12-04T15:00:00+00:00"
SCAN = {"id": "scan-1234-abcd", "kind": "scan", "when": "2026-12-04T09:30:00+00:00",
        "where": "City Hospital", "notes": "", "questions": ["When will I hear?", "Is it big?"],
        "top_questions": ["Is it big?"]}


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A data folder with this morning's scan and a finish line, the clock at the test date,
    in UTC (so the days printed do not depend on the machine's zone)."""
    from pacer.store import Store

    monkeypatch.setenv(TEST_NOW, TEST_DATE)
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    store = Store(tmp_path)
    store.update_document("appointments.json",
                          lambda doc: {**doc, "appointments": [dict(SCAN)]})
    store.update_document("goals.json", lambda doc: {**doc, "goals": [
        {"id": "g1", "title": "Walk the coast path in May"}]})
    yield tmp_path
    monkeypatch.undo()
    time.tzset()


def typing(monkeypatch: pytest.MonkeyPatch, *lines: str) -> None:
    """What the person types; then end of input (Ctrl+D)."""
    monkeypatch.setattr("sys.stdin", io.StringIO("".join(f"{line}\n" for line in lines)))


def test_typed_answers_are_saved_with_the_appointment_and_the_next_one_made(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    typing(monkeypatch,
           "about 2 cm",            # Is it big? (the top question comes first)
           "",                      # When will I hear? skipped
           "rest this weekend",     # anything else
           "results with Dr Lee",   # what happens next
           "friday 10:00",          # when
           "y",                     # add it as a results visit
           "4",                     # stress
           "1",                     # the finish line
           "still May")             # one line about it
    assert pacer(home, "appointments", "debrief", "scan-12") == 0
    out = capsys.readouterr().out
    assert out.startswith("How did the scan go? Scan at City Hospital, Fri 4 Dec, 9:30.")
    assert "Your question: Is it big? What did they say?" in out
    assert "Saved with the appointment." in out
    assert "Added to your appointments: Results visit at City Hospital, Fri 11 Dec, 10:00." in out
    scan, results = stored(home)
    debrief = scan["debrief"]
    assert debrief["answers"] == [{"question": "Is it big?", "answer": "about 2 cm"},
                                  {"question": "When will I hear?", "answer": ""}]
    assert debrief["other"] == "rest this weekend"
    assert debrief["stress"] == 4 and debrief["goal_id"] == "g1"
    assert debrief["finish_line"] == "still May"
    assert debrief["next_appointment"] == results["id"]
    assert results["kind"] == "results" and results["when"] == "2026-12-11T10:00:00+00:00"


def test_a_bad_stress_or_date_asks_again(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    typing(monkeypatch, "", "", "", "", "blue moon", "", "eleven", "11", "3", "")
    assert pacer(home, "appointments", "debrief", "scan") == 0
    out = capsys.readouterr().out
    assert "'blue moon'" in out
    assert "'eleven' is not a stress rating" in out and "'11' is outside 0-10" in out
    (scan,) = stored(home)
    assert scan["debrief"]["stress"] == 3 and scan["debrief"]["next_when"] is None


def test_end_of_input_keeps_what_was_typed_as_a_draft_and_it_carries_on(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    typing(monkeypatch, "about 2 cm")
    assert pacer(home, "appointments", "debrief", "scan") == 0
    assert "Kept what you typed" in capsys.readouterr().out
    (scan,) = stored(home)
    assert "debrief" not in scan
    (draft,) = stored(home, "drafts.json", "drafts")
    assert draft["kind"] == "debrief" and draft["target"] == SCAN["id"]
    assert draft["fields"]["answer:0"] == "about 2 cm"
    typing(monkeypatch, "y", "next week", "", "", "", "", "", "")
    assert pacer(home, "appointments", "debrief", "scan") == 0
    out = capsys.readouterr().out
    assert "Is it big?" not in out  # answered then, not asked again
    (scan,) = stored(home)
    assert [a["answer"] for a in scan["debrief"]["answers"]] == ["about 2 cm", "next week"]
    assert stored(home, "drafts.json", "drafts") == []


@pytest.mark.parametrize("typed", ["nope", ""])
def test_a_bad_id_is_one_line_and_exit_2(
    home: Path, capsys: pytest.CaptureFixture[str], typed: str
) -> None:
    assert pacer(home, "appointments", "debrief", typed) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_one_still_to_come_is_one_line_and_exit_2(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from pacer.store import Store

    Store(home).update_document("appointments.json", lambda doc: {**doc, "appointments": [
        {**SCAN, "when": "2026-12-20T09:30:00+00:00"}]})
    assert pacer(home, "appointments", "debrief", "scan") == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "still to come" in err


# --- pacer calm --plain offers it -------------------------------------------------------------


def test_calm_plain_offers_the_debrief_first_and_no_puts_it_off(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    typing(monkeypatch, "n")  # then end of input: the routine leaves
    assert pacer(home, "calm", "--plain") in (0, 1)
    out = capsys.readouterr().out
    assert "How did the scan go? Scan at City Hospital, Fri 4 Dec, 9:30. Write it down now?" \
        in out
    assert "I will ask again tomorrow." in out
    (scan,) = stored(home)
    assert scan["debrief_later"] == "2026-12-05"


def test_calm_plain_yes_writes_it_then_the_routine_goes_on(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    typing(monkeypatch, "y", "about 2 cm", "", "", "", "", "", "")
    pacer(home, "calm", "--plain")
    out = capsys.readouterr().out
    assert "Saved with the appointment." in out
    after = out[out.index("Saved with the appointment."):]
    assert "How stressed are you right now" in after or "Which appointment" in after
    (scan,) = stored(home)
    assert scan["debrief"]["answers"][0]["answer"] == "about 2 cm"


def test_calm_plain_asks_nothing_when_no_debrief_is_due(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from pacer.store import Store

    Store(home).update_document("appointments.json", lambda doc: {**doc, "appointments": [
        {**SCAN, "debrief_dismissed": True}]})
    typing(monkeypatch)
    pacer(home, "calm", "--plain")
    assert "How did the scan go?" not in capsys.readouterr().out


def test_export_includes_the_debrief_with_its_appointment(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    typing(monkeypatch, "about 2 cm", "", "", "", "", "", "")
    assert pacer(home, "appointments", "debrief", "scan") == 0
    capsys.readouterr()
    assert pacer(home, "export") == 0
    data = json.loads(capsys.readouterr().out)
    text = json.dumps(data)
    assert '"debrief"' in text and "about 2 cm" in text
    found = [a for a in _appointments_in(data) if a.get("id") == SCAN["id"]]
    assert found and found[0]["debrief"]["answers"][0]["answer"] == "about 2 cm"


def _appointments_in(data: object) -> list[dict]:
    """The appointment records anywhere in an export (its layout belongs to the store)."""
    if isinstance(data, dict):
        if isinstance(data.get("appointments"), list):
            return [a for a in data["appointments"] if isinstance(a, dict)]
        return [a for value in data.values() for a in _appointments_in(value)]
    if isinstance(data, list):
        return [a for value in data for a in _appointments_in(value)]
    return []
