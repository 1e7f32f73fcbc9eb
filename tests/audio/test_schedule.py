"""The cue schedule and the swell curve, shared by live playback and export."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pacer.domain.patterns import BUILTIN
from pacer.domain.timeline import Ramp, Timeline
from pacer_audio.cues import END_SECONDS, RATE, cue
from pacer_audio.schedule import FADE_FRAMES, MAX_VOICES, Schedule, cue_part, loop_slice
from tests.audio.conftest import timeline


def test_one_cue_per_phase_boundary_then_the_end_sound() -> None:
    line = timeline("4-7-8", 2)
    schedule = Schedule(line, "bowl")
    starts = list(line.phase_starts())
    assert [e.at for e in schedule.events[:-1]] == [s.at for s in starts]
    assert [e.kind for e in schedule.events[:-1]] == [str(s.phase.kind) for s in starts]
    assert {"inhale", "hold", "exhale"} == {e.kind for e in schedule.events[:-1]}
    end = schedule.events[-1]
    assert end.kind == "end" and end.at == line.duration
    assert all(e.frame == round(e.at * RATE) for e in schedule.events)


def test_track_length_is_the_session_plus_the_end_sound() -> None:
    line = timeline("resonance", 20)
    schedule = Schedule(line, "chime")
    assert schedule.track_frames == round(line.duration * RATE) + round(END_SECONDS * RATE)


def test_long_cues_under_short_phases_are_faded_before_a_third_starts() -> None:
    schedule = Schedule(timeline("0.5-0-0.5", 0.2), "bowl")
    events = schedule.events
    for i, event in enumerate(events[: -MAX_VOICES]):
        later = events[i + MAX_VOICES]
        assert event.frame + event.stop <= later.frame + FADE_FRAMES


def test_cue_part_fades_linearly_to_zero_at_its_stop() -> None:
    samples = np.ones(1000, dtype=np.float32)
    part = cue_part(samples, 600, 0, 1000)
    assert len(part) == 600
    assert part[600 - FADE_FRAMES - 1] == 1.0
    assert part[-1] == pytest.approx(1 / FADE_FRAMES)
    assert np.all(np.diff(part[600 - FADE_FRAMES :]) < 0)
    # Pieces taken block by block join into the same thing.
    joined = np.concatenate([cue_part(samples, 600, a, a + 128) for a in range(0, 1000, 128)])
    assert np.array_equal(joined, part)
    assert samples[0] == 1.0  # the cached cue itself is never changed


def test_loop_slice_wraps_seamlessly() -> None:
    loop = np.arange(10, dtype=np.float32)
    assert loop_slice(loop, 7, 5).tolist() == [7, 8, 9, 0, 1]
    assert loop_slice(loop, 23, 25).tolist() == [(23 + i) % 10 for i in range(25)]


@settings(max_examples=30, deadline=None)
@given(
    inhale=st.floats(0.5, 8), hold=st.sampled_from([0.0, 1.0, 4.0]), exhale=st.floats(0.5, 8),
    ramp=st.booleans(), points=st.lists(st.floats(0, 1.05), min_size=1, max_size=50),
)
def test_fullness_matches_the_timeline(
    inhale: float, hold: float, exhale: float, ramp: bool, points: list[float]
) -> None:
    from pacer.domain.patterns import parse_rhythm

    pattern = parse_rhythm(f"{inhale:.2f}-{hold:g}-{exhale:.2f}")
    use_ramp = ramp and not pattern.has_holds and pattern.breaths_per_minute < 11
    line = Timeline.for_minutes(pattern, 2, Ramp(12, 1) if use_ramp else None)
    schedule = Schedule(line, "tone")
    t = np.sort(np.array(points) * line.duration)
    expected = [line.at(x).fullness for x in t]
    assert np.allclose(schedule.fullness(t), expected, atol=1e-5)


def test_swell_follows_the_breath_and_fades_after_the_end() -> None:
    line = Timeline.for_minutes(BUILTIN["resonance"], 1)
    schedule = Schedule(line, "bowl")
    gain = schedule.swell_gain(np.array([0.0, 4.0, 10.0, line.duration + 1.0,
                                         line.duration + 5.0]))
    assert gain[0] == pytest.approx(0.1)  # empty lungs: the quiet floor
    assert gain[1] == pytest.approx(1.0)  # full at the top of the breath in
    assert gain[2] == pytest.approx(0.1)
    assert 0 < gain[3] < 0.1
    assert gain[4] == 0.0


def test_every_kind_in_a_schedule_has_a_cue() -> None:
    schedule = Schedule(timeline("box", 1), "chime")
    for event in schedule.events:
        assert 0 < event.stop <= len(cue("chime", event.kind))
