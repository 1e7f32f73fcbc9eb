"""Errors and problem reports of the store.

Two different things go wrong with a health record kept in files, and they are kept apart here:

* :class:`StoreError` is raised when an *operation* fails (a save hit a full disk, another Pacer
  holds the lock, the target file is unreadable so it must not be overwritten). ``str(e)`` is
  always one line a person can act on, because the CLI prints it as is and the TUI shows it in a
  notification.
* :class:`Problem` describes the *state of a file* found while reading it (invalid JSON at line 3,
  a torn last line...). Reads do not raise for a broken log: they return what they can and record
  a Problem, so the rest of the app keeps working; :meth:`pacer.store.Store.problems` lists them
  for the UI and ``pacer doctor``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# Problem kinds. Strings (not an Enum) so they print and compare cheaply and survive JSON.
EMPTY = "empty"  # zero bytes or only whitespace: typically a save cut short by a crash
NUL = "nul"  # NUL bytes where text should be: typically a power loss on a delayed-allocation fs
ENCODING = "encoding"  # not UTF-8
INVALID_JSON = "invalid-json"
DUPLICATE_KEY = "duplicate-key"
NAN = "nan"  # NaN / Infinity: not JSON, and never a valid health value
SCHEMA = "schema"  # parses, but a field has the wrong type or value
NEWER = "newer"  # written by a newer Pacer: we do not understand it, so we must not rewrite it
UNSUPPORTED = "unsupported"  # an old schema version with no migration path
UNREADABLE = "unreadable"  # the OS refused (permissions, a folder in place of the file...)
TORN_TAIL = "torn-tail"  # an unterminated last log line: the one tolerated problem
SYMLINK = "symlink"  # a symbolic link in place of a data file: never followed, never written
NOT_REGULAR = "not-regular"  # a named pipe, device, socket or folder in place of a data file
TOO_BIG = "too-big"  # over the size cap of its kind (see pacer.store.files): never read whole

#: Kinds that do not make a collection read-only (everything else does).
TOLERATED_KINDS = frozenset({TORN_TAIL})


@dataclass(frozen=True)
class Problem:
    """Something wrong with one data file, located as precisely as we can.

    ``line`` is 1-based (the line an editor shows); ``field`` is a dotted path such as
    ``volume`` or ``goals[2].title``. ``kind`` is one of the constants of this module so the UI
    and tests can branch on it without parsing English.
    """

    file: Path
    line: int | None
    field: str | None
    kind: str
    message: str

    @property
    def whole_file(self) -> bool:
        """True when the problem is the file itself (unreadable, a link, a pipe, too big), not
        one of its lines: such a log cannot be appended to either."""
        return self.line is None

    @property
    def tolerated(self) -> bool:
        """True when the file stays writable (a torn log tail, already kept aside)."""
        return self.kind in TOLERATED_KINDS

    def __str__(self) -> str:
        where = self.file.name
        if self.line is not None:
            where += f" line {self.line}"
        if self.field:
            return f"{where}: field '{self.field}': {self.message}"
        return f"{where}: {self.message}"


class StoreError(Exception):
    """An operation on the data folder failed; ``str(e)`` is one user-readable line.

    A save that raises this was not made (or was rolled back): the caller must never tell the
    user it was saved.
    """


class LockTimeout(StoreError):
    """Another Pacer process held the data folder lock for longer than the timeout."""


class InvalidRecord(StoreError, ValueError):
    """The caller asked to save data that does not fit the schema (a programming error, mostly).

    Also a :class:`ValueError` so code validating user input can catch it naturally.
    """


class UnreadableFile(StoreError):
    """A data file is damaged, from a newer Pacer, or unreadable.

    Raised by :meth:`~pacer.store.Store.read_document` for such a file (it is never taken for an
    empty one) and by every write to that collection (it is never overwritten). ``problem``
    carries the details for the UI.
    """

    def __init__(self, message: str, problem: Problem) -> None:
        super().__init__(message)
        self.problem = problem
