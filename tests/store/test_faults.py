"""ENOSPC and EIO injected at every write, fsync, replace and truncate of every save path.

For each save path we first record the sequence of system calls it makes, then replay it once
per call, failing exactly that call. Whatever fails, the user's files must be byte-identical
to before (a torn tail already kept aside and a pre-upgrade backup are the only additions
allowed), no temporary file may remain, the error must be one readable line, and the next
save must work.
"""

from __future__ import annotations

import errno
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from pacer.store import Store, StoreError, upsert
from pacer.store.tools import import_all
from tests.store.helpers import Syscalls, session, snapshot, stored_line

FAILABLE = ("write", "fsync", "replace", "ftruncate", "link")


@dataclass(frozen=True)
class Scenario:
    name: str
    file: str  # the file the save is about (named in the error message)
    setup: Callable[[Path], None]
    run: Callable[[Store], object]


def _seed(root: Path) -> None:
    root.mkdir(mode=0o700, parents=True)
    (root / "goals.json").write_text('{"schema": 1, "goals": [{"id": "g0"}]}\n')
    (root / "sessions.jsonl").write_text(json.dumps(stored_line()) + "\n")
    for p in root.iterdir():
        p.chmod(0o600)


def _seed_settings(root: Path) -> None:
    _seed(root)
    (root / "settings.json").write_text('{\n  "schema": 1,\n  "sound": true\n}\n')


def _seed_torn(root: Path) -> None:
    _seed(root)
    with (root / "sessions.jsonl").open("ab") as f:
        f.write(b'{"id": "torn by a cra')


def _seed_v0(root: Path) -> None:
    _seed(root)
    (root / "settings.json").write_text('{"minutes": 9}')


def _add_goal(store: Store) -> object:
    return store.update_document(
        "goals.json", lambda d: {**d, "goals": upsert(d["goals"], [{"id": "g1", "n": 1}])}
    )


SCENARIOS = [
    Scenario(
        "replace-document",
        "settings.json",
        _seed_settings,
        lambda s: s.save_settings({"sound": False}),
    ),
    Scenario("new-document", "settings.json", _seed, lambda s: s.save_settings({"sound": False})),
    Scenario("update-list-document", "goals.json", _seed, _add_goal),
    Scenario(
        "upgrade-then-save", "settings.json", _seed_v0, lambda s: s.save_settings({"sound": False})
    ),
    Scenario("append", "sessions.jsonl", _seed, lambda s: s.append_session(session())),
    Scenario(
        "append-new-log",
        "journal.jsonl",
        _seed,
        lambda s: s.append("journal.jsonl", {"text": "first entry"}),
    ),
    Scenario(
        "append-after-torn-tail",
        "sessions.jsonl",
        _seed_torn,
        lambda s: s.append_session(session()),
    ),
    Scenario(
        "rewrite-log",
        "sessions.jsonl",
        _seed,
        lambda s: s.update_log("sessions.jsonl", lambda rs: [{**rs[0], "note": "edited"}]),
    ),
]


def _recorded_calls(tmp_path: Path, scenario: Scenario, calls: Syscalls) -> list[str]:
    root = tmp_path / "dry-run"
    scenario.setup(root)
    calls.record()
    scenario.run(Store(root))
    recorded = [c for c in calls.calls]
    calls.record()
    return recorded


def _allowed_after_failure(before: dict[str, bytes], after: dict[str, bytes], s: Scenario) -> None:
    extra = set(after) - set(before)
    for name in extra:
        # Only copies kept aside may appear; never temporary files.
        assert ".torn-" in name or ".bak" in name, f"unexpected file {name} left behind"
    changed = {n for n in before if before[n] != after.get(n)}
    if s.name == "append-after-torn-tail" and changed:
        # The torn tail may already have been moved aside (a repair, not a loss).
        [kept] = [n for n in extra if ".torn-" in n]
        assert changed == {"sessions.jsonl"}
        assert after["sessions.jsonl"] + after[kept] == before["sessions.jsonl"]
        return
    assert not changed, f"{changed} changed although the save failed"


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EIO], ids=["ENOSPC", "EIO"])
@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
def test_failure_at_each_step_leaves_the_old_files(
    tmp_path: Path, syscalls: Syscalls, scenario: Scenario, code: int
) -> None:
    sequence = _recorded_calls(tmp_path, scenario, syscalls)
    steps = [
        (name, sequence[: i + 1].count(name)) for i, name in enumerate(sequence) if name in FAILABLE
    ]
    assert {"write", "fsync"} <= {name for name, _ in steps}
    for step, (name, nth) in enumerate(steps):
        root = tmp_path / f"run-{step}"
        scenario.setup(root)
        before = snapshot(root)
        store = Store(root)
        syscalls.fail(name, nth, code)
        try:
            scenario.run(store)
        except StoreError as e:
            message = str(e)
            assert "\n" not in message
            assert message.startswith("Could not save ")
            assert os.strerror(code) in message, message
            syscalls.record()
            _allowed_after_failure(before, snapshot(root), scenario)
        else:
            # Only an optional step may fail without failing the save (the hard link that
            # keeps the previous version reachable, on file systems without hard links).
            syscalls.record()
            assert name == "link", f"{name} #{nth} failed but the save was reported as done"
        # Whatever happened, the next save works and leaves no temporary file.
        scenario.run(Store(root))
        assert not [p for p in os.listdir(root) if ".tmp-" in p or ".prev-" in p]
        fresh = Store(root)
        fresh.settings()
        fresh.read_document("goals.json")
        fresh.sessions()
        fresh.read_log("journal.jsonl")
        assert [p for p in fresh.problems() if not p.tolerated] == []


def test_every_step_kind_is_exercised(tmp_path: Path, syscalls: Syscalls) -> None:
    seen: set[str] = set()
    for scenario in SCENARIOS:
        seen |= set(_recorded_calls(tmp_path / scenario.name, scenario, syscalls))
    assert {"write", "fsync", "replace", "ftruncate"} <= seen


def test_short_write_on_append_is_rolled_back(root: Path, syscalls: Syscalls) -> None:
    _seed(root)
    before = snapshot(root)
    syscalls.short_write_at = 1
    full = r"Could not save sessions\.jsonl: No space left on device"
    with pytest.raises(StoreError, match=full):
        Store(root).append_session(session())
    syscalls.short_write_at = None
    assert snapshot(root) == before


def test_failed_document_write_with_partial_progress(root: Path, syscalls: Syscalls) -> None:
    _seed_settings(root)
    before = snapshot(root)
    syscalls.short_write_at = 1  # half the bytes land in the temporary file...
    syscalls.fail("write", 2, errno.ENOSPC)  # ... then the disk is full
    syscalls.short_write_at = 1
    with pytest.raises(StoreError, match="No space left on device"):
        Store(root).save_settings({"theme": "a-much-longer-theme-name" * 50})
    syscalls.record()
    assert snapshot(root) == before


def test_import_failure_keeps_logs_intact(root: Path, syscalls: Syscalls) -> None:
    _seed(root)
    before = snapshot(root)
    records = [{**stored_line(), "note": f"n{i}"} for i in range(50)]
    data = {"format": "pacer-export", "version": 1, "logs": {"sessions.jsonl": records}}
    syscalls.fail("fsync", 1, errno.EIO)
    with pytest.raises(StoreError, match="Input/output error"):
        import_all(Store(root), data)
    syscalls.record()
    assert snapshot(root) == before
    assert import_all(Store(root), data).added["sessions.jsonl"] == 50
