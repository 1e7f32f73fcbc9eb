"""The sheets service: the computer's zone name, the folder files go to, a sheet with plan B."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from pacer.services import SaveError, Services
from pacer.services.sheets import Sheets, computer_zone, default_folder
from pacer.store import Store


@pytest.fixture
def zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    """Lets a test set TZ (and the process's local time with it); put back afterwards."""
    yield monkeypatch
    monkeypatch.undo()
    time.tzset()


@pytest.mark.parametrize("value", ["Europe/Paris", ":Europe/Paris",
                                   "/usr/share/zoneinfo/Europe/Paris"])
def test_the_zone_name_comes_from_tz(zone: pytest.MonkeyPatch, value: str) -> None:
    zone.setenv("TZ", value)
    time.tzset()
    found = computer_zone()
    assert found is not None and found.key == "Europe/Paris"


@pytest.mark.parametrize("value", ["Nowhere/Else", "../../etc/passwd", "CET-1CEST"])
def test_a_zone_python_does_not_know_is_none(zone: pytest.MonkeyPatch, value: str) -> None:
    zone.setenv("TZ", value)
    time.tzset()
    assert computer_zone() is None


def test_a_zone_whose_offset_is_not_the_computers_is_not_used(zone: pytest.MonkeyPatch) -> None:
    zone.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    assert computer_zone({"TZ": "America/New_York"}) is None


def test_files_go_to_documents_else_home_never_the_data_folder(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    assert default_folder(tmp_path / "data", home) == home
    (home / "Documents").mkdir()
    assert default_folder(tmp_path / "data", home) == home / "Documents"
    assert default_folder(home / "Documents", home) == home
    assert default_folder(home, home) == tmp_path  # home is the data folder: the one above


NOW = datetime(2030, 1, 1, 9, 0, tzinfo=timezone(timedelta(hours=0)))


def test_a_sheet_and_the_calendar_from_the_records(tmp_path: Path) -> None:
    services = Services.open(Store(tmp_path / "data"))
    record = services.appointments.save({"id": "a1", "kind": "scan",
                                         "when": "2030-01-04T09:00:00+00:00",
                                         "questions": ["Why?"]})
    sheets = Sheets(services)
    assert sheets.sheet(record, "markdown").startswith("# Visit sheet: Scan")
    assert "How the weeks went" in sheets.sheet(record, "text", check_ins=["Week 1: fine"])
    text, count = sheets.calendar(NOW)
    assert count == 1 and "UID:a1@pacer.local" in text


def test_write_refuses_the_data_folder_with_one_line(tmp_path: Path) -> None:
    services = Services.open(Store(tmp_path / "data"))
    with pytest.raises(SaveError, match="inside the data folder"):
        Sheets(services).write("x", tmp_path / "data" / "x.txt")
    assert Sheets(services).write("x", tmp_path / "x.txt") == tmp_path / "x.txt"
