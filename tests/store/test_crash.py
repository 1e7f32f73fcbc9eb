"""Real crashes: processes SIGKILLed in the middle of saves and appends, and real races.

Two kinds of kill:

* at a chosen system call (fork, then SIGKILL inside the write path before or after the
  N-th write/fsync/replace/ftruncate/link), which walks every step of a save deterministically;
* at a random moment of a process saving in a loop (multiprocessing, killed after a random
  number of acknowledged saves), which is what a real crash looks like.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import signal
from pathlib import Path
from typing import Any

import pytest

from pacer.store import LockTimeout, Store, upsert
from tests.store.helpers import Syscalls, fresh, run_killed, session, snapshot

CTX = multiprocessing.get_context("fork")


def settings_version(n: int) -> dict[str, Any]:
    # A large field makes each save span several pages, so a kill can land mid-write.
    return {"weekly_target_minutes": n, "theme": f"theme-{n}-" + "x" * 20000}


def drain(receiver: Any) -> list[Any]:
    """Messages still in the pipe once every sender is gone (poll() is also true at EOF)."""
    out = []
    try:
        while receiver.poll():
            out.append(receiver.recv())
    except EOFError:
        pass
    return out


# --- deterministic: a kill at every step of a save --------------------------------------------


def _steps(root: Path, op: Any, monkeypatch: pytest.MonkeyPatch) -> int:
    with monkeypatch.context() as mp:
        calls = Syscalls(mp)
        op(Store(root))
        return len(calls.calls)


@pytest.mark.parametrize("after", [False, True], ids=["before-call", "after-call"])
def test_kill_at_every_step_of_a_document_save(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, after: bool
) -> None:
    probe = tmp_path / "probe"
    Store(probe).save_settings(settings_version(1))
    n = _steps(probe, lambda s: s.save_settings(settings_version(2)), monkeypatch)
    for k in range(1, n + 2):
        root = tmp_path / f"k{k}"
        Store(root).save_settings(settings_version(1))
        old = (root / "settings.json").read_bytes()
        killed = run_killed(
            lambda root=root: Store(root).save_settings(settings_version(2)), k, after=after
        )
        assert killed == (k <= n)
        store = fresh(root)
        got = store.settings()
        assert store.problems() == []
        assert got["weekly_target_minutes"] in (1, 2)
        if got["weekly_target_minutes"] == 1:
            assert (root / "settings.json").read_bytes() == old
        else:
            assert got["theme"] == settings_version(2)["theme"]
        # The next save cleans up whatever the crash left behind.
        store.save_settings(settings_version(3))
        assert sorted(os.listdir(root)) == [".pacer.lock", "settings.json"]


@pytest.mark.parametrize("after", [False, True], ids=["before-call", "after-call"])
def test_kill_at_every_step_of_an_append(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, after: bool
) -> None:
    probe = tmp_path / "probe"
    Store(probe).append_session(session())
    with (probe / "sessions.jsonl").open("ab") as f:
        f.write(b'{"torn')  # the longest path: torn tail kept aside, cut, then append
    n = _steps(probe, lambda s: s.append_session(session()), monkeypatch)
    for k in range(1, n + 2):
        root = tmp_path / f"k{k}"
        first = Store(root).append_session(session(note="first"))
        with (root / "sessions.jsonl").open("ab") as f:
            f.write(b'{"torn')
        killed = run_killed(
            lambda root=root: Store(root).append_session(session(note="second")), k, after=after
        )
        assert killed == (k <= n)
        store = fresh(root)
        records = store.sessions()
        assert records[0] == first
        assert [r["note"] for r in records] in (["first"], ["first", "second"])
        assert all(p.tolerated for p in store.problems())
        store.append_session(session(note="third"))
        assert [r["note"] for r in fresh(root).sessions()][-1] == "third"
        torn = [p.read_bytes() for p in root.glob("sessions.jsonl.torn-*")]
        assert torn == [b'{"torn'], "the torn bytes are kept exactly once"


# --- random kills of a process saving in a loop -----------------------------------------------


def _save_forever(root: str, acks: Any) -> None:
    store = Store(Path(root))
    n = 1
    while True:
        n += 1
        store.save_settings(settings_version(n))
        acks.send(n)


def test_writer_killed_at_random_points_always_leaves_old_or_new(tmp_path: Path) -> None:
    root = tmp_path / "data"
    Store(root).save_settings(settings_version(1))
    rng = random.Random(20250303)
    acked = 1
    for _ in range(30):
        receiver, sender = CTX.Pipe(duplex=False)
        proc = CTX.Process(target=_save_forever, args=(str(root), sender))
        proc.start()
        sender.close()
        for _ in range(rng.randint(1, 6)):
            acked = receiver.recv()
        os.kill(proc.pid, signal.SIGKILL)
        proc.join()
        for late in drain(receiver):  # acks sent before the kill landed
            acked = late
        receiver.close()
        raw = (root / "settings.json").read_bytes()
        doc = json.loads(raw)  # always parses...
        version = doc["weekly_target_minutes"]
        assert version in (acked, acked + 1)  # ...and is the acknowledged or the next version
        assert doc["theme"] == settings_version(version)["theme"]
        store = fresh(root)
        assert store.settings()["weekly_target_minutes"] == version
        assert store.problems() == []
        # Restart the counter where the file is, like a relaunched app would.
        Store(root).save_settings(settings_version(1))
        acked = 1


def _append_forever(root: str, tag: str, acks: Any) -> None:
    store = Store(Path(root), lock_timeout=30)
    n = 0
    while True:
        n += 1
        rec = store.append_session(session(note=f"{tag}-{n}"))
        acks.send((tag, rec["id"]))


def test_concurrent_appenders_some_killed_lose_nothing_acknowledged(tmp_path: Path) -> None:
    root = tmp_path / "data"
    rng = random.Random(7)
    acked: list[str] = []
    kills = 0
    for round_no in range(6):
        receiver, sender = CTX.Pipe(duplex=False)
        procs = {
            f"r{round_no}p{i}": CTX.Process(
                target=_append_forever, args=(str(root), f"r{round_no}p{i}", sender)
            )
            for i in range(4)
        }
        for p in procs.values():
            p.start()
        sender.close()
        targets = {tag: rng.randint(1, 15) for tag in procs}
        counts = dict.fromkeys(procs, 0)
        alive = set(procs)
        while alive:
            tag, rec_id = receiver.recv()
            acked.append(rec_id)
            counts[tag] += 1
            if tag in alive and counts[tag] >= targets[tag]:
                os.kill(procs[tag].pid, signal.SIGKILL)
                procs[tag].join()
                alive.discard(tag)
                kills += 1
        acked.extend(rec_id for _, rec_id in drain(receiver))
        receiver.close()
    assert kills == 24
    store = fresh(root)
    ids = [r["id"] for r in store.sessions()]
    assert all(p.tolerated for p in store.problems())
    assert len(ids) == len(set(ids)), "no record is present twice"
    assert set(acked) <= set(ids), "every acknowledged record is present"
    assert len(acked) == len(set(acked))


def _add_goals(root: str, tag: str, start: Any, count: int) -> None:
    store = Store(Path(root), lock_timeout=30)
    start.wait()
    for i in range(count):
        store.update_document(
            "goals.json",
            lambda d, i=i: {**d, "goals": upsert(d["goals"], [{"id": f"{tag}-{i}", "by": tag}])},
        )


def test_two_processes_adding_goals_at_the_same_time_lose_nothing(tmp_path: Path) -> None:
    root = tmp_path / "data"
    start = CTX.Event()
    procs = [CTX.Process(target=_add_goals, args=(str(root), t, start, 40)) for t in "ab"]
    for p in procs:
        p.start()
    start.set()
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    goals = fresh(root).read_document("goals.json")["goals"]
    assert sorted(g["id"] for g in goals) == sorted(f"{t}-{i}" for t in "ab" for i in range(40))


def _hold_lock(root: str, held: Any, release: Any) -> None:
    with Store(Path(root)).locked():
        held.set()
        release.wait(30)


def test_lock_timeout_names_the_folder_and_changes_nothing(root: Path) -> None:
    Store(root).save_settings({"sound": False})
    held, release = CTX.Event(), CTX.Event()
    proc = CTX.Process(target=_hold_lock, args=(str(root), held, release))
    proc.start()
    try:
        assert held.wait(30)
        before = snapshot(root)
        store = Store(root, lock_timeout=0.1)
        with pytest.raises(LockTimeout) as caught:
            store.save_settings({"sound": True})
        assert str(caught.value) == f"Another Pacer is using {root}; try again in a moment."
        with pytest.raises(LockTimeout):
            store.append_session(session())
        assert store.settings()["sound"] is False  # reads never wait for the lock
        assert snapshot(root) == before
    finally:
        release.set()
        proc.join()
    Store(root, lock_timeout=0.1).save_settings({"sound": True})
    assert (root / ".pacer.lock").exists()  # never deleted


def test_threads_of_one_app_saving_at_once_lose_nothing(root: Path) -> None:
    """The TUI saves from worker threads: one Store shared by several threads."""
    import threading

    store = Store(root, lock_timeout=30)
    errors: list[BaseException] = []

    def work(tag: str) -> None:
        try:
            for i in range(15):
                store.update_document(
                    "goals.json",
                    lambda d, i=i: {**d, "goals": upsert(d["goals"], [{"id": f"{tag}-{i}"}])},
                )
                store.append_session(session(note=f"{tag}-{i}"))
        except BaseException as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(t,)) for t in "abcd"]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    again = fresh(root)
    assert len(again.read_document("goals.json")["goals"]) == 60
    assert sorted(s["note"] for s in again.sessions()) == sorted(
        f"{t}-{i}" for t in "abcd" for i in range(15)
    )
