"""The command line on unsafe or damaged data folders: one line, the right exit code, no hang,
and no file changed that should not be."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from pacer import cli
from pacer.store import Store
from tests.store.helpers import session, snapshot, stored_line, write_log_lines


def run_pacer(
    *args: str, home: Path | str, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PACER_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "pacer", *args],
        capture_output=True, text=True, env=env, timeout=timeout, stdin=subprocess.DEVNULL,
    )


def filled(root: Path) -> Store:
    store = Store(root, lock_timeout=5)
    store.save_settings({"sound": False})
    store.update_document("goals.json", lambda d: {**d, "goals": [{"id": "g1", "title": "Walk"}]})
    store.append_session(session(note="first"))
    return store


def one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    assert "Traceback" not in text
    return lines[0]


# --- export -o --------------------------------------------------------------------------------


def test_export_onto_a_data_file_is_refused_and_later_exports_work(tmp_path: Path) -> None:
    root = tmp_path / "data"
    filled(root)
    before = snapshot(root)
    result = run_pacer("export", "-o", str(root / "goals.json"), home=root)
    assert result.returncode == 2
    assert "inside the data folder" in one_line(result.stderr)
    assert result.stdout == ""
    assert snapshot(root) == before
    again = run_pacer("export", "-o", str(tmp_path / "backup.json"), home=root)
    assert again.returncode == 0, again.stderr
    assert json.loads((tmp_path / "backup.json").read_text())["documents"]["goals.json"]


def test_export_onto_dev_null_leaves_the_device_a_device(tmp_path: Path) -> None:
    filled(tmp_path / "data")
    result = run_pacer("export", "-o", "/dev/null", home=tmp_path / "data")
    assert result.returncode == 2
    assert "not a regular file" in one_line(result.stderr)
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_export_onto_a_fifo_is_refused_promptly(tmp_path: Path) -> None:
    filled(tmp_path / "data")
    os.mkfifo(tmp_path / "pipe")
    result = run_pacer("export", "-o", str(tmp_path / "pipe"), home=tmp_path / "data", timeout=30)
    assert result.returncode == 2
    assert stat.S_ISFIFO(os.stat(tmp_path / "pipe").st_mode)


# --- --data-dir that is not a folder ----------------------------------------------------------


@pytest.mark.parametrize(
    "args", [["export"], ["history"], ["doctor"], ["goals"], ["import", "x.json"], ["log",
             "--pattern", "box", "--minutes", "2"]]
)
def test_a_data_dir_that_is_a_file_is_an_error_everywhere(tmp_path: Path, args: list[str]) -> None:
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("hello")
    result = run_pacer(*args, home=not_a_folder)
    assert result.returncode == 2, result
    assert "is not a folder" in one_line(result.stderr)
    assert str(not_a_folder) in result.stderr
    assert result.stdout == ""
    assert not_a_folder.read_text() == "hello"


def test_the_data_dir_option_is_named_when_it_is_the_bad_one(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")
    assert cli.main(["--data-dir", str(tmp_path / "file"), "history"]) == 2


# --- symlinks, FIFOs, huge files --------------------------------------------------------------


def test_a_symlinked_sessions_log_is_never_written_through(tmp_path: Path) -> None:
    root = tmp_path / "data"
    root.mkdir(mode=0o700)
    outside = tmp_path / "outside.jsonl"
    outside.write_bytes(b"")
    os.chmod(outside, 0o644)
    (root / "sessions.jsonl").symlink_to(outside)
    result = run_pacer("log", "--pattern", "box", "--minutes", "2", home=root)
    assert result.returncode == 1
    assert "symbolic link" in result.stderr and "Traceback" not in result.stderr
    assert outside.read_bytes() == b""
    assert stat.S_IMODE(outside.stat().st_mode) == 0o644
    history = run_pacer("history", home=root)
    assert history.returncode == 1 and "symbolic link" in history.stderr


@pytest.mark.parametrize("name", ["goals.json", "sessions.jsonl"])
@pytest.mark.parametrize("command", ["history", "doctor", "goals"])
def test_a_fifo_in_place_of_a_data_file_never_hangs(
    tmp_path: Path, name: str, command: str
) -> None:
    root = tmp_path / "data"
    filled(root)
    (root / name).unlink()
    os.mkfifo(root / name)
    result = run_pacer(command, home=root, timeout=30)
    assert "Traceback" not in result.stderr
    if command == "doctor":
        assert result.returncode == 1
        assert f"{name}: PROBLEM - {name}: cannot be read: not a regular file" in result.stdout
    elif (command == "history") == (name == "sessions.jsonl"):
        assert result.returncode == 1
        assert "not a regular file" in one_line(result.stderr)
    else:
        assert result.returncode == 0, result.stderr


def test_a_huge_goals_file_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    root = tmp_path / "data"
    filled(root)
    with (root / "goals.json").open("wb") as f:
        f.truncate(64 * 1024 * 1024)  # sparse: no disk space, but bigger than the cap
    result = run_pacer("goals", home=root, timeout=30)
    assert result.returncode == 1
    assert "too big" in one_line(result.stderr)


# --- a damaged line in the sessions log: one rule ---------------------------------------------


def test_log_adds_to_a_log_with_a_damaged_line_and_doctor_says_so(tmp_path: Path) -> None:
    root = tmp_path / "data"
    data = write_log_lines(root, [stored_line(), b"junk\n", stored_line()])
    result = run_pacer("log", "--pattern", "box", "--minutes", "2", home=root)
    assert result.returncode == 0, result.stderr
    assert (root / "sessions.jsonl").read_bytes().startswith(data)
    assert len(Store(root).sessions()) == 3
    doctor = run_pacer("doctor", home=root)
    assert doctor.returncode == 1
    assert "new records are still added, but deleting and editing are off" in doctor.stdout
    assert "PROBLEM: sessions.jsonl line 2: invalid JSON" in doctor.stdout


# --- doctor and the pending area --------------------------------------------------------------


def test_doctor_lists_pending_and_the_next_command_adds_them(tmp_path: Path) -> None:
    root = tmp_path / "data"
    store = filled(root)
    kept = store.keep_pending("sessions.jsonl", session(note="kept aside"))
    doctor = run_pacer("doctor", home=root)
    assert f"Waiting to be saved: pending/{kept.name}" in doctor.stdout
    assert kept.exists()  # doctor changes nothing
    history = run_pacer("history", "--json", home=root)
    assert history.returncode == 0, history.stderr
    assert "kept aside" in history.stdout
    assert not kept.exists()
    assert "Saved 1 record kept aside earlier" in history.stderr


def test_doctor_on_a_folder_it_cannot_write_is_not_fine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """As root chmod cannot make a folder read-only, so os.access is faked (see the report)."""
    root = tmp_path / "data"
    filled(root)
    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda p, m, **k: False if Path(str(p)) == root else real_access(p, m, **k)
    )
    assert cli.main(["--data-dir", str(root), "doctor"]) == 1
    out = capsys.readouterr().out
    assert "Everything looks fine." not in out
    assert "Saving: PROBLEM" in out
