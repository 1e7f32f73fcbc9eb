"""Shared helpers for the store tests: records, syscall fault injection, real crashes.

Fault injection patches ``os.write``/``os.fsync``/``os.replace``/``os.ftruncate``/``os.link``
on the :mod:`os` module (the store calls them as ``os.<name>``), and only acts in the thread
that installed it, so pytest-xdist's own I/O threads are never disturbed.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import signal
import threading
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from pacer.store import Store

SYSCALLS = ("write", "fsync", "replace", "ftruncate", "link")
T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)  # a Monday


def session(started: datetime | None = None, **over: Any) -> dict[str, Any]:
    """A realistic session record as the app would pass it (no id/schema/logged)."""
    start = started or datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=6)
    rec: dict[str, Any] = {
        "started": start.isoformat(),
        "ended": (start + timedelta(seconds=330)).isoformat(),
        "pattern": "resonance",
        "rhythm": "5.5-0-5.5-0",
        "seconds": 330.0,
        "planned_seconds": 300.0,
        "completed": True,
        "before": 6,
        "after": 3,
        "note": None,
        "source": "app",
    }
    rec.update(over)
    return rec


def stored_line(**over: Any) -> dict[str, Any]:
    """A full stored record (with id/schema/logged), for writing log files directly."""
    rec = {"id": str(uuid.uuid4()), "schema": 1, **session(T0), "logged": T0.isoformat()}
    rec.update(over)
    return rec


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file in the folder with its bytes (the lock file excluded: it is always there)."""
    if not root.exists():
        return {}
    return {p.name: p.read_bytes() for p in sorted(root.iterdir()) if p.name != ".pacer.lock"}


def strip_logged(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in r.items() if k != "logged"} for r in records]


class Syscalls:
    """Count, fail or crash on the store's write-path system calls (current thread only)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls: list[str] = []
        self._mp = monkeypatch
        self._thread = threading.get_ident()
        self._fail: tuple[str, int, int] | None = None  # (name, nth call of that name, errno)
        self._kill: tuple[int, bool] | None = None  # (nth call of any name, after the call?)
        self.short_write_at: int | None = None
        self._real = {name: getattr(os, name) for name in SYSCALLS}
        for name in SYSCALLS:
            monkeypatch.setattr(os, name, self._wrap(name))

    def _wrap(self, name: str) -> Callable[..., Any]:
        real = self._real[name]

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if threading.get_ident() != self._thread:
                return real(*args, **kwargs)
            self.calls.append(name)
            count = self.calls.count(name)
            if self._kill is not None and len(self.calls) == self._kill[0]:
                if self._kill[1]:
                    real(*args, **kwargs)
                os.kill(os.getpid(), signal.SIGKILL)
            if self._fail is not None and self._fail[:2] == (name, count):
                code = self._fail[2]
                raise OSError(code, os.strerror(code))
            if name == "write" and self.short_write_at == count:
                data = bytes(args[1])
                return real(args[0], data[: max(1, len(data) // 2)])
            return real(*args, **kwargs)

        return wrapper

    def fail(self, name: str, nth: int, code: int = errno.ENOSPC) -> None:
        self.calls.clear()
        self._fail = (name, nth, code)

    def kill_at(self, nth: int, *, after: bool = False) -> None:
        self.calls.clear()
        self._kill = (nth, after)

    def record(self) -> None:
        self.calls.clear()
        self._fail = None
        self._kill = None

    def restore(self) -> None:
        self._mp.undo()


def run_killed(fn: Callable[[], object], nth: int, *, after: bool = False) -> bool:
    """Run ``fn`` in a forked child that SIGKILLs itself at its ``nth`` write-path syscall.

    Returns True if the child was killed, False if ``fn`` finished first. A real crash: no
    ``finally`` or ``except`` block of the store runs after the kill.
    """
    pid = os.fork()
    if pid == 0:  # child
        code = 1
        try:
            with pytest.MonkeyPatch.context() as mp:
                calls = Syscalls(mp)
                calls.kill_at(nth, after=after)
                fn()
            code = 0
        except BaseException:
            code = 2
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        assert os.WTERMSIG(status) == signal.SIGKILL
        return True
    assert os.WEXITSTATUS(status) == 0, "the operation failed in the child without a crash"
    return False


@contextlib.contextmanager
def umask(mask: int) -> Iterator[None]:
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


def fresh(root: Path) -> Store:
    """A new Store on the same folder: what a relaunched app sees."""
    return Store(root, lock_timeout=5.0)


def write_log_lines(
    root: Path, lines: list[dict[str, Any] | bytes], name: str = "sessions.jsonl"
) -> bytes:
    """Write a log file directly (dicts as JSON lines, bytes as they are); return its bytes."""
    root.mkdir(exist_ok=True, mode=0o700)
    data = b"".join(
        line if isinstance(line, bytes) else json.dumps(line).encode() + b"\n" for line in lines
    )
    (root / name).write_bytes(data)
    return data


@contextlib.contextmanager
def lock_held_elsewhere(root: Path) -> Iterator[None]:
    """Another process holds the folder lock for the duration of the block.

    Two pipes (one each way), so neither process can read its own signal; the child always
    ends with ``os._exit`` and the parent always waits for it.
    """
    to_parent_r, to_parent_w = os.pipe()
    to_child_r, to_child_w = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        code = 1
        try:
            os.close(to_parent_r)
            os.close(to_child_w)
            with Store(root, lock_timeout=5).locked():
                os.write(to_parent_w, b"x")
                os.read(to_child_r, 1)  # hold the lock until the parent says so (or exits)
            code = 0
        finally:
            os._exit(code)
    os.close(to_parent_w)
    os.close(to_child_r)
    try:
        assert os.read(to_parent_r, 1) == b"x", "the other process could not take the lock"
        yield
    finally:
        os.close(to_child_w)  # EOF: the child releases the lock and exits
        os.close(to_parent_r)
        os.waitpid(pid, 0)
