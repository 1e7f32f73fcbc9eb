"""The live mixer: turns a running session into PCM buffers, one pull at a time.

The sound device asks for the next few milliseconds of audio; the mixer reads the session's
elapsed breathing time at that moment, maps the buffer onto session time, and starts each cue on
the sample where its phase boundary falls. Timing therefore comes from the timeline and the
session's clock alone: the UI can be late, hidden or busy and the cues still land on time.

Pause silences everything (with a 10 ms fade, no click) and stops the schedule; because the
session's elapsed time excludes pauses, resuming continues exactly on schedule. A boundary that
was missed by more than `LATE_LIMIT` (a stalled machine, a player opened mid-session) is skipped
rather than played late.

Pure numpy, no device: tests drive `pull()` with a fake session and a fake clock.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Generator
from dataclasses import dataclass

import numpy as np

from pacer.domain.timeline import Timeline
from pacer_audio.cues import RATE, cue, swell_loop, to_int16
from pacer_audio.schedule import (
    FADE_FRAMES,
    MAX_VOICES,
    SWELL_IN_SECONDS,
    SWELL_TAIL_SECONDS,
    Schedule,
    cue_part,
    loop_slice,
)
from pacer_audio.session_protocol import SessionLike
from pacer_audio.settings import volume_gain

LATE_LIMIT = 0.25  # seconds: a cue later than this would confuse more than it helps




@dataclass(frozen=True)
class Onset:
    """A cue that was started: which, when it was due, and when its first sample was pulled."""

    kind: str
    at: float  # the phase boundary, in seconds of breathing
    pulled: float  # monotonic time of the device pull that delivered the cue's first sample
    elapsed: float  # the session's elapsed time read at that pull
    offset: int  # the cue's first sample, counted from the start of that buffer

    @property
    def due(self) -> float:
        """Monotonic time at which the cue's first sample plays, on the stream's own timing."""
        return self.pulled + self.offset / RATE

    @property
    def late(self) -> float:
        """Seconds between the boundary and the cue's first sample, in session time."""
        return self.elapsed + self.offset / RATE - self.at


@dataclass
class _Voice:
    samples: np.ndarray
    stop: int
    pos: int = 0
    delay: int = 0  # frames into the current buffer before the voice starts

    @property
    def done(self) -> bool:
        return self.pos >= min(self.stop, len(self.samples))


class Mixer:
    """Cues and the optional swell for one session, mixed into 16-bit mono buffers."""

    def __init__(
        self,
        timeline: Timeline,
        session: SessionLike,
        *,
        style: str = "bowl",
        swell: bool = False,
        volume: int = 60,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.schedule = Schedule(timeline, style)
        self._session = session
        self._clock = clock
        self._gain = volume_gain(volume)
        self._cues = {kind: cue(style, kind) for kind in ("inhale", "hold", "exhale", "end")}
        self._swell = swell_loop() if swell else None
        self._swell_pos = 0
        self._swell_level = 0.0  # 0..1, eased in and out around pauses and the end
        self._next = 0  # index of the next cue event
        self._voices: list[_Voice] = []
        self._stopped = False
        self.onsets: list[Onset] = []  # appended on the audio thread; read after the session
        self.failures = 0  # pulls that raised and were answered with silence (see `stream`)

    # --- one buffer ------------------------------------------------------------------------

    def pull(self, frames: int) -> np.ndarray:
        """The next `frames` samples (int16, mono) for the device."""
        now = self._clock()
        out = np.zeros(frames, dtype=np.float32)
        session = self._session
        if frames <= 0 or not session.started:
            return to_int16(out)
        elapsed = session.elapsed()
        if session.ended and elapsed < self.schedule.duration:
            self._stopped = True  # an early stop: fade out and never schedule again
        live = not (session.paused or self._stopped)
        if live:
            self._start_due(elapsed, frames, now)
        else:
            for voice in self._voices:
                voice.stop = min(voice.stop, voice.pos + FADE_FRAMES)
        for voice in self._voices:
            part = cue_part(voice.samples, voice.stop, voice.pos, voice.pos + frames - voice.delay)
            out[voice.delay : voice.delay + len(part)] += part
            voice.pos += len(part)
            voice.delay = 0
        self._voices = [v for v in self._voices if not v.done]
        if self._swell is not None:
            self._mix_swell(out, elapsed, live)
        return to_int16(out * np.float32(self._gain))

    def _start_due(self, elapsed: float, frames: int, now: float) -> None:
        """Start every cue whose boundary falls inside this buffer, on its own sample."""
        events = self.schedule.events
        while self._next < len(events):
            event = events[self._next]
            offset = round((event.at - elapsed) * RATE)
            if offset >= frames:
                break
            self._next += 1
            if offset < 0:
                if -offset > LATE_LIMIT * RATE:
                    continue  # long past: playing it now would be out of step
                offset = 0
            while len(self._voices) > MAX_VOICES:  # the schedule's fades normally prevent this
                self._voices.pop(0)
            self._voices.append(_Voice(self._cues[event.kind], event.stop, 0, offset))
            self.onsets.append(Onset(event.kind, event.at, now, elapsed, offset))

    def _mix_swell(self, out: np.ndarray, elapsed: float, live: bool) -> None:
        assert self._swell is not None
        n = len(out)
        finished = elapsed >= self.schedule.duration
        if live and not finished:
            step = 1.0 / (SWELL_IN_SECONDS * RATE)
        elif finished and not self._stopped and not self._session.paused:
            step = -1.0 / (SWELL_TAIL_SECONDS * RATE)
        else:
            step = -1.0 / FADE_FRAMES
        level = np.clip(self._swell_level + step * np.arange(1, n + 1), 0.0, 1.0)
        self._swell_level = float(level[-1])
        if not level.any():
            return
        t = elapsed + np.arange(n) / RATE
        gain = self.schedule.swell_gain(t) * level.astype(np.float32)
        out += loop_slice(self._swell, self._swell_pos, n) * gain
        self._swell_pos = (self._swell_pos + n) % len(self._swell)


def stream(mixer: Mixer) -> Generator[np.ndarray | bytes, int, None]:
    """The generator miniaudio drives: it is sent a frame count and yields that many samples.

    An exception inside the device callback would be printed by cffi onto the terminal, so a
    failing pull is answered with silence and counted instead.
    """
    frames = yield b""
    while True:
        try:
            samples: np.ndarray | bytes = mixer.pull(frames)
        except Exception:
            mixer.failures += 1
            samples = bytes(2 * frames)
        frames = yield samples
