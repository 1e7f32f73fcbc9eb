"""A session length in breaths: n breaths are n whole cycles, the ramp respected, the bounds
written once (records.BREATHS, records.SETTLE_SECONDS), and the words the plain mode says."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pacer.clock import FakeClock
from pacer.domain.length import (
    about_length,
    breaths_words,
    parse_breaths,
    parse_settle,
    settle_count,
    settle_words,
    suggested_breaths,
)
from pacer.domain.patterns import BUILTIN, Pattern, PatternError, parse_rhythm
from pacer.domain.records import BREATHS, SESSION_MINUTES, SETTLE_SECONDS
from pacer.domain.session import Session
from pacer.domain.timeline import Ramp, Timeline

RESONANCE = BUILTIN["resonance"]
RELAXING = BUILTIN["4-7-8"]
BOX = BUILTIN["box"]


# --- n breaths = n cycles -------------------------------------------------------------------

@pytest.mark.parametrize("pattern", list(BUILTIN.values()), ids=list(BUILTIN))
@pytest.mark.parametrize("n", [1, 2, 4, 10, 37])
def test_n_breaths_are_n_whole_cycles(pattern: Pattern, n: int) -> None:
    timeline = Timeline.for_breaths(pattern, n)
    assert timeline.breaths == n
    assert timeline.duration == pytest.approx(n * pattern.cycle_seconds)
    starts = list(timeline.phase_starts())
    assert len(starts) == n * len(pattern.phases)
    assert starts[0].at == 0.0 and starts[-1].breath == n
    # The last breath runs to the end, then the session is over: never a breath n + 1.
    assert timeline.at(timeline.duration - 1e-6).breath == n
    assert not timeline.at(timeline.duration - 1e-6).finished
    assert timeline.at(timeline.duration).finished


@pytest.mark.parametrize(
    ("pattern", "n", "seconds"),
    [
        (RELAXING, 4, 76.0),  # 4-7-8: 19 s a breath, the suggested 4 breaths
        (RESONANCE, 6, 60.0),
        (BOX, 1, 16.0),
        (BUILTIN["cyclic-sigh"], 3, 27.0),
    ],
)
def test_planned_seconds_come_from_the_breaths(pattern: Pattern, n: int, seconds: float) -> None:
    session = Session(Timeline.for_breaths(pattern, n), FakeClock())
    assert session.record()["planned_seconds"] == seconds


@pytest.mark.parametrize(("start_bpm", "minutes", "n"), [(12, 1, 10), (10, 2, 5), (20, 0.5, 30)])
def test_the_ramp_is_respected(start_bpm: float, minutes: float, n: int) -> None:
    """With a ramp the session is still n whole breaths; the faster start makes it shorter."""
    ramp = Ramp(start_bpm, minutes)
    timeline = Timeline.for_breaths(RESONANCE, n, ramp)
    assert timeline.breaths == n
    assert timeline.cycles_at(timeline.duration) == pytest.approx(n)
    assert timeline.duration < n * RESONANCE.cycle_seconds
    assert timeline.duration == pytest.approx(Timeline(RESONANCE, n, ramp).duration)
    assert timeline.at(timeline.duration - 1e-6).breath == n


def test_a_ramp_on_a_pattern_with_holds_is_refused() -> None:
    with pytest.raises(PatternError, match="without holds"):
        Timeline.for_breaths(BOX, 4, Ramp(12, 1))


# --- bounds ---------------------------------------------------------------------------------

def test_the_range_is_written_once() -> None:
    assert BREATHS == (1, 200)
    assert SETTLE_SECONDS == (0, 30)


@pytest.mark.parametrize("n", [BREATHS[0], BREATHS[1]])
def test_the_ends_of_the_range_are_usable(n: int) -> None:
    assert Timeline.for_breaths(RESONANCE, n).breaths == n


@pytest.mark.parametrize("n", [0, -1, BREATHS[1] + 1, 10_000])
def test_outside_the_range_is_refused_naming_the_value(n: int) -> None:
    with pytest.raises(PatternError, match=rf"'{n}' breaths") as error:
        Timeline.for_breaths(RESONANCE, n)
    assert "1 to 200 breaths" in str(error.value)


def test_a_session_longer_than_the_longest_session_is_refused() -> None:
    """200 breaths of a one-minute breath is 200 minutes: more than a session may be."""
    slow = parse_rhythm("30-0-30")
    assert Timeline.for_breaths(slow, int(SESSION_MINUTES[1])).duration == SESSION_MINUTES[1] * 60
    with pytest.raises(PatternError, match="'121' breaths of 30-0-30-0 take 121 minutes") as error:
        Timeline.for_breaths(slow, 121)
    assert "at most 120 minutes" in str(error.value)


@pytest.mark.parametrize(
    ("text", "value"), [("4", 4), (" 12 ", 12), ("1", 1), ("200", 200), ("007", 7)]
)
def test_parse_breaths(text: str, value: int) -> None:
    assert parse_breaths(text) == value


@pytest.mark.parametrize("text", ["0", "201", "-3", "2.5", "abc", "", "1e3", "inf", "4 breaths"])
def test_parse_breaths_refuses_naming_the_text(text: str) -> None:
    with pytest.raises(PatternError) as error:
        parse_breaths(text)
    message = str(error.value)
    assert f"'{text}'" in message and "1 to 200 breaths" in message
    assert "\n" not in message


@pytest.mark.parametrize(("text", "value"), [("0", 0), ("3", 3), ("30", 30), (" 5", 5)])
def test_parse_settle(text: str, value: int) -> None:
    assert parse_settle(text) == value


@pytest.mark.parametrize("text", ["31", "-1", "x", "", "2.5"])
def test_parse_settle_refuses_naming_the_text(text: str) -> None:
    with pytest.raises(PatternError) as error:
        parse_settle(text)
    assert f"'{text}'" in str(error.value) and "0 to 30 seconds" in str(error.value)


# --- the pattern's suggestion, the words and the settle-in count ----------------------------

@pytest.mark.parametrize(
    ("key", "breaths"),
    [("4-7-8", 4), ("resonance", None), ("box", None), ("gentle", None), ("cyclic-sigh", None)],
)
def test_suggested_breaths_come_from_the_patterns_suggestion(key: str, breaths: int | None) -> None:
    assert suggested_breaths(BUILTIN[key]) == breaths


@pytest.mark.parametrize(
    ("n", "seconds", "words"),
    [
        (4, 76.0, "4 breaths, about 1 minute"),
        (1, 10.0, "1 breath, about 10 seconds"),
        (2, 38.0, "2 breaths, about 40 seconds"),
        (20, 200.0, "20 breaths, about 3 minutes"),
        (6, 90.0, "6 breaths, about 2 minutes"),
        (3, 3.0, "3 breaths, about 5 seconds"),
    ],
)
def test_breaths_words(n: int, seconds: float, words: str) -> None:
    assert breaths_words(n, seconds) == words


@pytest.mark.parametrize(
    ("seconds", "words"),
    [(59.0, "about 1 minute"), (150.0, "about 3 minutes"), (12.0, "about 10 seconds")],
)
def test_about_length(seconds: float, words: str) -> None:
    assert about_length(seconds) == words


@pytest.mark.parametrize(
    ("left", "count"),
    [(3.0, 3), (2.5, 3), (2.0, 2), (0.001, 1), (0.0, 0), (-6.0, 0), (30.0, 30)],
)
def test_settle_count(left: float, count: int) -> None:
    assert settle_count(left) == count


def test_settle_words() -> None:
    assert settle_words(3) == "Get comfortable... 3, 2, 1"
    assert settle_words(1) == "Get comfortable... 1"


# --- any pattern, any n ---------------------------------------------------------------------

phase = st.floats(min_value=0.5, max_value=30).map(lambda s: round(s, 1))


@settings(max_examples=200, deadline=None)
@given(inhale=phase, exhale=phase, n=st.integers(*BREATHS), ramped=st.booleans())
def test_any_pattern_any_n(inhale: float, exhale: float, n: int, ramped: bool) -> None:
    pattern = parse_rhythm(f"{inhale:g}-0-{exhale:g}")
    # A ramp starts faster than the pattern (the command line checks that): 25 a minute.
    ramp = Ramp(25.0, 1.0) if ramped and pattern.breaths_per_minute < 25 else None
    if Timeline(pattern, n, ramp).duration > SESSION_MINUTES[1] * 60 + 1e-6:
        with pytest.raises(PatternError):
            Timeline.for_breaths(pattern, n, ramp)
        return
    timeline = Timeline.for_breaths(pattern, n, ramp)
    assert timeline.breaths == n
    assert math.isclose(timeline.cycles_at(timeline.duration), n, rel_tol=1e-9)
    assert timeline.duration <= n * pattern.cycle_seconds + 1e-6
    starts = [start.at for start in timeline.phase_starts()]
    assert len(starts) == 2 * n
    assert all(b > a for a, b in itertools.pairwise(starts))
    assert timeline.at(timeline.duration).finished
    # A length in minutes that is this long gives back the same breaths.
    assert Timeline.for_minutes(pattern, timeline.duration / 60, ramp).breaths == n


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=8))
def test_parse_breaths_never_raises_anything_else(text: str) -> None:
    try:
        value = parse_breaths(text)
    except PatternError:
        return
    assert BREATHS[0] <= value <= BREATHS[1]
