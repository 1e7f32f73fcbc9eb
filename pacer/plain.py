"""Plain mode: one printed line per phase, for screen readers and scripts.

Each line is printed at the moment its phase starts, measured from one monotonic start time:
the deadline of phase k is `start + paused + boundary_k`, where the boundary comes from the
timeline (never a running sum), so a late wake-up cannot push the later phases.

The plain modes also have one way out (:class:`WayOut`): a closed terminal window (SIGHUP),
`kill -TERM` and a reader that stops reading (`| head -2`, a broken pipe) all end the session
where it is, so the caller saves it as partial with its real length, exactly as Ctrl+C does.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from types import FrameType, TracebackType
from typing import TYPE_CHECKING, Any, Protocol, TextIO

from pacer.domain.text import harmless

if TYPE_CHECKING:
    from pacer.services import Services

from pacer.clock import Clock
from pacer.domain.patterns import Pattern
from pacer.domain.session import Session
from pacer.domain.timeline import PhaseStart

# Sleep this much less than the deadline, then wait out the rest in short naps: the kernel
# wakes us a little late, and a late line is a late cue.
_EARLY_WAKE = 0.002
#: Below this (seconds), sleep what is left in one go: halving it forever would never end on a
#: clock that moves by exactly what was slept (and gains nothing on a real one).
_LAST_STEP = 0.0002


def sleep_until(clock: Clock, deadline: float) -> None:
    """Block until the clock reaches `deadline` (monotonic seconds), waking on time."""
    while True:
        left = deadline - clock.now()
        if left <= 0:
            return
        if left > _EARLY_WAKE * 2:
            time.sleep(left - _EARLY_WAKE)
        elif left > _LAST_STEP:
            time.sleep(left / 2)
        else:  # the last fraction of a millisecond in one step, so the loop always ends
            time.sleep(left)


def seconds_words(seconds: float) -> str:
    """A phase length as a screen reader should say it: "4 seconds", "1 second", "0.5 seconds"."""
    value = round(seconds, 1)
    return f"{value:g} second{'' if value == 1 else 's'}"


def phase_line(start: PhaseStart) -> str:
    """What the plain mode prints as a phase starts, e.g. "Breathe in, 4 seconds".

    Words, not "4s": a screen reader reads "4s" as "four s".
    """
    return f"{start.phase.words}, {seconds_words(start.seconds)}"


def rhythm_words(pattern: Pattern) -> str:
    """The rhythm in words ("in for 4 seconds, out for 6 seconds"), for the line before a
    session: "4-0-6-0" is read aloud as "four dash zero dash six dash zero"."""
    parts = []
    for phase in pattern.phases:
        if phase.seconds <= 0:
            continue
        what = phase.hint or {"inhale": "in", "hold": "hold", "exhale": "out"}[str(phase.kind)]
        parts.append(f"{what} for {seconds_words(phase.seconds)}")
    return ", ".join(parts)


def minutes_words(minutes: float) -> str:
    """A planned length in words: "1 minute", "3 minutes", "0.5 minutes"."""
    return f"{minutes:g} minute{'' if minutes == 1 else 's'}"


def spoken_length(seconds: float) -> str:
    """How long was done, in words and rounded down: "57 seconds", "1 minute 5 seconds".

    Never "0:57": a screen reader says "zero colon fifty-seven".
    """
    whole = int(seconds + 1e-6)
    minutes, rest = divmod(whole, 60)
    words = []
    if minutes:
        words.append(f"{minutes} minute{'' if minutes == 1 else 's'}")
    if rest or not minutes:
        words.append(f"{rest} second{'' if rest == 1 else 's'}")
    return " ".join(words)


def format_clock(seconds: float) -> str:
    """m:ss for people (1:05), rounding down so it never shows more than was done."""
    whole = int(seconds + 1e-6)
    return f"{whole // 60}:{whole % 60:02d}"


class Lines(Protocol):
    """Where the plain mode prints: a text stream (stdout), or a wrapper around one."""

    def write(self, text: str, /) -> int: ...

    def flush(self) -> None: ...


def settle_in(clock: Clock, out: Lines, wait: Callable[[float], None], seconds: int) -> None:
    """ "Get comfortable... 3, 2, 1" on one line, a number a second, before the first breath."""
    from pacer.domain.length import SETTLE_WORDS

    begin = clock.now()
    out.write(f"{SETTLE_WORDS}... ")
    for step, count in enumerate(range(seconds, 0, -1)):
        out.write(f"{', ' if step else ''}{count}")
        out.flush()
        wait(begin + step + 1)
    out.write("\n")
    out.flush()


def run_plain(
    session: Session,
    out: Lines,
    wait: Callable[[float], None],
    *,
    settle: int = 0,
) -> None:
    """Run `session` to its end (or until Ctrl+C), printing each phase as it starts.

    `wait(deadline)` blocks until the session clock reaches the deadline; tests pass one that
    moves a fake clock. The session is ended either way; the caller saves its record.
    ``settle`` seconds of "Get comfortable" come first: the session starts after them, so they
    are not practice, and Ctrl+C during them leaves a session that never started.
    """
    try:
        if settle > 0:
            settle_in(session.clock, out, wait, settle)
        session.start()
        origin = session.clock.now()
        for start in session.timeline.phase_starts():
            wait(origin + start.at)
            out.write(phase_line(start) + "\n")
            out.flush()
        wait(origin + session.timeline.duration)
    except KeyboardInterrupt:
        out.write("\n")
    finally:
        session.end()


def summary(session: Session) -> str:
    """One calm line once the breathing has ended, said before any question that follows, so
    a person listening knows the session is over (and not just a long pause)."""
    pattern = session.timeline.pattern
    length = spoken_length(session.elapsed())
    if session.finished:
        breaths = session.timeline.breaths
        return (f"The session is over. Well done: {breaths} breath{'' if breaths == 1 else 's'} "
                f"in {length} of {harmless(pattern.name.lower())}.")
    return f"The session stopped after {length}. That still counts."


def breathless_intro(*, end_of_input: bool) -> list[str]:
    """What `pacer breathless --plain` says before the first cue: the red flag first (it
    matters most), then the card, once, then how to stop. Plain lines, no bullets: a screen
    reader says "dash" for a dash. `end_of_input`: Ctrl+D stops it too (on a terminal)."""
    from pacer.domain.breathless import CARD, CARD_TITLE, PATTERN, RED_FLAG

    keys = "Ctrl+C or Ctrl+D" if end_of_input else "Ctrl+C"
    return [
        f"{PATTERN.name}. {PATTERN.description}",
        RED_FLAG.text,
        f"{CARD_TITLE}:",
        *(tip.text for tip in CARD),
        f"Press {keys} to stop whenever you like. What you breathe is kept.",
    ]


class EndOnEof:
    """Ends a plain session when its input ends (Ctrl+D on a terminal), as Ctrl+C does.

    Why a thread: the plain mode sleeps until each cue and reads nothing meanwhile; a daemon
    thread reads the input and sets :attr:`ended` at its end. Typed lines are ignored (a stray
    Enter does not stop anything). :meth:`wait_until` sleeps on that event, so the end of
    input wakes it at once, then waits out the last moments with :func:`sleep_until`.
    """

    #: The last stretch before a deadline is slept with :func:`sleep_until`, on time.
    FINE = 0.01

    def __init__(self, stream: TextIO) -> None:
        self.ended = threading.Event()
        self._stream = stream
        self.thread = threading.Thread(target=self._read, name="pacer-end-on-eof", daemon=True)
        self.thread.start()

    def _read(self) -> None:
        try:
            while self._stream.readline():
                pass
        except (OSError, ValueError):  # the input was closed under us: nothing more to read
            return
        self.ended.set()

    def wait_until(self, clock: Clock, deadline: float) -> None:
        """Block until `deadline` on `clock`; KeyboardInterrupt as soon as the input ends."""
        while not self.ended.is_set():
            left = deadline - clock.now() - self.FINE
            if left <= 0:
                sleep_until(clock, deadline)
                return
            self.ended.wait(left)
        raise KeyboardInterrupt


def saved_line(session: Session) -> str:
    """What is said once the session was saved."""
    return "Saved." if session.finished else "Saved as a partial session."


# --- the one way out ----------------------------------------------------------------------

#: The exit status after a broken pipe: 128 + SIGPIPE, what a shell reports for `yes | head`.
EXIT_PIPE = 128 + int(getattr(signal, "SIGPIPE", 13))

#: The signals that mean "leave now": the window closed (SIGHUP) and `kill` (SIGTERM).
LEAVE_SIGNALS: tuple[int, ...] = tuple(
    int(s) for s in (getattr(signal, "SIGTERM", None), getattr(signal, "SIGHUP", None)) if s
)


class Stop(BaseException):
    """A signal asked the plain mode to leave. A BaseException, like KeyboardInterrupt, so no
    ``except Exception`` on the way swallows it before what was done is saved."""

    def __init__(self, signo: int) -> None:
        super().__init__(signo)
        self.signo = signo

    @property
    def exit_code(self) -> int:
        """128 + the signal's number: the shell convention for "ended by a signal"."""
        return 128 + self.signo


class WayOut:
    """While active, SIGTERM and SIGHUP raise :class:`Stop` in the main thread.

    Why raise: the plain mode spends nearly all its time asleep until the next cue, and only
    an exception wakes a sleep (a flag would wait out a 30-second phase). The first signal is
    raised once; later ones are only noted, so saving on the way out is never cut short.
    Inside :meth:`held` (a save in progress) a first signal waits until the block is done.
    """

    def __init__(self) -> None:
        self.signo: int | None = None
        self._raised = False
        self._holding = 0
        self._old: dict[int, Any] = {}

    def __enter__(self) -> WayOut:
        for signo in LEAVE_SIGNALS:
            with contextlib.suppress(ValueError, OSError):  # not the main thread: no handler
                self._old[signo] = signal.signal(signo, self._handle)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        for signo, old in self._old.items():
            with contextlib.suppress(ValueError, OSError):
                signal.signal(signo, old)
        self._old.clear()

    def _handle(self, signo: int, frame: FrameType | None) -> None:
        if self.signo is None:
            self.signo = signo
        if self._holding or self._raised:
            return
        self._raised = True
        raise Stop(signo)

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        """Run the block whole: a signal that arrives meanwhile is raised once it is done."""
        self._holding += 1
        try:
            yield
        finally:
            self._holding -= 1
            # Raised even over an error from the block: the signal must not be lost, and
            # leaving is what it asked for (what could be saved has been).
            if not self._holding and self.signo is not None and not self._raised:
                self._raised = True
                raise Stop(self.signo)


def quiet_stdout() -> None:
    """After a broken pipe (or a closed terminal): send what is left of stdout to /dev/null.

    Python flushes stdout at exit, and a flush into a closed pipe prints "Exception ignored"
    on stderr; pointing the descriptor at /dev/null makes that last flush a quiet no-op.
    """
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, sys.stdout.fileno())
        finally:
            os.close(devnull)


def shown(record: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of a record from the data with every string made :func:`harmless` (one line),
    also inside lists, so domain text builders can format it for a terminal as they are."""

    def clean(value: Any) -> Any:
        if isinstance(value, str):
            return harmless(value)
        if isinstance(value, list):
            return [clean(item) for item in value]
        return value

    return {key: clean(value) for key, value in record.items()}


def record_session(services: Services, record: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
    """Save a practised session: (the record as stored, None) or (record, why not and where it
    is kept until the next launch adds it), so the plain modes say what the TUI says."""
    outcome = services.sessions.record(record)
    return outcome.record, outcome.message
