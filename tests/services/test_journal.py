"""The journal service: entries that do not fit are reported and skipped; an entry is found by
id (a draft whose entry is saved); a routine carried on from a draft replaces its first part."""

from __future__ import annotations

from pathlib import Path

import pytest

from pacer.services import Services
from pacer.store import Store

R1 = "11111111-1111-4111-8111-111111111111"
R2 = "22222222-2222-4222-8222-222222222222"
N1 = "33333333-3333-4333-8333-333333333333"
ROUTINE = {"id": R1, "kind": "routine", "created": "2025-03-11T08:00:00+01:00",
           "started": "2025-03-11T07:50:00+01:00", "steps_done": ["checkin"]}


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "pacer-data", lock_timeout=5.0)


def test_wrong_typed_entries_are_reported_and_skipped(store: Store) -> None:
    store.append("journal.jsonl", dict(ROUTINE))
    store.append("journal.jsonl", {**ROUTINE, "id": R2, "steps_done": 5})
    store.append("journal.jsonl", {"id": N1, "kind": "reappraisal",
                                   "created": "2025-03-12T08:00:00+01:00", "stress_before": "x"})
    listing = Services.open(store).journal.entries()
    assert [e["id"] for e in listing.items] == [R1]
    assert "journal.jsonl[1]: field 'steps_done' = 5" in listing.problems[0]
    assert "journal.jsonl[2]: field 'stress_before' = \"x\"" in listing.problems[1]
    assert len(store.read_log("journal.jsonl")) == 3  # nothing dropped from the file


def test_has_sees_entries_that_do_not_fit_too(store: Store) -> None:
    store.append("journal.jsonl", {"id": N1, "kind": "reappraisal", "situation": 5})
    journal = Services.open(store).journal
    assert not journal.entries().items
    assert journal.has(N1) and not journal.has(R1)


def test_put_adds_then_replaces_by_id(store: Store) -> None:
    journal = Services.open(store).journal
    journal.put(dict(ROUTINE))
    journal.put({**ROUTINE, "steps_done": ["checkin", "breathe"], "finished": True})
    [entry] = store.read_log("journal.jsonl")
    assert entry["steps_done"] == ["checkin", "breathe"] and entry["finished"] is True


def test_lines_the_store_leaves_out_are_reported_too(store: Store) -> None:
    """A line that is not JSON or has a hand-typed id: the Journal must not just show less."""
    store.append("journal.jsonl", dict(ROUTINE))
    log = store.root / "journal.jsonl"
    with log.open("a") as file:
        file.write('{not json\n{"id": "j9", "kind": "reappraisal", "schema": 1}\n')
    listing = Services.open(store).journal.entries()
    assert [e["id"] for e in listing.items] == [R1]
    assert len(listing.problems) == 2
    assert listing.problems[0].startswith("journal.jsonl line 2")
    assert listing.problems[1] == "journal.jsonl line 3: field 'id': invalid UUID"
