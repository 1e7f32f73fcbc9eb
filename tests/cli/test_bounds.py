"""Ranges and odd records at the command line: one range per value (pacer.domain.records), and a
record that does not fit is left out and named on stderr (file, index, field, value), exit 1,
never a traceback and never a Python repr on stdout."""

from __future__ import annotations

import contextlib
import io
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pacer import cli
from pacer.calm_plain import CalmPlain
from pacer.clock import FakeClock
from pacer.services import Services
from pacer.store import Store
from tests.cli.test_cli import run_pacer

TZ = timezone(timedelta(hours=1))


def session(started: str, pattern: str = "box", **extra: object) -> dict[str, object]:
    """A valid session record that started at ``started`` and lasted a minute."""
    begin = datetime.fromisoformat(started)
    return {
        "id": f"00000000-0000-4000-8000-{abs(hash(started)) % 10**12:012d}",
        "schema": 1, "started": started,
        "ended": (begin + timedelta(minutes=1)).isoformat(),
        "pattern": pattern, "rhythm": "4-4-4-4", "seconds": 60.0, "planned_seconds": 60.0,
        "completed": True, "source": "log", **extra,
    }


def write_log(path: Path, records: list[dict[str, object]]) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in records))


def write_doc(path: Path, key: str, records: list[dict[str, object]]) -> None:
    path.write_text(json.dumps({"schema": 1, key: records}))


# --- ranges -------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["inf", "0.4", "121", "nan", "1e309"])
def test_minutes_out_of_range_names_the_value_and_the_range(value: str, tmp_path: Path) -> None:
    result = run_pacer("breathe", "--plain", "--minutes", value, home=tmp_path)
    assert result.returncode == 2
    (line,) = result.stderr.strip().splitlines()
    assert f"'{value}'" in line and "0.5 to 120" in line
    assert "longer than 0" not in line


def test_a_breath_shorter_than_a_second_is_refused(tmp_path: Path) -> None:
    result = run_pacer("breathe", "--plain", "--pattern", "0.0001-0-0.0001", home=tmp_path)
    assert result.returncode == 2 and result.stdout == ""
    (line,) = result.stderr.strip().splitlines()
    assert "'0.0001-0-0.0001'" in line and "at least 1 second" in line
    assert not (tmp_path / "sessions.jsonl").exists()


def test_history_is_newest_first_by_start_time(tmp_path: Path, capsys) -> None:
    write_log(tmp_path / "sessions.jsonl", [
        session("2026-11-02T09:00:00+01:00", "coherent"),
        session("2026-11-03T09:00:00+01:00", "box"),
        session("2026-11-01T09:00:00+01:00", "gentle"),  # logged late: older than the others
    ])
    assert cli.main(["--data-dir", str(tmp_path), "history"]) == 0
    rows = capsys.readouterr().out.splitlines()
    assert [row.split()[2] for row in rows] == ["box", "coherent", "gentle"]
    assert cli.main(["--data-dir", str(tmp_path), "history", "--json"]) == 0
    assert [r["pattern"] for r in json.loads(capsys.readouterr().out)] == [
        "box", "coherent", "gentle"]


# --- records that do not fit --------------------------------------------------------------------


def test_history_skips_a_session_in_the_year_9999_and_names_it(tmp_path: Path, capsys) -> None:
    write_log(tmp_path / "sessions.jsonl", [
        session("2026-11-02T09:00:00+01:00"),
        {**session("2026-11-03T09:00:00+01:00"), "started": "9999-12-31T23:30:00+01:00",
         "ended": "9999-12-31T23:31:00+01:00"},
    ])
    for args in (["history"], ["history", "--json"], ["history", "--csv"]):
        assert cli.main(["--data-dir", str(tmp_path), *args]) == 1
        out, err = capsys.readouterr()
        (line,) = err.strip().splitlines()
        assert "sessions.jsonl[1]" in line and "'started'" in line and "9999" in line
        assert "2026-11-02" in out and "9999" not in out


def test_goals_skip_records_that_do_not_fit(tmp_path: Path, capsys) -> None:
    write_doc(tmp_path / "goals.json", "goals", [
        {"id": "a", "title": 5},
        {"id": "b", "title": "Garden party", "next_step": {"call": "Sam"}},
        {"id": "c", "title": "Walk the coast path", "check_in": "9999-12-31"},
        {"id": "d", "title": "See the sea", "next_step": "Book the train"},
    ])
    for args in (["goals"], ["goals", "--json"]):
        assert cli.main(["--data-dir", str(tmp_path), *args]) == 1
        out, err = capsys.readouterr()
        lines = err.strip().splitlines()
        assert len(lines) == 3, err
        assert "goals[0]" in lines[0] and "'title'" in lines[0] and "= 5" in lines[0]
        assert "goals[1]" in lines[1] and "'next_step'" in lines[1]
        assert "goals[2]" in lines[2] and "'check_in'" in lines[2] and "9999" in lines[2]
        assert "See the sea" in out and "Garden party" not in out
        assert "{'call'" not in out and "Traceback" not in err
    assert cli.main(["--data-dir", str(tmp_path), "goals"]) == 1
    assert "Next small step: Book the train" in capsys.readouterr().out


def test_patterns_report_a_custom_pattern_out_of_range(tmp_path: Path, capsys) -> None:
    write_doc(tmp_path / "patterns.json", "patterns", [
        {"id": "huge", "name": "Huge", "rhythm": "999-0-999"},
        {"id": "evening", "name": "Evening", "rhythm": "4-2-7"},
    ])
    assert cli.main(["--data-dir", str(tmp_path), "patterns"]) == 1
    out, err = capsys.readouterr()
    (line,) = err.strip().splitlines()
    assert "patterns.json patterns[0]" in line and "'rhythm'" in line and "999-0-999" in line
    assert "evening" in out and "huge" not in out


def test_calm_plain_survives_records_that_do_not_fit(tmp_path: Path) -> None:
    write_doc(tmp_path / "appointments.json", "appointments", [
        {"id": "q5", "kind": "scan", "when": "2026-12-03T09:30:00+01:00", "questions": 5},
        {"id": "far", "kind": "scan", "when": "9999-12-31T23:30:00+01:00"},
        {"id": "ok", "kind": "oncologist", "when": "2026-12-04T10:00:00+01:00", "where": "Ward 3"},
    ])
    write_doc(tmp_path / "goals.json", "goals", [
        {"id": "n", "title": 12}, {"id": "g", "title": "Dance at the wedding"}])
    write_log(tmp_path / "journal.jsonl", [
        {"id": "00000000-0000-4000-8000-000000000001", "schema": 1,
         "kind": "routine", "created": "2026-11-01T09:00:00+01:00",
         "started": "2026-11-01T08:50:00+01:00", "steps_done": 5}])
    answers = iter(["1", "4", "n", "", "", "", "", "", "", "", "3"])
    out, errors = io.StringIO(), io.StringIO()

    def read() -> str:
        try:
            return next(answers)
        except StopIteration:
            raise EOFError from None

    routine = CalmPlain(
        Services.open(Store(tmp_path)), read, out, FakeClock(),
        wall_clock=lambda: datetime(2026, 11, 30, 10, 0, tzinfo=TZ), errors=errors,
    )
    saved = routine.run()
    text = out.getvalue()
    assert "1. Oncologist at Ward 3," in text and "2. Scan" not in text
    assert "Dance at the wedding" in text
    assert saved is not None and saved["appointment_id"] == "ok"
    said = errors.getvalue().strip().splitlines()
    assert len(said) == 3 and len(routine.skipped) == 3
    assert "appointments[0]" in said[0] and "'questions'" in said[0]
    assert "appointments[1]" in said[1] and "9999" in said[1]
    assert "goals[0]" in said[2] and "'title'" in said[2]


def test_calm_plain_with_bad_records_exits_1_without_a_traceback(tmp_path: Path) -> None:
    write_doc(tmp_path / "appointments.json", "appointments", [
        {"id": "q5", "kind": "scan", "when": "2026-12-03T09:30:00+01:00", "questions": 5}])
    result = run_pacer("calm", "--plain", home=tmp_path, stdin="4\nn\n")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "appointments[0]" in result.stderr and "'questions'" in result.stderr


# --- any value, through a file ------------------------------------------------------------------

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner,
                                                                max_size=3),
    max_leaves=8,
)
GOAL = {"id": "g", "title": "See the sea", "next_step": "Book the train",
        "check_in": "2026-12-01", "status": "moving"}
APPOINTMENT = {"id": "a", "kind": "scan", "when": "2026-12-03T09:30:00+01:00",
               "where": "City Hospital", "questions": ["When will I hear?"]}
PATTERN = {"id": "evening", "name": "Evening", "rhythm": "4-2-7"}


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), value=JSON)
def test_no_listing_command_raises_whatever_a_field_holds(
    tmp_path_factory: pytest.TempPathFactory, data: st.DataObject, value: object
) -> None:
    home = tmp_path_factory.mktemp("home")
    good = session("2026-11-02T09:00:00+01:00")
    kind = data.draw(st.sampled_from(["session", "goal", "appointment", "pattern"]))
    base = {"session": good, "goal": GOAL, "appointment": APPOINTMENT, "pattern": PATTERN}[kind]
    field = data.draw(st.sampled_from(sorted(base)))
    odd = {**base, field: value}
    write_log(home / "sessions.jsonl", [good, odd] if kind == "session" else [good])
    write_doc(home / "goals.json", "goals", [odd if kind == "goal" else GOAL])
    write_doc(home / "appointments.json", "appointments",
              [odd if kind == "appointment" else APPOINTMENT])
    write_doc(home / "patterns.json", "patterns", [odd if kind == "pattern" else PATTERN])
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()) as err:
        for args in (["history"], ["history", "--csv"], ["history", "--json"], ["goals"],
                     ["goals", "--json"], ["patterns"], ["patterns", "--json"]):
            assert cli.main(["--data-dir", str(home), *args]) in (0, 1)
    for char in ("\x1b", "\x07", "\x9b"):
        assert char not in out.getvalue() and char not in err.getvalue()
    assert "Traceback" not in err.getvalue()
    answers = ["1", "5", "s", "", "", "", "", "", "", "", "2"]

    def read() -> str:
        if not answers:
            raise EOFError
        return answers.pop(0)

    clock = FakeClock()
    routine = CalmPlain(Services.open(Store(home)), read, io.StringIO(), clock,
                        errors=io.StringIO(), wait=clock.set,
                        wall_clock=lambda: datetime(2026, 11, 30, 10, 0, tzinfo=TZ))
    routine.run()
    assert routine.saved is not None


def test_a_damaged_file_is_named_once_and_not_called_empty(tmp_path: Path, capsys) -> None:
    (tmp_path / "goals.json").write_text('{"schema": 1, "goals": [')
    (tmp_path / "sessions.jsonl").mkdir()  # not a file at all
    assert cli.main(["--data-dir", str(tmp_path), "goals"]) == 1
    out, err = capsys.readouterr()
    assert "No finish lines yet" not in out
    assert len(err.strip().splitlines()) == 1 and "goals.json" in err
    assert cli.main(["--data-dir", str(tmp_path), "history"]) == 1
    out, err = capsys.readouterr()
    assert "No sessions yet" not in out and "sessions.jsonl" in err


def test_log_checks_the_record_at_the_door(tmp_path: Path) -> None:
    """A note too long for the log would be left out of history later: refused now instead."""
    result = run_pacer("log", "--pattern", "box", "--minutes", "2", "--note", "x" * 10_001,
                       home=tmp_path)
    assert result.returncode == 2
    (line,) = result.stderr.strip().splitlines()
    assert "'note'" in line and "10000" in line and "Traceback" not in line
    assert not (tmp_path / "sessions.jsonl").exists()


def test_stress_uses_the_records_range() -> None:
    from pacer.domain import records
    from pacer.domain.session import parse_stress

    assert parse_stress(str(records.STRESS[1])) == records.STRESS[1]
    with pytest.raises(ValueError, match=f"outside {records.STRESS[0]}-{records.STRESS[1]}"):
        parse_stress(str(records.STRESS[1] + 1))


def test_breathe_uses_your_own_default_pattern(
    tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_doc(tmp_path / "patterns.json", "patterns",
              [{"id": "my-evening", "name": "My evening", "rhythm": "4-0-8"}])
    (tmp_path / "settings.json").write_text(json.dumps(
        {"schema": 1, "default_pattern": "my-evening", "default_minutes": 1}))
    clock = FakeClock()
    monkeypatch.setattr(cli, "MonotonicClock", lambda: clock)
    monkeypatch.setattr(cli, "sleep_until", lambda clock, deadline: clock.set(deadline))
    assert cli.main(["--data-dir", str(tmp_path), "breathe", "--plain", "--no-sound"]) == 0
    assert capsys.readouterr().out.startswith(
        "My evening: in for 4 seconds, out for 8 seconds. 1 minute.")
    record = json.loads((tmp_path / "sessions.jsonl").read_text())
    assert record["pattern"] == "my-evening"
