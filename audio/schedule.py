"""When each cue starts and how loud the swell is, as pure functions of session time.

Both the live mixer and the exporter read this, so a played session and an exported track
put every cue on the same sample and give the swell the same shape. Cue times come from the
timeline's phase boundaries (never from UI timers); the end sound starts at the session's end.

At most `MAX_VOICES` cues sound at once: a long bowl under very short phases is faded out (over
`FADE_SECONDS`) when the cue two places later starts. With the peaks in `pacer_audio.cues`, that
bound is what makes clipping impossible.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pacer.domain.timeline import Timeline
from pacer_audio.cues import END_SECONDS, RATE, cue

MAX_VOICES = 2  # cues ringing together; a third start fades the oldest out
FADE_SECONDS = 0.01  # fades for cut cues, pause and stop: short enough to be quick, no click
FADE_FRAMES = round(FADE_SECONDS * RATE)
SWELL_FLOOR = 0.1  # the swell never drops to nothing, so it reads as one continuous breath
SWELL_TAIL_SECONDS = 3.0  # after the last breath the swell fades under the end sound
SWELL_IN_SECONDS = 0.3  # the swell eases in at the start and after a pause


@dataclass(frozen=True)
class CueEvent:
    """One cue on the schedule: its session time, its sample, and when it must be gone."""

    at: float  # seconds of breathing from the start (pauses excluded)
    kind: str  # "inhale", "hold", "exhale" or "end"
    frame: int  # round(at * RATE): the sample on which the cue starts
    stop: int  # frames into the cue after which it is silent (its length, or a fade-out end)


def cue_part(samples: np.ndarray, stop: int, lo: int, hi: int) -> np.ndarray:
    """samples[lo:hi] of a cue cut at `stop`, with the linear fade that ends at `stop` applied."""
    hi = min(hi, stop, len(samples))
    if hi <= lo:
        return samples[:0]
    part = samples[lo:hi]
    fade_from = stop - FADE_FRAMES
    if stop < len(samples) and hi > fade_from:
        part = part.copy()
        idx = np.arange(max(lo, fade_from), hi)
        part[idx - lo] *= (stop - idx) / FADE_FRAMES
    return part


class Schedule:
    """A timeline turned into cue events and a vectorised breath-fullness curve."""

    def __init__(self, timeline: Timeline, style: str) -> None:
        self.timeline = timeline
        self.style = style
        self.duration = timeline.duration
        starts = list(timeline.phase_starts())
        timed = [(s.at, str(s.phase.kind)) for s in starts] + [(timeline.duration, "end")]
        frames = [round(at * RATE) for at, _ in timed]
        events = []
        for i, ((at, kind), frame) in enumerate(zip(timed, frames, strict=True)):
            length = len(cue(style, kind))
            stop = length
            if i + MAX_VOICES < len(frames):
                stop = min(length, frames[i + MAX_VOICES] - frame + FADE_FRAMES)
            events.append(CueEvent(at, kind, frame, stop))
        self.events: tuple[CueEvent, ...] = tuple(events)
        self.end_frame = frames[-1]
        # Phase starts, lengths and the fullness at either end of each phase, for `fullness`.
        self._starts = np.array([s.at for s in starts])
        self._lengths = np.array([s.seconds for s in starts])
        tiny = 1e-7
        self._low = np.array([timeline.at(s.at + tiny).fullness for s in starts])
        self._high = np.array([timeline.at(s.at + s.seconds - tiny).fullness for s in starts])

    @property
    def track_frames(self) -> int:
        """The exact length of an exported track: the session, then the whole end sound."""
        return self.end_frame + round(END_SECONDS * RATE)

    def fullness(self, t: np.ndarray) -> np.ndarray:
        """Eased lung fullness 0..1 at each session time in `t` (ascending), like Timeline.at.

        Computed one phase slice at a time: a block of samples spans at most a few phases, and
        within a phase the easing is one cosine over a slice (no per-sample searching).
        """
        t = np.asarray(t, dtype=np.float64)
        out = np.empty(len(t), dtype=np.float32)
        if not len(t):
            return out
        last = len(self._starts) - 1
        first_phase = int(np.clip(np.searchsorted(self._starts, t[0], "right") - 1, 0, last))
        last_phase = int(np.clip(np.searchsorted(self._starts, t[-1], "right") - 1, 0, last))
        cuts = np.searchsorted(t, self._starts[first_phase + 1 : last_phase + 1], "left")
        bounds = [0, *cuts.tolist(), len(t)]
        for k, i in enumerate(range(first_phase, last_phase + 1)):
            lo, hi = bounds[k], bounds[k + 1]
            if hi <= lo:
                continue
            low, high = self._low[i], self._high[i]
            if low == high:
                out[lo:hi] = low
                continue
            # In place and in float32: this runs once per sample of every exported track.
            angle = ((t[lo:hi] - self._starts[i]) * (np.pi / self._lengths[i])).astype(np.float32)
            np.clip(angle, 0.0, np.pi, out=angle)
            np.cos(angle, out=angle)
            span = np.float32((high - low) / 2)
            np.multiply(angle, -span, out=angle)
            np.add(angle, np.float32(low) + span, out=out[lo:hi])
        return out

    def swell_gain(self, t: np.ndarray) -> np.ndarray:
        """Swell gain at session times `t` (ascending): follows the breath, fades at the end."""
        gain = np.float32(SWELL_FLOOR) + np.float32(1.0 - SWELL_FLOOR) * self.fullness(t)
        if len(t) and t[-1] > self.duration:
            past = np.asarray(t, dtype=np.float64) - self.duration
            gain *= np.clip(1.0 - past / SWELL_TAIL_SECONDS, 0.0, 1.0).astype(np.float32)
        return gain


def loop_slice(loop: np.ndarray, start: int, n: int) -> np.ndarray:
    """`n` samples of a seamless loop starting at sample `start` (wrapping as often as needed)."""
    size = len(loop)
    pos = start % size
    if pos + n <= size:
        return loop[pos : pos + n]
    return np.tile(loop, (pos + n) // size + 1)[pos : pos + n]
