"""Append-only logs: appends, fast "since" reads, torn tails, damaged lines, rewrites."""

from __future__ import annotations

import json
import os
import uuid
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from pacer.store import InvalidRecord, Store, UnreadableFile
from pacer.store.errors import DUPLICATE_KEY, INVALID_JSON, NAN, NEWER, NUL, SCHEMA, TORN_TAIL
from tests.store.helpers import T0, fresh, session, snapshot, stored_line, strip_logged


def write_log(root: Path, lines: list[dict | bytes], name: str = "sessions.jsonl") -> bytes:
    root.mkdir(exist_ok=True, mode=0o700)
    data = b"".join(
        line if isinstance(line, bytes) else json.dumps(line).encode() + b"\n" for line in lines
    )
    (root / name).write_bytes(data)
    return data


def test_append_returns_the_stored_record(store: Store, root: Path) -> None:
    given = session()
    stored = store.append_session(given)
    assert uuid.UUID(stored["id"]).version == 4
    assert stored["schema"] == 1
    assert datetime.fromisoformat(stored["logged"]).utcoffset() is not None
    assert {k: stored[k] for k in given} == given
    assert "id" not in given  # the caller's dict is not modified
    assert fresh(root).sessions() == [stored]
    line = (root / "sessions.jsonl").read_bytes()
    assert line.count(b"\n") == 1 and line.endswith(b"\n")


def test_caller_id_is_kept_and_logged_is_always_the_stores(store: Store) -> None:
    given = session(id="0b3cbbd0-4bfa-4c4c-9b84-64d0fbc0f8a2", logged="1999-01-01T00:00:00Z")
    stored = store.append_session(given)
    assert stored["id"] == given["id"]
    assert stored["logged"] != given["logged"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"before": 11}, r"field 'before': expected int <= 10"),
        ({"started": "2025-03-01T10:00:00"}, r"field 'started': expected datetime with a timezone"),
        ({"source": "web"}, r"field 'source'"),
        ({"seconds": float("nan")}, r"Out of range float values are not JSON compliant"),
        ({"rhythm": "slow"}, r"field 'rhythm'"),
        ({"schema": 2}, r"record has schema 2, expected 1"),
        ({"ended": (T0 - timedelta(hours=1)).isoformat()}, r"'ended' is before 'started'"),
        ({"completed": "yes"}, r"field 'completed': expected bool"),
    ],
)
def test_invalid_sessions_are_refused(store: Store, root: Path, change: dict, message: str) -> None:
    with pytest.raises(InvalidRecord, match=message):
        store.append_session({**session(T0), **change})
    assert not (root / "sessions.jsonl").exists()


def test_every_built_in_rhythm_is_accepted(store: Store) -> None:
    """The app saves ``pattern.rhythm`` as is: the schema must accept every built-in one."""
    library = pytest.importorskip("pacer.domain.patterns").BUILTIN
    for pattern in library.values():
        store.append_session(session(pattern=pattern.key, rhythm=pattern.rhythm))
    assert [s["rhythm"] for s in store.sessions()] == [p.rhythm for p in library.values()]
    store.append_session(session(rhythm="2+1-0-6-0"))  # cyclic sighing: "+" joins inhales


def test_missing_field_is_refused(store: Store) -> None:
    rec = session()
    del rec["pattern"]
    with pytest.raises(InvalidRecord, match="field 'pattern': required field is missing"):
        store.append_session(rec)


def test_datetimes_may_be_passed_as_objects(store: Store) -> None:
    start = datetime(2025, 3, 3, 9, 0, tzinfo=timezone(timedelta(hours=1)))
    stored = store.append_session(
        session(started=start, ended=start + timedelta(minutes=5))  # type: ignore[arg-type]
    )
    assert stored["started"] == "2025-03-03T09:00:00+01:00"


def test_journal_entries_get_created(store: Store, root: Path) -> None:
    entry = store.append("journal.jsonl", {"situation": "scan results", "reframe": "one step"})
    assert datetime.fromisoformat(entry["created"]).utcoffset() is not None
    assert fresh(root).read_log("journal.jsonl") == [entry]


# --- sessions_since ---------------------------------------------------------------------------


def test_sessions_since_filters_on_started(store: Store) -> None:
    monday = datetime(2025, 3, 3, tzinfo=UTC)
    old = store.append_session(session(monday - timedelta(days=2)))
    new = [store.append_session(session(monday + timedelta(hours=h))) for h in (1, 30)]
    assert store.sessions_since(monday) == new
    assert store.sessions_since(monday - timedelta(days=3)) == [old, *new]
    assert store.sessions_since(monday + timedelta(days=5)) == []


def test_sessions_since_sees_late_logged_and_imported_sessions(store: Store) -> None:
    """A session logged late, then an old one imported: neither hides this week's sessions."""
    week = datetime.now(UTC) - timedelta(days=3)
    this_week = store.append_session(session(week + timedelta(hours=1)))
    store.append_session(session(week - timedelta(days=300), source="log"))  # an old one, later
    also_this_week = store.append_session(session(week + timedelta(hours=2), source="log"))
    store.append_session(session(week - timedelta(days=900), source="log"))
    assert store.sessions_since(week) == [this_week, also_this_week]


def test_sessions_since_accepts_naive_datetimes_and_dates(store: Store) -> None:
    now = datetime.now().astimezone()
    rec = store.append_session(session(now - timedelta(minutes=10)))
    today = now.date()
    assert store.sessions_since(today) == [rec]
    assert store.sessions_since(datetime.combine(today, datetime.min.time())) == [rec]
    assert store.sessions_since(date.today() + timedelta(days=1)) == []


def test_sessions_since_reads_only_the_end_of_a_long_log(
    store: Store, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = [stored_line(started=(T0 + timedelta(hours=i)).isoformat()) for i in range(3000)]
    for rec in old:
        rec["ended"] = rec["started"]
        rec["logged"] = rec["started"]
    write_log(root, old)
    recent = store.append_session(session())
    read: list[int] = []
    real = os.pread
    monkeypatch.setattr(os, "pread", lambda fd, n, off: read.append(n) or real(fd, n, off))
    assert store.sessions_since(datetime.now(UTC) - timedelta(days=1)) == [recent]
    assert sum(read) <= 64 * 1024 < (root / "sessions.jsonl").stat().st_size


def test_log_without_logged_fields_stays_fast(
    store: Store, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Lines from early builds or written by hand have no ``logged``: still no full scan."""
    start = datetime.now(UTC) - timedelta(days=400)
    legacy = []
    for i in range(4000):
        began = (start + timedelta(hours=2.4 * i)).isoformat()
        rec = stored_line(started=began, ended=began)
        del rec["logged"]
        legacy.append(rec)
    write_log(root, legacy)
    week = datetime.now(UTC) - timedelta(days=7)
    expected = [r for r in legacy if datetime.fromisoformat(r["started"]) >= week]
    read: list[int] = []
    real = os.pread
    monkeypatch.setattr(os, "pread", lambda fd, n, off: read.append(n) or real(fd, n, off))
    assert store.sessions_since(week) == expected
    new = store.append_session(session())
    assert store.sessions_since(week) == [*expected, new]
    assert sum(read) <= 6 * 64 * 1024 < (root / "sessions.jsonl").stat().st_size
    assert strip_logged(store.sessions()[:-1]) == strip_logged(legacy)


def test_hand_reordered_log_falls_back_to_a_full_read(store: Store, root: Path) -> None:
    now = datetime.now(UTC).isoformat()
    recent = stored_line(started=now, ended=now, logged=now)
    old = stored_line()  # logged in 2025, copied to the end by hand
    write_log(root, [recent, old])
    assert store.sessions_since(datetime.now(UTC) - timedelta(days=1)) == [recent]
    # A started time edited by hand to be later than its logged time is caught too.
    edited = stored_line(started=now, ended=now)
    write_log(root, [edited, stored_line()])
    assert store.sessions_since(datetime.now(UTC) - timedelta(days=1)) == [edited]


def test_lines_without_logged_are_still_found(store: Store, root: Path) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    hand = stored_line(started=now.isoformat(), ended=now.isoformat())
    del hand["logged"]
    write_log(root, [stored_line(), hand])
    assert store.sessions_since(now - timedelta(days=1)) == [hand]
    after = store.append_session(session(now - timedelta(days=2)))
    # logged never goes backwards past the hand-added session's time
    assert datetime.fromisoformat(after["logged"]) >= now
    assert store.sessions_since(now - timedelta(hours=1)) == [hand]


def test_logged_is_non_decreasing_and_not_before_started(store: Store) -> None:
    future = datetime.now(UTC) + timedelta(days=2)  # a wrong clock somewhere
    store.append_session(session(future))
    store.append_session(session())
    logged = [datetime.fromisoformat(r["logged"]) for r in store.sessions()]
    assert logged == sorted(logged)
    assert logged[0] >= future


# --- torn tails and damaged lines -------------------------------------------------------------


def test_torn_tail_is_tolerated_then_moved_aside_once(root: Path) -> None:
    good = stored_line()
    line = json.dumps(stored_line()).encode()
    torn = line[: len(line) // 2]
    write_log(root, [good, torn])
    store = Store(root)
    assert store.sessions() == [good]
    [problem] = store.problems()
    assert (problem.kind, problem.line, problem.tolerated) == (TORN_TAIL, 2, True)
    assert store.read_only_reason("sessions.jsonl") is None
    new = store.append_session(session())
    # the torn bytes are kept, byte for byte, and the new record starts on its own line
    [kept] = root.glob("sessions.jsonl.torn-*")
    assert kept.read_bytes() == torn
    assert oct(kept.stat().st_mode & 0o777) == oct(0o600)
    assert fresh(root).sessions() == [good, new]
    assert [p.kind for p in store.problems()] == [TORN_TAIL]
    assert "moved to sessions.jsonl.torn-" in store.problems()[0].message
    store.append_session(session())
    assert len(list(root.glob("sessions.jsonl.torn-*"))) == 1
    assert len(store.problems()) == 1
    assert fresh(root).problems() == []


def test_nul_filled_tail_is_a_torn_tail(root: Path) -> None:
    good = stored_line()
    write_log(root, [good, b"\x00" * 512])
    store = Store(root)
    assert store.sessions() == [good]
    store.append_session(session())
    assert len(fresh(root).sessions()) == 2


def test_complete_last_line_without_newline_is_kept(root: Path) -> None:
    a, b = stored_line(), stored_line()
    write_log(root, [a, json.dumps(b).encode()])  # an editor dropped the final newline
    store = Store(root)
    assert store.sessions() == [a, b]
    assert store.problems() == []
    c = store.append_session(session())
    assert fresh(root).sessions() == [a, b, c]
    assert not list(root.glob("*.torn-*"))


BAD_LINES = [
    pytest.param(b"this is not json\n", INVALID_JSON, None, id="garbage"),
    pytest.param(b'{"id": "x", "id": "y"}\n', DUPLICATE_KEY, "id", id="duplicate-key"),
    pytest.param(b"\x00\x00\x00\x00\n", NUL, None, id="nul-line"),
    pytest.param(b'["a list"]\n', SCHEMA, None, id="not-an-object"),
    pytest.param(b'{"schema": 2, "id": "x"}\n', NEWER, None, id="newer-record"),
]


@pytest.mark.parametrize(("bad", "kind", "field"), BAD_LINES)
def test_damaged_middle_line_is_reported_appends_go_on_rewrites_are_refused(
    root: Path, bad: bytes, kind: str, field: str | None
) -> None:
    """The one rule for a damaged (not torn) line: an append never touches old lines, so new
    records are still added; rewrites (delete, edit) are refused until the line is fixed."""
    a, c = stored_line(), stored_line()
    write_log(root, [a, bad, c])
    store = Store(root)
    assert store.sessions() == [a, c]  # what can be read is shown...
    [problem] = store.problems()
    assert (problem.file.name, problem.line, problem.kind, problem.field) == (
        "sessions.jsonl",
        2,
        kind,
        field,
    )
    before = (root / "sessions.jsonl").read_bytes()
    new = store.append_session(session())  # ... a finished session is still added ...
    after = (root / "sessions.jsonl").read_bytes()
    assert after.startswith(before)  # ... without touching a byte of the old lines ...
    assert fresh(root).sessions() == [a, c, new]
    assert [p.line for p in store.problems()] == [2]  # ... and the damage is still reported
    with pytest.raises(UnreadableFile, match=r"sessions\.jsonl line 2") as caught:
        store.update_log("sessions.jsonl", lambda records: records[:1])
    assert "new sessions are still added" in str(caught.value)
    assert (root / "sessions.jsonl").read_bytes() == after
    assert store.read_only_reason("sessions.jsonl") == problem
    store.append("journal.jsonl", {"text": "other logs keep working"})
    store.save_settings({"sound": False})


def test_damaged_line_at_the_end_does_not_block_appends(root: Path) -> None:
    """A damaged *terminated* last line is not a torn tail: it stays, and the new line follows."""
    a = stored_line()
    data = write_log(root, [a, b"junk\n"])
    store = Store(root)
    new = store.append_session(session())
    assert (root / "sessions.jsonl").read_bytes().startswith(data)
    assert fresh(root).sessions() == [a, new]
    assert not list(root.glob("*.torn-*"))
    assert new["logged"] >= a["logged"]


def test_duplicate_key_in_a_valid_looking_line_is_caught(root: Path) -> None:
    rec = stored_line()
    line = json.dumps(rec)[:-1] + ', "before": 9}'  # "before" twice; JSON parsers keep 9
    write_log(root, [stored_line(), line.encode() + b"\n"])
    store = Store(root)
    assert len(store.sessions()) == 1
    assert store.problems()[0].kind == DUPLICATE_KEY
    assert str(store.problems()[0]).startswith("sessions.jsonl line 2: field 'before'")


def test_nan_in_a_log_line(root: Path) -> None:
    write_log(root, [json.dumps(stored_line()).replace("330.0", "NaN").encode() + b"\n"])
    store = Store(root)
    assert store.sessions() == []
    assert store.problems()[0].kind == NAN


def test_schema_error_in_a_log_line_names_the_field(root: Path) -> None:
    write_log(root, [stored_line(), stored_line(after=12)])
    store = Store(root)
    store.sessions()
    assert str(store.problems()[0]) == ("sessions.jsonl line 2: field 'after': expected int <= 10")


def test_garbage_last_complete_line_is_reported_by_an_append_without_full_read(
    root: Path,
) -> None:
    write_log(root, [stored_line(), b"garbage\n"])
    store = Store(root)
    store.append_session(session())  # the damaged-line rule: appends go on
    [problem] = store.problems()
    assert str(problem).startswith("sessions.jsonl line 2: invalid JSON")


def test_damage_found_by_since_scan_is_reported(root: Path) -> None:
    now = datetime.now(UTC)
    recent = stored_line(started=now.isoformat(), ended=now.isoformat(), logged=now.isoformat())
    write_log(root, [stored_line(), b"{oops\n", recent])
    store = Store(root)
    assert store.sessions_since(now - timedelta(days=1)) == [recent]
    assert store.sessions_since(T0 - timedelta(days=1))[-1] == recent
    assert [(p.line, p.kind) for p in store.problems()] == [(2, INVALID_JSON)]


def test_bom_and_crlf_and_blank_lines_in_a_log(root: Path) -> None:
    a, b = stored_line(), stored_line()
    data = b"\xef\xbb\xbf" + json.dumps(a).encode() + b"\r\n\r\n" + json.dumps(b).encode() + b"\r\n"
    write_log(root, [data])
    store = Store(root)
    assert store.sessions() == [a, b]
    assert store.problems() == []
    assert store.sessions_since(T0 - timedelta(days=1)) == [a, b]
    c = store.append_session(session())
    assert fresh(root).sessions() == [a, b, c]


def test_old_records_are_migrated_in_memory_only(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pacer.store import migrations

    def zero_to_one(rec: dict) -> dict:
        rec["seconds"] = rec.pop("duration")
        return rec

    monkeypatch.setitem(migrations.MIGRATIONS, ("sessions.jsonl", 0), zero_to_one)
    old = stored_line()
    del old["schema"]
    old["duration"] = old.pop("seconds")
    data = write_log(root, [old])
    [rec] = Store(root).sessions()
    assert rec["schema"] == 1 and rec["seconds"] == 330.0
    assert (root / "sessions.jsonl").read_bytes() == data


# --- rewriting (user edits / deletes) ---------------------------------------------------------


def test_update_log_edits_and_deletes(store: Store, root: Path) -> None:
    a, b, c = (store.append_session(session(note=n)) for n in ("a", "b", "c"))

    def change(records: list[dict]) -> list[dict]:
        records[0]["note"] = "edited"
        return [r for r in records if r["id"] != b["id"]]

    store.update_log("sessions.jsonl", change)
    assert strip_logged(fresh(root).sessions()) == strip_logged([{**a, "note": "edited"}, c])
    assert sorted(os.listdir(root)) == [".pacer.lock", "sessions.jsonl"]


def test_update_log_refuses_a_damaged_log(root: Path) -> None:
    data = write_log(root, [stored_line(), b"junk\n"])
    with pytest.raises(UnreadableFile):
        Store(root).update_log("sessions.jsonl", lambda records: None)
    assert (root / "sessions.jsonl").read_bytes() == data


def test_update_log_keeps_torn_tail_aside(root: Path) -> None:
    a = stored_line()
    write_log(root, [a, b'{"id": "half'])
    store = Store(root)
    store.update_log("sessions.jsonl", lambda records: None)
    assert fresh(root).sessions() == [a]
    assert [p.read_bytes() for p in root.glob("sessions.jsonl.torn-*")] == [b'{"id": "half']


@pytest.mark.parametrize("with_lock_file", [False, True])
def test_reads_never_write(root: Path, with_lock_file: bool) -> None:
    write_log(root, [stored_line(), b'{"torn'])
    (root / "settings.json").write_bytes(b"")
    if with_lock_file:  # a Pacer saved here before: torn tails are re-checked under the lock
        (root / ".pacer.lock").write_bytes(b"")
    os.chmod(root, 0o755)
    before = snapshot(root)
    entries = sorted(os.listdir(root))
    store = Store(root)
    store.settings()
    store.sessions()
    store.sessions_since(T0)
    store.read_log("journal.jsonl")
    assert snapshot(root) == before
    assert sorted(os.listdir(root)) == entries
    assert os.stat(root).st_mode & 0o777 == 0o755  # only saves make the folder private
    assert [p.kind for p in store.problems()] == ["empty", TORN_TAIL]
