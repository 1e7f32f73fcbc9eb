"""The only code that writes bytes to the data folder.

Every write goes through ``os.open`` / ``os.write`` / ``os.fsync`` / ``os.replace`` /
``os.ftruncate`` called as attributes of :mod:`os` (not imported names), so fault-injection
tests can patch exactly those calls and fail any single step with ENOSPC or EIO.

Guarantees:

* :func:`replace_file`: all-or-nothing. The new bytes are written to a temporary file in the
  same folder (so the rename cannot cross file systems), fsynced, renamed over the target, and
  the folder is fsynced so the rename itself survives a power cut. If any step fails, the old
  file is left byte-identical and the temporary file is removed, then the error propagates.
* Files are created 0600 and ``fchmod``-ed to 0600 whatever the umask; the rename carries the
  temporary file's mode, so the target is 0600 after every replace.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700
TMP_MARK = ".tmp-"
PREV_MARK = ".prev-"

_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_O_DIRECTORY = getattr(os, "O_DIRECTORY", 0)


def temp_name(name: str) -> str:
    """Hidden, unique and recognisable, so leftovers of a crash can be found and removed."""
    return f".{name}{TMP_MARK}{os.getpid()}-{os.urandom(4).hex()}"


def is_leftover(entry: str) -> bool:
    """A temporary or previous-version file left behind by a process killed mid-save."""
    return entry.startswith(".") and (TMP_MARK in entry or PREV_MARK in entry)


def ensure_folder(root: Path) -> None:
    """Create the data folder 0700 (umask-proof); tighten an existing one that is too open.

    We never loosen permissions. Parents are created with the default mode: they are not ours.
    """
    try:
        st = os.stat(root)
    except FileNotFoundError:
        root.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileExistsError):
            os.mkdir(root, DIR_MODE)
        st = os.stat(root)
    if not stat.S_ISDIR(st.st_mode):
        raise NotADirectoryError(errno.ENOTDIR, "not a folder", str(root))
    if stat.S_IMODE(st.st_mode) & 0o077:
        os.chmod(root, stat.S_IMODE(st.st_mode) & ~0o077 | 0o700)


def fsync_dir(root: Path) -> None:
    """Make a rename or a new file name durable (no-op where folders cannot be opened)."""
    if not _O_DIRECTORY:
        return
    fd = os.open(root, os.O_RDONLY | _O_DIRECTORY | _O_CLOEXEC)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _unlink_quietly(path: Path) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def write_all(fd: int, data: bytes) -> None:
    """``os.write`` until done; a write that makes no progress is a full disk."""
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        if n <= 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        view = view[n:]


def write_new_file(path: Path, data: bytes) -> None:
    """Create ``path`` (must not exist) with ``data``, fsynced, mode 0600; no partial leftovers.

    Used for copies kept aside (torn log tails, pre-migration backups): they appear whole or not
    at all from the point of view of whoever reads them after a failure.
    """
    tmp = path.with_name(temp_name(path.name))
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_CLOEXEC, FILE_MODE)
    try:
        try:
            os.fchmod(fd, FILE_MODE)
            write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.link(tmp, path)  # fails if path exists: a kept copy is never overwritten
        fsync_dir(path.parent)
    finally:
        _unlink_quietly(tmp)


def replace_file(root: Path, name: str, data: bytes) -> None:
    """Atomically make ``root/name`` contain ``data`` (see the module docstring).

    The old version stays reachable under a hard link until the folder fsync has succeeded,
    so even a failing folder fsync can put it back: a failed save never leaves the new version
    in place while telling the user it was not saved.
    """
    target = root / name
    tmp = root / temp_name(name)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_CLOEXEC, FILE_MODE)
    try:
        try:
            os.fchmod(fd, FILE_MODE)
            write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
    except BaseException:
        _unlink_quietly(tmp)
        raise

    prev: Path | None = root / f".{name}{PREV_MARK}{os.getpid()}-{os.urandom(4).hex()}"
    try:
        os.link(target, prev)  # type: ignore[arg-type]
    except OSError:  # no old version, or a file system without hard links
        prev = None

    try:
        os.replace(tmp, target)
    except BaseException:
        _unlink_quietly(tmp)
        if prev is not None:
            _unlink_quietly(prev)
        raise

    try:
        fsync_dir(root)
    except BaseException:
        # The rename may not be durable and we are about to report failure: put the old
        # version back (or remove the new file if there was none) so what is on disk matches
        # what the user is told.
        if prev is not None:
            with contextlib.suppress(OSError):
                os.replace(prev, target)
        else:
            _unlink_quietly(target)
        raise

    if prev is not None:
        _unlink_quietly(prev)


def remove_leftovers(root: Path, name: str) -> None:
    """Delete temporary / previous-version files of ``name`` left by a killed process.

    Only call this while holding the folder lock: then no live writer owns such a file.
    """
    prefixes = (f".{name}{TMP_MARK}", f".{name}{PREV_MARK}")
    try:
        entries = os.listdir(root)
    except OSError:
        return
    for entry in entries:
        if entry.startswith(prefixes):
            _unlink_quietly(root / entry)
