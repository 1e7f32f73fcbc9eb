"""Find your pace: the sweep's order, each pace's rhythm, early stop on strain, and the result."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pacer.domain.custom_patterns import make_record, pattern_from_record, slug
from pacer.domain.errors import InputError
from pacer.domain.pace_finder import (
    COMFORT,
    EASY_ENOUGH,
    NO_RESULT,
    RATES,
    STEP_SECONDS,
    STEP_SECONDS_ENV,
    STRAIN_AT_MOST,
    SWEEP,
    YOUR_PACE_ID,
    YOUR_PACE_NAME,
    Ending,
    Sweep,
    choose,
    parse_answer,
    parse_ease,
    result_words,
    step_seconds,
)
from pacer.domain.patterns import PhaseKind, parse_rhythm
from pacer.domain.records import CYCLE_SECONDS, PHASE_SECONDS, check_rhythm


def test_the_sweep_goes_from_faster_to_slower_in_the_stated_order() -> None:
    assert RATES == (6.5, 6.0, 5.5, 5.0, 4.5)
    assert [step.rate for step in SWEEP] == list(RATES)
    assert all(a.rate > b.rate for a, b in itertools.pairwise(SWEEP))


@pytest.mark.parametrize("step", SWEEP, ids=lambda s: f"{s.rate:g}")
def test_each_pace_is_about_4_to_6_with_no_holds_and_within_bounds(step) -> None:
    pattern = step.pattern
    assert [p.kind for p in pattern.phases] == [PhaseKind.INHALE, PhaseKind.EXHALE]
    assert not pattern.has_holds
    for phase in pattern.phases:
        assert PHASE_SECONDS[0] < phase.seconds <= PHASE_SECONDS[1]
        assert round(phase.seconds, 1) == phase.seconds  # to 0.1 s
    assert CYCLE_SECONDS[0] <= step.cycle_seconds <= CYCLE_SECONDS[1]
    # About the rate it names (rounding to 0.1 s moves it a little) and about 4:6.
    assert 60 / step.cycle_seconds == pytest.approx(step.rate, abs=0.05)
    assert 0.38 <= step.inhale / step.cycle_seconds <= 0.42
    check_rhythm(step.rhythm)  # fits patterns.json
    assert parse_rhythm(step.rhythm).phases == pattern.phases


@pytest.mark.parametrize(
    ("rate", "rhythm"),
    [(6.5, "3.7-0-5.5-0"), (6.0, "4-0-6-0"), (5.5, "4.4-0-6.5-0"), (5.0, "4.8-0-7.2-0"),
     (4.5, "5.3-0-8-0")],
)
def test_rhythms_are_60_over_rate_split_40_60_to_a_tenth(rate: float, rhythm: str) -> None:
    assert next(s for s in SWEEP if s.rate == rate).rhythm == rhythm


@pytest.mark.parametrize("step", SWEEP, ids=lambda s: f"{s.rate:g}")
def test_each_step_is_about_a_minute_and_a_half_in_whole_breaths(step) -> None:
    breaths = step.breaths()
    assert isinstance(breaths, int)
    assert 60 <= breaths * step.cycle_seconds <= 120
    assert abs(breaths * step.cycle_seconds - STEP_SECONDS) <= step.cycle_seconds / 2
    assert step.breaths(4) == 1  # a shortened test step is still a whole breath


def test_a_low_rating_is_strain_and_ends_the_sweep_at_once() -> None:
    sweep = Sweep()
    sweep.rate(8)
    assert not sweep.ended and sweep.current is SWEEP[1]
    sweep.rate(STRAIN_AT_MOST)
    assert sweep.ending is Ending.STRAIN and sweep.current is None
    assert sweep.result() is SWEEP[0]
    with pytest.raises(ValueError, match="ended"):
        sweep.rate(9)


def test_choosing_strain_or_stop_ends_it_without_a_rating() -> None:
    strained = Sweep([7, 7])
    strained.strain()
    assert strained.ending is Ending.STRAIN and strained.ratings == [7, 7]
    stopped = Sweep()
    stopped.stop()
    assert stopped.ending is Ending.STOPPED and stopped.result() is None
    stopped.strain()  # already ended: stays as it was
    assert stopped.ending is Ending.STOPPED


def test_rating_every_pace_ends_the_sweep_as_done() -> None:
    sweep = Sweep()
    for rating in (6, 7, 8, 7, 6):
        sweep.rate(rating)
    assert sweep.ending is Ending.DONE
    assert sweep.result() is SWEEP[2]


def test_a_rating_outside_0_to_10_is_refused() -> None:
    with pytest.raises(InputError, match="'11'"):
        Sweep().rate(11)


@pytest.mark.parametrize(
    ("ratings", "expected"),
    [
        ([8, 8, 8, 8, 8], 4.5),  # all equal: the slowest
        ([7, 9, 9, 6, 5], 5.5),  # a tie at the top goes to the slower
        ([10, 7, 6], 6.5),  # the easiest wins over slower but harder ones
        ([6], 6.5),  # 6 counts
        ([5, 5, 5, 5, 5], None),  # none easy enough
        ([9, 2], 6.5),  # strain after an easy one: the easy one
        ([], None),
        ([6, 6, 4, 10, 7], 5.0),
    ],
)
def test_result_rules(ratings: list[int], expected: float | None) -> None:
    found = choose(list(zip(SWEEP, ratings, strict=False)))
    assert (found.rate if found else None) == expected


def test_result_words_say_it_is_about_comfort_or_are_kind() -> None:
    found = Sweep([7, 8, 6, 5, 4])
    found.ending = Ending.DONE
    words = result_words(found)
    assert "Your pace: 6 breaths a minute" in words and COMFORT in words
    assert "heart-rate sensor" in words
    none = Sweep()
    none.rate(2)
    assert NO_RESULT in result_words(none) and "Stop and breathe normally" in result_words(none)


@pytest.mark.parametrize(
    ("text", "answer"), [("7", 7), (" 0 ", 0), ("10", 10), ("s", "stop"), ("STOP", "stop"),
                         ("strain", "strain")]
)
def test_typed_answers(text: str, answer: object) -> None:
    assert parse_answer(text) == answer


@pytest.mark.parametrize("text", ["11", "-1", "seven", "", "7.5"])
def test_bad_typed_answers_name_the_value(text: str) -> None:
    with pytest.raises(InputError, match=f"'{text}'"):
        parse_ease(text)


def test_your_pace_is_a_custom_pattern_with_its_own_name_and_words() -> None:
    assert YOUR_PACE_ID == slug(YOUR_PACE_NAME) == "your-pace"
    record = make_record(YOUR_PACE_NAME, SWEEP[2].rhythm, [])
    assert record == {"id": "your-pace", "name": "Your pace", "rhythm": "4.4-0-6.5-0"}
    pattern = pattern_from_record(record)
    assert pattern.phases == SWEEP[2].pattern.phases
    assert "about comfort, not a measurement" in pattern.description
    assert "no heart-rate sensor" in pattern.description and "Shaffer" in pattern.source
    other = pattern_from_record({"id": "evening", "name": "Evening", "rhythm": "4-0-6-0"})
    assert other.description == "Your own pattern: 4-0-6-0."


def test_a_draft_brings_back_the_ratings_and_drops_what_is_not_one() -> None:
    sweep = Sweep([8, 7])
    again = Sweep.from_answers(sweep.answers())
    assert again == sweep and again.current is SWEEP[2]
    assert Sweep.from_answers({"ratings": [8, "x", 9]}).ratings == [8]
    assert Sweep.from_answers({"ratings": [8, True]}).ratings == [8]
    assert Sweep.from_answers({"ratings": "nonsense"}).ratings == []
    assert Sweep.from_answers({"ratings": [9, 99]}).ratings == [9]
    ended = Sweep.from_answers({"ratings": [8], "ending": "stopped"})
    assert ended.ending is Ending.STOPPED
    assert Sweep.from_answers({"ratings": [8, 1, 9]}).ratings == [8, 1]


def test_the_step_length_can_be_shortened_for_tests_only() -> None:
    assert step_seconds({}) == STEP_SECONDS
    assert step_seconds({STEP_SECONDS_ENV: "4"}) == 4.0
    for bad in ("fast", "0", "nan", "-3", "1e9"):
        with pytest.raises(InputError, match=f"'{bad}'"):
            step_seconds({STEP_SECONDS_ENV: bad})


answers = st.lists(
    st.one_of(st.integers(min_value=0, max_value=10), st.sampled_from(["stop", "strain"])),
    max_size=8,
)


@given(answers)
def test_any_answers_never_raise_and_the_result_is_a_rated_pace(given_answers: list) -> None:
    sweep = Sweep()
    for answer in given_answers:
        if sweep.ended:
            break
        if answer == "stop":
            sweep.stop()
        elif answer == "strain":
            sweep.strain()
        else:
            sweep.rate(answer)
    found = sweep.result()
    rated = dict(zip(SWEEP, sweep.ratings, strict=False))
    assert len(sweep.ratings) <= len(SWEEP)
    if found is None:
        assert all(rating < EASY_ENOUGH for rating in rated.values())
    else:
        assert found in rated and rated[found] >= EASY_ENOUGH
        assert rated[found] == max(rated.values())
        assert all(s.rate >= found.rate for s, r in rated.items() if r == rated[found])
    # Any ratings in the sweep but its last are not strain: strain ends it.
    assert all(r > STRAIN_AT_MOST for r in sweep.ratings[:-1])
    assert isinstance(result_words(sweep), str)
