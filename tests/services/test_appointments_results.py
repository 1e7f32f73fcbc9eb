""""The results came": the one change ending a wait, written field by field onto the record as
it is on disk now (another window's notes survive), kept at its first moment, and undoable."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from pacer.services import RecordGone, Services
from pacer.store import Store

ZONE = timezone(timedelta(hours=1))
NOW = datetime(2025, 3, 17, 12, 0, tzinfo=ZONE)
SCAN = {"id": "scan", "kind": "scan", "when": "2025-03-14T09:30:00+01:00",
        "where": "City Hospital", "notes": "", "questions": [], "results_due": "2025-03-20",
        "future_field": {"kept": True}}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "pacer-data"


def window(folder: Path) -> Services:
    return Services.open(Store(folder, lock_timeout=5.0))


def on_disk(folder: Path) -> dict:
    [record] = json.loads((folder / "appointments.json").read_text())["appointments"]
    return record


def test_results_came_is_written_onto_the_record_as_it_is_now(folder: Path) -> None:
    a, b = window(folder), window(folder)
    a.appointments.save(dict(SCAN))
    base = b.appointments.get("scan")
    assert base is not None
    b.appointments.save({**base, "notes": "Ask for a copy"}, base)  # the other window
    saved = a.appointments.results_came("scan", NOW)
    record = on_disk(folder)
    assert record["results_came"] == "2025-03-17T12:00:00+01:00" == saved["results_came"]
    assert record["notes"] == "Ask for a copy" and record["future_field"] == {"kept": True}


def test_said_twice_keeps_the_first_moment(folder: Path) -> None:
    services = window(folder)
    services.appointments.save(dict(SCAN))
    services.appointments.results_came("scan", NOW)
    services.appointments.results_came("scan", NOW + timedelta(days=1))
    assert on_disk(folder)["results_came"] == "2025-03-17T12:00:00+01:00"


def test_undo_takes_it_back(folder: Path) -> None:
    services = window(folder)
    services.appointments.save(dict(SCAN))
    services.appointments.results_came("scan", NOW)
    services.appointments.undo_results_came("scan")
    assert on_disk(folder)["results_came"] is None


def test_a_deleted_appointment_is_not_brought_back(folder: Path) -> None:
    services = window(folder)
    services.appointments.save(dict(SCAN))
    window(folder).appointments.delete("scan")
    with pytest.raises(RecordGone):
        services.appointments.results_came("scan", NOW)
    assert json.loads((folder / "appointments.json").read_text())["appointments"] == []
