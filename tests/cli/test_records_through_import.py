"""Any value in any field, through `pacer import`: refused whole with one line, or taken.

Import is a door as much as a file is: an export edited by hand (or by a later Pacer) can hold
anything. Either the whole import is refused, with one line naming the record and field, and
nothing in the data folder changes; or it is taken, and then no command raises on it.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pacer import cli
from pacer.domain import records as r
from tests.domain.test_records import JSON, VALID

#: Where each kind of record goes in an export (documents by list, logs by file).
PLACES: dict[type, tuple[str, str | None]] = {
    r.SessionRecord: ("sessions.jsonl", None),
    r.ReappraisalEntry: ("journal.jsonl", None),
    r.RoutineEntry: ("journal.jsonl", None),
    r.Goal: ("goals.json", "goals"),
    r.Appointment: ("appointments.json", "appointments"),
    r.CustomPattern: ("patterns.json", "patterns"),
    r.Draft: ("drafts.json", "drafts"),
}
CASES = [(kind, name) for kind in PLACES for name in VALID[kind]]


def export_with(kind: type, record: dict[str, Any]) -> dict[str, Any]:
    file, key = PLACES[kind]
    data: dict[str, Any] = {"format": "pacer-export", "version": 1,
                            "exported": "2026-12-01T09:00:00+00:00", "documents": {}, "logs": {}}
    if key is None:
        data["logs"][file] = [record]
    else:
        data["documents"][file] = {"schema": 1, key: [record]}
    return data


def files_of(folder: Path) -> dict[str, bytes]:
    if not folder.exists():
        return {}
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=st.sampled_from(CASES), value=JSON)
def test_any_value_in_any_field_is_refused_whole_or_taken_safely(
    tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str],
    case: tuple[type, str], value: Any,
) -> None:
    kind, name = case
    record = copy.deepcopy(VALID[kind])
    record[name] = value
    base = tmp_path_factory.mktemp("import")
    folder = base / "data"
    export = base / "export.json"
    export.write_text(json.dumps(export_with(kind, record)))
    cli.main(["--data-dir", str(folder), "log", "--pattern", "box", "--minutes", "1"])
    before = files_of(folder)
    capsys.readouterr()
    code = cli.main(["--data-dir", str(folder), "import", str(export)])
    err = capsys.readouterr().err
    if code != 0:
        assert code == 1
        assert len(err.strip().splitlines()) == 1, err
        assert files_of(folder) == before  # all or nothing
        return
    for command in (["history"], ["goals"], ["patterns"], ["export"], ["doctor"]):
        assert cli.main(["--data-dir", str(folder), *command]) in (0, 1), command
    capsys.readouterr()


def test_a_record_that_does_not_fit_names_its_place_and_field(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]
                                                               ) -> None:
    record = {**VALID[r.Appointment], "questions": 5}
    export = tmp_path / "export.json"
    export.write_text(json.dumps(export_with(r.Appointment, record)))
    folder = tmp_path / "data"
    assert cli.main(["--data-dir", str(folder), "import", str(export)]) == 1
    err = capsys.readouterr().err
    assert "appointments.json appointments[0]: field 'questions' = 5" in err
    assert files_of(folder) == {}


def test_doctor_names_a_record_that_does_not_fit(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "data"
    folder.mkdir(mode=0o700)
    goals = folder / "goals.json"
    goals.write_text(json.dumps({"schema": 1, "goals": [
        {**VALID[r.Goal], "next_step": {"a": 1}}]}))
    goals.chmod(0o600)
    assert cli.main(["--data-dir", str(folder), "log", "--pattern", "box", "--minutes", "1"]) == 0
    capsys.readouterr()
    assert cli.main(["--data-dir", str(folder), "doctor"]) == 1
    out = capsys.readouterr().out
    assert "Records: PROBLEM - 1 record(s)" in out
    assert "goals.json goals[0]: field 'next_step' = {\"a\":1}" in out
    assert "Everything looks fine" not in out
