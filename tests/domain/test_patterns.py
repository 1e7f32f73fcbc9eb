"""The built-in library and the typed-rhythm parser."""

import pytest

from pacer.domain.errors import InputError
from pacer.domain.patterns import (
    BUILTIN,
    DEFAULT_PATTERN,
    NOTES,
    PatternError,
    PhaseKind,
    notes_for,
    parse_minutes,
    parse_rhythm,
    resolve,
)

BRIEF_TABLE = {
    # key: (rhythm, breaths per minute) from ../shared/content/BRIEF.md
    "resonance": ("4-0-6-0", 6.0),
    "coherent": ("5.5-0-5.5-0", 60 / 11),
    "extended-exhale": ("3-0-7-0", 6.0),
    "cyclic-sigh": ("2+1-0-6-0", 60 / 9),
    "box": ("4-4-4-4", 3.75),
    "4-7-8": ("4-7-8-0", 60 / 19),
    "gentle": ("3-0-4-0", 60 / 7),
    "pursed-lip": ("2.5-0-5-0", 8.0),
}


@pytest.mark.parametrize(("key", "expected"), BRIEF_TABLE.items())
def test_builtin_library_matches_the_brief(key: str, expected: tuple[str, float]) -> None:
    pattern = BUILTIN[key]
    rhythm, bpm = expected
    assert pattern.rhythm == rhythm
    assert pattern.breaths_per_minute == pytest.approx(bpm)
    assert pattern.description and pattern.safety and pattern.source and pattern.suggested
    assert resolve(key) is pattern


def test_default_is_resonance_and_holds_are_marked() -> None:
    assert DEFAULT_PATTERN == "resonance"
    assert {k for k, p in BUILTIN.items() if p.has_holds} == {"box", "4-7-8"}
    for pattern in BUILTIN.values():
        if pattern.has_holds:
            assert "hold" in pattern.safety.lower()


def test_cyclic_sigh_is_two_inhales_then_a_long_exhale() -> None:
    kinds = [p.kind for p in BUILTIN["cyclic-sigh"].phases]
    assert kinds == [PhaseKind.INHALE, PhaseKind.INHALE, PhaseKind.EXHALE]
    assert BUILTIN["cyclic-sigh"].phases[1].words == "Breathe in (top up)"


@pytest.mark.parametrize(
    ("text", "phases"),
    [
        ("4-7-8", [("inhale", 4), ("hold", 7), ("exhale", 8)]),
        ("4-0-6-0", [("inhale", 4), ("exhale", 6)]),
        ("4-4-4-4", [("inhale", 4), ("hold", 4), ("exhale", 4), ("hold", 4)]),
        ("5.5-0-5.5", [("inhale", 5.5), ("exhale", 5.5)]),
        (" 3-0-7 ", [("inhale", 3), ("exhale", 7)]),
        ("0.5-0-30", [("inhale", 0.5), ("exhale", 30)]),
        ("0.5-0-0.5", [("inhale", 0.5), ("exhale", 0.5)]),  # one breath a second: the fastest
    ],
)
def test_parse_rhythm_accepts(text: str, phases: list[tuple[str, float]]) -> None:
    pattern = parse_rhythm(text)
    assert [(str(p.kind), p.seconds) for p in pattern.phases] == phases
    assert resolve(text).phases == pattern.phases


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("0-0-0-0", "'0-0-0-0' is all zeros"),
        ("4-x-4", "'x' is not a number"),
        ("4--2-6", "'-2' is negative"),
        ("-1-2-3", "negative"),
        ("0-0-4", "no breath in"),
        ("4-4-0-4", "no breath out"),
        ("31-0-4", "'31' is too long"),
        ("4-0-6-0-2", "is not a pattern"),
        ("4-6", "is not a pattern"),
        ("nan-0-4", "'nan' is not a number"),
        ("inf-0-4", "'inf' is not a number"),
        ("0.0001-0-0.0001", "'0.0001-0-0.0001' is too fast; one breath must take at least 1"),
        ("0.2-0-0.3", "at least 1 second"),
        ("0.3-0.1-0.3-0.1", "at least 1 second"),
    ],
)
def test_parse_rhythm_rejects_with_a_message_naming_the_value(text: str, fragment: str) -> None:
    with pytest.raises(PatternError, match=None) as caught:
        parse_rhythm(text)
    assert fragment in str(caught.value)
    assert "\n" not in str(caught.value)


def test_unknown_name_lists_the_choices() -> None:
    with pytest.raises(InputError) as caught:
        resolve("calm")
    message = str(caught.value)
    assert "'calm'" in message and "resonance" in message


@pytest.mark.parametrize(
    ("text", "value"), [("1", 1.0), ("0.5", 0.5), ("120", 120.0), (" 20 ", 20.0)]
)
def test_parse_minutes_accepts(text: str, value: float) -> None:
    assert parse_minutes(text) == value


@pytest.mark.parametrize("text", ["-1", "0", "0.4", "abc", "121", "nan", "inf", "-inf", "1e309"])
def test_parse_minutes_rejects_naming_the_value_and_the_one_range(text: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_minutes(text)
    message = str(caught.value)
    assert f"'{text}'" in message and "0.5 to 120" in message and "\n" not in message
    assert "longer than 0" not in message


def test_the_ranges_are_the_records_ranges() -> None:
    from pacer.domain import patterns, records

    assert records.PHASE_SECONDS[1] == patterns.MAX_PHASE_SECONDS
    assert records.SESSION_MINUTES[1] == patterns.MAX_SESSION_MINUTES
    assert parse_minutes(str(records.SESSION_MINUTES[0])) == records.SESSION_MINUTES[0]
    with pytest.raises(InputError):
        parse_minutes(str(records.SESSION_MINUTES[0] - 0.01))


def test_pursed_lip_is_in_through_the_nose_and_out_through_pursed_lips_with_no_holds() -> None:
    """Content brief section 8: in about 2-3 s through the nose, out about 4-6 s, no holds."""
    pattern = BUILTIN["pursed-lip"]
    assert not pattern.has_holds
    inhale, exhale = pattern.phases
    assert inhale.kind is PhaseKind.INHALE and 2 <= inhale.seconds <= 3
    assert exhale.kind is PhaseKind.EXHALE and 4 <= exhale.seconds <= 6
    assert "nose" in inhale.words and "pursed lips" in exhale.words
    assert "soup" in pattern.description and "breathless" in pattern.description.lower()
    assert "stop" in pattern.safety.lower() and "care team" in pattern.safety.lower()
    assert "Breathing, Thinking, Functioning" in pattern.source


def test_the_rectangle_note_is_a_way_to_see_a_long_out_breath() -> None:
    note = NOTES["rectangle"]
    assert note.title == "Rectangle breathing"
    assert "short side" in note.text and "long side" in note.text
    assert note.source and note.safety
    assert note.variant_of and all(key in BUILTIN for key in note.variant_of)
    for key in note.variant_of:
        pattern = BUILTIN[key]
        assert not pattern.has_holds
        inhale, exhale = pattern.phases
        assert exhale.seconds > inhale.seconds  # a long out-breath
        assert notes_for(pattern) == [note]
    assert notes_for(BUILTIN["box"]) == []
