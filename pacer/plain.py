"""Plain mode: one printed line per phase, for screen readers and scripts.

Each line is printed at the moment its phase starts, measured from one monotonic start time:
the deadline of phase k is `start + paused + boundary_k`, where the boundary comes from the
timeline (never a running sum), so a late wake-up cannot push the later phases.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO

from pacer.clock import Clock
from pacer.domain.session import Session
from pacer.domain.timeline import PhaseStart

# Sleep this much less than the deadline, then wait out the rest in short naps: the kernel
# wakes us a little late, and a late line is a late cue.
_EARLY_WAKE = 0.002


def sleep_until(clock: Clock, deadline: float) -> None:
    """Block until the clock reaches `deadline` (monotonic seconds), waking on time."""
    while True:
        left = deadline - clock.now()
        if left <= 0:
            return
        time.sleep(left - _EARLY_WAKE if left > _EARLY_WAKE * 2 else left / 2)


def phase_line(start: PhaseStart) -> str:
    """What the plain mode prints as a phase starts, e.g. "Breathe in 4s"."""
    return f"{start.phase.words} {round(start.seconds, 1):g}s"


def format_clock(seconds: float) -> str:
    """m:ss for people (1:05), rounding down so it never shows more than was done."""
    whole = int(seconds + 1e-6)
    return f"{whole // 60}:{whole % 60:02d}"


def run_plain(
    session: Session,
    out: TextIO,
    wait: Callable[[float], None],
) -> None:
    """Run `session` to its end (or until Ctrl+C), printing each phase as it starts.

    `wait(deadline)` blocks until the session clock reaches the deadline; tests pass one that
    moves a fake clock. The session is ended either way; the caller saves its record.
    """
    session.start()
    origin = session.clock.now()
    try:
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
    """One calm closing line."""
    pattern = session.timeline.pattern
    length = format_clock(session.elapsed())
    if session.finished:
        breaths = session.timeline.breaths
        return f"Well done: {breaths} breaths in {length} of {pattern.name.lower()}."
    return f"Stopped after {length}. That still counts; it is saved as a partial session."
