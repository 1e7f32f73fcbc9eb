"""The services' shared rules: checked listings, field-level merges, deletes never undone."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pacer.services import RecordGone, SaveError, Services
from pacer.store import Store

NOW = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "data"


def services(folder: Path) -> Services:
    """A fresh Services over the folder: what a second window or process would have."""
    return Services.open(Store(folder))


def test_two_windows_editing_different_fields_keep_both(folder: Path) -> None:
    first, second = services(folder), services(folder)
    base = first.goals.save({"id": "g1", "title": "Garden party"})
    first.goals.save({**base, "why": "To see the roses"}, base)
    second.goals.save({**base, "who": "Ann"}, base)
    saved = services(folder).goals.get("g1")
    assert saved == {"id": "g1", "title": "Garden party", "why": "To see the roses", "who": "Ann"}


def test_a_record_deleted_meanwhile_is_not_brought_back(folder: Path) -> None:
    first, second = services(folder), services(folder)
    base = first.goals.save({"id": "g1", "title": "Garden party"})
    assert second.goals.delete("g1") is True
    with pytest.raises(RecordGone, match="deleted in another window"):
        first.goals.save({**base, "why": "sun"}, base)
    assert services(folder).goals.listing().items == []
    saved = first.goals.save({**base, "why": "sun"}, base, as_new=True)
    (again,) = services(folder).goals.listing().items
    assert again == saved and again["why"] == "sun" and again["title"] == "Garden party"


def test_bad_records_are_reported_skipped_and_never_rewritten(folder: Path) -> None:
    svc = services(folder)
    svc.goals.save({"id": "good", "title": "Walk by the sea"})
    path = folder / "goals.json"
    doc = json.loads(path.read_text())
    doc["goals"].append({"id": "bad", "title": 5, "mine": "kept"})
    path.write_text(json.dumps(doc))
    listing = svc.goals.listing()
    assert [g["id"] for g in listing.items] == ["good"]
    assert listing.problems == [
        "goals.json goals[1]: field 'title' = 5 (Expected `str`, got `int`)"
    ]
    svc.goals.save({"id": "good", "title": "Walk by the sea", "why": "air"},
                   {"id": "good", "title": "Walk by the sea"})
    bad = json.loads(path.read_text())["goals"][1]
    assert bad == {"id": "bad", "title": 5, "mine": "kept"}


def test_unknown_fields_survive_a_save(folder: Path) -> None:
    svc = services(folder)
    path = folder / "goals.json"
    folder.mkdir(mode=0o700)
    path.write_text(json.dumps({"schema": 1, "goals": [
        {"id": "g1", "title": "Swim", "from_a_later_pacer": {"x": [1, 2]}}]}))
    base = svc.goals.get("g1")
    assert base is not None
    svc.goals.save({**base, "title": "Swim in the lake"}, base)
    saved = json.loads(path.read_text())["goals"][0]
    assert saved == {"id": "g1", "title": "Swim in the lake", "from_a_later_pacer": {"x": [1, 2]}}


def test_a_save_that_does_not_fit_is_refused_with_one_line(folder: Path) -> None:
    svc = services(folder)
    with pytest.raises(SaveError) as error:
        svc.goals.save({"id": "g1", "title": ""})
    assert "\n" not in str(error.value)
    assert "title" in str(error.value)
    assert not (folder / "goals.json").exists()


def test_an_unreadable_file_is_one_problem_and_never_overwritten(folder: Path) -> None:
    folder.mkdir(mode=0o700)
    path = folder / "goals.json"
    path.write_text('{"schema": 1, "goals": [')
    svc = services(folder)
    listing = svc.goals.listing()
    assert listing.items == [] and listing.error is not None and "goals.json" in listing.error
    with pytest.raises(SaveError):
        svc.goals.save({"id": "g1", "title": "New"})
    assert path.read_text() == '{"schema": 1, "goals": ['


def test_settings_keep_values_this_version_does_not_list(folder: Path) -> None:
    folder.mkdir(mode=0o700)
    path = folder / "settings.json"
    path.write_text(json.dumps({"schema": 1, "default_pattern": "my-evening",
                                "theme": "someone-elses"}))
    svc = services(folder)
    loaded = svc.settings.load()
    assert loaded.values["default_pattern"] == "my-evening"
    assert loaded.values["theme"] == "someone-elses"
    assert loaded.problems == []
    svc.settings.change({"sound": False})
    saved = json.loads(path.read_text())
    assert saved["default_pattern"] == "my-evening"
    assert saved["theme"] == "someone-elses"
    assert saved["sound"] is False


def test_settings_out_of_range_in_the_file_give_defaults_and_one_problem(folder: Path) -> None:
    folder.mkdir(mode=0o700)
    path = folder / "settings.json"
    path.write_text(json.dumps({"schema": 1, "volume": 150}))
    svc = services(folder)
    loaded = svc.settings.load()
    assert loaded.values["volume"] == 60
    assert len(loaded.problems) == 1 and "volume" in loaded.problems[0]
    with pytest.raises(SaveError):
        svc.settings.change({"sound": False})
    assert json.loads(path.read_text()) == {"schema": 1, "volume": 150}


@pytest.mark.parametrize(
    ("changes", "named"),
    [({"volume": 150}, "volume"), ({"default_minutes": 0}, "default_minutes"),
     ({"sound_style": "gong"}, "sound_style"), ({"colour": "red"}, "colour")],
)
def test_settings_refuse_values_out_of_range(folder: Path, changes: dict, named: str) -> None:
    svc = services(folder)
    assert named in (svc.settings.check(changes) or "")
    with pytest.raises(SaveError, match=named):
        svc.settings.change(changes)


def test_drafts_keep_one_per_form_and_record(folder: Path) -> None:
    svc = services(folder)
    svc.drafts.keep("goal", None, {"title": "Gar"}, NOW)
    svc.drafts.keep("goal", None, {"title": "Garden"}, NOW)
    svc.drafts.keep("goal", "g1", {"title": "Other"}, NOW)
    new = services(folder).drafts.find("goal", None)
    assert new is not None and new["fields"] == {"title": "Garden"}
    assert len(services(folder).drafts.of_kind("goal")) == 2
    svc.drafts.drop("goal", None)
    assert services(folder).drafts.find("goal", None) is None
    assert services(folder).drafts.find("goal", "g1") is not None


def test_two_windows_accepting_safety_notes_keep_both(folder: Path) -> None:
    first, second = services(folder), services(folder)
    first.settings.load(), second.settings.load()  # both opened before either accepted
    first.settings.mark_seen("box")
    assert second.settings.mark_seen("4-7-8") == ["box", "4-7-8"]
    assert services(folder).settings.load().values["seen_patterns"] == ["box", "4-7-8"]
