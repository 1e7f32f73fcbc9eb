"""What the documents, the logs and the pending area share: the folder, its lock, raw reads,
copies kept aside, and the problems found so far.

One :class:`Core` per :class:`~pacer.store.Store`; the parts of the store hold a reference to it.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from pacer.store import atomic
from pacer.store.errors import UNREADABLE, LockTimeout, Problem, StoreError, UnreadableFile
from pacer.store.files import MAX_LOG_BYTES, FileFault, read_data
from pacer.store.parse import Bad, strerror

LOCK_NAME = ".pacer.lock"


class Core:
    """The data folder, its lock and the problems registry (thread-safe)."""

    def __init__(self, root: Path, lock_timeout: float) -> None:
        self.root = Path(root)
        self.lock_timeout = lock_timeout
        self._filelock: Any = None
        self.mutex = threading.RLock()
        self._problems: dict[tuple[str, str, int | None, str | None], Problem] = {}

    # --- problems -----------------------------------------------------------------------------

    def problems(self) -> list[Problem]:
        with self.mutex:
            return list(self._problems.values())

    def read_only_reason(self, name: str) -> Problem | None:
        with self.mutex:
            for problem in self._problems.values():
                if problem.file.name == name and not problem.tolerated:
                    return problem
        return None

    def add_problems(self, problems: list[Problem]) -> None:
        with self.mutex:
            for p in problems:
                self._problems[(str(p.file), p.kind, p.line, p.field)] = p

    def settle(self, name: str, problems: list[Problem], *, keep_torn: bool = True) -> None:
        """Replace what we know about ``name`` (a file of the folder) with a fresh full read."""
        path = self.root / name
        with self.mutex:
            for key, p in list(self._problems.items()):
                if p.file == path and (not p.tolerated or not keep_torn):
                    del self._problems[key]
        self.add_problems(problems)

    def settle_path(self, path: Path, problem: Problem | None) -> None:
        """Forget (or set) the problem of one file outside the folder's top level."""
        with self.mutex:
            for key, p in list(self._problems.items()):
                if p.file == path:
                    del self._problems[key]
        if problem is not None:
            self.add_problems([problem])

    def refuse(self, problem: Problem) -> UnreadableFile:
        return UnreadableFile(
            f"Not saved: {problem}. Pacer will not overwrite {problem.file.name}; "
            "fix or move it (see `pacer doctor`).",
            problem,
        )

    # --- lock ---------------------------------------------------------------------------------

    def _lock(self) -> Any:
        if self._filelock is None:
            from filelock import FileLock  # lazy: reads (app launch) never need it

            path = str(self.root / LOCK_NAME)
            try:
                lock = FileLock(
                    path, timeout=self.lock_timeout, mode=0o600, preserve_lock_file=True
                )
            except TypeError:  # filelock < 3.20: Unix locks never delete the file anyway
                lock = FileLock(path, timeout=self.lock_timeout, mode=0o600)
            with self.mutex:
                if self._filelock is None:
                    self._filelock = lock
        return self._filelock

    @contextlib.contextmanager
    def locked(self, timeout: float | None = None, *, prepare: bool = True) -> Iterator[None]:
        """See :meth:`pacer.store.Store.locked`."""
        from filelock import Timeout

        if prepare:
            try:
                atomic.ensure_folder(self.root)
            except OSError as e:
                raise StoreError(
                    f"Could not create the data folder {self.root}: {strerror(e)}"
                ) from e
        lock = self._lock()
        try:
            lock.acquire(timeout=self.lock_timeout if timeout is None else timeout)
        except Timeout:
            raise LockTimeout(
                f"Another Pacer is using {self.root}; try again in a moment."
            ) from None
        except OSError as e:
            raise StoreError(f"Could not lock the data folder {self.root}: {strerror(e)}") from e
        try:
            yield
        finally:
            lock.release()

    @contextlib.contextmanager
    def reader_lock(self) -> Iterator[bool]:
        """For readers that saw an unterminated last line: it may be another Pacer's append in
        flight, so look again under the lock. Yields False (look again without it) when no
        Pacer ever wrote here with a lock, or the lock is busy; never creates or changes files.
        """
        if not (self.root / LOCK_NAME).exists():
            yield False
            return
        with contextlib.ExitStack() as stack:
            try:
                stack.enter_context(self.locked(timeout=min(1.0, self.lock_timeout), prepare=False))
            except StoreError:
                yield False
                return
            yield True

    # --- raw files ----------------------------------------------------------------------------

    def read_raw(self, name: str, cap: int) -> bytes | None:
        """File bytes, None when missing; refused files and OS errors raise :class:`Bad`."""
        return read_path(self.root / name, cap)

    def save_error(self, name: str, e: OSError) -> StoreError:
        return StoreError(f"Could not save {name}: {strerror(e)}")

    def keep_copy(self, name: str, data: bytes) -> str:
        """Keep ``data`` as ``name`` (or a timestamped variant if taken); return the name used."""
        path = self.root / name
        if os.path.lexists(path):
            stamp = datetime.now().astimezone().strftime("%Y%m%dT%H%M%S")
            path = self.root / f"{name}-{stamp}-{os.urandom(2).hex()}"
        atomic.write_new_file(path, data)
        return path.name

    def keep_torn(self, log: str, data: bytes) -> str:
        """Keep a torn tail as ``<log>.torn-<time>-<hex>``, unless an identical copy exists
        (a crash between keeping the copy and cutting the log must not make two)."""
        prefix = f"{log}.torn-"
        with contextlib.suppress(OSError):
            for entry in sorted(os.listdir(self.root)):
                if not entry.startswith(prefix):
                    continue
                with contextlib.suppress(OSError, FileFault):
                    st = os.lstat(self.root / entry)
                    if st.st_size == len(data) and read_data(
                        self.root / entry, MAX_LOG_BYTES
                    ) == data:
                        return entry
        stamp = datetime.now().astimezone().strftime("%Y%m%dT%H%M%S")
        return self.keep_copy(f"{prefix}{stamp}-{os.urandom(2).hex()}", data)


def unreadable(path: Path, e: OSError) -> Problem:
    return Problem(path, None, None, UNREADABLE, f"cannot be read: {strerror(e)}")


def refused(path: Path, fault: FileFault) -> Problem:
    return Problem(path, None, None, fault.kind, fault.message)


def read_path(path: Path, cap: int) -> bytes | None:
    """:func:`pacer.store.files.read_data` with failures as :class:`Bad` (a located Problem)."""
    try:
        return read_data(path, cap)
    except FileFault as f:
        raise Bad(refused(path, f)) from None
    except OSError as e:
        raise Bad(unreadable(path, e)) from None
