"""Saving a session: a busy lock is waited for, and what cannot be written now is kept pending.

The lock is held by a real second process (as a large ``pacer import`` would), because the
store's lock is a file lock between processes: a thread of this process would share it.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from pacer.services import sessions as sessions_module
from pacer.services.sessions import Sessions
from pacer.store import Store, StoreError

HOLD = """
import sys, time
from pathlib import Path
from pacer.store import Store
store = Store(Path(sys.argv[1]))
with store.locked():
    print("locked", flush=True)
    time.sleep(float(sys.argv[2]))
"""


@contextmanager
def lock_held(root: Path, seconds: float) -> Iterator[subprocess.Popen[str]]:
    """Another process holds the data folder's lock for ``seconds`` (killed on the way out)."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(root), str(seconds)],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "locked"
        yield holder
    finally:
        holder.kill()
        holder.wait(timeout=10)


def a_session(**changes: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "started": "2025-03-12T15:00:00+01:00",
        "ended": "2025-03-12T15:05:00+01:00",
        "pattern": "resonance",
        "rhythm": "4-0-6-0",
        "seconds": 300.0,
        "planned_seconds": 300.0,
        "completed": True,
        "before": None,
        "after": 3,
        "note": None,
        "source": "app",
    }
    return {**record, **changes}


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "data")


def test_a_session_is_saved_with_an_id(store: Store) -> None:
    outcome = Sessions(store).record(a_session())
    assert outcome.saved and outcome.message is None and outcome.pending is None
    [saved] = store.sessions()
    assert saved["id"] == outcome.record["id"] and saved["seconds"] == 300.0


def test_a_busy_lock_is_waited_for_and_the_session_saved(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sessions_module, "RETRY_SECONDS", 20.0)
    store.root.mkdir()
    with lock_held(store.root, 1.5):
        began = time.monotonic()
        outcome = Sessions(store).record(a_session())
        waited = time.monotonic() - began
    assert outcome.saved, outcome.message
    assert waited >= 1.0  # it really waited for the other process
    assert [s["id"] for s in store.sessions()] == [outcome.record["id"]]


def test_a_lock_busy_past_the_retry_window_keeps_the_session_pending(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sessions_module, "RETRY_SECONDS", 0.5)
    store.root.mkdir()
    with lock_held(store.root, 60):
        outcome = Sessions(store).record(a_session())
    assert not outcome.saved and outcome.pending is not None
    assert outcome.message is not None and str(outcome.pending) in outcome.message
    assert "busy" in outcome.message
    assert store.sessions() == []
    [(where, kept)] = store.pending()
    assert where == outcome.pending and kept["id"] == outcome.record["id"]
    # The next launch writes it, once.
    flushed = Sessions(store).flush_pending()
    assert flushed.problem is None and [r["id"] for r in flushed.written] == [kept["id"]]
    assert [s["id"] for s in store.sessions()] == [kept["id"]]
    assert store.pending() == []
    assert Sessions(store).flush_pending().written == []


def test_a_disk_error_keeps_the_session_pending(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(name: str, record: dict[str, Any], timeout: float | None = None) -> dict[str, Any]:
        raise StoreError("Not saved: sessions.jsonl: No space left on device")

    monkeypatch.setattr(store, "append", full)
    outcome = Sessions(store).record(a_session())
    assert not outcome.saved and outcome.pending is not None
    assert outcome.problem == "sessions.jsonl: No space left on device"
    assert [kept["seconds"] for _, kept in store.pending()] == [300.0]


def test_when_even_keeping_it_aside_fails_the_outcome_says_so(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> Any:
        raise StoreError("Could not create the data folder: Read-only file system")

    monkeypatch.setattr(store, "append", refuse)
    monkeypatch.setattr(store, "keep_pending", refuse)
    outcome = Sessions(store).record(a_session())
    assert not outcome.saved and outcome.pending is None
    assert outcome.message is not None and "Read-only file system" in outcome.message


def test_a_damaged_middle_line_does_not_stop_a_session_being_saved(store: Store) -> None:
    """One rule for a damaged log: appends go on, the damaged line is left as it is."""
    Sessions(store).record(a_session())
    Sessions(store).record(a_session(started="2025-03-12T16:00:00+01:00",
                                     ended="2025-03-12T16:05:00+01:00"))
    path = store.root / "sessions.jsonl"
    first, second = path.read_bytes().splitlines()
    path.write_bytes(first + b"\n{not json\n" + second + b"\n")
    outcome = Sessions(Store(store.root)).record(a_session(started="2025-03-12T17:00:00+01:00",
                                                           ended="2025-03-12T17:05:00+01:00"))
    assert outcome.saved, outcome.message
    assert path.read_bytes().startswith(first + b"\n{not json\n" + second + b"\n")
    assert outcome.record["id"] in path.read_text()
    assert Store(store.root).pending() == []
