"""File safety: symlinks, FIFOs, devices, folders and huge files in place of data files.

Each of these is refused with one line (a Problem of the file), never followed, never written
through, never chmod-ed, and never blocks; the collection is then read-only like any other
unreadable file while the rest of the folder keeps working.
"""

from __future__ import annotations

import json
import os
import stat
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from pacer.store import Store, StoreError, UnreadableFile
from pacer.store.errors import NOT_REGULAR, SYMLINK, TOO_BIG
from pacer.store.files import MAX_DOCUMENT_BYTES, MAX_LOG_BYTES
from tests.store.helpers import T0, session, stored_line


def outside_file(tmp_path: Path, data: bytes) -> Path:
    target = tmp_path / "outside.txt"
    target.write_bytes(data)
    os.chmod(target, 0o644)
    return target


def fifo_in_place(root: Path, name: str) -> Path:
    root.mkdir(exist_ok=True)
    path = root / name
    os.mkfifo(path)
    return path


# --- symlinks ---------------------------------------------------------------------------------


def test_a_symlinked_log_is_never_appended_through_or_chmoded(tmp_path: Path) -> None:
    root = tmp_path / "data"
    root.mkdir()
    line = (json.dumps(stored_line()) + "\n").encode()
    target = outside_file(tmp_path, line)
    (root / "sessions.jsonl").symlink_to(target)
    store = Store(root, lock_timeout=5)
    assert store.sessions() == []
    [problem] = store.problems()
    assert (problem.file.name, problem.kind) == ("sessions.jsonl", SYMLINK)
    assert "\n" not in str(problem) and "link" in str(problem)
    with pytest.raises(UnreadableFile, match=r"sessions\.jsonl"):
        store.append_session(session())
    with pytest.raises(UnreadableFile):
        store.update_log("sessions.jsonl", lambda records: None)
    assert store.sessions_since(T0) == []
    assert target.read_bytes() == line
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert (root / "sessions.jsonl").is_symlink()


def test_a_symlinked_document_is_refused_and_the_outside_file_kept(tmp_path: Path) -> None:
    root = tmp_path / "data"
    root.mkdir()
    data = b'{"schema": 1, "goals": [{"id": "g1"}]}'
    target = outside_file(tmp_path, data)
    (root / "goals.json").symlink_to(target)
    store = Store(root, lock_timeout=5)
    with pytest.raises(UnreadableFile) as caught:
        store.read_document("goals.json")
    assert caught.value.problem.kind == SYMLINK
    with pytest.raises(UnreadableFile):
        store.update_document("goals.json", lambda doc: {**doc, "goals": []})
    assert target.read_bytes() == data
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert (root / "goals.json").is_symlink()
    store.save_settings({"sound": False})  # the rest keeps working
    assert store.settings()["sound"] is False


def test_a_dangling_symlink_is_refused_not_created(tmp_path: Path) -> None:
    root = tmp_path / "data"
    root.mkdir()
    (root / "sessions.jsonl").symlink_to(tmp_path / "nowhere.jsonl")
    store = Store(root, lock_timeout=5)
    with pytest.raises(StoreError):
        store.append_session(session())
    assert not (tmp_path / "nowhere.jsonl").exists()


# --- FIFOs, devices, folders ------------------------------------------------------------------


def promptly(fn: Callable[[], None], seconds: float = 20.0) -> None:
    """Run ``fn`` in a thread and fail (instead of hanging the suite) if it blocks."""
    errors: list[BaseException] = []

    def run() -> None:
        try:
            fn()
        except BaseException as e:  # handed to the test thread below
            errors.append(e)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), f"blocked for more than {seconds} s"
    if errors:
        raise errors[0]


@pytest.mark.parametrize("name", ["goals.json", "settings.json", "sessions.jsonl"])
def test_a_fifo_in_place_of_a_file_never_blocks(root: Path, name: str) -> None:
    fifo_in_place(root, name)
    promptly(lambda: check_fifo(root, name))


def check_fifo(root: Path, name: str) -> None:
    store = Store(root, lock_timeout=5)
    if name.endswith(".jsonl"):
        assert store.read_log(name) == []
        assert store.sessions_since(T0) == []
        with pytest.raises(UnreadableFile):
            store.append(name, session())
    elif name == "settings.json":
        assert store.settings()["sound"] is True  # defaults, and a problem
    else:
        with pytest.raises(UnreadableFile):
            store.read_document(name)
    [problem] = store.problems()
    assert problem.kind == NOT_REGULAR and "not a regular file" in str(problem)
    assert stat.S_ISFIFO(os.lstat(root / name).st_mode)


def test_a_folder_in_place_of_a_file(root: Path) -> None:
    root.mkdir()
    (root / "goals.json").mkdir()
    (root / "journal.jsonl").mkdir()
    store = Store(root, lock_timeout=5)
    with pytest.raises(UnreadableFile) as caught:
        store.read_document("goals.json")
    assert caught.value.problem.kind == NOT_REGULAR
    assert store.read_log("journal.jsonl") == []
    with pytest.raises(UnreadableFile):
        store.append("journal.jsonl", {"text": "hello"})
    assert (root / "goals.json").is_dir() and (root / "journal.jsonl").is_dir()


def test_a_device_in_place_of_a_file_is_refused(root: Path) -> None:
    root.mkdir()
    (root / "goals.json").symlink_to("/dev/zero")  # what a person could do by mistake
    store = Store(root, lock_timeout=5)
    with pytest.raises(UnreadableFile):
        store.read_document("goals.json")


@pytest.mark.parametrize("name", ["goals.json", "sessions.jsonl"])
def test_a_zero_device_in_place_of_a_file_is_refused_without_reading(root: Path, name: str) -> None:
    """A real character device like /dev/zero (made with mknod: needs root, as in CI)."""
    root.mkdir()
    try:
        os.mknod(root / name, stat.S_IFCHR | 0o600, os.makedev(1, 5))
    except PermissionError:
        pytest.skip("mknod needs root here; the symlink-to-/dev/zero test covers the rest")
    store = Store(root, lock_timeout=5)
    promptly(lambda: check_device(store, name))
    assert stat.S_ISCHR(os.lstat(root / name).st_mode)


def check_device(store: Store, name: str) -> None:
    with pytest.raises(UnreadableFile, match="a device"):
        if name.endswith(".jsonl"):
            store.append(name, session())
        else:
            store.read_document(name)
    assert store.read_only_reason(name) is not None


# --- size caps --------------------------------------------------------------------------------


def sparse(path: Path, size: int) -> None:
    path.parent.mkdir(exist_ok=True)
    with path.open("wb") as f:
        f.truncate(size)


@pytest.mark.parametrize(
    ("name", "cap"),
    [("goals.json", MAX_DOCUMENT_BYTES), ("sessions.jsonl", MAX_LOG_BYTES)],
)
def test_an_oversized_file_is_refused_without_reading_it(root: Path, name: str, cap: int) -> None:
    sparse(root / name, cap + 1)
    store = Store(root, lock_timeout=5)
    if name.endswith(".jsonl"):
        assert store.sessions() == []
        assert store.sessions_since(T0) == []
        with pytest.raises(UnreadableFile):
            store.append_session(session())
    else:
        with pytest.raises(UnreadableFile):
            store.read_document(name)
    problem = store.problems()[0]
    assert problem.kind == TOO_BIG
    assert "too big" in str(problem) and "MiB" in str(problem)
    assert (root / name).stat().st_size == cap + 1


def test_caps_live_in_one_place() -> None:
    assert MAX_DOCUMENT_BYTES == 16 * 1024 * 1024
    assert MAX_LOG_BYTES == 512 * 1024 * 1024


def test_the_store_never_opens_data_files_following_links(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every open of a data file carries O_NOFOLLOW (and O_NONBLOCK for reads)."""
    store = Store(root, lock_timeout=5)
    store.append_session(session())
    store.save_settings({"sound": False})
    seen: list[tuple[str, int]] = []
    real: Callable[..., int] = os.open

    def spy(path: object, flags: int, *args: object, **kwargs: object) -> int:
        seen.append((str(path), flags))
        return real(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", spy)
    fresh = Store(root, lock_timeout=5)
    fresh.sessions()
    fresh.sessions_since(T0)
    fresh.settings()
    fresh.append_session(session())
    data = [(p, f) for p, f in seen if Path(p).name in {"sessions.jsonl", "settings.json"}]
    assert data
    for path, flags in data:
        assert flags & os.O_NOFOLLOW, path
