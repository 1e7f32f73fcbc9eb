"""The data folder is 0700 and every file 0600, whatever the umask, also after a replace."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from pacer.store import Store
from pacer.store.tools import doctor, export_all, import_all
from tests.store.helpers import session, umask


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def exercise(store: Store, root: Path) -> None:
    """Every way a file gets created or replaced."""
    store.save_settings({"sound": False})
    store.save_settings({"sound": True})  # a replace
    store.update_document("goals.json", lambda d: {**d, "goals": [{"id": "g"}]})
    store.append_session(session())
    store.append("journal.jsonl", {"text": "x"})
    with (root / "sessions.jsonl").open("ab") as f:
        f.write(b'{"torn')
    store.append_session(session())  # keeps a torn copy aside
    store.update_log("sessions.jsonl", lambda records: records[:1])  # rewrites the log
    (root / "patterns.json").write_text('{"schema": 1}')
    os.chmod(root / "patterns.json", 0o600)


@pytest.mark.parametrize("mask", [0o022, 0o000, 0o077, 0o002], ids=oct)
def test_private_whatever_the_umask(tmp_path: Path, mask: int) -> None:
    root = tmp_path / "deep" / "pacer"
    with umask(mask):
        store = Store(root)
        exercise(store, root)
        import_all(Store(tmp_path / "copy"), export_all(store))
    assert mode(root) == 0o700
    assert mode(tmp_path / "copy") == 0o700
    files = list(root.iterdir()) + list((tmp_path / "copy").iterdir())
    assert any(".torn-" in p.name for p in files)
    for path in files:
        assert mode(path) == 0o600, f"{path.name} is {mode(path):o}"


def test_existing_open_folder_is_tightened_on_first_save(root: Path) -> None:
    root.mkdir()
    os.chmod(root, 0o755)
    Store(root).save_settings({"sound": False})
    assert mode(root) == 0o700


def test_existing_open_file_is_replaced_private(root: Path) -> None:
    root.mkdir(mode=0o700)
    (root / "settings.json").write_text('{"schema": 1}')
    (root / "sessions.jsonl").write_text("")
    os.chmod(root / "settings.json", 0o644)
    os.chmod(root / "sessions.jsonl", 0o644)
    store = Store(root)
    store.save_settings({"sound": False})
    store.append_session(session())
    assert mode(root / "settings.json") == 0o600
    assert mode(root / "sessions.jsonl") == 0o600


def test_doctor_flags_open_permissions(root: Path) -> None:
    Store(root).save_settings({"sound": False})
    os.chmod(root, 0o755)
    os.chmod(root / "settings.json", 0o644)
    ok, lines = doctor(Store(root))
    assert not ok
    report = "\n".join(lines)
    assert "Permissions: 0755 - PROBLEM" in report
    assert "settings.json: ok (schema 1" in report and "permissions 0644 - PROBLEM" in report
    assert mode(root) == 0o755  # doctor reports; it does not change anything
