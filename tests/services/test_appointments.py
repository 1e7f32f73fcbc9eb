"""Two windows on one appointment, as two Services over one data folder: a save writes only the
fields its form changed, onto the record as it is on disk now; a record deleted in the other
window is not brought back; records that do not fit are reported and left out, never changed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pacer.services import RecordGone, Services
from pacer.store import Store

SCAN = {"id": "scan", "kind": "scan", "when": "2025-03-14T09:30:00+01:00",
        "where": "City Hospital", "notes": "", "questions": ["When will I hear?"]}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "pacer-data"


def window(folder: Path) -> Services:
    """One app's services (each window builds its own Store over the same folder)."""
    return Services.open(Store(folder, lock_timeout=5.0))


def on_disk(folder: Path) -> list[dict]:
    return json.loads((folder / "appointments.json").read_text())["appointments"]


def test_two_windows_editing_different_fields_keep_both(folder: Path) -> None:
    a, b = window(folder), window(folder)
    a.appointments.save(dict(SCAN))
    base_a, base_b = a.appointments.get("scan"), b.appointments.get("scan")
    assert base_a is not None and base_b is not None
    b.appointments.save({**base_b, "notes": "Nothing to eat after 7"}, base_b)
    a.appointments.save({**base_a, "where": "Room 4"}, base_a)
    [record] = on_disk(folder)
    assert record["where"] == "Room 4"
    assert record["notes"] == "Nothing to eat after 7"  # B's new notes survive A's save


def test_a_save_does_not_bring_back_what_the_other_window_deleted(folder: Path) -> None:
    a, b = window(folder), window(folder)
    a.appointments.save(dict(SCAN))
    base = a.appointments.get("scan")
    assert base is not None
    assert b.appointments.delete("scan") is True
    with pytest.raises(RecordGone, match="deleted in another window"):
        a.appointments.save({**base, "where": "Room 4"}, base)
    assert on_disk(folder) == []
    a.appointments.save({**base, "where": "Room 4"}, base, as_new=True)  # "Save as new"
    assert [r["where"] for r in on_disk(folder)] == ["Room 4"]


def test_adding_a_question_keeps_the_other_windows_notes(folder: Path) -> None:
    a, b = window(folder), window(folder)
    a.appointments.save(dict(SCAN))
    base = b.appointments.get("scan")
    assert base is not None
    b.appointments.save({**base, "notes": "Bring Sam"}, base)
    saved = a.appointments.add_question("scan", "Can I call for results?")
    assert saved["questions"] == ["When will I hear?", "Can I call for results?"]
    [record] = on_disk(folder)
    assert record["notes"] == "Bring Sam"
    assert record["questions"] == ["When will I hear?", "Can I call for results?"]


def test_adding_a_question_to_a_deleted_appointment_says_so(folder: Path) -> None:
    a, b = window(folder), window(folder)
    a.appointments.save(dict(SCAN))
    b.appointments.delete("scan")
    with pytest.raises(RecordGone):
        a.appointments.add_question("scan", "Anything?")
    assert on_disk(folder) == []


def test_bad_records_are_reported_and_skipped_never_rewritten(folder: Path) -> None:
    folder.mkdir(parents=True)
    bad = [
        dict(SCAN),
        {**SCAN, "id": "q", "questions": 5},
        {**SCAN, "id": "y", "when": "9999-12-31T23:30:00+00:00"},
        {**SCAN, "id": "k", "kind": 7},
    ]
    text = json.dumps({"schema": 1, "appointments": bad})
    (folder / "appointments.json").write_text(text)
    listing = window(folder).appointments.listing()
    assert [a["id"] for a in listing.items] == ["scan"]
    problems = listing.problems
    assert len(problems) == 3
    assert "appointments.json appointments[1]" in problems[0] and "'questions' = 5" in problems[0]
    assert "appointments[2]" in problems[1] and "9999" in problems[1]
    assert "appointments[3]" in problems[2] and "'kind' = 7" in problems[2]
    assert (folder / "appointments.json").read_text() == text  # never rewritten
