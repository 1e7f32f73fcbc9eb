"""Documents: defaults, saves, merges, and every kind of damaged file."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from pacer.store import (
    DEFAULT_SETTINGS,
    InvalidRecord,
    Store,
    StoreError,
    UnreadableFile,
    merge_by_id,
    migrations,
    upsert,
)
from pacer.store.errors import (
    DUPLICATE_KEY,
    EMPTY,
    ENCODING,
    INVALID_JSON,
    NAN,
    NEWER,
    NUL,
    SCHEMA,
    UNSUPPORTED,
)
from pacer.store.schema import DOCUMENTS, DocSpec
from tests.store.helpers import fresh, session, snapshot


def test_constructing_a_store_touches_nothing(root: Path) -> None:
    Store(root)
    assert not root.exists()


def test_missing_files_give_defaults_and_create_nothing(store: Store, root: Path) -> None:
    assert store.settings() == DEFAULT_SETTINGS
    assert store.read_document("goals.json") == {"schema": 1, "goals": []}
    assert store.sessions() == []
    assert store.problems() == []
    assert not root.exists()


def test_settings_round_trip_and_merge(store: Store, root: Path) -> None:
    store.save_settings({"sound": False, "default_minutes": 10})
    store.save_settings({"theme": "pacer-light"})
    expected = {**DEFAULT_SETTINGS, "sound": False, "default_minutes": 10, "theme": "pacer-light"}
    assert fresh(root).settings() == expected
    on_disk = json.loads((root / "settings.json").read_text())
    assert on_disk == expected


def test_unknown_settings_keys_are_kept(store: Store, root: Path) -> None:
    store.save_settings({"cue_volume": 0.4})
    store.save_settings({"sound": False})
    assert fresh(root).settings()["cue_volume"] == 0.4


def test_invalid_setting_is_refused_and_nothing_written(store: Store, root: Path) -> None:
    store.save_settings({"sound": False})
    before = snapshot(root)
    with pytest.raises(InvalidRecord, match=r"field 'default_minutes': expected int"):
        store.save_settings({"default_minutes": "ten"})
    with pytest.raises(InvalidRecord):
        store.save_settings({"weekly_target_minutes": float("nan")})
    assert snapshot(root) == before


def test_update_document_gives_a_private_copy_and_returns_what_was_saved(store: Store) -> None:
    seen = {}

    def add(doc: dict) -> None:
        seen["doc"] = doc
        doc["goals"].append({"id": "g1", "title": "Walk to the park"})

    saved = store.update_document("goals.json", add)
    assert saved == {"schema": 1, "goals": [{"id": "g1", "title": "Walk to the park"}]}
    assert store.read_document("goals.json") == saved
    seen["doc"]["goals"].clear()  # mutating the copy later changes nothing stored
    assert store.read_document("goals.json") == saved


def test_unchanged_document_is_not_rewritten(store: Store, root: Path) -> None:
    store.save_settings({"sound": False})
    inode = os.stat(root / "settings.json").st_ino
    store.save_settings({"sound": False})
    assert os.stat(root / "settings.json").st_ino == inode


def test_duplicate_ids_are_refused(store: Store) -> None:
    with pytest.raises(InvalidRecord, match="used twice"):
        store.update_document("goals.json", lambda d: {**d, "goals": [{"id": "a"}, {"id": "a"}]})


def test_unknown_document_name_is_a_programming_error(store: Store) -> None:
    with pytest.raises(ValueError, match="unknown document"):
        store.read_document("goal.json")


def test_long_open_form_merges_instead_of_overwriting(store: Store, root: Path) -> None:
    store.update_document(
        "goals.json", lambda d: {**d, "goals": [{"id": "a", "t": "A"}, {"id": "b", "t": "B"}]}
    )
    # A form opens and keeps the list it loaded.
    base = store.read_document("goals.json")["goals"]
    mine = [{"id": "a", "t": "A edited"}, {"id": "c", "t": "C new"}]  # edits a, deletes b, adds c
    # Meanwhile another Pacer adds d and edits b.
    other = fresh(root)
    other.update_document(
        "goals.json",
        lambda d: {
            **d,
            "goals": upsert(d["goals"], [{"id": "b", "t": "B edited"}, {"id": "d", "t": "D"}]),
        },
    )
    store.update_document(
        "goals.json", lambda d: {**d, "goals": merge_by_id(base, mine, d["goals"])}
    )
    goals = fresh(root).read_document("goals.json")["goals"]
    assert goals == [{"id": "a", "t": "A edited"}, {"id": "d", "t": "D"}, {"id": "c", "t": "C new"}]


def test_upsert_keeps_order_and_deletes() -> None:
    records = [{"id": "a"}, {"id": "b", "v": 1}, {"id": "c"}]
    assert upsert(records, [{"id": "b", "v": 2}, {"id": "z"}], ["a"]) == [
        {"id": "b", "v": 2},
        {"id": "c"},
        {"id": "z"},
    ]


# --- damaged files ----------------------------------------------------------------------------

DAMAGED = [
    pytest.param(b"", EMPTY, None, None, "empty (0 bytes)", id="zero-bytes"),
    pytest.param(b"\x00" * 4096, NUL, None, None, "4096 NUL bytes", id="nul-filled"),
    pytest.param(b"  \n\n", EMPTY, None, None, "only blank space", id="whitespace"),
    pytest.param(
        b'{\n  "schema": 1,\n  "sound": true\n  "theme": "x"\n}',
        INVALID_JSON,
        4,
        None,
        "invalid JSON: Expecting ',' delimiter",
        id="invalid-json",
    ),
    pytest.param(
        b'{\n  "schema": 1,\n  "sound": true,\n  "sound": false\n}',
        DUPLICATE_KEY,
        4,
        "sound",
        "twice",
        id="duplicate-key",
    ),
    pytest.param(
        b'{\n  "schema": 1,\n  "default_minutes": NaN\n}',
        NAN,
        3,
        "default_minutes",
        "NaN is not a valid value",
        id="nan",
    ),
    pytest.param(
        b'{"schema": 1,\n "weekly_target_minutes": Infinity}',
        NAN,
        2,
        "weekly_target_minutes",
        "Infinity",
        id="infinity",
    ),
    pytest.param(
        b'{\n  "schema": 1,\n  "default_minutes": "5"\n}',
        SCHEMA,
        3,
        "default_minutes",
        "expected int, got str",
        id="schema-type",
    ),
    pytest.param(
        b'{\n  "schema": 1,\n  "sound": 1\n}', SCHEMA, 3, "sound", "expected bool", id="bool"
    ),
    pytest.param(b"[1, 2]", SCHEMA, 1, None, "top level", id="not-an-object"),
    pytest.param(
        b'{\n  "schema": 7,\n  "sound": true\n}',
        NEWER,
        2,
        None,
        "newer Pacer (schema 7",
        id="newer",
    ),
    pytest.param(b'{"schema": "1"}', SCHEMA, 1, "schema", "whole number", id="schema-str"),
    pytest.param(b'{"schema": 1, "theme": "caf\xe9"}', ENCODING, 1, None, "UTF-8", id="latin1"),
]


@pytest.mark.parametrize(("content", "kind", "line", "field", "text"), DAMAGED)
def test_damaged_settings_are_reported_never_overwritten(
    root: Path,
    content: bytes,
    kind: str,
    line: int | None,
    field: str | None,
    text: str,
) -> None:
    root.mkdir(mode=0o700)
    (root / "settings.json").write_bytes(content)
    store = Store(root)
    # The app still starts, with defaults...
    assert store.settings() == DEFAULT_SETTINGS
    [problem] = store.problems()
    assert (problem.kind, problem.line, problem.field) == (kind, line, field)
    assert text in problem.message
    assert str(problem).startswith("settings.json")
    assert "\n" not in str(problem)
    # ... the settings are read-only, and the file is left exactly as it was ...
    with pytest.raises(UnreadableFile, match=r"Not saved: settings\.json") as caught:
        store.save_settings({"sound": False})
    assert caught.value.problem == problem
    assert "\n" not in str(caught.value)
    assert (root / "settings.json").read_bytes() == content
    # ... and everything else keeps working.
    store.update_document("goals.json", lambda d: {**d, "goals": [{"id": "g"}]})
    store.append_session(session())
    assert len(fresh(root).sessions()) == 1


def test_schema_error_message_reads_well(root: Path) -> None:
    root.mkdir()
    (root / "settings.json").write_text('{\n  "schema": 1,\n  "default_minutes": "5"\n}')
    store = Store(root)
    store.settings()
    assert str(store.problems()[0]) == (
        "settings.json line 3: field 'default_minutes': expected int, got str"
    )


def test_damaged_list_document_raises_on_read_instead_of_looking_empty(root: Path) -> None:
    root.mkdir()
    (root / "goals.json").write_text('{"schema": 1, "goals": [\n  {"title": "no id"}\n]}')
    store = Store(root)
    with pytest.raises(UnreadableFile) as caught:
        store.read_document("goals.json")
    assert str(caught.value) == "goals.json line 2: field 'goals[0].id': required field is missing"
    assert store.read_only_reason("goals.json") == caught.value.problem


def test_duplicate_id_in_hand_edited_file_is_located(root: Path) -> None:
    root.mkdir()
    (root / "goals.json").write_text('{"schema": 1, "goals": [\n  {"id": "a"},\n  {"id": "a"}\n]}')
    with pytest.raises(UnreadableFile, match=r"line 3: field 'goals\[1\]\.id'"):
        Store(root).read_document("goals.json")


def test_fixing_the_file_by_hand_makes_it_writable_again(root: Path) -> None:
    root.mkdir()
    (root / "settings.json").write_bytes(b"")
    store = Store(root)
    store.settings()
    assert store.read_only_reason("settings.json") is not None
    (root / "settings.json").write_text('{"schema": 1, "sound": false}')
    store.save_settings({"theme": "pacer-light"})
    assert store.problems() == []
    assert store.settings()["sound"] is False


def test_bom_and_crlf_are_accepted(root: Path) -> None:
    root.mkdir()
    (root / "settings.json").write_bytes(
        b'\xef\xbb\xbf{\r\n  "schema": 1,\r\n  "sound": false\r\n}\r\n'
    )
    store = Store(root)
    assert store.settings()["sound"] is False
    assert store.problems() == []
    store.save_settings({"theme": "pacer-light"})
    assert fresh(root).settings()["sound"] is False


def test_unreadable_file_is_reported(root: Path) -> None:
    root.mkdir()
    (root / "goals.json").mkdir()  # a folder where the file should be
    store = Store(root)
    with pytest.raises(UnreadableFile, match=r"goals\.json: cannot be read"):
        store.read_document("goals.json")


# --- migrations -------------------------------------------------------------------------------


def test_settings_from_an_early_build_are_migrated_with_a_backup(root: Path) -> None:
    root.mkdir()
    original = b'{"pattern": "box", "minutes": 10, "animations": false, "mute": true}\n'
    (root / "settings.json").write_bytes(original)
    store = Store(root)
    settings = store.settings()
    assert settings == {
        **DEFAULT_SETTINGS,
        "default_pattern": "box",
        "default_minutes": 10,
        "reduced_motion": True,
        "sound": False,
    }
    assert (root / "settings.json.v0.bak").read_bytes() == original
    assert json.loads((root / "settings.json").read_text())["schema"] == 1
    assert oct((root / "settings.json.v0.bak").stat().st_mode & 0o777) == oct(0o600)
    assert store.problems() == []
    # A second upgrade from the same version never overwrites the first backup.
    (root / "settings.json").write_bytes(b'{"minutes": 3}')
    assert fresh(root).settings()["default_minutes"] == 3
    assert (root / "settings.json.v0.bak").read_bytes() == original
    assert len(list(root.glob("settings.json.v0.bak*"))) == 2


def test_migrations_chain_step_by_step(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """goals.json v1 -> v2 -> v3 with two registered steps, each seeing the previous output."""
    spec = DOCUMENTS["goals.json"]
    monkeypatch.setitem(DOCUMENTS, "goals.json", DocSpec(spec.name, 3, spec.struct, "goals"))
    steps: list[int] = []

    def one_to_two(doc: dict) -> dict:
        steps.append(doc["schema"])
        doc["goals"] = [{"id": g.pop("key"), **g} for g in doc.pop("items")]
        return doc

    def two_to_three(doc: dict) -> dict:
        steps.append(doc["schema"])
        doc["goals"] = [{**g, "done": False} for g in doc["goals"]]
        return doc

    monkeypatch.setitem(migrations.MIGRATIONS, ("goals.json", 1), one_to_two)
    monkeypatch.setitem(migrations.MIGRATIONS, ("goals.json", 2), two_to_three)
    root.mkdir()
    (root / "goals.json").write_text('{"schema": 1, "items": [{"key": "a", "t": "A"}]}')
    doc = Store(root).read_document("goals.json")
    assert steps == [1, 2]
    assert doc == {"schema": 3, "goals": [{"t": "A", "id": "a", "done": False}]}
    assert (root / "goals.json.v1.bak").exists()
    assert json.loads((root / "goals.json").read_text())["schema"] == 3


def test_old_schema_without_a_migration_is_read_only(root: Path) -> None:
    root.mkdir()
    (root / "goals.json").write_text('{"goals": []}')  # schema 0: no step registered
    store = Store(root)
    with pytest.raises(UnreadableFile) as caught:
        store.read_document("goals.json")
    assert caught.value.problem.kind == UNSUPPORTED
    with pytest.raises(StoreError):
        store.update_document("goals.json", lambda d: None)
    assert (root / "goals.json").read_text() == '{"goals": []}'


def test_failed_upgrade_write_still_reads(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root.mkdir()
    (root / "settings.json").write_text('{"minutes": 7}')
    other = Store(root)
    with other.locked():  # another Pacer is saving right now: the upgrade waits for next time
        assert Store(root, lock_timeout=0.05).settings()["default_minutes"] == 7
    assert not (root / "settings.json.v0.bak").exists()
