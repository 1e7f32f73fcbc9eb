"""The timeline: the phase, progress, countdown and breath for any elapsed time."""

import itertools
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pacer.domain.patterns import BUILTIN, PatternError, parse_rhythm
from pacer.domain.timeline import PhaseState, Ramp, Timeline

RESONANCE = BUILTIN["resonance"]
BOX = BUILTIN["box"]
SIGH = BUILTIN["cyclic-sigh"]
TINY = 1e-6

# (pattern, elapsed, words, breath, seconds_left) at and around every boundary of two breaths.
BOUNDARY_TABLE = [
    (RESONANCE, 0.0, "Breathe in", 1, 4.0),
    (RESONANCE, 4.0 - TINY, "Breathe in", 1, TINY),
    (RESONANCE, 4.0, "Breathe out", 1, 6.0),
    (RESONANCE, 4.0 + TINY, "Breathe out", 1, 6.0 - TINY),
    (RESONANCE, 10.0 - TINY, "Breathe out", 1, TINY),
    (RESONANCE, 10.0, "Breathe in", 2, 4.0),
    (RESONANCE, 14.0, "Breathe out", 2, 6.0),
    (RESONANCE, 59.0, "Breathe out", 6, 1.0),
    (BOX, 0.0, "Breathe in", 1, 4.0),
    (BOX, 4.0 - TINY, "Breathe in", 1, TINY),
    (BOX, 4.0, "Hold", 1, 4.0),
    (BOX, 8.0, "Breathe out", 1, 4.0),
    (BOX, 12.0 - TINY, "Breathe out", 1, TINY),
    (BOX, 12.0, "Hold", 1, 4.0),
    (BOX, 16.0 - TINY, "Hold", 1, TINY),
    (BOX, 16.0, "Breathe in", 2, 4.0),
    (BOX, 28.0, "Hold", 2, 4.0),
    (SIGH, 0.0, "Breathe in", 1, 2.0),
    (SIGH, 2.0, "Breathe in (top up)", 1, 1.0),
    (SIGH, 3.0 - TINY, "Breathe in (top up)", 1, TINY),
    (SIGH, 3.0, "Breathe out", 1, 6.0),
    (SIGH, 9.0, "Breathe in", 2, 2.0),
    (SIGH, 11.0, "Breathe in (top up)", 2, 1.0),
    (SIGH, 12.0, "Breathe out", 2, 6.0),
    (BUILTIN["coherent"], 5.5, "Breathe out", 1, 5.5),
    (BUILTIN["coherent"], 11.0, "Breathe in", 2, 5.5),
    (BUILTIN["4-7-8"], 11.0, "Breathe out", 1, 8.0),
    (BUILTIN["4-7-8"], 19.0 * 3, "Breathe in", 4, 4.0),
]


@pytest.mark.parametrize(("pattern", "elapsed", "words", "breath", "left"), BOUNDARY_TABLE)
def test_state_at_and_around_every_boundary(pattern, elapsed, words, breath, left) -> None:
    state = Timeline.for_minutes(pattern, 2).at(elapsed)
    assert state.phase.words == words
    assert state.breath == breath
    assert state.seconds_left == pytest.approx(left, abs=1e-9)
    assert not state.finished


@pytest.mark.parametrize(
    ("elapsed", "countdown"), [(0.0, 4), (0.5, 4), (0.999, 4), (1.0, 3), (3.0, 1), (3.99, 1)]
)
def test_countdown_shows_whole_seconds_and_never_zero(elapsed: float, countdown: int) -> None:
    assert Timeline.for_minutes(RESONANCE, 1).at(elapsed).countdown == countdown


@pytest.mark.parametrize(
    ("elapsed", "fullness"), [(0.0, 0.0), (2.0, 0.5), (4.0, 1.0), (7.0, 0.5), (10.0, 0.0)]
)
def test_fullness_grows_on_inhale_and_shrinks_on_exhale(elapsed: float, fullness: float) -> None:
    assert Timeline.for_minutes(RESONANCE, 1).at(elapsed).fullness == pytest.approx(fullness)


def test_holds_rest_at_the_level_they_start() -> None:
    timeline = Timeline.for_minutes(BOX, 1)
    assert {round(timeline.at(t).fullness, 9) for t in (4.0, 5.0, 7.9)} == {1.0}
    assert {round(timeline.at(t).fullness, 9) for t in (12.0, 14.0, 15.9)} == {0.0}


@pytest.mark.parametrize(
    ("pattern", "minutes", "breaths", "duration"),
    [
        (RESONANCE, 1, 6, 60.0),
        (RESONANCE, 5, 30, 300.0),
        (BUILTIN["4-7-8"], 1, 3, 57.0),  # 60/19 = 3.16: nearest whole breath
        (BOX, 1, 4, 64.0),  # 3.75 rounds up to 4 whole breaths
        (BUILTIN["coherent"], 3, 16, 176.0),
        (RESONANCE, 0.05, 1, 10.0),  # never shorter than one breath
    ],
)
def test_session_ends_on_a_whole_breath(pattern, minutes, breaths, duration) -> None:
    timeline = Timeline.for_minutes(pattern, minutes)
    assert timeline.breaths == breaths
    assert timeline.duration == pytest.approx(duration)
    end = timeline.at(timeline.duration)
    assert end.finished and end.breath == breaths and end.remaining == 0.0
    assert timeline.at(timeline.duration + 100).finished


def test_elapsed_and_remaining_add_up() -> None:
    timeline = Timeline.for_minutes(RESONANCE, 5)
    state = timeline.at(123.4)
    assert state.elapsed + state.remaining == pytest.approx(300.0)


PATTERNS = st.sampled_from([*BUILTIN.values(), parse_rhythm("4.2-1.3-6.1-0.7")])


@settings(max_examples=200, deadline=None)
@given(pattern=PATTERNS, breath=st.integers(0, 500), phase=st.integers(0, 3))
def test_no_drift_phase_boundaries_are_exact_after_many_breaths(pattern, breath, phase) -> None:
    """Breath 500 starts exactly where 500 cycles say: nothing accumulates."""
    timeline = Timeline(pattern, 501)
    index = phase % len(pattern.phases)
    expected = breath * pattern.cycle_seconds + sum(p.seconds for p in pattern.phases[:index])
    state = timeline.at(expected)
    assert state.index == index
    assert state.breath == breath + 1
    assert state.seconds_left == pytest.approx(pattern.phases[index].seconds, abs=1e-6)


@settings(max_examples=200, deadline=None)
@given(pattern=PATTERNS, elapsed=st.floats(0, 7200, allow_nan=False))
def test_state_is_consistent_anywhere(pattern, elapsed: float) -> None:
    timeline = Timeline.for_minutes(pattern, 120)
    state = timeline.at(elapsed)
    assert 0.0 <= state.progress <= 1.0
    assert 0.0 <= state.fullness <= 1.0
    assert 1 <= state.breath <= timeline.breaths
    if not state.finished:
        phase_length = pattern.phases[state.index].seconds
        assert 0.0 < state.seconds_left <= phase_length + 1e-6
        assert state.progress * phase_length + state.seconds_left == pytest.approx(phase_length)


def test_phase_starts_are_the_timeline_boundaries() -> None:
    timeline = Timeline.for_minutes(SIGH, 3)
    starts = list(timeline.phase_starts())
    assert len(starts) == timeline.breaths * 3
    for start in starts:
        state = timeline.at(start.at)
        assert (state.index, state.breath) == (start.index, start.breath)
    assert starts[-1].at + starts[-1].seconds == pytest.approx(timeline.duration)


def _states(timeline: Timeline, step: float) -> list[PhaseState]:
    return [timeline.at(i * step) for i in range(int(timeline.duration / step) + 1)]


def test_ramp_slows_from_the_start_pace_to_the_pattern_pace() -> None:
    timeline = Timeline.for_minutes(RESONANCE, 6, Ramp(start_bpm=12, minutes=3))
    starts = [s for s in timeline.phase_starts() if s.index == 0]
    first = starts[1].at - starts[0].at
    assert first == pytest.approx(5.0, rel=0.05)  # about 12 a minute at first
    last = starts[-1].at - starts[-2].at
    assert last == pytest.approx(10.0)  # the pattern's own pace after the ramp
    gaps = [b.at - a.at for a, b in itertools.pairwise(starts)]
    assert all(b >= a - 1e-9 for a, b in itertools.pairwise(gaps))


def test_ramp_never_jumps() -> None:
    timeline = Timeline.for_minutes(RESONANCE, 4, Ramp(start_bpm=12, minutes=2))
    states = _states(timeline, 0.01)
    biggest = max(abs(b.fullness - a.fullness) for a, b in itertools.pairwise(states))
    assert biggest < 0.01  # 10 ms never moves the picture by more than 1%


@settings(max_examples=100, deadline=None)
@given(
    start=st.floats(6.5, 30),
    minutes=st.floats(0.5, 10),
    t=st.floats(0, 1200, allow_nan=False),
)
def test_ramp_time_and_breaths_are_inverse(start: float, minutes: float, t: float) -> None:
    timeline = Timeline(RESONANCE, 200, Ramp(start, minutes))
    assert timeline.time_of(timeline.cycles_at(t)) == pytest.approx(t, abs=1e-6)


@pytest.mark.parametrize("ramp", [Ramp(12, 2), Ramp(0, 2), Ramp(40, 2)])
def test_ramp_is_refused_where_it_cannot_work(ramp: Ramp) -> None:
    pattern = BOX if ramp.start_bpm == 12 else RESONANCE
    with pytest.raises(PatternError):
        Timeline.for_minutes(pattern, 5, ramp)


def test_ramp_math_uses_no_tick_counting() -> None:
    """The same instant asked twice, in any order, gives the same answer."""
    timeline = Timeline.for_minutes(RESONANCE, 10, Ramp(12, 5))
    forward = [timeline.at(t / 3) for t in range(0, 1800)]
    backward = [timeline.at(t / 3) for t in reversed(range(0, 1800))]
    assert forward == list(reversed(backward))
    assert math.isclose(timeline.at(599.0).fullness, forward[1797].fullness)
