"""The finish-line service: field-level saves, archive and undo, gone records, bad records."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from pacer.domain.goals import edit_goal, new_goal, review
from pacer.services import RecordGone, SaveError, Services
from pacer.store import Store

NOW = datetime(2025, 3, 12, 15, 30, tzinfo=timezone(timedelta(hours=1)))
LATER = NOW + timedelta(hours=2)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "data")


def two_windows(store: Store) -> tuple[Services, Services]:
    return Services.open(Store(store.root)), Services.open(Store(store.root))


def seed(store: Store, *goals: dict[str, Any]) -> None:
    store.update_document("goals.json", lambda doc: {**doc, "goals": list(goals)})


def goal(title: str, goal_id: str, **fields: Any) -> dict[str, Any]:
    return {**new_goal({"title": title}, NOW, goal_id=goal_id), **fields}


def on_disk(store: Store) -> dict[str, dict[str, Any]]:
    return {g["id"]: g for g in store.read_document("goals.json")["goals"]}


def test_two_windows_editing_different_fields_both_keep_their_words(store: Store) -> None:
    seed(store, goal("Visit Rome", "g-rome"))
    a, b = two_windows(store)
    base_a, base_b = a.goals.get("g-rome"), b.goals.get("g-rome")
    assert base_a is not None and base_b is not None
    a.goals.save(edit_goal(base_a, {"why": "The light"}, NOW), base_a)
    b.goals.save(edit_goal(base_b, {"who": "Sam"}, LATER), base_b)
    saved = on_disk(store)["g-rome"]
    assert (saved["why"], saved["who"], saved["title"]) == ("The light", "Sam", "Visit Rome")


def test_archive_and_unarchive_change_only_their_fields(store: Store) -> None:
    seed(store, goal("Visit Rome", "g-rome", colour="teal"))
    a, b = two_windows(store)
    archived = a.goals.archive("g-rome", NOW)
    assert archived["archived"] is True and archived["archived_at"] == NOW.isoformat()
    base = b.goals.get("g-rome")
    assert base is not None
    b.goals.save(edit_goal(base, {"why": "The light"}, NOW), base)  # an edit in between
    back = a.goals.unarchive("g-rome", LATER)
    assert back["archived"] is False and "archived_at" not in back
    saved = on_disk(store)["g-rome"]
    assert "archived_at" not in saved
    assert (saved["why"], saved["colour"], saved["updated"]) == (
        "The light",
        "teal",
        LATER.isoformat(),
    )


def test_archive_of_a_goal_deleted_meanwhile_says_it_is_gone(store: Store) -> None:
    seed(store, goal("Visit Rome", "g-rome"))
    a, b = two_windows(store)
    b.goals.delete("g-rome")
    with pytest.raises(RecordGone, match="deleted in another window"):
        a.goals.archive("g-rome", NOW)
    assert on_disk(store) == {}


def test_a_save_onto_a_goal_archived_meanwhile_is_refused_and_can_be_saved_as_new(
    store: Store,
) -> None:
    seed(store, goal("Visit Rome", "g-rome"))
    a, b = two_windows(store)
    base = a.goals.get("g-rome")
    assert base is not None
    b.goals.archive("g-rome", NOW)
    mine = edit_goal(base, {"title": "Visit Rome in May"}, LATER)
    with pytest.raises(RecordGone, match="archived in another window"):
        a.goals.save(mine, base)
    assert on_disk(store)["g-rome"]["title"] == "Visit Rome"
    new = a.goals.save(mine, base, as_new=True)
    assert new["id"] != "g-rome" and new["title"] == "Visit Rome in May"
    assert new["archived"] is False and new["created"] == LATER.isoformat()
    goals = on_disk(store)
    assert goals["g-rome"]["archived"] is True and goals["g-rome"]["title"] == "Visit Rome"
    assert goals[new["id"]]["title"] == "Visit Rome in May"


def test_a_save_onto_a_goal_deleted_meanwhile_is_refused_and_can_be_saved_as_new(
    store: Store,
) -> None:
    seed(store, goal("Visit Rome", "g-rome"))
    a, b = two_windows(store)
    base = a.goals.get("g-rome")
    assert base is not None
    b.goals.delete("g-rome")
    mine = review(base, LATER, next_step="Book")
    with pytest.raises(RecordGone):
        a.goals.save(mine, base)
    assert on_disk(store) == {}
    saved = a.goals.save(mine, base, as_new=True)
    assert on_disk(store)[saved["id"]]["next_step"] == "Book"


def test_a_save_that_does_not_fit_is_refused_with_one_line(store: Store) -> None:
    (services,) = two_windows(store)[:1]
    with pytest.raises(SaveError) as error:
        services.goals.save({**goal("x", "g-1"), "check_in": "9999-12-31"})
    assert "\n" not in str(error.value) and "9999" in str(error.value)
    assert not (store.root / "goals.json").exists()


def test_bad_records_are_reported_skipped_and_never_rewritten(store: Store) -> None:
    bad = [
        {**goal("x", "g-number"), "title": 5},
        {**goal("x", "g-object"), "next_step": {"a": 1}},
        {**goal("x", "g-far"), "check_in": "9999-12-31"},
    ]
    seed(store, goal("Visit Rome", "g-rome"), *bad)
    before = json.loads((store.root / "goals.json").read_text(encoding="utf-8"))["goals"]
    services = Services.open(Store(store.root))
    listing = services.goals.listing()
    assert [g["id"] for g in listing.items] == ["g-rome"]
    assert len(listing.problems) == 3
    assert listing.problems[0].startswith("goals.json goals[1]: field 'title' = 5")
    assert all("\n" not in line for line in listing.problems)
    base = listing.items[0]
    services.goals.save(edit_goal(base, {"why": "The light"}, NOW), base)
    services.goals.archive("g-rome", NOW)
    services.goals.unarchive("g-rome", LATER)
    after = json.loads((store.root / "goals.json").read_text(encoding="utf-8"))["goals"]
    assert after[1:] == before[1:]
