"""Custom patterns: records in, Patterns out, and plain errors for names and rhythms."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pacer.domain.custom_patterns import (
    check_name,
    make_record,
    patterns_from_records,
    remove,
    slug,
    upsert,
)
from pacer.domain.patterns import PatternError, PhaseKind, resolve


def test_records_become_patterns_usable_by_resolve() -> None:
    records = [{"id": "evening-calm", "name": "Evening calm", "rhythm": "4-2-6-0"}]
    custom = patterns_from_records(records)
    pattern = resolve("evening-calm", custom)
    assert pattern.name == "Evening calm"
    assert [p.kind for p in pattern.phases] == [PhaseKind.INHALE, PhaseKind.HOLD, PhaseKind.EXHALE]
    assert pattern.has_holds and "Holds are optional" in pattern.safety
    assert pattern.rhythm == "4-2-6-0"


def test_bad_records_are_skipped_and_cannot_shadow_builtins() -> None:
    records = [
        {"id": "broken", "name": "Broken", "rhythm": "nope"},
        {"id": "box", "name": "My box", "rhythm": "1-0-1"},
        {"name": "No id", "rhythm": "4-0-6"},
        {"id": "ok", "name": "Ok", "rhythm": "4-0-6"},
    ]
    assert list(patterns_from_records(records)) == ["ok"]


def test_make_record_normalises_the_rhythm_and_slugs_the_name() -> None:
    assert make_record("  Evening Calm! ", "4-7-8", []) == {
        "id": "evening-calm",
        "name": "Evening Calm!",
        "rhythm": "4-7-8-0",
    }


@pytest.mark.parametrize(
    ("name", "taken", "own", "message"),
    [
        ("", [], None, "Give your pattern a name"),
        ("Box", [], None, "built-in"),
        ("Mine", ["mine"], None, "already have"),
        ("x" * 41, [], None, "keep it to 40"),
        ("4-7-8", [], None, "at least one letter"),
    ],
)
def test_unusable_names_are_explained(
    name: str, taken: list[str], own: str | None, message: str
) -> None:
    with pytest.raises(PatternError, match=message):
        check_name(name, taken, own)


def test_an_edited_pattern_may_keep_its_own_name() -> None:
    assert check_name("Mine", ["mine"], own_id="mine") == "mine"


def test_bad_rhythm_names_the_typed_value() -> None:
    with pytest.raises(PatternError, match="'4-x-6'"):
        make_record("Mine", "4-x-6", [])


def test_upsert_replaces_in_place_and_remove_deletes() -> None:
    a = {"id": "a", "name": "A", "rhythm": "4-0-6-0"}
    b = {"id": "b", "name": "B", "rhythm": "4-0-6-0"}
    renamed = {"id": "c", "name": "C", "rhythm": "3-0-7-0"}
    assert upsert([a, b], renamed, old_id="a") == [renamed, b]
    assert upsert([a], b) == [a, b]
    assert remove([a, b], "a") == [b]
    assert remove([a], "missing") == [a]


@given(st.text(max_size=60))
def test_slug_is_always_typeable(name: str) -> None:
    key = slug(name)
    assert key == key.strip("-")
    assert all(ch.isalnum() or ch == "-" for ch in key)
