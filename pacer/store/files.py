"""Opening data files safely: no symlinks followed, only regular files, and a size cap.

A data folder is a place people edit by hand and where other programs (a sync tool, a backup,
a curious shell) can leave things. Whatever sits in place of ``sessions.jsonl`` or
``goals.json``, the store must neither write health data through a symbolic link to a file
outside the folder (nor ``chmod`` it), nor hang on a named pipe, nor run out of memory reading
``/dev/zero`` or a runaway file. So every data file is opened here:

* with ``O_NOFOLLOW``: a symbolic link in place of the file is refused (:data:`SYMLINK`);
* with ``O_NONBLOCK``, then ``fstat``: anything but a regular file (pipe, device, socket,
  folder) is refused before a single byte is read (:data:`NOT_REGULAR`), and opening a pipe
  never waits for a writer;
* with a size cap per kind of file (the caps below, the only place they are set): a bigger
  file is refused without reading it (:data:`TOO_BIG`).

Refusals raise :class:`FileFault`; the store turns it into a :class:`~pacer.store.Problem` of
that file, like any other unreadable file: the collection becomes read-only, never overwritten.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from pacer.store.errors import NOT_REGULAR, SYMLINK, TOO_BIG

MIB = 1024 * 1024
#: Settings, goals, appointments, patterns, drafts: a few kilobytes in real use.
MAX_DOCUMENT_BYTES = 16 * MIB
#: sessions.jsonl / journal.jsonl: ~300 bytes a session, so about a million and a half sessions.
MAX_LOG_BYTES = 512 * MIB
#: One record kept aside in ``pending/`` (one session or journal entry).
MAX_PENDING_BYTES = 1 * MIB
#: A file given to ``pacer import``: every document and log at their caps, and some room.
MAX_EXPORT_BYTES = 1024 * MIB

_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_READ_CHUNK = 4 * MIB


class FileFault(Exception):
    """A file that is refused as a data file: ``kind`` is a Problem kind, ``message`` one line."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


def describe_type(mode: int) -> str:
    """What a non-regular file is, in plain words."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    return "not a plain file"


def _not_regular(mode: int) -> FileFault:
    return FileFault(
        NOT_REGULAR,
        f"cannot be read: not a regular file ({describe_type(mode)}); Pacer only uses plain files",
    )


def too_big(size: int, cap: int) -> FileFault:
    return FileFault(
        TOO_BIG,
        f"cannot be read: too big to read safely ({size:,} bytes, over the {cap // MIB} MiB "
        "limit); "
        "move it away if it is not yours",
    )


def open_data(
    path: Path, flags: int, cap: int | None, *, follow: bool = False, mode: int = 0o600
) -> int | None:
    """``os.open`` a data file the safe way (see the module docstring); None if it is missing.

    ``flags`` are the usual ``os.O_*`` flags; ``O_NOFOLLOW`` (unless ``follow``), ``O_NONBLOCK``
    and ``O_CLOEXEC`` are added. With ``O_CREAT`` a missing file is created (``mode``), never
    through a link. Raises :class:`FileFault` for a refused file and :class:`OSError` for
    anything else the system refuses (permissions...).
    """
    extra = _O_NONBLOCK | _O_CLOEXEC | (0 if follow else _O_NOFOLLOW)
    try:
        fd = os.open(path, flags | extra, mode)
    except FileNotFoundError:
        if flags & os.O_CREAT and os.path.islink(path):  # a link to nowhere
            raise FileFault(SYMLINK, _LINK_MESSAGE) from None
        return None
    except OSError as e:
        if e.errno == errno.ELOOP and not follow and os.path.islink(path):
            raise FileFault(SYMLINK, _LINK_MESSAGE) from None
        if e.errno in (errno.EISDIR, errno.ENXIO, errno.ENODEV, errno.EOPNOTSUPP):
            try:
                kind = os.lstat(path).st_mode
            except OSError:
                raise e from None
            raise _not_regular(kind) from None
        raise
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise _not_regular(st.st_mode)
        if cap is not None and st.st_size > cap:
            raise too_big(st.st_size, cap)
    except BaseException:
        os.close(fd)
        raise
    return fd


_LINK_MESSAGE = (
    "cannot be read: it is a symbolic link, and Pacer never follows links for your data "
    "(put the real file here)"
)


def read_fd(fd: int, cap: int) -> bytes:
    """Read a whole file from its descriptor, refusing it once it passes ``cap`` bytes (a file
    can grow between the ``fstat`` and the read)."""
    chunks: list[bytes] = []
    total = 0
    while True:
        block = os.read(fd, min(_READ_CHUNK, cap + 1 - total))
        if not block:
            break
        chunks.append(block)
        total += len(block)
        if total > cap:
            raise too_big(total, cap)
    return b"".join(chunks)


def read_data(path: Path, cap: int, *, follow: bool = False) -> bytes | None:
    """The bytes of a data file opened with :func:`open_data`; None when it does not exist."""
    fd = open_data(path, os.O_RDONLY, cap, follow=follow)
    if fd is None:
        return None
    try:
        return read_fd(fd, cap)
    finally:
        os.close(fd)
