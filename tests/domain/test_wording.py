"""Wording (issue 11): plurals, plain words instead of jargon, nothing that reads as blame."""

from __future__ import annotations

import pytest

from pacer.domain.history import StressChange, change_words
from pacer.domain.patterns import BUILTIN, PatternError, parse_rhythm
from pacer.domain.reappraisal import BY_KEY, STEP_TEXT, Step, with_routine_checkouts
from pacer.domain.text import plural


@pytest.mark.parametrize(
    ("count", "word", "expected"),
    [
        (0, "day", "0 days"),
        (1, "day", "1 day"),
        (2, "day", "2 days"),
        (1234, "day", "1,234 days"),
        (1, "minute", "1 minute"),
        (0.5, "minute", "0.5 minutes"),
        (1.0, "minute", "1 minute"),
        (3, "entry", "3 entries"),
        (1, "breath", "1 breath"),
        (4, "breath", "4 breaths"),
    ],
)
def test_plural(count: float, word: str, expected: str) -> None:
    assert plural(count, word) == expected


def test_one_pair_is_not_an_average_and_has_no_stray_decimal() -> None:
    words = change_words(StressChange("Reappraisals", 1, 7.0, 5.0))
    assert words == "stress 2 points lower after"
    assert change_words(StressChange("Breathing", 4, 6.0, 3.5)) == (
        "stress 2.5 points lower after, on average"
    )
    assert change_words(StressChange("Breathing", 1, 5.0, 6.0)).startswith(
        "stress 1 point higher after"
    )


def test_the_box_note_says_holds_are_optional_once() -> None:
    from pacer.screens.welcome import HOLDS_LINE

    note = HOLDS_LINE + " " + BUILTIN["box"].safety
    assert note.lower().count("optional") == 1


def test_four_seven_eight_suggests_a_length_the_chooser_has() -> None:
    assert "min" in BUILTIN["4-7-8"].suggested


def test_rhythm_errors_speak_plainly() -> None:
    for typed in ("-4-4-4", "four"):
        with pytest.raises(PatternError) as error:
            parse_rhythm(typed)
        assert "[" not in str(error.value) and "in-hold-out" not in str(error.value)


def test_no_jargon_and_no_blame_in_the_nuts_words() -> None:
    assert "ego" not in BY_KEY["threat"].name
    assert "the more stress your body feels" not in STEP_TEXT[Step.NUTS].intro


def test_the_routine_check_out_completes_its_reappraisal() -> None:
    reappraisal = {"id": "r1", "kind": "reappraisal", "stress_before": 7, "routine": True}
    routine = {"id": "x1", "kind": "routine", "checkin": 7, "checkout": 3, "journal_id": "r1"}
    alone = {"id": "r2", "kind": "reappraisal", "stress_before": 6}
    shown = with_routine_checkouts([reappraisal, routine, alone])
    assert shown[0]["stress_after"] == 3
    assert "stress_after" not in reappraisal  # the record itself is not changed
    assert shown[1] == routine and shown[2] == alone
