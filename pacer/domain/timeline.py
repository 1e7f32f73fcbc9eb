"""Where a breathing session is at any moment, computed from elapsed time alone.

The timeline never counts timer ticks and never accumulates phase lengths: every answer is a
pure function of the elapsed seconds since the start, so a late frame or a slow machine cannot
shift the rest of the session. Phase boundaries are `breath * cycle + offset`, not a running sum.

An optional ramp slows the pace smoothly from a faster start to the pattern's own pace. The
breath count is the integral of a breathing rate that changes linearly, so the count (and with
it the picture) is continuous: the visual never jumps when the pace changes.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

from pacer.domain.patterns import MAX_SESSION_MINUTES, Pattern, PatternError, Phase, PhaseKind
from pacer.domain.records import BREATHS

# Two times closer than this are the same instant; it absorbs float rounding at boundaries.
EPSILON = 1e-9


@dataclass(frozen=True)
class Ramp:
    """Start at `start_bpm` breaths a minute and slow to the pattern's pace over `minutes`."""

    start_bpm: float
    minutes: float


@dataclass(frozen=True)
class PhaseState:
    """The answer to "where are we?" for one instant."""

    phase: Phase
    index: int  # position of the phase in the pattern
    breath: int  # 1-based number of the breath in progress
    progress: float  # 0..1 through this phase
    seconds_left: float  # until this phase ends
    elapsed: float
    remaining: float  # until the session ends
    fullness: float  # 0 (empty lungs) .. 1 (full), eased, for the breath visual
    finished: bool

    @property
    def countdown(self) -> int:
        """Whole seconds to show: 4, 3, 2, 1 (never 0 while the phase runs)."""
        return max(1, math.ceil(self.seconds_left - EPSILON)) if not self.finished else 0


@dataclass(frozen=True)
class PhaseStart:
    """One phase boundary of the schedule, for cues and the plain mode."""

    at: float  # seconds from the start of the session
    seconds: float  # how long this phase lasts
    index: int
    breath: int
    phase: Phase


def _ease(progress: float) -> float:
    """Smooth in and out, like a real breath: slow at the turns, fastest in the middle."""
    return (1.0 - math.cos(math.pi * progress)) / 2.0


def check_breaths(breaths: int, typed: str | None = None) -> int:
    """`breaths` if it is within :data:`pacer.domain.records.BREATHS`, else PatternError naming
    it (as typed, when given): the one message for `--breaths`, Breathe and the store."""
    low, high = BREATHS
    if not low <= breaths <= high:
        shown = typed if typed is not None else f"{breaths}"
        raise PatternError(f"'{shown}' breaths: a session is {low} to {high} breaths")
    return breaths


class Timeline:
    """The schedule of a session: a pattern repeated for a whole number of breaths."""

    def __init__(self, pattern: Pattern, breaths: int, ramp: Ramp | None = None) -> None:
        if breaths < 1:
            raise PatternError("a session needs at least one breath")
        self.pattern = pattern
        self.breaths = breaths
        cycle = pattern.cycle_seconds
        self._cycle = cycle
        self._target_rate = 1.0 / cycle  # breaths per second
        self._ramp_seconds = 0.0
        self._start_rate = self._target_rate
        if ramp is not None and ramp.minutes > 0:
            if pattern.has_holds:
                raise PatternError(
                    f"the ramp works only on patterns without holds, not {pattern.key}"
                )
            if not 0 < ramp.start_bpm <= 30:
                raise PatternError(
                    f"'{ramp.start_bpm:g}' breaths a minute is not a usable start pace"
                )
            self._ramp_seconds = ramp.minutes * 60.0
            self._start_rate = ramp.start_bpm / 60.0
        # Offsets of each phase boundary as seconds into a cycle (last one is the full cycle).
        self._offsets: list[float] = [0.0]
        for phase in pattern.phases:
            self._offsets.append(self._offsets[-1] + phase.seconds)
        self._levels = self._fullness_levels(pattern)
        self.duration = self.time_of(float(breaths))

    @classmethod
    def for_minutes(cls, pattern: Pattern, minutes: float, ramp: Ramp | None = None) -> Timeline:
        """A timeline close to `minutes` long that ends on a whole breath (at least one)."""
        probe = cls(pattern, 1, ramp)
        breaths = max(1, math.floor(probe.cycles_at(minutes * 60.0) + 0.5))
        return cls(pattern, breaths, ramp)

    @classmethod
    def for_breaths(cls, pattern: Pattern, breaths: int, ramp: Ramp | None = None) -> Timeline:
        """A timeline of exactly `breaths` whole breaths (cycles), the ramp's faster start
        included, within :data:`pacer.domain.records.BREATHS` and no longer than the longest
        session in minutes (a slow pattern of your own can make 200 breaths over 3 hours)."""
        check_breaths(breaths)
        timeline = cls(pattern, breaths, ramp)
        if timeline.duration > MAX_SESSION_MINUTES * 60 + EPSILON:
            minutes = math.ceil(timeline.duration / 60 - EPSILON)
            raise PatternError(
                f"'{breaths}' breaths of {pattern.rhythm} take {minutes} minutes; "
                f"a session is at most {MAX_SESSION_MINUTES:g} minutes"
            )
        return timeline

    @staticmethod
    def _fullness_levels(pattern: Pattern) -> list[float]:
        """Lung fullness at each phase boundary: inhales fill to 1, exhales empty to 0."""
        total_in = sum(p.seconds for p in pattern.phases if p.kind is PhaseKind.INHALE)
        total_out = sum(p.seconds for p in pattern.phases if p.kind is PhaseKind.EXHALE)
        levels = [0.0]
        for phase in pattern.phases:
            level = levels[-1]
            if phase.kind is PhaseKind.INHALE:
                level += phase.seconds / total_in
            elif phase.kind is PhaseKind.EXHALE:
                level -= phase.seconds / total_out
            levels.append(min(1.0, max(0.0, level)))
        return levels

    # --- the pace: breaths as a function of time, and its inverse -------------------------

    def cycles_at(self, t: float) -> float:
        """How many breaths (fractional) fit in the first `t` seconds."""
        ramp, f0, f1 = self._ramp_seconds, self._start_rate, self._target_rate
        if ramp and t <= ramp:
            return f0 * t + (f1 - f0) * t * t / (2.0 * ramp)
        return f0 * ramp + (f1 - f0) * ramp / 2.0 + f1 * (t - ramp)

    def time_of(self, cycles: float) -> float:
        """The instant at which `cycles` breaths have been completed (inverse of cycles_at)."""
        ramp, f0, f1 = self._ramp_seconds, self._start_rate, self._target_rate
        if ramp == 0.0:
            whole = math.floor(cycles + EPSILON)
            return whole * self._cycle + (cycles - whole) * self._cycle
        ramp_cycles = self.cycles_at(ramp)
        if cycles >= ramp_cycles:
            return ramp + (cycles - ramp_cycles) / f1
        a = (f1 - f0) / (2.0 * ramp)
        # Stable root of a*t^2 + f0*t - cycles = 0 (no cancellation when a is small).
        return 2.0 * cycles / (f0 + math.sqrt(max(0.0, f0 * f0 + 4.0 * a * cycles)))

    def _boundary(self, breath_index: int, phase_index: int) -> float:
        """Seconds from the start to the start of a phase, computed, never summed."""
        if self._ramp_seconds == 0.0:
            return breath_index * self._cycle + self._offsets[phase_index]
        return self.time_of(breath_index + self._offsets[phase_index] / self._cycle)

    # --- queries -----------------------------------------------------------------------

    def at(self, elapsed: float) -> PhaseState:
        """Where the session is after `elapsed` seconds of breathing (pauses excluded)."""
        t = min(max(elapsed, 0.0), self.duration)
        phases = self.pattern.phases
        if t >= self.duration - EPSILON:
            last = len(phases) - 1
            return PhaseState(
                phases[last], last, self.breaths, 1.0, 0.0, self.duration, 0.0,
                self._levels[-1], True,
            )
        cycles = self.cycles_at(t)
        breath = min(math.floor(cycles), self.breaths - 1)
        position = (cycles - breath) * self._cycle
        index = min(max(bisect_right(self._offsets, position) - 1, 0), len(phases) - 1)
        start = self._boundary(breath, index)
        end = self._boundary(breath, index + 1) if index + 1 < len(phases) else (
            self._boundary(breath + 1, 0)
        )
        # Float rounding can leave us a hair before a boundary we have reached: step over it.
        if end - t <= EPSILON:
            index += 1
            if index == len(phases):
                index, breath = 0, breath + 1
            start = end
            end = self._boundary(breath, index + 1) if index + 1 < len(phases) else (
                self._boundary(breath + 1, 0)
            )
        elif t < start:
            start = t
        length = end - start
        progress = min(1.0, max(0.0, (t - start) / length)) if length > 0 else 1.0
        low, high = self._levels[index], self._levels[index + 1]
        fullness = low + (high - low) * _ease(progress)
        return PhaseState(
            phases[index], index, breath + 1, progress, max(0.0, end - t), t,
            max(0.0, self.duration - t), fullness, False,
        )

    def phase_starts(self) -> Iterator[PhaseStart]:
        """Every phase boundary of the session, in order."""
        phases = self.pattern.phases
        for breath in range(self.breaths):
            for index, phase in enumerate(phases):
                at = self._boundary(breath, index)
                nxt = (
                    self._boundary(breath, index + 1)
                    if index + 1 < len(phases)
                    else self._boundary(breath + 1, 0)
                )
                yield PhaseStart(at, nxt - at, index, breath + 1, phase)
