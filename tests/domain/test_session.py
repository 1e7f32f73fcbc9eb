"""A session against a fake clock: pauses keep the schedule, ends keep the real length."""

from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pacer.clock import FakeClock
from pacer.domain.errors import InputError
from pacer.domain.patterns import BUILTIN
from pacer.domain.session import Session, parse_stress
from pacer.domain.timeline import Timeline


def _session(minutes: float = 1, key: str = "resonance") -> tuple[Session, FakeClock]:
    clock = FakeClock()
    session = Session(Timeline.for_minutes(BUILTIN[key], minutes), clock)
    session.start()
    return session, clock


def test_elapsed_follows_the_clock_and_pause_freezes_it() -> None:
    session, clock = _session()
    clock.advance(3)
    assert session.elapsed() == 3
    session.pause()
    clock.advance(100)
    assert session.paused and session.elapsed() == 3
    assert session.state().phase.words == "Breathe in"
    session.resume()
    clock.advance(1)
    assert session.elapsed() == 4
    assert session.state().phase.words == "Breathe out"


@settings(max_examples=200, deadline=None)
@given(
    steps=st.lists(
        st.tuples(st.floats(0, 30, allow_nan=False), st.floats(0, 600, allow_nan=False)),
        max_size=12,
    ),
    tail=st.floats(0, 60, allow_nan=False),
)
def test_pause_and_resume_keep_the_schedule(steps, tail: float) -> None:
    """Breathing time is the same whatever pauses come between: the schedule only shifts."""
    session, clock = _session(minutes=10)
    breathed = 0.0
    for run, pause in steps:
        clock.advance(run)
        breathed += run
        session.pause()
        clock.advance(pause)
        session.resume()
    clock.advance(tail)
    breathed += tail
    expected = min(breathed, session.timeline.duration)
    assert session.elapsed() == pytest.approx(expected, abs=1e-6)
    assert session.state() == session.timeline.at(session.elapsed())


def test_finishing_marks_the_record_completed() -> None:
    session, clock = _session(minutes=1)
    clock.advance(61)
    assert session.finished
    session.end()
    record = session.record(after=3)
    assert record["completed"] is True
    assert record["seconds"] == 60.0 and record["planned_seconds"] == 60.0
    assert record["after"] == 3 and record["pattern"] == "resonance"
    assert record["rhythm"] == "4-0-6-0"
    assert datetime.fromisoformat(record["started"]).utcoffset() is not None


def test_ending_early_keeps_the_real_length() -> None:
    session, clock = _session(minutes=5)
    clock.advance(20)
    session.pause()
    clock.advance(30)
    session.end()
    clock.advance(500)
    record = session.record()
    assert record["completed"] is False
    assert record["seconds"] == 20.0
    assert record["planned_seconds"] == 300.0


@pytest.mark.parametrize(("text", "value"), [("0", 0), ("10", 10), (" 7 ", 7), (5, 5)])
def test_stress_accepts_0_to_10(text, value: int) -> None:
    assert parse_stress(text) == value


@pytest.mark.parametrize("text", ["11", "-1", "abc", "5.5", ""])
def test_stress_rejects_and_names_the_value(text: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_stress(text)
    assert f"'{text}'" in str(caught.value)
