"""pacer export / import / doctor, as the CLI will call them."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from pacer.store import Store, StoreError
from pacer.store.tools import (
    ImportSummary,
    doctor,
    export_all,
    import_all,
    load_export,
    problem_lines,
    save_export,
)
from tests.store.helpers import fresh, session, snapshot, stored_line, strip_logged, umask


def filled(root: Path) -> Store:
    store = Store(root)
    store.save_settings({"sound": False, "default_minutes": 8})
    store.update_document("goals.json", lambda d: {**d, "goals": [{"id": "g1", "t": "walk"}]})
    store.update_document("patterns.json", lambda d: {**d, "patterns": [{"id": "p1"}]})
    for n in range(3):
        store.append_session(session(note=f"s{n}"))
    store.append("journal.jsonl", {"text": "today was long"})
    return store


def test_export_is_one_json_document_with_everything(root: Path) -> None:
    store = filled(root)
    data = export_all(store)
    json.dumps(data, allow_nan=False)  # serialisable as is
    assert data["format"] == "pacer-export" and data["version"] == 1
    assert set(data["documents"]) == {"settings.json", "goals.json", "patterns.json"}
    assert data["documents"]["settings.json"]["default_minutes"] == 8
    assert [r["note"] for r in data["logs"]["sessions.jsonl"]] == ["s0", "s1", "s2"]
    assert len(data["logs"]["journal.jsonl"]) == 1


def test_import_into_an_empty_folder_then_again_changes_nothing(tmp_path: Path) -> None:
    source = filled(tmp_path / "a")
    data = json.loads(json.dumps(export_all(source)))  # as read back from the export file
    target = Store(tmp_path / "b")
    first = import_all(target, data)
    assert first.added == {
        "settings.json": 1,
        "goals.json": 1,
        "patterns.json": 1,
        "sessions.jsonl": 3,
        "journal.jsonl": 1,
    }
    after_first = snapshot(tmp_path / "b")
    second = import_all(target, data)
    assert second.total_added == 0
    assert (
        str(second) == "Nothing new to import (6 already present); kept your current settings.json"
    )
    assert snapshot(tmp_path / "b") == after_first
    copy = fresh(tmp_path / "b")
    assert copy.settings() == source.settings()
    assert copy.read_document("goals.json") == source.read_document("goals.json")
    assert strip_logged(copy.sessions()) == strip_logged(source.sessions())


def test_import_merges_by_id_and_local_records_win(tmp_path: Path) -> None:
    source = filled(tmp_path / "a")
    target = Store(tmp_path / "b")
    target.update_document(
        "goals.json", lambda d: {**d, "goals": [{"id": "g1", "t": "edited here"}, {"id": "g9"}]}
    )
    mine = target.append_session(session(note="only here"))
    target.save_settings({"theme": "mine"})
    summary = import_all(target, export_all(source))
    assert summary.added["goals.json"] == 0 and summary.present["goals.json"] == 1
    assert target.read_document("goals.json")["goals"] == [
        {"id": "g1", "t": "edited here"},
        {"id": "g9"},
    ]
    notes = [r["note"] for r in target.sessions()]
    assert notes == ["only here", "s0", "s1", "s2"]
    assert target.settings()["theme"] == "mine"
    assert mine in target.sessions()
    assert str(summary).startswith("Imported 1 patterns.json, 3 sessions.jsonl, 1 journal.jsonl")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"hello": 1}, "not a Pacer export"),
        ({"format": "pacer-export", "version": 2}, "newer Pacer"),
        ({"format": "pacer-export", "version": 1, "logs": {"x.jsonl": []}}, "unknown log"),
        (
            {
                "format": "pacer-export",
                "version": 1,
                "logs": {"sessions.jsonl": [{**stored_line(), "id": "1"}]},
            },
            r"Cannot import: sessions\.jsonl\[0\]: field 'id': invalid UUID",
        ),
        (
            {
                "format": "pacer-export",
                "version": 1,
                "documents": {"settings.json": {"schema": 1, "sound": "loud"}},
            },
            "Cannot import: settings.json: field 'sound': expected bool, got str",
        ),
    ],
)
def test_bad_imports_write_nothing(root: Path, data: dict, message: str) -> None:
    store = filled(root)
    before = snapshot(root)
    good = stored_line()
    if "logs" in data and "sessions.jsonl" in data["logs"]:
        data["logs"]["sessions.jsonl"].insert(0, good)  # a valid record before the bad one
        message = message.replace(r"\[0\]", r"\[1\]")
    with pytest.raises(StoreError, match=message):
        import_all(store, data)
    assert snapshot(root) == before


def test_import_upgrades_old_settings(tmp_path: Path) -> None:
    data = {"format": "pacer-export", "version": 1, "documents": {"settings.json": {"minutes": 4}}}
    store = Store(tmp_path / "b")
    import_all(store, data)
    assert store.settings()["default_minutes"] == 4


def test_export_refuses_a_damaged_folder(root: Path) -> None:
    store = filled(root)
    with (root / "sessions.jsonl").open("ab") as f:
        f.write(b"garbage\n")
    with pytest.raises(StoreError, match=r"Cannot export: sessions\.jsonl line 4: invalid JSON"):
        export_all(Store(root))
    (root / "goals.json").write_bytes(b"")
    with pytest.raises(StoreError, match=r"Cannot export: goals\.json: the file is empty"):
        export_all(Store(root))
    assert store is not None


def test_export_tolerates_a_torn_tail(root: Path) -> None:
    filled(root)
    with (root / "sessions.jsonl").open("ab") as f:
        f.write(b'{"id": "to')
    assert len(export_all(Store(root))["logs"]["sessions.jsonl"]) == 3


def test_doctor_on_a_folder_not_created_yet(root: Path) -> None:
    ok, lines = doctor(Store(root))
    assert ok
    assert lines[0] == f"Data folder: {root}"
    assert not root.exists()


def test_doctor_on_a_healthy_folder(root: Path) -> None:
    filled(root)
    ok, lines = doctor(Store(root))
    report = "\n".join(lines)
    assert ok, report
    assert "Permissions: 0700 (private)" in report
    assert "settings.json: ok (schema 1" in report
    assert "goals.json: ok (1 goals, schema 1" in report
    assert "appointments.json: not created yet (defaults in use)" in report
    assert "sessions.jsonl: ok (3 records, 0600)" in report
    assert "Lock: free (0600)" in report
    assert lines[-1] == "Everything looks fine."


def test_doctor_reports_damage_kept_copies_and_leftovers(root: Path) -> None:
    store = filled(root)
    (root / "goals.json").write_text('{"schema": 1, "goals": [\n  {"id": 3}\n]}')
    with (root / "sessions.jsonl").open("ab") as f:
        f.write(b'{"torn')
    store.append_session(session())  # keeps the torn line aside
    (root / "journal.jsonl").write_bytes((root / "journal.jsonl").read_bytes() + b"junk\n")
    (root / ".settings.json.tmp-123-abcd").write_bytes(b"{")
    (root / "settings.json").write_text('{"minutes": 3}')
    (root / "notes.txt").write_text("mine")
    before_doctor = snapshot(root)
    ok, lines = doctor(Store(root))
    report = "\n".join(lines)
    assert not ok
    assert "goals.json: PROBLEM - goals.json line 2: field 'goals[0].id': expected str" in report
    assert "journal.jsonl: PROBLEM - 1 records readable, 1 damaged line(s)" in report
    assert "PROBLEM: journal.jsonl line 2: invalid JSON" in report
    assert "settings.json: ok (schema 0, will be upgraded to 1 on next use" in report
    assert "Kept aside: sessions.jsonl.torn-" in report and "torn line from a crash" in report
    assert "Leftover from an interrupted save: .settings.json.tmp-123-abcd" in report
    assert "Other file (not Pacer's): notes.txt" in report
    assert snapshot(root) == before_doctor  # doctor changes nothing


def test_doctor_sees_a_held_lock(root: Path) -> None:
    store = filled(root)
    with store.locked():
        pid = os.fork()
        if pid == 0:  # another process runs doctor while we hold the lock
            code = 1
            try:
                _, lines = doctor(Store(root))
                held = "Lock: held by a running Pacer (saves wait for it) (0600)"
                code = 0 if held in lines else 3
            finally:
                os._exit(code)
        _, status = os.waitpid(pid, 0)
    assert os.WEXITSTATUS(status) == 0


def test_problem_lines_put_errors_first(root: Path) -> None:
    root.mkdir()
    (root / "sessions.jsonl").write_bytes(b'{"torn')
    (root / "settings.json").write_bytes(b"")
    store = Store(root)
    store.sessions()
    store.settings()
    lines = problem_lines(store.problems())
    assert lines[0].startswith("error: settings.json: the file is empty")
    assert lines[1].startswith("note: sessions.jsonl line 1: unfinished last line")


def test_summary_text() -> None:
    assert str(ImportSummary()) == "Nothing new to import"


def test_export_file_round_trip_is_private_and_strict(tmp_path: Path) -> None:
    source = filled(tmp_path / "a")
    target = tmp_path / "backup" / "pacer.json"
    target.parent.mkdir()
    with umask(0o022):
        save_export(export_all(source), target)
    assert target.stat().st_mode & 0o777 == 0o600
    assert not [p for p in os.listdir(target.parent) if p != "pacer.json"]
    summary = import_all(Store(tmp_path / "b"), load_export(target))
    assert summary.added["sessions.jsonl"] == 3
    target.write_text('{"format": "pacer-export",\n "format": "x"}')
    with pytest.raises(StoreError, match=r"Cannot import pacer\.json line 2: field 'format'"):
        load_export(target)
    target.write_text('{"version": NaN}')
    with pytest.raises(StoreError, match="NaN is not a valid value"):
        load_export(target)
    with pytest.raises(StoreError, match="No such file"):
        load_export(tmp_path / "missing.json")
