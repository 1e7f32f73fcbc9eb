"""The live mixer with a fake session: sample-accurate cues, pause, resume, volume, headroom."""

from __future__ import annotations

import numpy as np
import pytest

from pacer_audio.cues import RATE, cue, to_int16
from pacer_audio.export import render
from pacer_audio.mixer import LATE_LIMIT, Mixer, stream
from pacer_audio.schedule import FADE_FRAMES
from pacer_audio.settings import volume_gain
from tests.audio.conftest import FakeSession, timeline

BLOCK = 441  # 10 ms, the player's buffer


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def make(pattern: str = "resonance", minutes: float = 1.0, **options: object) -> tuple[
    Mixer, FakeSession, Clock
]:
    session = FakeSession(timeline(pattern, minutes))
    clock = Clock()
    mixer = Mixer(session.timeline, session, clock=clock, **options)  # type: ignore[arg-type]
    return mixer, session, clock


def run(mixer: Mixer, session: FakeSession, clock: Clock, seconds: float,
        frames: int = BLOCK) -> np.ndarray:
    """Pull `seconds` of audio with session time advancing exactly with the stream."""
    out = []
    for _ in range(round(seconds * RATE / frames)):
        out.append(mixer.pull(frames))
        session.now += frames / RATE
        clock.now += frames / RATE
    return np.concatenate(out) if out else np.zeros(0, np.int16)


def test_silence_until_the_session_starts() -> None:
    mixer, session, _ = make()
    session.started = False
    assert not mixer.pull(BLOCK).any()
    assert mixer.onsets == []


def test_cue_starts_on_the_exact_sample_of_its_boundary() -> None:
    mixer, session, clock = make(volume=100)
    session.now = 3.995  # the exhale starts at 4.0: 5 ms (220.5 -> 220 samples) into this buffer
    mixer._next = 1  # the inhale at 0 is not part of this test
    out = mixer.pull(BLOCK)
    offset = round(0.005 * RATE)
    assert not out[:offset].any()
    expected = to_int16(cue("bowl", "exhale")[: BLOCK - offset] * np.float32(1.0))
    assert np.array_equal(out[offset:], expected)
    onset = mixer.onsets[0]
    assert (onset.kind, onset.at, onset.offset) == ("exhale", 4.0, offset)
    assert onset.pulled == clock.now
    assert abs(onset.late) <= 0.5 / RATE


def test_live_mix_equals_the_exported_track() -> None:
    """Pulled in step with the stream, the mixer produces the exported samples (one schedule)."""
    mixer, session, clock = make("box", 0.5, style="chime", volume=100)
    live = run(mixer, session, clock, 30.0)
    track = np.concatenate(list(render(session.timeline, style="chime", volume=100)))
    n = len(live)
    assert np.max(np.abs(live.astype(np.int32) - track[:n].astype(np.int32))) <= 1


def test_pause_silences_and_resume_continues_on_schedule() -> None:
    mixer, session, clock = make(style="tone", swell=True, volume=100)
    run(mixer, session, clock, 4.5)  # inhale at 0, exhale at 4
    assert [o.kind for o in mixer.onsets] == ["inhale", "exhale"]
    session.paused = True  # elapsed stays at 4.5 while the clock runs on
    paused = []
    for _ in range(300):  # 3 s of pause
        paused.append(mixer.pull(BLOCK))
        clock.now += BLOCK / RATE
    # Faded within 10 ms, then silent.
    assert not np.concatenate(paused)[FADE_FRAMES:].any()
    assert len(mixer.onsets) == 2
    session.paused = False
    run(mixer, session, clock, 6.0)  # elapsed 4.5 -> 10.5: the next inhale is due at 10.0
    assert [o.kind for o in mixer.onsets] == ["inhale", "exhale", "inhale"]
    resumed = mixer.onsets[-1]
    assert resumed.at == 10.0
    assert abs(resumed.late) <= 0.5 / RATE  # on schedule, not shifted by the pause


def test_a_boundary_missed_long_ago_is_skipped_not_played_late() -> None:
    mixer, session, _ = make()
    mixer.pull(BLOCK)  # inhale at 0
    session.now = 4.0 + LATE_LIMIT + 0.05  # e.g. a frozen machine: the exhale is long past
    mixer.pull(BLOCK)
    assert [o.kind for o in mixer.onsets] == ["inhale"]


def test_a_slightly_late_pull_still_plays_the_cue_at_once() -> None:
    mixer, session, _ = make()
    mixer.pull(BLOCK)
    session.now = 4.03  # 30 ms late: still helpful, so it starts at the buffer's first sample
    out = mixer.pull(BLOCK)
    onset = mixer.onsets[-1]
    assert onset.kind == "exhale" and onset.offset == 0
    assert onset.late == pytest.approx(0.03)
    assert out[1:].any()


def test_early_stop_fades_out_and_plays_nothing_more() -> None:
    mixer, session, clock = make(swell=True)
    run(mixer, session, clock, 1.0)
    session.ended = True
    tail = run(mixer, session, clock, 10.0)
    assert not tail[FADE_FRAMES:].any()
    assert [o.kind for o in mixer.onsets] == ["inhale"]


def test_the_end_sound_plays_when_the_session_is_done() -> None:
    mixer, session, clock = make("resonance", 0.2)
    run(mixer, session, clock, session.timeline.duration + 1.0)
    assert mixer.onsets[-1].kind == "end"
    assert mixer.onsets[-1].at == session.timeline.duration


def test_ending_the_record_at_the_finish_lets_the_end_sound_ring_out() -> None:
    mixer, session, clock = make("resonance", 0.2)
    run(mixer, session, clock, session.timeline.duration + 0.05)
    session.ended = True  # the screen saves the finished session at once
    tail = run(mixer, session, clock, 4.0)
    assert mixer.onsets[-1].kind == "end"
    assert np.abs(tail[-RATE // 2 :].astype(np.int32)).max() > 30  # still ringing at 4 s


@pytest.mark.parametrize("volume", [0, 30, 60, 100])
def test_volume_scales_everything(volume: int) -> None:
    mixer, session, clock = make(volume=volume, swell=True)
    out = run(mixer, session, clock, 2.0).astype(np.float64)
    full_mixer, full_session, full_clock = make(volume=100, swell=True)
    full = run(full_mixer, full_session, full_clock, 2.0).astype(np.float64)
    assert np.max(np.abs(out - full * volume_gain(volume))) <= 1.0
    if volume == 0:
        assert not out.any()


def test_overlapping_cues_never_clip() -> None:
    """Half-second phases under 3 s bowls, swell at full volume: the loudest case there is."""
    mixer, session, clock = make("0.5-0-0.5", 1.0, swell=True, volume=100)
    out = run(mixer, session, clock, session.timeline.duration + 5.0).astype(np.int32)
    assert np.max(np.abs(out)) < 32767 * 0.9
    assert len(mixer._voices) <= 3


def test_odd_buffer_sizes_change_nothing() -> None:
    a_mixer, a_session, a_clock = make("gentle", 0.3, style="chime", volume=100)
    b_mixer, b_session, b_clock = make("gentle", 0.3, style="chime", volume=100)
    a = run(a_mixer, a_session, a_clock, 8.0, frames=441)
    b = run(b_mixer, b_session, b_clock, 8.0, frames=147)
    assert np.max(np.abs(a.astype(np.int32) - b.astype(np.int32))) <= 1


def test_a_failing_pull_becomes_silence_not_a_traceback() -> None:
    mixer, _, _ = make()

    def broken(frames: int) -> np.ndarray:
        raise RuntimeError("boom")

    mixer.pull = broken  # type: ignore[method-assign]
    feed = stream(mixer)
    next(feed)
    assert feed.send(BLOCK) == bytes(2 * BLOCK)
    assert mixer.failures == 1
