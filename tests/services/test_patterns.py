"""Your patterns through the service: every record that cannot be used is reported, never
dropped silently; renames keep their place; a pattern deleted meanwhile is not brought back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pacer.services.base import RecordGone, SaveError
from pacer.services.patterns import Patterns
from pacer.store import Store


@pytest.fixture
def patterns(tmp_path: Path) -> Patterns:
    return Patterns(Store(tmp_path / "data"))


def write(patterns: Patterns, records: list) -> None:
    root = patterns._store.root
    root.mkdir(parents=True, exist_ok=True)
    (root / "patterns.json").write_text(json.dumps({"schema": 1, "patterns": records}))


def test_a_pattern_out_of_range_is_reported_with_file_index_field_and_value(
    patterns: Patterns,
) -> None:
    write(
        patterns,
        [
            {"id": "ok", "name": "Ok", "rhythm": "4-0-6-0"},
            {"id": "huge", "name": "Huge", "rhythm": "999-0-999"},
        ],
    )
    listing = patterns.listing()
    assert [r["id"] for r in listing.items] == ["ok"]
    assert len(listing.problems) == 1
    problem = listing.problems[0]
    for word in ("patterns.json", "patterns[1]", "rhythm", "999-0-999"):
        assert word in problem
    assert list(patterns.custom()) == ["ok"]


def test_a_pattern_that_would_hide_a_built_in_is_reported(patterns: Patterns) -> None:
    write(patterns, [{"id": "box", "name": "Box", "rhythm": "4-0-6-0"}])
    listing = patterns.listing()
    assert listing.items == []
    assert "patterns[0]" in listing.problems[0] and "box" in listing.problems[0]


def test_a_rename_replaces_the_pattern_in_place(patterns: Patterns) -> None:
    write(
        patterns,
        [
            {"id": "a", "name": "A", "rhythm": "4-0-6-0"},
            {"id": "b", "name": "B", "rhythm": "4-0-6-0", "mine": 1},
        ],
    )
    base = patterns.get("b")
    patterns.save_pattern({"id": "bee", "name": "Bee", "rhythm": "3-0-7-0"}, base)
    records = patterns.listing().items
    assert [r["id"] for r in records] == ["a", "bee"]
    assert records[1]["mine"] == 1  # fields this version does not know are kept


def test_a_rename_onto_another_pattern_is_refused(patterns: Patterns) -> None:
    write(
        patterns,
        [
            {"id": "a", "name": "A", "rhythm": "4-0-6-0"},
            {"id": "b", "name": "B", "rhythm": "4-0-6"},
        ],
    )
    with pytest.raises(SaveError, match="already"):
        patterns.save_pattern({"id": "a", "name": "A", "rhythm": "4-0-6-0"}, patterns.get("b"))


def test_a_pattern_deleted_meanwhile_is_not_brought_back(patterns: Patterns) -> None:
    write(patterns, [{"id": "a", "name": "A", "rhythm": "4-0-6-0"}])
    base = patterns.get("a")
    patterns.delete("a")
    with pytest.raises(RecordGone):
        patterns.save_pattern({"id": "a", "name": "A", "rhythm": "5-0-5-0"}, base)
    assert patterns.listing().items == []
    patterns.save_pattern({"id": "a", "name": "A", "rhythm": "5-0-5-0"}, base, as_new=True)
    assert patterns.get("a") == {"id": "a", "name": "A", "rhythm": "5-0-5-0"}
