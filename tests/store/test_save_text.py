"""`save_text`: the store's one way to write a file a person asked for (a sheet, a calendar)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from pacer.store import StoreError
from pacer.store.tools import UnsafeTarget, save_text


def test_writes_the_text_as_given_privately(tmp_path: Path) -> None:
    target = tmp_path / "cal.ics"
    save_text("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", target, data_root=tmp_path / "data")
    assert target.read_bytes() == b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_replaces_an_old_file_whole(tmp_path: Path) -> None:
    target = tmp_path / "visit.md"
    target.write_text("old")
    save_text("new é", target)
    assert target.read_text(encoding="utf-8") == "new é"


def test_a_link_or_the_data_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "real.txt").write_text("keep")
    os.symlink(tmp_path / "real.txt", tmp_path / "link.txt")
    with pytest.raises(UnsafeTarget):
        save_text("x", tmp_path / "link.txt")
    with pytest.raises(UnsafeTarget, match="inside the data folder"):
        save_text("x", tmp_path / "data" / "x.txt", data_root=tmp_path / "data")
    assert (tmp_path / "real.txt").read_text() == "keep"


def test_a_missing_folder_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=r"^Could not write .*: No such file or directory$"):
        save_text("x", tmp_path / "missing" / "x.txt")
