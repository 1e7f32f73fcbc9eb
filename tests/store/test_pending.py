"""The pending area: a finished session that could not be appended is kept, then added later.

A record kept with :meth:`Store.keep_pending` is durable (fsynced, 0600, folder 0700) and is
appended by :meth:`Store.flush_pending` exactly once, even after a crash between the append and
the removal of its file. An unreadable pending file is reported and never deleted.
"""

from __future__ import annotations

import json
import os
import stat
import time
import uuid
from pathlib import Path

import pytest

from pacer.store import LockTimeout, Store, StoreError
from pacer.store.tools import doctor
from tests.store.helpers import (
    Syscalls,
    fresh,
    lock_held_elsewhere,
    session,
    strip_logged,
    write_log_lines,
)


def test_keep_pending_writes_a_private_durable_file(root: Path, syscalls: Syscalls) -> None:
    store = Store(root, lock_timeout=5)
    syscalls.record()
    path = store.keep_pending("sessions.jsonl", session(note="kept"))
    assert "fsync" in syscalls.calls
    assert path.parent == root / "pending"
    assert stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert path.name.startswith("sessions.jsonl-") and path.suffix == ".json"
    [(found, record)] = store.pending()
    assert found == path
    assert record["note"] == "kept" and record["id"] and record["schema"] == 1
    assert not (root / "sessions.jsonl").exists()  # nothing appended yet


def test_keep_pending_works_while_another_pacer_holds_the_lock(root: Path) -> None:
    holder = Store(root, lock_timeout=5)
    holder.save_settings({"sound": False})
    with lock_held_elsewhere(root):
        store = Store(root, lock_timeout=60)
        started = time.monotonic()
        with pytest.raises(LockTimeout):
            store.append_session(session(), timeout=0.1)  # the per-call wait wins over 60 s
        assert time.monotonic() - started < 10
        path = store.keep_pending("sessions.jsonl", session(note="while busy"))
        assert path.exists()
    added = fresh(root).flush_pending()
    assert [r["note"] for r in added] == ["while busy"]


def test_flush_at_next_open_appends_once_and_removes_the_file(root: Path) -> None:
    store = Store(root, lock_timeout=5)
    store.append_session(session(note="before"))
    kept = store.keep_pending("sessions.jsonl", session(note="pending"))
    again = fresh(root)
    added = again.flush_pending()
    assert [r["note"] for r in added] == ["pending"]
    assert "logged" in added[0]
    assert [r["note"] for r in fresh(root).sessions()] == ["before", "pending"]
    assert not kept.exists()
    assert again.pending() == []
    assert again.flush_pending() == []


def test_flush_is_idempotent_after_a_crash_between_append_and_removal(root: Path) -> None:
    store = Store(root, lock_timeout=5)
    kept = store.keep_pending("sessions.jsonl", session(note="once"))
    [(_, record)] = store.pending()
    store.append_session(record)  # what a crash right after flush's append leaves behind
    assert kept.exists()
    assert fresh(root).flush_pending() == []
    assert [r["note"] for r in fresh(root).sessions()] == ["once"]
    assert not kept.exists()


def test_flush_keeps_pending_records_when_the_append_fails(root: Path) -> None:
    root.mkdir()
    (root / "sessions.jsonl").mkdir()  # cannot be appended to
    store = Store(root, lock_timeout=5)
    kept = store.keep_pending("sessions.jsonl", session())
    with pytest.raises(StoreError, match=r"sessions\.jsonl"):
        store.flush_pending()
    assert kept.exists()


def test_flush_with_nothing_pending_touches_nothing(root: Path) -> None:
    store = Store(root, lock_timeout=5)
    assert store.flush_pending() == []
    assert not root.exists()


def test_flush_journal_and_sessions_together(root: Path) -> None:
    store = Store(root, lock_timeout=5)
    store.keep_pending("sessions.jsonl", session(note="s"))
    store.keep_pending("journal.jsonl", {"text": "j"})
    added = fresh(root).flush_pending()
    assert len(added) == 2
    assert strip_logged(fresh(root).read_log("journal.jsonl"))[0]["text"] == "j"
    assert fresh(root).sessions()[0]["note"] == "s"


@pytest.mark.parametrize(
    "content",
    [b"", b"{not json", b'{"log": "sessions.jsonl", "record": {"id": 5}}', b'{"log": "x"}'],
)
def test_an_unreadable_pending_file_is_reported_never_deleted(root: Path, content: bytes) -> None:
    store = Store(root, lock_timeout=5)
    good = store.keep_pending("sessions.jsonl", session(note="good"))
    bad = root / "pending" / "sessions.jsonl-broken.json"
    bad.write_bytes(content)
    again = fresh(root)
    assert [p for p, _ in again.pending()] == [good]
    [problem] = again.problems()
    assert problem.file == bad
    assert "pending" in str(problem)
    added = again.flush_pending()
    assert [r["note"] for r in added] == ["good"]
    assert bad.read_bytes() == content
    assert any(p.file == bad for p in again.problems())


def test_a_symlink_in_the_pending_folder_is_not_followed(root: Path, tmp_path: Path) -> None:
    store = Store(root, lock_timeout=5)
    store.keep_pending("sessions.jsonl", session())
    outside = tmp_path / "outside.json"
    outside.write_text(json.dumps({"log": "sessions.jsonl", "record": session()}))
    (root / "pending" / "sessions.jsonl-link.json").symlink_to(outside)
    assert len(fresh(root).pending()) == 1
    assert len(fresh(root).flush_pending()) == 1
    assert outside.exists()


def test_invalid_records_are_not_kept(root: Path) -> None:
    from pacer.store import InvalidRecord

    with pytest.raises(InvalidRecord):
        Store(root).keep_pending("sessions.jsonl", session(after=99))
    with pytest.raises(ValueError, match="unknown log"):
        Store(root).keep_pending("notes.jsonl", {})


def test_doctor_lists_pending_records(root: Path) -> None:
    store = Store(root, lock_timeout=5)
    store.append_session(session())
    kept = store.keep_pending("sessions.jsonl", session(note="later"))
    (root / "pending" / "sessions.jsonl-broken.json").write_bytes(b"{")
    ok, lines = doctor(fresh(root))
    report = "\n".join(lines)
    assert f"Waiting to be saved: pending/{kept.name}" in report
    assert "it is added at the next start" in report
    assert "PROBLEM: pending/sessions.jsonl-broken.json" in report
    assert "Other file" not in report
    assert not ok
    assert kept.exists()


def test_pending_record_is_added_even_to_a_log_with_a_damaged_line(root: Path) -> None:
    write_log_lines(root, [b"junk\n"])
    store = Store(root, lock_timeout=5)
    store.keep_pending("sessions.jsonl", session(note="kept"))
    assert [r["note"] for r in fresh(root).flush_pending()] == ["kept"]
    assert (root / "sessions.jsonl").read_bytes().startswith(b"junk\n")


def test_a_symlinked_pending_folder_is_reported_never_followed(root: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    kept = {**session(), "id": str(uuid.uuid4()), "schema": 1}
    record = {"log": "sessions.jsonl", "record": kept}
    (elsewhere / "sessions.jsonl-x.json").write_text(json.dumps(record))
    root.mkdir()
    (root / "pending").symlink_to(elsewhere)
    store = Store(root, lock_timeout=5)
    assert store.pending() == []
    assert store.flush_pending() == []
    assert (elsewhere / "sessions.jsonl-x.json").exists()
    assert "should be a folder, not a symbolic link" in str(store.problems()[0])
    with pytest.raises(StoreError, match="not a folder"):
        store.keep_pending("sessions.jsonl", session())
