"""Import is all-or-nothing and validated before the lock; export never lands on a data file;
doctor checks that the folder can be written and states the rule for a damaged log line."""

from __future__ import annotations

import errno
import json
import os
import time
from pathlib import Path
from typing import Any

import pytest

from pacer.store import Store, StoreError
from pacer.store.tools import (
    UnsafeTarget,
    check_export_target,
    doctor,
    export_all,
    import_all,
    save_export,
)
from tests.store.helpers import (
    fresh,
    lock_held_elsewhere,
    session,
    snapshot,
    stored_line,
    write_log_lines,
)


def export_of(**over: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"format": "pacer-export", "version": 1, "documents": {}, "logs": {}}
    data.update(over)
    return data


def good_goal(**over: Any) -> dict[str, Any]:
    return {"id": "g-new", "title": "Garden party", **over}


def filled(root: Path) -> Store:
    store = Store(root, lock_timeout=5)
    store.save_settings({"sound": False})
    store.update_document("goals.json", lambda d: {**d, "goals": [{"id": "g1"}]})
    store.append_session(session(note="mine"))
    return store


# --- all or nothing ---------------------------------------------------------------------------


def test_a_bad_session_after_a_good_goal_changes_no_file(tmp_path: Path) -> None:
    root = tmp_path / "data"
    store = filled(root)
    before = snapshot(root)
    bad = stored_line()
    bad["ended"], bad["started"] = bad["started"], bad["ended"]
    data = export_of(
        documents={
            "goals.json": {"schema": 1, "goals": [good_goal()]},
            "appointments.json": {"schema": 1, "appointments": [{"id": "a1"}]},
        },
        logs={"sessions.jsonl": [stored_line(), stored_line(), stored_line(), bad]},
    )
    with pytest.raises(StoreError) as caught:
        import_all(store, data)
    assert str(caught.value) == "Cannot import: sessions.jsonl[3]: 'ended' is before 'started'"
    assert snapshot(root) == before
    assert not (root / "appointments.json").exists()


def test_a_fresh_folder_stays_empty_after_a_failed_import(tmp_path: Path) -> None:
    bad = stored_line(after=11)
    data = export_of(
        documents={"settings.json": {"schema": 1, "sound": False}},
        logs={"sessions.jsonl": [bad]},
    )
    with pytest.raises(StoreError, match=r"sessions\.jsonl\[0\]: field 'after'"):
        import_all(Store(tmp_path / "new"), data)
    assert snapshot(tmp_path / "new") == {}


def test_the_check_hook_sees_every_record_and_its_problem_is_reported(root: Path) -> None:
    store = filled(root)
    before = snapshot(root)
    seen: list[tuple[str, int]] = []

    def check(collection: str, index: int, record: dict[str, Any]) -> str | None:
        seen.append((collection, index))
        if collection == "goals.json" and not isinstance(record.get("title"), str):
            return "field 'title': Expected str, got int"
        return None

    goals = [good_goal(id="a"), good_goal(id="b"), good_goal(id="c", title=5)]
    data = export_of(
        documents={"goals.json": {"schema": 1, "goals": goals}, "settings.json": {"schema": 1}},
        logs={"sessions.jsonl": [stored_line()]},
    )
    with pytest.raises(StoreError) as caught:
        import_all(store, data, check=check)
    assert str(caught.value) == (
        "Cannot import: goals.json goals[2]: field 'title': Expected str, got int"
    )
    assert snapshot(root) == before
    assert ("settings.json", 0) in seen and ("sessions.jsonl", 0) in seen
    assert ("goals.json", 2) in seen
    assert import_all(store, data, check=lambda c, i, r: None).added["goals.json"] == 3


def test_several_problems_name_the_first_and_count_the_rest(root: Path) -> None:
    data = export_of(logs={"sessions.jsonl": [stored_line(after=11) for _ in range(3)]})
    with pytest.raises(StoreError, match=r"sessions\.jsonl\[0\].*\(and 2 more problems\)"):
        import_all(Store(root), data)


def test_a_failing_write_rolls_back_every_file_already_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "data"
    store = filled(root)
    store.append("journal.jsonl", {"text": "mine"})
    before = snapshot(root)
    data = export_of(
        documents={
            "goals.json": {"schema": 1, "goals": [good_goal()]},
            "patterns.json": {"schema": 1, "patterns": [{"id": "p1"}]},
        },
        logs={"sessions.jsonl": [stored_line()], "journal.jsonl": [{
            "id": "6f1c3c8e-2f7a-4a8e-9a51-8d1c2b3a4f5e", "schema": 1,
            "created": "2025-03-03T09:00:00+00:00", "text": "theirs",
        }]},
    )
    real_fsync = os.fsync
    calls = {"n": 0}

    def failing_fsync(fd: int) -> None:
        calls["n"] += 1
        if calls["n"] == 5:  # well into the writes: documents and a log are already done
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", failing_fsync)
    with pytest.raises(StoreError, match="Could not"):
        import_all(store, data)
    monkeypatch.undo()
    assert calls["n"] >= 5
    assert snapshot(root) == before
    assert import_all(fresh(root), data).added["sessions.jsonl"] == 1


def test_import_is_validated_before_waiting_for_the_lock(root: Path) -> None:
    """Validation errors come back at once even while another process holds the lock."""
    store = filled(root)
    with lock_held_elsewhere(root):
        slow = Store(root, lock_timeout=60)
        bad = export_of(logs={"sessions.jsonl": [stored_line(), stored_line(after=11)]})
        started = time.monotonic()
        with pytest.raises(StoreError, match=r"sessions\.jsonl\[1\]"):
            import_all(slow, bad)
        assert time.monotonic() - started < 10  # the lock wait would be 60 s
        good = export_of(logs={"sessions.jsonl": [stored_line()]})
        with pytest.raises(StoreError, match="Another Pacer"):
            import_all(Store(root, lock_timeout=0.2), good)
    assert store is not None


def test_import_still_merges_by_id_and_is_idempotent(tmp_path: Path) -> None:
    source = filled(tmp_path / "a")
    data = json.loads(json.dumps(export_all(source)))
    target = Store(tmp_path / "b")
    assert import_all(target, data).total_added == 3
    after = snapshot(tmp_path / "b")
    assert import_all(target, data).total_added == 0
    assert snapshot(tmp_path / "b") == after


def test_import_adds_sessions_to_a_log_with_a_damaged_line(root: Path) -> None:
    write_log_lines(root, [stored_line(), b"junk\n"])
    summary = import_all(Store(root), export_of(logs={"sessions.jsonl": [stored_line()]}))
    assert summary.added["sessions.jsonl"] == 1
    assert len(fresh(root).sessions()) == 2


def test_an_import_file_that_is_a_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    from pacer.store.tools import load_export

    os.mkfifo(tmp_path / "pipe")
    with pytest.raises(StoreError, match="not a regular file"):
        load_export(tmp_path / "pipe")


# --- export target ----------------------------------------------------------------------------


def test_export_onto_a_data_file_is_refused_and_the_file_kept(root: Path) -> None:
    store = filled(root)
    before = snapshot(root)
    for target in (root / "goals.json", root / "new.json", root, root / "sub" / ".." / "x.json"):
        with pytest.raises(UnsafeTarget, match="inside the data folder"):
            check_export_target(target, root)
        with pytest.raises(UnsafeTarget):
            save_export(export_all(store), target, data_root=root)
    assert snapshot(root) == before
    assert export_all(fresh(root))["documents"]["goals.json"]["goals"] == [{"id": "g1"}]


def test_export_through_a_symlinked_folder_into_the_data_folder_is_refused(
    tmp_path: Path,
) -> None:
    root = tmp_path / "data"
    filled(root)
    (tmp_path / "alias").symlink_to(root)
    with pytest.raises(UnsafeTarget, match="inside the data folder"):
        check_export_target(tmp_path / "alias" / "goals.json", root)


@pytest.mark.parametrize("kind", ["devnull", "fifo", "folder", "symlink"])
def test_export_onto_something_that_is_not_a_regular_file_is_refused(
    tmp_path: Path, kind: str
) -> None:
    root = tmp_path / "data"
    store = filled(root)
    if kind == "devnull":
        target = Path("/dev/null")
    elif kind == "fifo":
        target = tmp_path / "pipe"
        os.mkfifo(target)
    elif kind == "folder":
        target = tmp_path / "folder"
        target.mkdir()
    else:
        target = tmp_path / "link.json"
        (tmp_path / "real.json").write_text("{}")
        target.symlink_to(tmp_path / "real.json")
    with pytest.raises(UnsafeTarget, match="not a regular file"):
        save_export(export_all(store), target, data_root=root)
    if kind == "devnull":
        assert Path("/dev/null").is_char_device()
    if kind == "symlink":
        assert (tmp_path / "real.json").read_text() == "{}"


def test_export_onto_an_existing_regular_file_replaces_it(tmp_path: Path) -> None:
    store = filled(tmp_path / "data")
    target = tmp_path / "backup.json"
    target.write_text("old")
    save_export(export_all(store), target, data_root=tmp_path / "data")
    assert json.loads(target.read_text())["format"] == "pacer-export"


# --- doctor -----------------------------------------------------------------------------------


def test_doctor_on_a_folder_it_cannot_write(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """We run as root in CI (chmod does not stop root), so the write check is faked here:
    once through os.access, once through the probe file failing like a read-only mount."""
    filled(root)
    real_access = os.access

    def no_write(path: object, mode: int, **kwargs: Any) -> bool:
        if Path(str(path)) == root and mode & os.W_OK:
            return False
        return real_access(path, mode, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "access", no_write)
    ok, lines = doctor(Store(root))
    assert not ok
    assert "Everything looks fine." not in lines
    saving = [line for line in lines if line.startswith("Saving: ")]
    assert saving[0].startswith("Saving: PROBLEM - Pacer cannot save in this folder")
    monkeypatch.undo()

    real_open = os.open

    def read_only_fs(path: object, flags: int, *args: Any, **kwargs: Any) -> int:
        if flags & os.O_CREAT and Path(str(path)).parent == root:
            raise OSError(errno.EROFS, os.strerror(errno.EROFS))
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", read_only_fs)
    ok, lines = doctor(Store(root))
    assert not ok
    assert any("Read-only file system" in line for line in lines)


def test_doctor_on_a_writable_folder_says_so_and_leaves_nothing(root: Path) -> None:
    filled(root)
    before = sorted(os.listdir(root))
    ok, lines = doctor(Store(root))
    assert ok and "Saving: ok" in lines
    assert sorted(os.listdir(root)) == before


def test_doctor_states_the_damaged_line_rule(root: Path) -> None:
    write_log_lines(root, [stored_line(), b'{"schema": 1, "after": 12}\n', stored_line()])
    ok, lines = doctor(Store(root))
    report = "\n".join(lines)
    assert not ok
    assert (
        "sessions.jsonl: PROBLEM - 2 records readable, 1 damaged line(s); new records are still "
        "added, but deleting and editing are off until the line is fixed"
    ) in report
    assert "PROBLEM: sessions.jsonl line 2" in report
    assert "read-only" not in report


def test_doctor_reports_symlinks_and_fifos_without_blocking(root: Path, tmp_path: Path) -> None:
    filled(root)
    (root / "goals.json").unlink()
    (root / "goals.json").symlink_to(tmp_path / "elsewhere.json")
    os.mkfifo(root / "journal.jsonl")
    ok, lines = doctor(Store(root))
    report = "\n".join(lines)
    assert not ok
    assert "goals.json: PROBLEM - goals.json: cannot be read: it is a symbolic link" in report
    assert "journal.jsonl: PROBLEM - journal.jsonl: cannot be read: not a regular file" in report
