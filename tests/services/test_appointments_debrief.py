"""The debrief's service methods: kept with the appointment field by field (another window's
notes stay), put off, dismissed, the next appointment added in the same write, and a record
deleted meanwhile is not brought back."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from pacer.domain.debrief import build_debrief, next_appointment
from pacer.services import RecordGone, SaveError, Services
from pacer.store import Store

TZ = timezone(timedelta(hours=1))
NOW = datetime(2025, 3, 14, 15, 0, tzinfo=TZ)
SCAN = {"id": "scan", "kind": "scan", "when": "2025-03-14T09:30:00+01:00",
        "where": "City Hospital", "notes": "", "questions": ["When will I hear?"]}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "pacer-data"


def window(folder: Path) -> Services:
    return Services.open(Store(folder, lock_timeout=5.0))


def on_disk(folder: Path) -> list[dict]:
    return json.loads((folder / "appointments.json").read_text())["appointments"]


def test_a_debrief_is_kept_with_the_appointment_and_other_fields_stay(folder: Path) -> None:
    a, b = window(folder), window(folder)
    a.appointments.save({**SCAN, "later_field": {"kept": True}})
    base = b.appointments.get("scan")
    assert base is not None
    b.appointments.save({**base, "notes": "Bring the letter"}, base)
    debrief = build_debrief(SCAN, ["next week"], {"stress": "5"}, NOW)
    saved = a.appointments.save_debrief("scan", debrief, NOW)
    [record] = on_disk(folder)
    assert record == saved
    assert record["notes"] == "Bring the letter"  # the other window's change survives
    assert record["later_field"] == {"kept": True}
    assert record["debrief"]["answers"] == [{"question": "When will I hear?",
                                             "answer": "next week"}]
    assert record["debrief"]["stress"] == 5


def test_changing_a_debrief_keeps_when_it_was_first_written(folder: Path) -> None:
    services = window(folder)
    services.appointments.save(dict(SCAN))
    first = build_debrief(SCAN, [], {"other": "one"}, NOW)
    services.appointments.save_debrief("scan", first, NOW)
    later = NOW + timedelta(days=1)
    services.appointments.save_debrief("scan", {**first, "created": "x", "other": "two"}, later)
    [record] = on_disk(folder)
    assert record["debrief"]["created"] == NOW.isoformat(timespec="seconds")
    assert record["debrief"]["updated"] == later.isoformat(timespec="seconds")
    assert record["debrief"]["other"] == "two"


def test_the_next_appointment_is_added_in_the_same_write(folder: Path) -> None:
    services = window(folder)
    services.appointments.save(dict(SCAN))
    debrief = build_debrief(SCAN, [], {"next_when": "2025-03-21 10:00"}, NOW)
    made = next_appointment(SCAN, debrief, "results", NOW)
    saved = services.appointments.save_debrief("scan", debrief, NOW, made)
    scan, results = on_disk(folder)
    assert saved["debrief"]["next_appointment"] == made["id"] == results["id"]
    assert results["kind"] == "results"
    assert results["when"] == "2025-03-21T10:00:00+01:00"
    assert scan["debrief"]["next_appointment"] == results["id"]


def test_a_results_visit_made_after_a_test_becomes_where_its_wait_ends(folder: Path) -> None:
    """The debrief of a scan that makes its results visit links the two, so Today's wait for
    the scan's results ends when that visit comes; a link already there is kept, and a visit
    that is not a results visit (another scan) is not linked."""
    from pacer.domain.wait import wait_of

    services = window(folder)
    services.appointments.save({**SCAN, "results_due": "2025-03-24"})
    debrief = build_debrief(SCAN, [], {"next_when": "2025-03-21 10:00"}, NOW)
    made = next_appointment(SCAN, debrief, "results", NOW)
    services.appointments.save_debrief("scan", debrief, NOW, made)
    scan, results = on_disk(folder)
    assert scan["results_appointment"] == results["id"]
    visit_at = datetime(2025, 3, 21, 10, 0, tzinfo=TZ)
    assert wait_of(scan, [scan, results], visit_at - timedelta(minutes=1)) is not None
    assert wait_of(scan, [scan, results], visit_at) is None

    other = window(tmp := folder.parent / "other")
    other.appointments.save({**SCAN, "results_appointment": "visit-7"})
    again = next_appointment(SCAN, debrief, "results", NOW)
    other.appointments.save_debrief("scan", debrief, NOW, again)
    assert on_disk(tmp)[0]["results_appointment"] == "visit-7"

    third = window(tmp := folder.parent / "third")
    third.appointments.save(dict(SCAN))
    rescan = next_appointment(SCAN, debrief, "scan", NOW)
    third.appointments.save_debrief("scan", debrief, NOW, rescan)
    assert "results_appointment" not in on_disk(tmp)[0]


def test_a_bad_next_appointment_saves_neither(folder: Path) -> None:
    services = window(folder)
    services.appointments.save(dict(SCAN))
    debrief = build_debrief(SCAN, [], {}, NOW)
    with pytest.raises(SaveError, match="Not saved"):
        services.appointments.save_debrief("scan", debrief, NOW, {"id": "n", "kind": "scan"})
    assert on_disk(folder) == [SCAN]


def test_put_off_and_dismiss_write_only_their_field(folder: Path) -> None:
    services = window(folder)
    services.appointments.save(dict(SCAN))
    services.appointments.put_off_debrief("scan", date(2025, 3, 15))
    assert on_disk(folder) == [{**SCAN, "debrief_later": "2025-03-15"}]
    services.appointments.dismiss_debrief("scan")
    assert on_disk(folder) == [{**SCAN, "debrief_later": "2025-03-15",
                                "debrief_dismissed": True}]


def test_clearing_a_debrief_keeps_the_appointment(folder: Path) -> None:
    services = window(folder)
    services.appointments.save(dict(SCAN))
    services.appointments.save_debrief("scan", build_debrief(SCAN, [], {}, NOW), NOW)
    services.appointments.clear_debrief("scan")
    [record] = on_disk(folder)
    assert record["debrief"] is None and record["debrief_dismissed"] is True
    assert record["where"] == "City Hospital"


@pytest.mark.parametrize("method", ["save_debrief", "put_off_debrief", "dismiss_debrief"])
def test_an_appointment_deleted_meanwhile_is_not_brought_back(folder: Path,
                                                              method: str) -> None:
    a, b = window(folder), window(folder)
    a.appointments.save(dict(SCAN))
    b.appointments.delete("scan")
    call = {
        "save_debrief": lambda: a.appointments.save_debrief(
            "scan", build_debrief(SCAN, [], {}, NOW), NOW),
        "put_off_debrief": lambda: a.appointments.put_off_debrief("scan", date(2025, 3, 15)),
        "dismiss_debrief": lambda: a.appointments.dismiss_debrief("scan"),
    }[method]
    with pytest.raises(RecordGone, match="deleted in another window"):
        call()
    assert on_disk(folder) == []


def test_a_debrief_that_does_not_fit_is_one_line_and_not_saved(folder: Path) -> None:
    services = window(folder)
    services.appointments.save(dict(SCAN))
    with pytest.raises(SaveError) as error:
        services.appointments.save_debrief("scan", {"stress": 11}, NOW)
    assert "\n" not in str(error.value) and "stress" in str(error.value)
    assert on_disk(folder) == [SCAN]
