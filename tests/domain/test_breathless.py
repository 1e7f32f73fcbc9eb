"""Breathless now: a ramp that starts quick and short and lengthens gently, never a hold; and
the card and the red flag, as data with their sources (pacer/domain/breathless.py)."""

from __future__ import annotations

import itertools

import pytest

from pacer.domain import breathless
from pacer.domain.patterns import PhaseKind
from pacer.domain.timeline import PhaseStart

IN, OUT = PhaseKind.INHALE, PhaseKind.EXHALE


def starts() -> list[PhaseStart]:
    return list(breathless.timeline().phase_starts())


def lengths(kind: PhaseKind) -> list[float]:
    return [start.seconds for start in starts() if start.phase.kind is kind]


def test_never_a_hold_and_in_and_out_take_turns() -> None:
    kinds = [start.phase.kind for start in starts()]
    assert PhaseKind.HOLD not in kinds
    assert kinds[0] is IN
    assert all(a is not b for a, b in itertools.pairwise(kinds))


def test_it_starts_quick_and_short_about_2_in_and_3_out() -> None:
    first_in, first_out = starts()[:2]
    assert first_in.phase.kind is IN and first_out.phase.kind is OUT
    assert first_in.seconds == pytest.approx(2.0, abs=0.1)
    assert first_out.seconds == pytest.approx(3.0, abs=0.1)


def test_every_phase_within_the_stated_bounds() -> None:
    for seconds in lengths(IN):
        assert 1.9 <= seconds <= 3.5 + 1e-9
    for seconds in lengths(OUT):
        assert 2.9 <= seconds <= 5.5 + 1e-9


def test_each_breath_changes_by_a_small_step_only() -> None:
    for kind in (IN, OUT):
        series = lengths(kind)
        steps = [later - earlier for earlier, later in itertools.pairwise(series)]
        assert all(step >= -1e-9 for step in steps), "the pace only ever slows"
        assert max(steps) <= breathless.MAX_STEP_SECONDS


def test_it_reaches_about_3_5_in_and_5_5_out_by_the_end_of_the_ramp() -> None:
    ramp_end = breathless.RAMP.minutes * 60
    after = [s for s in starts() if s.at >= ramp_end - 1e-6]
    assert after, "the session goes on after the ramp"
    for start in after:
        target = 3.5 if start.phase.kind is IN else 5.5
        assert start.seconds == pytest.approx(target, abs=1e-6)
    assert breathless.RAMP.minutes <= 6


def test_the_picture_never_jumps() -> None:
    timeline = breathless.timeline()
    step = 0.05
    previous = timeline.at(0.0).fullness
    for i in range(1, int(8 * 60 / step)):
        now = timeline.at(i * step).fullness
        # The fullest a breath can change in 0.05 s: half a turn of the eased curve of the
        # quickest phase (about 2 s), pi / 2 * 0.05 / 1.9, plus a little rounding.
        assert abs(now - previous) <= 0.045
        previous = now


def test_open_ended_a_long_planned_length() -> None:
    timeline = breathless.timeline()
    assert timeline.duration >= 29 * 60
    assert breathless.PLANNED_MINUTES >= 20
    assert not breathless.PATTERN.has_holds


def test_the_pattern_is_described_with_its_sources() -> None:
    pattern = breathless.PATTERN
    assert pattern.key == "breathless"
    assert pattern.rhythm == "3.5-0-5.5-0"
    assert pattern.description and pattern.safety and pattern.source


def test_the_card_has_every_tip_with_a_source() -> None:
    text = " ".join(tip.text for tip in breathless.CARD).lower()
    for words in ("lean forward", "forearms", "knees", "worktop", "fan", "face",
                  "purse your lips", "blow as you go", "shoulders"):
        assert words in text, words
    assert all(tip.source for tip in breathless.CARD)
    # Read aloud just before the cues (plain mode): no tip may sound like one.
    assert not any(tip.text.startswith(("Breathe", "Hold")) for tip in breathless.CARD)


@pytest.mark.parametrize("flag", [breathless.RED_FLAG, breathless.RED_FLAG_SHORT])
def test_the_red_flag_names_the_signs_and_who_to_contact(flag: breathless.Tip) -> None:
    text = flag.text.lower()
    for words in ("new", "sudden", "much worse", "chest pain", "fever", "care team",
                  "emergency"):
        assert words in text, words
    assert flag.source


def test_the_full_red_flag_says_pacer_is_not_for_that() -> None:
    assert "not for" in breathless.RED_FLAG.text.lower()
    assert "coughing blood" in breathless.RED_FLAG.text.lower()

