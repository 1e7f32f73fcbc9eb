"""Cue latency through a real miniaudio stream (NULL backend: real timing, no sound card).

Ours: the mixer places each cue on the sample of its phase boundary, read from the session's
clock at every device pull. Baseline, in the same run on a second NULL stream and the same
session: cues triggered the way a UI would do it, from a 30 fps timer that notices the phase
has changed and asks for the cue to start with the next buffer.

For each cue: when its first sample is due on the stream (pull time + offset) minus when its
phase boundary fell on the monotonic clock. Target: worst |latency| <= 20 ms for ours.
"""

from __future__ import annotations

import statistics
import sys
import threading
import time
from collections import deque
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import report

from pacer.clock import MonotonicClock
from pacer.domain.patterns import parse_rhythm
from pacer.domain.session import Session
from pacer.domain.timeline import Timeline
from pacer_audio.player import open_player
from pacer_audio.settings import SoundSettings

RHYTHM = "0.5-0-0.5"  # a phase change every half second: many cues in a short run
MINUTES = 0.25  # 15 s: 30 phase changes and the end sound
TARGET_MS = 20.0
TICK = 1 / 30


def baseline(session: Session, clock: MonotonicClock, stop: threading.Event) -> list[float]:
    """UI-timer cues on their own NULL stream; returns the due times of their first samples."""
    import miniaudio
    import numpy as np

    pending: deque[bool] = deque()
    due: list[float] = []

    def ticker() -> None:
        last = None
        while not stop.is_set():
            state = session.state()
            key = (state.breath, state.index, state.finished)
            if session.started and key != last:
                pending.append(True)
                last = key
            time.sleep(TICK)

    def feed():  # type: ignore[no-untyped-def]
        frames = yield b""
        while True:
            now = clock.now()
            while pending:
                pending.popleft()
                due.append(now)  # the cue starts on the first sample of this buffer
            frames = yield np.zeros(frames, dtype=np.int16)

    device = miniaudio.PlaybackDevice(output_format=miniaudio.SampleFormat.SIGNED16,
                                      nchannels=1, sample_rate=44100, buffersize_msec=10,
                                      backends=[miniaudio.Backend.NULL])
    generator = feed()
    next(generator)
    device.start(generator)
    thread = threading.Thread(target=ticker, daemon=True)
    thread.start()
    stop.wait()
    thread.join()
    device.close()
    return due


def summary(latencies: list[float]) -> tuple[float, float]:
    ms = [abs(x) * 1000 for x in latencies]
    return statistics.median(ms), max(ms)


def main() -> int:
    timeline = Timeline.for_minutes(parse_rhythm(RHYTHM), MINUTES)
    clock = MonotonicClock()
    session = Session(timeline, clock)
    player = open_player(session, SoundSettings(style="chime", swell=True), backend="null")
    if not player.audible:
        print(f"audio latency: could not open the NULL device ({player.reason}) FAIL")
        return 1
    stop = threading.Event()
    naive: list[float] = []
    thread = threading.Thread(target=lambda: naive.extend(baseline(session, clock, stop)))
    thread.start()
    time.sleep(0.2)  # both streams running before the session starts
    session.start()
    start = clock.now()
    time.sleep(timeline.duration + 0.3)
    stop.set()
    thread.join()
    player.close()

    mixer = player.mixer  # type: ignore[attr-defined]
    boundaries = [start + e.at for e in mixer.schedule.events]
    ours = [o.due - (start + o.at) for o in mixer.onsets]
    pulled = [o.pulled - (start + o.at) for o in mixer.onsets]
    theirs = [d - b for d, b in zip(naive, boundaries, strict=False)]
    complete = len(ours) == len(boundaries) and len(theirs) == len(boundaries)
    median, worst = summary(ours)
    _, worst_pull = summary(pulled)
    base_median, base_worst = summary(theirs)
    ok = complete and worst <= TARGET_MS and worst_pull <= TARGET_MS
    return 0 if report(
        f"audio cue latency (NULL backend, {len(ours)} cues)",
        f"median {median:.1f} ms, worst {worst:.1f} ms (buffer pulled within "
        f"{worst_pull:.1f} ms) vs 30 fps UI-timer cues median {base_median:.1f} ms, worst "
        f"{base_worst:.1f} ms -> ratio {worst / base_worst:.2f} (target worst <= "
        f"{TARGET_MS:g} ms)",
        ok,
    ) else 1


if __name__ == "__main__":
    sys.exit(main())
