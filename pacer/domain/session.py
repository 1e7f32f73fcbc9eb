"""A breathing session running against a clock: start, pause, resume, end, and its record.

Elapsed time is always `now - start - paused`, read from the injected clock. Nothing here counts
ticks, so a UI that redraws late (or not at all while hidden) never changes the schedule.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from pacer.clock import Clock, local_now
from pacer.domain.errors import InputError
from pacer.domain.records import STRESS
from pacer.domain.timeline import PhaseState, Timeline


def parse_stress(text: str | int) -> int:
    """A stress rating: a whole number from 0 (calm) to 10 (the worst), the range of
    :data:`pacer.domain.records.STRESS` (the same for the CLI, the TUI and the store)."""
    low, high = STRESS
    try:
        value = int(str(text).strip())
    except ValueError:
        raise InputError(
            f"'{text}' is not a stress rating; use a whole number from {low} to {high}"
        ) from None
    if not low <= value <= high:
        raise InputError(
            f"'{text}' is outside {low}-{high}; use a whole number from {low} to {high}"
        )
    return value


class Session:
    """One run of a timeline. Pauses stop the schedule; resuming continues where it stopped."""

    def __init__(self, timeline: Timeline, clock: Clock) -> None:
        self.timeline = timeline
        self.clock = clock
        self.started_wall: datetime | None = None
        self.ended_wall: datetime | None = None
        self._start: float | None = None
        # (paused since, total paused before that), replaced as one tuple so that a reader on
        # another thread (the audio mixer) never sees one updated without the other.
        self._pause: tuple[float | None, float] = (None, 0.0)
        self._ended_at: float | None = None
        #: The optional 0-10 rating given before the first breath (asked before the session
        #: screen opens); :meth:`record` writes it as ``before``.
        self.before: int | None = None

    @property
    def _paused_at(self) -> float | None:
        return self._pause[0]

    # --- lifecycle -----------------------------------------------------------------------

    def start(self, wall: datetime | None = None) -> None:
        self._start = self.clock.now()
        self.started_wall = wall or local_now()

    def pause(self) -> None:
        if self.running and not self.paused:
            self._pause = (self.clock.now(), self._pause[1])

    def resume(self) -> None:
        paused_at, total = self._pause
        if paused_at is not None and self._ended_at is None:
            self._pause = (None, total + self.clock.now() - paused_at)

    def toggle_pause(self) -> bool:
        """Pause or resume; returns True when now paused."""
        if self.paused:
            self.resume()
        else:
            self.pause()
        return self.paused

    def end(self, wall: datetime | None = None) -> None:
        """Stop the session now (early, or after it finished); the record keeps its real length."""
        if self._ended_at is None:
            now = self._paused_at if self._paused_at is not None else self.clock.now()
            self._ended_at = now
            self.ended_wall = wall or local_now()

    # --- state ---------------------------------------------------------------------------

    @property
    def started(self) -> bool:
        return self._start is not None

    @property
    def running(self) -> bool:
        return self.started and self._ended_at is None and not self.finished

    @property
    def paused(self) -> bool:
        return self._paused_at is not None

    @property
    def ended(self) -> bool:
        return self._ended_at is not None

    def elapsed(self) -> float:
        """Seconds of breathing so far, pauses excluded, never beyond the session's length."""
        if self._start is None:
            return 0.0
        paused_at, paused_total = self._pause
        if self._ended_at is not None:
            now = self._ended_at
        elif paused_at is not None:
            now = paused_at
        else:
            now = self.clock.now()
        return min(max(0.0, now - self._start - paused_total), self.timeline.duration)

    @property
    def finished(self) -> bool:
        """The whole planned session has been breathed."""
        return self.started and self.elapsed() >= self.timeline.duration

    def state(self) -> PhaseState:
        return self.timeline.at(self.elapsed())

    # --- the saved record ----------------------------------------------------------------

    def record(
        self,
        *,
        before: int | None = None,
        after: int | None = None,
        note: str | None = None,
        source: str = "app",
    ) -> dict[str, Any]:
        """The session as the store keeps it; an early end is `completed: false`.

        ``before`` defaults to :attr:`before`, the rating asked before the session began."""
        started = self.started_wall or local_now()
        seconds = round(self.elapsed(), 1)
        ended = self.ended_wall or started + timedelta(seconds=seconds)
        return {
            "started": started.isoformat(timespec="seconds"),
            "ended": ended.isoformat(timespec="seconds"),
            "pattern": self.timeline.pattern.key,
            "rhythm": self.timeline.pattern.rhythm,
            "seconds": seconds,
            "planned_seconds": round(self.timeline.duration, 1),
            "completed": self.finished,
            "before": before if before is not None else self.before,
            "after": after,
            "note": note,
            "source": source,
        }
